"""Sorting the cards table: the model orders its rows with one key per card (issue 18).

The proxy's own sort asked the model for two keys per comparison, each a call from Qt into
Python: ~36,000 calls and 230-380 ms for 1,000 cards at the start, on the GUI thread."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt

from lebwallet.domain.cards import Card
from lebwallet.ui.cards_model import (
    CARD_ID_ROLE,
    SORT_ROLE,
    CardsModel,
    CardsSortProxy,
    Column,
    ModelIndex,
)
from tests.domain.builders import NOW, card
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


def _today() -> date:
    return NOW.date()


class CountingModel(CardsModel):
    def __init__(self) -> None:
        super().__init__(today=_today)
        self.sort_asks = 0

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SORT_ROLE:
            self.sort_asks += 1
        return super().data(index, role)


def _many(count: int) -> list[Card]:
    return [
        card(
            card_id=f"c{i:04d}",
            label=f"Card {i:04d}",
            last_topup=NOW - timedelta(days=(i * 37) % 180),
            balance=f"{(i * 13) % 50}.00",
        )
        for i in range(count)
    ]


def _ids(proxy: CardsSortProxy) -> list[str]:
    return [proxy.index(row, 0).data(CARD_ID_ROLE) for row in range(proxy.rowCount())]


def _proxy(model: CardsModel) -> CardsSortProxy:
    proxy = CardsSortProxy()
    proxy.setSourceModel(model)
    return proxy


def test_a_sort_asks_no_key_per_comparison(qapp):
    model = CountingModel()
    cards = _many(300)
    model.set_cards(cards)
    proxy = _proxy(model)
    proxy.sort(Column.DEADLINE, Qt.SortOrder.AscendingOrder)
    assert model.sort_asks == 0
    expected = sorted(cards, key=lambda c: c.days_left(_today()))  # stable, as Qt's
    assert _ids(proxy) == [c.id for c in expected]
    proxy.sort(Column.LABEL, Qt.SortOrder.DescendingOrder)
    assert _ids(proxy) == [c.id for c in reversed(cards)]
    assert model.sort_asks == 0


def test_changed_and_new_cards_take_their_place_and_the_selection_follows(qtbot, qapp):
    model = CardsModel(today=_today)
    cards = _many(20)
    model.set_cards(cards)
    proxy = _proxy(model)
    proxy.sort(Column.DEADLINE, Qt.SortOrder.AscendingOrder)
    selection = QItemSelectionModel(proxy)
    last = proxy.rowCount() - 1
    chosen = proxy.index(last, 0).data(CARD_ID_ROLE)
    selection.select(
        proxy.index(last, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    held = QPersistentModelIndex(proxy.index(last, 0))
    # The chosen card is topped up long ago: it is due first now; a new card lapsed already.
    changed = [
        card(card_id=c.id, label=c.label, last_topup=NOW - timedelta(days=179))
        if c.id == chosen
        else c
        for c in cards
    ]
    lapsed = card(card_id="new", label="New", last_topup=NOW - timedelta(days=400))
    with qtbot.assert_not_emitted(model.modelReset):
        model.set_cards([*changed, lapsed])
    assert _ids(proxy)[:2] == ["new", chosen]
    assert held.row() == 1
    assert [index.row() for index in selection.selectedRows()] == [1]
    assert proxy.index(1, Column.LABEL).data() == changed[[c.id for c in cards].index(chosen)].label


def test_a_proxy_that_does_not_sort_shows_the_models_order(qapp):
    model = CardsModel(today=_today)
    cards = _many(5)
    model.set_cards(list(reversed(cards)))
    assert _ids(_proxy(model)) == [c.id for c in reversed(cards)]


def test_the_sorted_proxy_passes_qt_model_tester(qtmodeltester, qapp):
    model = CardsModel(today=_today)
    model.set_cards(_many(30))
    proxy = _proxy(model)
    proxy.sort(Column.BALANCE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy, force_py=True)
    model.set_cards(_many(25))
    qtmodeltester.check(proxy, force_py=True)


def test_the_cards_keep_the_order_they_came_in_whatever_the_sort(qapp):
    model = CardsModel(today=_today)
    cards = _many(10)
    model.set_cards(cards)
    model.sort(Column.DEADLINE, Qt.SortOrder.AscendingOrder)
    assert [model.index(row, 0).data(CARD_ID_ROLE) for row in range(10)] != [c.id for c in cards]
    assert model.cards == tuple(cards)
    extra = card(card_id="extra", label="Extra")
    model.update_card(extra)
    assert model.cards == (*cards, extra)
    model.set_cards(cards[1:])
    assert model.cards == tuple(cards[1:])
