"""The main window's tabs: `WindowTabs`.

Cards first and History second from the frame on (History is a placeholder until the window
is attached); `attach` puts the history in its place and adds the keep-alive log and the
eSIM card. A tab loads what it shows when it is first opened (and the keep-alive log each
time). Texts keep the "MainWindow" translation context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:
    from lebwallet.services.wallet_api import WalletBackend
    from lebwallet.ui.actions_view import ActionsView
    from lebwallet.ui.euicc_tab import EuiccTab
    from lebwallet.ui.history_view import HistoryView
    from lebwallet.ui.save_location import SaveFolder
    from lebwallet.ui.tasks import TaskRunner


class WindowTabs(QTabWidget):
    """See the module docstring."""

    history: HistoryView
    actions_view: ActionsView
    euicc_tab: EuiccTab

    def __init__(self, parent: QWidget, cards_page: QWidget) -> None:
        super().__init__(parent)
        self._attached = False
        self.addTab(cards_page, "")
        self.addTab(QWidget(self), "")  # the history, once attached
        self.currentChanged.connect(self._on_changed)

    def attach(
        self, runner: TaskRunner, backend: WalletBackend, window: QWidget, save_folder: SaveFolder
    ) -> None:
        """The history, the keep-alive log and the eSIM card (their parent: `window`)."""
        from lebwallet.ui.actions_view import ActionsView
        from lebwallet.ui.euicc_tab import EuiccTab
        from lebwallet.ui.history_view import HistoryView

        self.history = HistoryView(runner, backend, window, save_folder=save_folder)
        placeholder = self.widget(1)
        self.blockSignals(True)
        self.removeTab(1)
        self.insertTab(1, self.history, QCoreApplication.translate("MainWindow", "History"))
        self.blockSignals(False)
        if placeholder is not None:
            placeholder.deleteLater()
        self.actions_view = ActionsView(runner, backend, window)
        self.addTab(self.actions_view, QCoreApplication.translate("MainWindow", "Keep-alive log"))
        self.euicc_tab = EuiccTab(runner, window)
        self.addTab(self.euicc_tab, QCoreApplication.translate("MainWindow", "eSIM card"))
        self._attached = True

    def _on_changed(self, index: int) -> None:
        if not self._attached:
            return
        shown = self.widget(index)
        if shown is self.history:
            self.history.ensure_loaded()
        elif shown is self.actions_view:
            self.actions_view.reload()
        elif shown is self.euicc_tab:
            self.euicc_tab.shown()

    def retranslate(self) -> None:
        self.setTabText(0, QCoreApplication.translate("MainWindow", "Cards"))
        self.setTabText(1, QCoreApplication.translate("MainWindow", "History"))
        if self._attached:
            self.setTabText(2, QCoreApplication.translate("MainWindow", "Keep-alive log"))
            self.setTabText(3, QCoreApplication.translate("MainWindow", "eSIM card"))
