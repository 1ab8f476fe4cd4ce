"""Backing up the wallet's data to a file the user picks, and restoring it from one.

Qt-free and blocking: run from a background task. `back_up(wallet, target)` takes an online
copy of the SQLite store while the wallet keeps running. `restore(wallet, source)` refuses a
file that is not a wallet (`NotAWallet`, with the `WalletFileProblem`), keeps the current
database aside in the data folder's ``backups`` directory, copies the file in while the
store is closed, and opens the store again (an older revision is migrated). If the restored
wallet cannot be opened, the copy kept aside is put back.

Neither works on a store that is not a SQLite file (`BackupUnavailable`): a PostgreSQL
database shared by several desktops is backed up with the server's own tools.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from lebwallet.store.backup import (
    NotAWallet,
    WalletFileProblem,
    WalletInUse,
    back_up_file,
    check_wallet_file,
    restore_file,
)

if TYPE_CHECKING:
    from lebwallet.services.wallet import Wallet

__all__ = [
    "BACKUP_SUFFIX",
    "BackupDone",
    "BackupUnavailable",
    "NotAWallet",
    "RestoreDone",
    "WalletFileProblem",
    "WalletInUse",
    "back_up",
    "restore",
]

_log = logging.getLogger(__name__)

BACKUP_SUFFIX: Final = ".lebwallet-backup"
ASIDE_DIRNAME: Final = "backups"


class BackupUnavailable(RuntimeError):
    """The wallet's store is not a SQLite file: there is nothing this can copy."""


@dataclass(frozen=True, slots=True)
class BackupDone:
    path: Path
    size: int


@dataclass(frozen=True, slots=True)
class RestoreDone:
    source: Path
    kept_aside: Path | None
    """The wallet as it was before the restore, or None if there was none."""
    revision: str


def _store_file(wallet: Wallet) -> Path:
    path = wallet.store_file()
    if path is None:
        raise BackupUnavailable("the wallet's data is not in a SQLite file")
    return path


def back_up(wallet: Wallet, target: Path) -> BackupDone:
    """An online backup of the wallet's data to `target` (the wallet keeps running)."""
    source = _store_file(wallet)
    wallet.store()  # opened (and migrated) first: the copy is of a whole, current wallet
    if target.resolve() == source.resolve():
        raise OSError(f"{target} is the wallet itself")
    back_up_file(source, target)
    _log.info("backed up the wallet to %s", target)
    return BackupDone(target, target.stat().st_size)


def restore(wallet: Wallet, source: Path) -> RestoreDone:
    """Replace the wallet's data with the backup `source` (see the module docstring)."""
    target = _store_file(wallet)
    if source.resolve() == target.resolve():
        raise OSError(f"{source} is the wallet itself")
    revision = check_wallet_file(source)  # refused before anything changes
    aside_dir = wallet.data_dir / ASIDE_DIRNAME
    with wallet.store_closed():
        aside = restore_file(source, target, aside_dir)
    try:
        wallet.store()
    except Exception:
        if aside is not None:
            _log.exception("the restored wallet cannot be opened; putting %s back", aside)
            with wallet.store_closed():
                restore_file(aside, target, aside_dir)
        raise
    _log.info("restored the wallet from %s (revision %s); kept %s", source, revision, aside)
    return RestoreDone(source, aside, revision)
