"""A damaged local store, told in words, with a way out.

When the store cannot be opened because its file is damaged (`DamagedStore`, found by
``PRAGMA quick_check``), `DamagedStoreRecovery` asks the user what to do:

- restore the newest sound backup (offered only when there is one), or
- start a fresh store: cards and orders are fetched again from the provider at the next sync.

Either way the damaged file is kept aside, never deleted. The replacing runs in the
background (`Wallet.replace_damaged_store`); then the cards are read again and
`replaced` is emitted, so the app can sign in and sync.

Signals: `replaced()` — the store was replaced and the cards are being read again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QDateTime, QLocale, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

if TYPE_CHECKING:
    from lebwallet.services.store_repair import DamagedStore, Replaced
    from lebwallet.services.wallet_api import WalletBackend
    from lebwallet.ui.main_window import MainWindow
    from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)


class DamagedStoreDialog(QMessageBox):
    """The question; `restore_button` is None when there is no sound backup."""

    def __init__(self, damage: DamagedStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Local store damaged"))
        self.setText(
            self.tr(
                "The wallet's local store is damaged and cannot be read. The damaged file "
                "will be kept aside, not deleted."
            )
        )
        self.restore_button: QPushButton | None = None
        if damage.backup is not None:
            taken = QDateTime.fromSecsSinceEpoch(int(damage.backup.stat().st_mtime))
            when = QLocale().toString(taken, QLocale.FormatType.ShortFormat)
            self.setInformativeText(
                self.tr(
                    "Restore the last backup (taken %1): what changed since then comes back "
                    "with the next sync. Or start a fresh store: your cards and orders are "
                    "fetched again from the provider."
                ).replace("%1", when)
            )
            self.restore_button = self.addButton(
                self.tr("Restore the backup"), QMessageBox.ButtonRole.AcceptRole
            )
        else:
            self.setInformativeText(
                self.tr(
                    "There is no backup to restore. Start a fresh store: your cards and "
                    "orders are fetched again from the provider."
                )
            )
        self.fresh_button = self.addButton(
            self.tr("Start a fresh store"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.later_button = self.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button or self.fresh_button)
        self.setDetailedText(f"{damage.path}\n{damage.detail}")


class DamagedStoreRecovery(QObject):
    """Asks once per damage, replaces the store in the background, reads the cards again."""

    replaced = Signal()

    def __init__(self, window: MainWindow, runner: TaskRunner, wallet: WalletBackend) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._wallet = wallet
        self.dialog: DamagedStoreDialog | None = None

    def handle(self, error: Exception) -> bool:
        """Ask about `error` if it is a damaged store (True), else do nothing (False)."""
        from lebwallet.services.store_repair import DamagedStore

        if not isinstance(error, DamagedStore):
            return False
        if self.dialog is not None and self.dialog.isVisible():
            return True
        dialog = DamagedStoreDialog(error, self._window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.buttonClicked.connect(lambda button: self._chosen(error, dialog, button))
        dialog.open()
        self.dialog = dialog
        return True

    def _chosen(self, damage: DamagedStore, dialog: DamagedStoreDialog, button: object) -> None:
        self.dialog = None
        if button is dialog.later_button:
            return
        restore = button is dialog.restore_button
        self._runner.run(
            self,
            lambda: self._wallet.replace_damaged_store(damage, restore=restore),
            self._done,
            self._failed,
            description="replace the damaged store",
        )

    def _done(self, replaced: Replaced) -> None:
        if replaced.restored is not None:
            text = self.tr("The backup was restored; the damaged store was kept as %1.")
        else:
            text = self.tr("A fresh store was started; the damaged store was kept as %1.")
        self._window.statusBar().showMessage(text.replace("%1", str(replaced.kept)))
        self._window.load_cards()
        self.replaced.emit()

    def _failed(self, error: Exception) -> None:
        _log.error("cannot replace the damaged store: %s", error)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("Local store damaged"),
            self.tr("The damaged store could not be replaced."),
            parent=self._window,
        )
        box.setInformativeText(str(error))
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
