"""Back up and restore the wallet's data from the window (Wallet menu).

`WalletDataActions` asks for the file, runs `lebwallet.services.backup` in the background
(never on the GUI thread) and shows the outcome. A restore is confirmed first; the running
app pauses what uses the store (`pause`) before it and reloads after it (`resume`).

Signals:
    backed_up(object): a `BackupDone`.
    restored(object): a `RestoreDone`.
    failed(str): the message shown for a backup or restore that did not happen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from lebwallet.services.backup import BackupDone, RestoreDone
    from lebwallet.services.wallet import Wallet
    from lebwallet.ui.tasks import TaskRunner


class WalletDataActions(QObject):
    """Backup and restore of the wallet's data (see the module docstring)."""

    backed_up = Signal(object)
    restored = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        window: QWidget,
        runner: TaskRunner,
        back_up: Callable[[Path], BackupDone],
        restore: Callable[[Path], RestoreDone],
        *,
        pause: Callable[[], None] = lambda: None,
        resume: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._back_up = back_up
        self._restore = restore
        self._pause = pause
        self._resume = resume
        self.busy = False
        self.box: QMessageBox | None = None
        """The last outcome or question shown (for tests)."""

    @classmethod
    def of_wallet(
        cls,
        window: QWidget,
        runner: TaskRunner,
        wallet: Wallet,
        *,
        pause: Callable[[], None] = lambda: None,
        resume: Callable[[], None] = lambda: None,
    ) -> WalletDataActions:
        """The actions over the running wallet (`lebwallet.services.backup`, on the pool)."""

        def back_up(path: Path) -> BackupDone:
            from lebwallet.services.backup import back_up

            return back_up(wallet, path)

        def restore(path: Path) -> RestoreDone:
            from lebwallet.services.backup import restore

            return restore(wallet, path)

        return cls(window, runner, back_up, restore, pause=pause, resume=resume)

    # --- asking ------------------------------------------------------------------------

    def _folder(self) -> str:
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def _filter(self) -> str:
        return self.tr("Wallet backups (*.sqlite3);;All files (*)")

    def ask_backup(self) -> None:
        name = f"lebwallet-backup-{date.today().isoformat()}.sqlite3"
        path, _filter = QFileDialog.getSaveFileName(
            self._window,
            self.tr("Back up wallet data"),
            str(Path(self._folder()) / name),
            self._filter(),
        )
        if path:
            self.back_up_to(Path(path))

    def ask_restore(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self._window, self.tr("Restore wallet data"), self._folder(), self._filter()
        )
        if path:
            self.confirm_restore(Path(path))

    def confirm_restore(self, path: Path) -> QMessageBox:
        """Ask before replacing the wallet's data; Yes restores from `path`."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Restore wallet data"),
            self.tr("Replace the wallet's data with the backup %1?").replace("%1", path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self._window,
        )
        box.setInformativeText(
            self.tr("The current data is kept in the data folder's backups folder first.")
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self.restore_from(path))
        box.open()
        self.box = box
        return box

    # --- doing -------------------------------------------------------------------------

    def back_up_to(self, path: Path) -> None:
        """Back up to `path` in the background; `backed_up` or `failed` when done."""
        if self.busy:
            return
        self.busy = True
        work = self._back_up
        self._runner.run(
            self,
            lambda: work(path),
            self._on_backed_up,
            self._on_failed,
            description="back up wallet data",
        )

    def restore_from(self, path: Path) -> None:
        """Restore from `path` in the background; `restored` or `failed` when done."""
        if self.busy:
            return
        self.busy = True
        self._pause()
        work = self._restore
        self._runner.run(
            self,
            lambda: work(path),
            self._on_restored,
            self._on_restore_failed,
            description="restore wallet data",
        )

    def _on_backed_up(self, done: BackupDone) -> None:
        self.busy = False
        text = self.tr("The wallet's data was backed up to %1.").replace("%1", str(done.path))
        self._tell(QMessageBox.Icon.Information, text)
        self.backed_up.emit(done)

    def _on_restored(self, done: RestoreDone) -> None:
        self.busy = False
        self._resume()
        text = self.tr("The wallet's data was restored from %1.").replace("%1", done.source.name)
        if done.kept_aside is not None:
            text += "\n" + self.tr("The data it replaced is kept in %1.").replace(
                "%1", str(done.kept_aside)
            )
        self._tell(QMessageBox.Icon.Information, text)
        self.restored.emit(done)

    def _on_restore_failed(self, error: Exception) -> None:
        self._resume()
        self._on_failed(error)

    def _on_failed(self, error: Exception) -> None:
        self.busy = False
        message = self.explain(error)
        self._tell(QMessageBox.Icon.Warning, message)
        self.failed.emit(message)

    def explain(self, error: Exception) -> str:
        """The user's words for why a backup or restore did not happen."""
        from lebwallet.services.backup import (
            BackupUnavailable,
            NotAWallet,
            WalletFileProblem,
            WalletInUse,
        )

        if isinstance(error, NotAWallet):
            return {
                WalletFileProblem.MISSING: self.tr("The file could not be read."),
                WalletFileProblem.NOT_SQLITE: self.tr(
                    "This file is not a LEB Wallet backup. Nothing was changed."
                ),
                WalletFileProblem.NOT_A_WALLET: self.tr(
                    "This file is a database, but not a LEB Wallet backup. Nothing was changed."
                ),
                WalletFileProblem.DAMAGED: self.tr(
                    "This backup is damaged and cannot be restored. Nothing was changed."
                ),
                WalletFileProblem.NEWER_VERSION: self.tr(
                    "This backup was made by a newer version of LEB Wallet. Update the wallet, "
                    "then restore it. Nothing was changed."
                ),
            }[error.problem]
        if isinstance(error, WalletInUse):
            return self.tr(
                "The wallet is busy with its data. Nothing was changed; try again in a moment."
            )
        if isinstance(error, OSError):
            return self.tr("The file could not be written or read: %1").replace(
                "%1", error.strerror or str(error)
            )
        if isinstance(error, BackupUnavailable):
            return self.tr(
                "The wallet's data is in a database server: back it up with the server's tools."
            )
        return self.tr("It did not work: %1").replace("%1", str(error) or type(error).__name__)

    def _tell(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, self.tr("Wallet data"), text, parent=self._window)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.box = box
