"""The main window's "eSIM card" tab: the eSIM card panel, built the first time the tab is
shown (the ES10 codec and PC/SC are not loaded at start-up), then read on every showing.

    tab = EuiccTab(runner, parent)
    tab.set_wallet_cards(cards)   # kept until the panel exists, then passed on
    tab.shown()                   # the tab became current: build once, read the readers
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QVBoxLayout, QWidget

from lebwallet.domain.cards import Card
from lebwallet.ui.tasks import TaskRunner


class EuiccTab(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("euicc_tab")
        self._runner = runner
        self._cards: tuple[Card, ...] = ()
        self.panel: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_wallet_cards(self, cards: Sequence[Card]) -> None:
        self._cards = tuple(cards)
        if self.panel is not None:
            self.panel.set_wallet_cards(self._cards)  # type: ignore[attr-defined]

    def shown(self) -> None:
        if self.panel is None:
            from lebwallet.euicc.service import EuiccService
            from lebwallet.ui.euicc_panel import EuiccPanel

            panel = EuiccPanel(self._runner, EuiccService(), self)
            panel.set_wallet_cards(self._cards)
            self._layout.addWidget(panel)
            self.panel = panel
        self.panel.refresh()  # type: ignore[attr-defined]
