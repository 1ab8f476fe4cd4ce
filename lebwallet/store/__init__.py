"""The wallet's local store: SQLAlchemy models, queries, writes and Alembic migrations.

Open it with `open_store(url)` (`default_sqlite_url(data_dir)` for the default SQLite file);
read with the functions of `lebwallet.store.queries`, write with `lebwallet.store.writes`,
each inside `Store.session()`.
"""

from lebwallet.store.engine import (
    Store,
    StoreError,
    default_sqlite_url,
    open_store,
)
from lebwallet.store.repair import DamagedStore

__all__ = ["DamagedStore", "Store", "StoreError", "default_sqlite_url", "open_store"]
