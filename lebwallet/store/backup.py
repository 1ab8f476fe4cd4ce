"""Backing up and restoring a SQLite wallet file with SQLite's online backup API.

`back_up_file(source, target)` copies a wallet that may be open and in use (the backup API
reads one consistent snapshot; WAL readers and writers go on) into a new, self-contained
file (rollback journal, readable alone), written next to `target` and moved into place.

`check_wallet_file(path)` says whether a file is a wallet this version can open: an SQLite
database that passes `PRAGMA quick_check` and carries one of the shipped Alembic revisions.
It raises `NotAWallet` with the `WalletFileProblem` otherwise.

`restore_file(source, target, aside_dir)` keeps a copy of `target` in `aside_dir` and copies
`source` into `target` page by page in one transaction (a crash leaves the old wallet or the
new one). The store at `target` must be closed; the caller opens it again (which migrates an
older revision to the newest).
"""

from __future__ import annotations

import enum
import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Final

from alembic.script import ScriptDirectory

from lebwallet.clock import utc_now
from lebwallet.store.engine import BUSY_TIMEOUT_MS, StoreError, alembic_config

SQLITE_HEADER: Final = b"SQLite format 3\x00"
ASIDE_PREFIX: Final = "before-restore"


class WalletFileProblem(enum.Enum):
    MISSING = "missing"
    NOT_SQLITE = "not_sqlite"
    DAMAGED = "damaged"
    NOT_A_WALLET = "not_a_wallet"
    NEWER_VERSION = "newer_version"


class NotAWallet(StoreError):
    """The file cannot be restored: `problem` says why (`detail` is for the log)."""

    def __init__(self, problem: WalletFileProblem, detail: str) -> None:
        super().__init__(detail)
        self.problem = problem


class WalletInUse(StoreError):
    """Another connection holds the wallet's database: it cannot be replaced now."""


def known_revisions() -> frozenset[str]:
    """Every Alembic revision the shipped migrations know."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return frozenset(script.revision for script in scripts.walk_revisions())


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check_wallet_file(path: Path) -> str:
    """The wallet's Alembic revision; `NotAWallet` when the file is not a wallet we know."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError as exc:
        raise NotAWallet(WalletFileProblem.MISSING, f"{path} does not exist") from exc
    except OSError as exc:
        raise NotAWallet(WalletFileProblem.MISSING, f"{path} cannot be read: {exc}") from exc
    if header != SQLITE_HEADER:
        raise NotAWallet(WalletFileProblem.NOT_SQLITE, f"{path} is not an SQLite database")
    try:
        with closing(_read_only(path)) as connection:
            check = connection.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                detail = "; ".join(str(row[0]) for row in check[:3])
                raise NotAWallet(WalletFileProblem.DAMAGED, f"{path} is damaged: {detail}")
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                raise NotAWallet(WalletFileProblem.NOT_A_WALLET, f"{path} has no wallet revision")
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as exc:
        raise NotAWallet(WalletFileProblem.DAMAGED, f"{path} cannot be read: {exc}") from exc
    if len(rows) != 1:
        raise NotAWallet(WalletFileProblem.NOT_A_WALLET, f"{path} has {len(rows)} revisions")
    revision = str(rows[0][0])
    if revision not in known_revisions():
        raise NotAWallet(
            WalletFileProblem.NEWER_VERSION, f"{path} has the unknown revision {revision}"
        )
    return revision


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    # A rollback journal, so that the copy (or the restored wallet) is whole without a -wal
    # file; the store switches it back to WAL when it opens it.
    target.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        mode = target.execute("PRAGMA journal_mode = DELETE").fetchone()
        if mode is None or str(mode[0]).lower() != "delete":
            raise WalletInUse("the wallet's database is in use; try again in a moment")
        source.backup(target)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise WalletInUse(f"the wallet's database is in use: {exc}") from exc
        raise


def back_up_file(source: Path, target: Path) -> None:
    """An online backup of the SQLite wallet `source` to `target` (replaced whole or left as
    it was). The new file is readable by its owner only."""
    if not source.is_file():
        raise StoreError(f"there is no wallet at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.chmod(0o600)
        # Read-write, as the store opens it: a WAL wallet needs its -shm file.
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(tmp)) as dst:
            src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _copy(src, dst)
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def restore_file(source: Path, target: Path, aside_dir: Path) -> Path | None:
    """Copy the checked wallet `source` into `target` (whose store is closed), after keeping
    `target` in `aside_dir`; returns the copy kept aside (None if there was no wallet)."""
    check_wallet_file(source)
    aside: Path | None = None
    if target.exists():
        stamp = utc_now().strftime("%Y%m%dT%H%M%S%fZ")
        aside = aside_dir / f"{target.stem}-{ASIDE_PREFIX}-{stamp}.sqlite3"
        back_up_file(target, aside)
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(_read_only(source)) as src, closing(sqlite3.connect(target)) as dst:
        _copy(src, dst)
    return aside
