"""A damaged SQLite store: how it is recognised, kept aside, and replaced.

`open_store` calls `check_sqlite_file` when a SQLite file fails to open or migrate: if
``PRAGMA quick_check`` (or opening it at all) fails, `DamagedStore` is raised instead of the
raw driver error. The way out is `replace_damaged`: the damaged file (with its WAL and SHM)
is renamed to ``<name>.damaged-<time>`` and kept, and the newest backup that passes the same
check is copied into its place — or nothing is, and the next open starts a fresh store (the
cards and orders come back with the next sync).
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from lebwallet.clock import utc_now
from lebwallet.data_dir import private_sqlite_file

log = logging.getLogger(__name__)

_COMPANIONS = ("-wal", "-shm", "-journal")


class DamagedStore(RuntimeError):
    """The store's SQLite file is damaged. `path`: the file; `backup`: the newest backup
    that is sound (None when there is none)."""

    def __init__(self, path: Path, backup: Path | None, detail: str) -> None:
        super().__init__(f"the local store {path} is damaged ({detail})")
        self.path = path
        self.backup = backup
        self.detail = detail


def quick_check(path: Path) -> str | None:
    """None when `path` is a sound SQLite database, else what is wrong (one line)."""
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=10)) as connection:
            rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as error:
        return str(error)
    problems = [str(row[0]) for row in rows if row and row[0] != "ok"]
    return "; ".join(problems[:3]) if problems else None


def newest_sound_backup(path: Path, backup_dir: Path) -> Path | None:
    """The newest backup of `path` in `backup_dir` that passes `quick_check`."""
    if not backup_dir.is_dir():
        return None
    for backup in sorted(backup_dir.glob(f"{path.stem}-*.sqlite3"), reverse=True):
        if quick_check(backup) is None:
            return backup
    return None


def check_sqlite_file(path: Path, backup_dir: Path) -> None:
    """Raise `DamagedStore` when the existing file `path` fails `quick_check`."""
    if not path.exists() or path.stat().st_size == 0:
        return
    problem = quick_check(path)
    if problem is not None:
        raise DamagedStore(path, newest_sound_backup(path, backup_dir), problem)


@dataclass(frozen=True, slots=True)
class Replaced:
    kept: Path
    """Where the damaged file now is."""
    restored: Path | None
    """The backup copied into its place, or None: a fresh store follows."""


def replace_damaged(path: Path, backup: Path | None) -> Replaced:
    """Keep the damaged `path` aside and put `backup` (if given) in its place."""
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    path.rename(kept)
    for suffix in _COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(kept.with_name(kept.name + suffix))
    log.warning("kept the damaged store aside as %s", kept)
    if backup is None:
        return Replaced(kept, None)
    private_sqlite_file(path)
    with closing(sqlite3.connect(backup)) as source, closing(sqlite3.connect(path)) as target:
        source.backup(target)
    log.warning("restored the store from %s", backup)
    return Replaced(kept, backup)
