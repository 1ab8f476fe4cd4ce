"""The main window's "eSIM card" tab: the eSIM card panel, built the first time the tab is
shown (the ES10 codec and PC/SC are not loaded at start-up), then read on every showing.

    tab = EuiccTab(runner, parent)
    tab.set_wallet_cards(cards)   # kept until the panel exists, then passed on
    tab.shown()                   # the tab became current: build once, read the readers

The tab keeps the eSIM card last read in each reader (`read_cards`; a reader found empty by
a refresh drops its card) and passes the panel's offers of a profile as a new card on.

Signals:
    cards_read(tuple[EuiccCard, ...]): the eSIM cards last read, after every read.
    add_card_requested(EuiccProfile): the user asked to add a profile with no wallet card.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lebwallet.domain.cards import Card
from lebwallet.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from lebwallet.euicc.profiles import EuiccCard


class EuiccTab(QWidget):
    cards_read = Signal(object)
    add_card_requested = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("euicc_tab")
        self._runner = runner
        self._cards: tuple[Card, ...] = ()
        self._read: dict[str, EuiccCard] = {}
        self.panel: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def read_cards(self) -> tuple[EuiccCard, ...]:
        return tuple(self._read.values())

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
            panel.scanned.connect(self._on_scanned)
            panel.card_read.connect(self._on_card_read)
            panel.add_card_requested.connect(self.add_card_requested)
            self._layout.addWidget(panel)
            self.panel = panel
        self.panel.refresh()  # type: ignore[attr-defined]

    def _on_scanned(self, cards: tuple[EuiccCard, ...]) -> None:
        self._read = {card.reader: card for card in cards}
        self.cards_read.emit(self.read_cards)

    def _on_card_read(self, card: EuiccCard) -> None:
        if self._read.get(card.reader) == card:
            return  # the card just scanned
        self._read = {r: c for r, c in self._read.items() if c.eid != card.eid}
        self._read[card.reader] = card
        self.cards_read.emit(self.read_cards)
