"""The app's notices: kept on the `NoticeBoard` across restarts, the newest shown in the
window (`NoticesPanel` above the tabs), all of them in a `NoticesDialog` (the window's
"Notices (N)" toolbar action and the tray menu's "Notices…"), each one dismissible.
A notice the cards no longer need (a deadline warning after a top-up moved the deadline,
a low balance after it went up) goes by itself.

The board is written in the background (a small file write); while the app quits (the
runner takes no more work) it is written at once, so a told notice is never lost.
`card_name(card_id)` names an order's card for the notifications policy (any thread).

Signals:
    activated(object): the user opened a `Notice`.
    support_requested(int): "Contact support" about a failed order's notice (local id).
    dialog_requested(): the window's panel or action asked for every notice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction

from lebwallet.domain.cards import Card
from lebwallet.services.notice_board import NoticeBoard
from lebwallet.services.notifications import Notice
from lebwallet.ui.main_window import NOTICES_SHOWN, MainWindow
from lebwallet.ui.notices_panel import NoticesDialog, NoticesPanel, NoticeText
from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)


class NoticeCenter(QObject):
    """See the module docstring."""

    activated = Signal(object)
    support_requested = Signal(int)
    dialog_requested = Signal()

    def __init__(
        self,
        board: NoticeBoard,
        window: MainWindow,
        runner: TaskRunner,
        text_of: NoticeText,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.board = board
        self._window = window
        self._runner = runner
        self._text_of = text_of
        self._card_names: dict[str, str] = {}
        window.cards_changed.connect(self._cards_changed)
        self.panel = NoticesPanel(text_of, limit=NOTICES_SHOWN, parent=window)
        self._connect(self.panel)
        self.panel.show_all_requested.connect(self.dialog_requested)
        window.set_notices_panel(self.panel)
        self.dialog: NoticesDialog | None = None
        self.action = QAction(window)
        self.action.setObjectName("notices")
        self.action.triggered.connect(self.dialog_requested)
        window.toolbar.addAction(self.action)
        self.show()

    def card_name(self, card_id: str) -> str | None:
        return self._card_names.get(card_id)

    def _cards_changed(self, cards: Sequence[Card]) -> None:
        # read by the policy on the refresher thread: a whole new dict is swapped in
        self._card_names = {card.id: card.display_name for card in cards}
        # a top-up moved a deadline or raised a balance: its warnings go
        listed = tuple(cards)
        self._change(lambda: self.board.settle(listed))

    def _connect(self, view: NoticesPanel | NoticesDialog) -> None:
        view.dismissed.connect(lambda key: self._change(lambda: self.board.dismiss(key)))
        view.dismissed_all.connect(lambda: self._change(self.board.dismiss_all))
        view.activated.connect(self.activated)
        view.support_requested.connect(self.support_requested)

    def add(self, notice: Notice) -> None:
        """Keep a told notice (newest first) and show it."""
        self._change(lambda: self.board.add([notice]))

    def show(self) -> None:
        """Show the board's notices in the panel, the dialog and the action's count."""
        entries = self.board.entries()
        self.panel.set_entries(entries)
        if self.dialog is not None:
            self.dialog.set_entries(entries)
        self.action.setText(
            QCoreApplication.translate("WalletApp", "Notices (%n)", "", len(entries))
        )

    def open_dialog(self) -> NoticesDialog:
        """Every notice not dismissed, in a dialog (one at a time)."""
        if self.dialog is None:
            dialog = NoticesDialog(self._text_of, self._window)
            self._connect(dialog)
            dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog = dialog
            self.show()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _change(self, change: Callable[[], object]) -> None:
        if self._runner.is_shut_down:
            change()
            self.show()
            return
        self._runner.run(
            self,
            change,
            lambda _result: self.show(),
            lambda error: _log.warning("the notice list could not be changed: %s", error),
            description="notices: change",
        )
