"""The keep-alive actions of every card, newest first: the history's other half.

Orders are in the history tab; this list beside it shows what the user logged (top-ups made
elsewhere, calls, SMS, data sessions) with the card and the day. It reads in the background
through the wallet's `KeepAliveService` on `reload()`.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from lebwallet.domain.cards import Card
from lebwallet.domain.keepalive import KeepAliveAction
from lebwallet.services.wallet_api import WalletBackend
from lebwallet.ui.log_action_dialog import action_kind_text
from lebwallet.ui.money_format import format_date, format_money
from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)


class ActionsView(QWidget):
    """See the module docstring."""

    def __init__(
        self, runner: TaskRunner, backend: WalletBackend, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend = backend
        self._rows: list[tuple[Card, KeepAliveAction]] = []
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(5)
        self.tree.setSortingEnabled(False)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        self._retranslate()
        self._fill()

    def reload(self) -> None:
        backend = self._backend
        self._runner.run(
            self,
            lambda: backend.keep_alive().recent_actions(),
            self._loaded,
            lambda error: _log.warning("keep-alive actions not read: %s", error),
            description="keep-alive actions",
        )

    def _loaded(self, rows: list[tuple[Card, KeepAliveAction]]) -> None:
        self._rows = rows
        self._fill()

    def _fill(self) -> None:
        self.tree.clear()
        for card, action in self._rows:
            amount = "" if action.amount is None else format_money(action.amount)
            item = QTreeWidgetItem(
                [
                    format_date(action.on),
                    card.display_name,
                    action_kind_text(action.kind),
                    amount,
                    action.note or "",
                ]
            )
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        self.empty.setVisible(not self._rows)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._fill()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.tree.setAccessibleName(self.tr("Keep-alive log"))
        self.tree.setHeaderLabels(
            [self.tr("Day"), self.tr("Card"), self.tr("Action"), self.tr("Amount"), self.tr("Note")]
        )
        self.empty.setText(
            self.tr(
                "No keep-alive action logged yet. Log a call, an SMS, data use or a top-up made "
                "elsewhere from a card's details."
            )
        )
