"""Opening the store: engine, connection settings, migrations and backups.

`open_store(url)` builds the engine, brings the schema to the newest Alembic revision and
returns a `Store`. For a SQLite file, a copy is taken with the sqlite3 backup API before
any pending migration runs (`Store.backup_path` names it). The database, its WAL and SHM
files and the backups are private to the user (0600, `lebwallet.data_dir.private_file`).

SQLite connections get `journal_mode=WAL`, `synchronous=FULL`, `foreign_keys=ON` and a busy
timeout. pysqlite's own transaction handling is switched off so that SQLAlchemy's
transactions are real SQLite transactions: write sessions start with `BEGIN IMMEDIATE` (one
writer at a time, no lost updates between desktops or threads), read sessions with a plain
`BEGIN` (WAL readers never block). On PostgreSQL, write sessions lock the rows they change
(`SELECT ... FOR UPDATE` in `writes.py`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from lebwallet.clock import utc_now
from lebwallet.data_dir import private_dir, private_sqlite_file
from lebwallet.store.repair import check_sqlite_file
from lebwallet.store.revision import is_up_to_date

# Alembic (and Mako) are imported only when the schema is not known to be up to date
# (`revision.is_up_to_date`): ~190 ms of the start otherwise.
if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

DB_FILENAME: Final = "wallet.sqlite3"
BACKUP_DIRNAME: Final = "backups"
BACKUPS_KEPT: Final = 5
BUSY_TIMEOUT_MS: Final = 10_000
MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"
_READONLY: Final = "lebwallet_readonly"
_NO_FOREIGN_KEYS: Final = "lebwallet_no_foreign_keys"


class StoreError(RuntimeError):
    """The store cannot be opened or migrated."""


def default_sqlite_url(data_dir: Path) -> str:
    """The SQLite URL of the wallet database in `data_dir` (the directory is created)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(data_dir / DB_FILENAME).resolve()}"


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite `url`, None for another database (or an in-memory one)."""
    return _sqlite_file(url)


def _install_sqlite_hooks(engine: Engine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Take transaction control away from pysqlite; see the module docstring.
        dbapi_connection.isolation_level = None
        with closing(dbapi_connection.cursor()) as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        readonly = connection.get_execution_options().get(_READONLY, False)
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def create_store_engine(url: str, *, foreign_keys: bool = True, **kwargs: Any) -> Engine:
    """An engine for `url` with the store's connection settings (see the module docstring)."""
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _install_sqlite_hooks(engine, foreign_keys=foreign_keys)
    return engine


# --- migrations --------------------------------------------------------------------------------


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config built in code (no alembic.ini) for the shipped migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package ships its migrations
        raise StoreError("no Alembic migrations found")
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Run the shipped migrations up to `revision` on `connection` (committed by the caller)."""
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def _backup_sqlite(source: Path, backup_dir: Path, current: str | None, head: str) -> Path:
    private_dir(backup_dir)
    stamp = utc_now().strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{source.stem}-{stamp}-{current or 'none'}-to-{head}.sqlite3"
    private_sqlite_file(target)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    log.info("backed up %s to %s before migrating", source, target)
    old = sorted(backup_dir.glob(f"{source.stem}-*.sqlite3"))
    for stale in old[:-BACKUPS_KEPT]:
        stale.unlink(missing_ok=True)
    return target


def migrate(url: str, *, backup_dir: Path | None = None) -> Path | None:
    """Bring the database at `url` to the newest revision; returns the backup made, if any.

    SQLite migrations run with foreign keys off (batch mode recreates tables) and are
    checked with `PRAGMA foreign_key_check` before they commit. A database known to be up to
    date (one query, `revision.is_up_to_date`) is left as it is without importing Alembic.
    """
    sqlite_file = _sqlite_file(url)
    engine = create_store_engine(url, foreign_keys=False)
    backup: Path | None = None
    try:
        with engine.connect() as probe:
            # A read transaction: it does not wait for another desktop's writer.
            probe.execution_options(**{_READONLY: True})
            current_known = is_up_to_date(probe)
            probe.rollback()
        if current_known:
            return None
        head = head_revision()
        with engine.connect() as connection:
            current = current_revision(connection)
            has_tables = bool(inspect(connection).get_table_names())
            connection.rollback()
            if current == head:
                return None
            if sqlite_file is not None and has_tables and sqlite_file.exists():
                target_dir = backup_dir or sqlite_file.parent / BACKUP_DIRNAME
                backup = _backup_sqlite(sqlite_file, target_dir, current, head)
            with connection.begin():
                upgrade(connection)
                if engine.dialect.name == "sqlite":
                    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise StoreError(f"migration broke foreign keys: {problems[:5]}")
            log.info("migrated %s from %s to %s", engine.url, current, head)
    except StoreError:
        raise
    except Exception as exc:
        where = f"; the backup is {backup}" if backup is not None else ""
        raise StoreError(f"cannot migrate the database: {exc}{where}") from exc
    finally:
        engine.dispose()
    return backup


# --- the store ---------------------------------------------------------------------------------


class Store:
    """An open store. Use `session()` for units of work; `dispose()` (or `with`) at the end."""

    def __init__(self, engine: Engine, *, backup_path: Path | None = None) -> None:
        self.engine = engine
        self.backup_path = backup_path
        """The copy taken before the last migration, or None when none was needed."""
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            engine.execution_options(**{_READONLY: True}), expire_on_commit=False
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self, *, readonly: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error.

        `readonly=True` is for queries only: on SQLite it does not take the write lock.
        """
        factory = self._read_sessions if readonly else self._sessions
        with factory() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.dispose()


def open_store(url: str, *, backup_dir: Path | None = None, **engine_kwargs: Any) -> Store:
    """Open the store at `url`, migrating it first (with a backup of a SQLite file).
    `DamagedStore` (a SQLite file that fails ``PRAGMA quick_check``; see `repair`) or
    `StoreError`."""
    sqlite_file = _sqlite_file(url)
    if sqlite_file is not None:
        sqlite_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        private_sqlite_file(sqlite_file)
    try:
        backup = migrate(url, backup_dir=backup_dir)
    except StoreError:
        if sqlite_file is not None:  # a damaged file is told apart from other failures
            check_sqlite_file(sqlite_file, backup_dir or sqlite_file.parent / BACKUP_DIRNAME)
        raise
    engine = create_store_engine(url, **engine_kwargs)
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA optimize=0x10002")
    return Store(engine, backup_path=backup)
