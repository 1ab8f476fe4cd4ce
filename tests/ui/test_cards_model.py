"""CardsModel: rows from domain cards, sorted by the proxy, updated in place by id."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt

from lebwallet.domain.cards import CardStatus, KeepAliveState
from lebwallet.ui.cards_model import (
    CARD_ID_ROLE,
    STATE_ROLE,
    CardsModel,
    CardsSortProxy,
    Column,
)
from lebwallet.ui.theme import keep_alive_text
from tests.domain.builders import NOW, card, plan
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")
TODAY = NOW.date()


def _today() -> date:
    return TODAY


@pytest.fixture
def cards():
    return [
        card(card_id="far", label="Far", last_topup=NOW - timedelta(days=10), balance="50.00"),
        card(card_id="urgent", label="Urgent", last_topup=NOW - timedelta(days=176)),
        card(card_id="soon", label="Soon", last_topup=NOW - timedelta(days=160), balance="1.00"),
        card(card_id="lapsed", label=None, last_topup=NOW - timedelta(days=200)),
    ]


@pytest.fixture
def model(qapp, cards):
    model = CardsModel(today=_today)
    model.set_cards(cards)
    return model


def test_model_passes_qt_model_tester(qtmodeltester, model, cards):
    qtmodeltester.check(model, force_py=True)
    model.set_cards([*cards[1:], card(card_id="new", label="New")])
    qtmodeltester.check(model, force_py=True)


def test_proxy_passes_qt_model_tester(qtmodeltester, model):
    proxy = CardsSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.BALANCE)
    qtmodeltester.check(proxy, force_py=True)


def test_rows_show_card_fields(model):
    assert model.rowCount() == 4
    assert model.columnCount() == len(Column)
    assert model.index(0, Column.LABEL).data() == "Far"
    assert model.index(3, Column.LABEL).data() == "(no label)"
    assert model.index(0, Column.NUMBER).data() == "+44 •••• •••456"
    assert model.index(0, Column.CARRIER).data() == "giffgaff · GB"
    assert model.index(0, Column.BALANCE).data() == "£50.00"
    assert "170 days left" in model.index(0, Column.DEADLINE).data()
    assert model.index(0, Column.STATUS).data() == "Active"
    assert model.headerData(Column.BALANCE, Qt.Orientation.Horizontal) == "Balance"


def test_deadline_colour_follows_keep_alive_state(model):
    states = [model.index(row, 0).data(STATE_ROLE) for row in range(4)]
    assert states == ["ok", "urgent", "due_soon", "lapsed"]
    urgent = model.index(1, Column.DEADLINE).data(Qt.ItemDataRole.ForegroundRole)
    assert urgent.color() == keep_alive_text(KeepAliveState.URGENT)
    assert model.index(0, Column.DEADLINE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert not model.index(3, Column.DEADLINE).data(Qt.ItemDataRole.DecorationRole).isNull()


def test_a_thirty_day_plan_topped_up_today_is_not_coloured_as_due(qapp):
    model = CardsModel(today=_today)
    month = plan(period_days=30)
    model.set_cards(
        [
            card(card_id="today", keep_alive=month, last_topup=NOW),
            card(card_id="week", keep_alive=month, last_topup=NOW - timedelta(days=21)),
            card(card_id="days", keep_alive=month, last_topup=NOW - timedelta(days=25)),
        ]
    )
    states = [model.index(row, 0).data(STATE_ROLE) for row in range(3)]
    assert states == ["ok", "due_soon", "urgent"]
    assert model.index(0, Column.DEADLINE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, Column.DEADLINE).data(Qt.ItemDataRole.ToolTipRole) == (
        "Keep-alive deadline is far away"
    )
    assert model.index(1, Column.DEADLINE).data(Qt.ItemDataRole.ToolTipRole) == (
        "The deadline is near: top up soon"
    )


def test_proxy_sorts_by_days_left_and_balance(model):
    proxy = CardsSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.DEADLINE, Qt.SortOrder.AscendingOrder)
    order = [proxy.index(row, 0).data(CARD_ID_ROLE) for row in range(4)]
    assert order == ["lapsed", "urgent", "soon", "far"]
    proxy.sort(Column.BALANCE, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data(CARD_ID_ROLE) == "far"


def test_update_in_place_keeps_selection(qtbot, model, cards):
    selection = QItemSelectionModel(model)
    selection.select(
        model.index(2, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    persistent = QPersistentModelIndex(model.index(2, 0))
    changed = card(card_id="soon", label="Soon", last_topup=NOW, balance="20.00")
    with (
        qtbot.assert_not_emitted(model.modelReset),
        qtbot.wait_signal(model.dataChanged),
    ):
        model.set_cards([cards[0], cards[1], changed, cards[3]])
    assert persistent.row() == 2
    assert selection.isRowSelected(2)
    assert model.index(2, Column.BALANCE).data() == "£20.00"


def test_removed_and_new_cards(qtbot, model, cards):
    persistent = QPersistentModelIndex(model.index(3, 0))
    with qtbot.wait_signal(model.rowsRemoved), qtbot.wait_signal(model.rowsInserted):
        model.set_cards([cards[0], cards[2], cards[3], card(card_id="new", label="New")])
    assert [model.index(r, 0).data(CARD_ID_ROLE) for r in range(4)] == [
        "far",
        "soon",
        "lapsed",
        "new",
    ]
    assert persistent.row() == 2
    model.remove_card("far")
    assert model.row_of("far") is None
    assert model.row_of("new") == 2


def test_recycled_card_status_text(qapp):
    model = CardsModel(today=_today)
    model.set_cards([card(card_id="gone", status=CardStatus.RECYCLED)])
    assert model.index(0, Column.STATUS).data() == "Recycled"


def test_the_last_action_column_says_what_it_shows(model):
    """A card of your own counts a call or an SMS too: the column is not "Last top-up"."""
    header = model.headerData(Column.LAST_TOPUP, Qt.Orientation.Horizontal)
    assert header == "Last qualifying action"
