"""The main window's actions, toolbar and menus: `WindowActions`.

Built with the window's frame (Qt only: no `Qt` namespace, no key sequence before the first
paint); `attach` adds the keys and the cards' context menu once the window is attached. The
window enables the actions from what it shows (`update`); Help → Keyboard shortcuts lists
the menus' actions, so it never drifts. Texts keep the "MainWindow" translation context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QObject, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTableView, QToolBar

if TYPE_CHECKING:
    from lebwallet.domain.cards import Card
    from lebwallet.ui.main_window import MainWindow
    from lebwallet.ui.shortcuts_dialog import ShortcutsDialog


class WindowActions(QObject):
    """The window's actions, its toolbar and its menus (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.recharge_action = self._action(lambda: self.request_recharge(keep_alive=False))
        self.keep_alive_action = self._action(lambda: self.request_recharge(keep_alive=True))
        self.add_card_action = self._action(window.add_card)
        self.rename_action = self._action(window.card_commands.rename_selected)
        self.unbind_action = self._action(window.card_commands.unbind_selected)
        self.log_action_action = self._action(lambda: window.log_keep_alive_action())
        self.refresh_action = self._action(window.sync)
        self.settings_action = self._action(window.settings_requested)
        self.sign_out_action = self._action(window.sign_out_requested)
        self.backup_action = self._action(window.backup_requested)
        self.restore_action = self._action(window.restore_requested)
        self.about_action = self._action(window.about_requested)
        self.shortcuts_action = self._action(self.show_shortcuts)
        # Quit ends the app (closing the window only hides it when there is a tray).
        self.quit_action = self._action(window.quit_requested)

        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        for action in (
            self.recharge_action,
            self.keep_alive_action,
            None,
            self.add_card_action,
            self.rename_action,
            self.unbind_action,
            None,
            self.refresh_action,
            self.settings_action,
        ):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        window.addToolBar(self.toolbar)

        menu_bar = window.menuBar()
        self.wallet_menu = menu_bar.addMenu("")
        self.wallet_menu.addAction(self.refresh_action)
        self.wallet_menu.addAction(self.settings_action)
        self.wallet_menu.addAction(self.sign_out_action)
        self.wallet_menu.addSeparator()
        self.wallet_menu.addAction(self.backup_action)
        self.wallet_menu.addAction(self.restore_action)
        self.wallet_menu.addSeparator()
        self.wallet_menu.addAction(self.quit_action)
        self.cards_menu = menu_bar.addMenu("")
        for action in self.card_actions:
            self.cards_menu.addAction(action)
        self.help_menu = menu_bar.addMenu("")
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)

    def _action(self, slot: Callable[[], object] | SignalInstance) -> QAction:
        action = QAction(self._window)
        action.triggered.connect(slot)
        return action

    def request_recharge(self, *, keep_alive: bool) -> None:
        """Ask the app to top up the selected card (`recharge_requested`)."""
        card = self._window.selected_card()
        # A card of the user's own with a number: the app tops it up through Reloadly.
        if card is not None and (card.is_rechargeable or card.msisdn is not None):
            self._window.recharge_requested.emit(card.id, keep_alive)

    @property
    def card_actions(self) -> tuple[QAction, ...]:
        """What can be done to the selected card (the Cards menu)."""
        return (
            self.recharge_action,
            self.keep_alive_action,
            self.log_action_action,
            self.add_card_action,
            self.rename_action,
            self.unbind_action,
        )

    def attach(self, table: QTableView) -> None:
        """The keys, and the cards' context menu on `table`. Set when the window is attached:
        the first shortcut costs ~15 ms of key-map set-up and the Qt namespace ~20 ms of the
        first paint, and the actions are disabled before anyway."""
        from PySide6.QtGui import QKeySequence

        table.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (
            self.recharge_action,
            self.log_action_action,
            self.rename_action,
            self.unbind_action,
        ):
            table.addAction(action)

        self.recharge_action.setShortcut(QKeySequence("Ctrl+R"))
        self.keep_alive_action.setShortcut(QKeySequence("Ctrl+K"))
        self.add_card_action.setShortcut(QKeySequence.StandardKey.New)
        self.rename_action.setShortcut(QKeySequence("F2"))
        self.unbind_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        # Ctrl+, as in most desktop apps, and the platform's own key when it has one.
        settings_keys = [QKeySequence("Ctrl+,")]
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences):
            if key not in settings_keys:
                settings_keys.append(key)
        self.settings_action.setShortcuts(settings_keys)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    def update(self, card: Card | None, *, complete: bool, syncing: bool) -> None:
        """Enable what can be done: `card` selected, the window `complete` (attached)."""
        # a number of the user's own is topped up through Reloadly (the app says how)
        rechargeable = (
            complete and card is not None and (card.is_rechargeable or card.msisdn is not None)
        )
        has_card = complete and card is not None
        self.recharge_action.setEnabled(rechargeable)
        self.keep_alive_action.setEnabled(rechargeable)
        self.rename_action.setEnabled(has_card)
        self.unbind_action.setEnabled(has_card)
        self.log_action_action.setEnabled(has_card)
        self.refresh_action.setEnabled(complete and not syncing)
        self.add_card_action.setEnabled(complete)
        self.settings_action.setEnabled(complete)
        self.backup_action.setEnabled(complete)
        self.restore_action.setEnabled(complete)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help → Keyboard shortcuts, from the window's actions (so it never drifts)."""
        from lebwallet.ui.shortcuts_dialog import ShortcutsDialog

        menus = (self.wallet_menu, self.cards_menu, self.help_menu)
        dialog = ShortcutsDialog([a for menu in menus for a in menu.actions()], self._window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def retranslate(self) -> None:
        self.recharge_action.setText(QCoreApplication.translate("MainWindow", "&Recharge…"))
        self.recharge_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Top up the selected card")
        )
        self.keep_alive_action.setText(QCoreApplication.translate("MainWindow", "&Keep alive"))
        self.keep_alive_action.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Top up the smallest amount that moves the deadline"
            )
        )
        self.add_card_action.setText(QCoreApplication.translate("MainWindow", "&Add card…"))
        self.rename_action.setText(QCoreApplication.translate("MainWindow", "Re&name…"))
        self.unbind_action.setText(QCoreApplication.translate("MainWindow", "&Unbind…"))
        self.log_action_action.setText(
            QCoreApplication.translate("MainWindow", "&Log keep-alive action…")
        )
        self.log_action_action.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Record a call, an SMS, data use or a top-up made elsewhere"
            )
        )
        self.refresh_action.setText(QCoreApplication.translate("MainWindow", "Re&fresh"))
        self.settings_action.setText(QCoreApplication.translate("MainWindow", "&Settings…"))
        self.sign_out_action.setText(QCoreApplication.translate("MainWindow", "Sign &out"))
        self.quit_action.setText(QCoreApplication.translate("MainWindow", "&Quit"))
        self.backup_action.setText(
            QCoreApplication.translate("MainWindow", "&Back up wallet data…")
        )
        self.restore_action.setText(
            QCoreApplication.translate("MainWindow", "R&estore wallet data…")
        )
        self.about_action.setText(QCoreApplication.translate("MainWindow", "&About LEB Wallet"))
        self.shortcuts_action.setText(
            QCoreApplication.translate("MainWindow", "&Keyboard shortcuts")
        )
        self.toolbar.setWindowTitle(QCoreApplication.translate("MainWindow", "Actions"))
        self.wallet_menu.setTitle(QCoreApplication.translate("MainWindow", "&Wallet"))
        self.cards_menu.setTitle(QCoreApplication.translate("MainWindow", "&Cards"))
        self.help_menu.setTitle(QCoreApplication.translate("MainWindow", "&Help"))
        for action in self.toolbar.actions():
            if not action.isSeparator() and "&" in action.text():
                action.setIconText(without_mnemonic(action.text()))


def without_mnemonic(text: str) -> str:
    """A menu text for a toolbar button: no "&", no "(&R)" of a Chinese text, no "…"."""
    import re

    return re.sub(r"\(&[^&]\)", "", text).replace("&", "").rstrip("…").strip()
