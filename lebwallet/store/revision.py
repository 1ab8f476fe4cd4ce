"""Is the store's schema up to date? Told without importing Alembic (issue 18).

Alembic and Mako cost the start ~190 ms to import, and reading the migration scripts through
`ScriptDirectory` more; yet at almost every start the schema is already at the newest
revision. `shipped_head()` reads the newest revision from the migration files' own
``revision`` and ``down_revision`` lines, and `is_up_to_date(connection)` compares it with
the one row of ``alembic_version`` — one query. Anything unusual (no single head, a merge
revision, a file it cannot read, no version table) answers "not known", and the caller goes
the Alembic way, which decides.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

VERSIONS_DIR: Final = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION: Final = re.compile(r"^revision(?:\s*:[^=]+)?\s*=\s*['\"]([^'\"]+)['\"]\s*$", re.M)
_DOWN: Final = re.compile(
    r"^down_revision(?:\s*:[^=]+)?\s*=\s*(?:['\"]([^'\"]+)['\"]|(None))\s*$", re.M
)


def shipped_head(versions_dir: Path = VERSIONS_DIR) -> str | None:
    """The one head revision of the migration files in `versions_dir`, or None when it cannot
    be told this way (no files, a file without plain ``revision``/``down_revision`` lines —
    a merge revision names several —, or several heads)."""
    parents: dict[str, str | None] = {}
    try:
        paths = sorted(versions_dir.glob("*.py"))
        for path in paths:
            text = path.read_text(encoding="utf-8")
            revision, down = _REVISION.search(text), _DOWN.search(text)
            if revision is None or down is None:
                return None
            parents[revision.group(1)] = down.group(1)
    except (OSError, UnicodeDecodeError):
        return None
    heads = set(parents) - {parent for parent in parents.values() if parent is not None}
    return heads.pop() if len(heads) == 1 else None


def is_up_to_date(connection: Connection) -> bool:
    """True when the database on `connection` is known to be at the shipped head revision:
    one ``SELECT`` of ``alembic_version``. False means "not known" (ask Alembic). The caller
    ends the transaction the query began (a failed query has been rolled back)."""
    head = shipped_head()
    if head is None:
        return False
    try:
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:  # no version table yet: a new database
        connection.rollback()
        return False
    return [row[0] for row in rows] == [head]
