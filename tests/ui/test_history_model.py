"""History: lazy keyset pages from the store, filters, CSV export and a PDF receipt."""

from __future__ import annotations

import csv

import pytest

from lebwallet.domain.orders import OrderStatus
from lebwallet.services.wallet_api import HistoryQuery
from lebwallet.ui.history_model import STATUS_ROLE, HistoryColumn, HistoryModel
from lebwallet.ui.history_view import HistoryView
from tests.ui.wallet_support import english, signed_in_wallet  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 10_000
DEMO_ORDERS = 5  # the sandbox's demo history


@pytest.fixture
def wallet(tmp_path):
    with signed_in_wallet(tmp_path) as synced:
        yield synced


def _entry(model, row):
    entry = model.entry_at(row)
    assert entry is not None
    return entry


def _load_all(qtbot, model):
    while model.canFetchMore():
        with qtbot.wait_signal(model.page_loaded, timeout=TIMEOUT_MS):
            model.fetchMore()


def test_pages_arrive_lazily_and_pass_the_model_tester(qtbot, qtmodeltester, runner, wallet):
    model = HistoryModel(runner, wallet, page_size=2)
    assert model.rowCount() == 0
    assert not model.canFetchMore()
    with qtbot.wait_signal(model.page_loaded, timeout=TIMEOUT_MS):
        model.set_query(HistoryQuery())
    assert model.rowCount() == 2
    assert model.canFetchMore()
    _load_all(qtbot, model)
    assert model.rowCount() == DEMO_ORDERS
    assert not model.canFetchMore()
    created = [_entry(model, row).created_at for row in range(model.rowCount())]
    assert created == sorted(created, reverse=True)
    qtmodeltester.check(model, force_py=True)


def test_status_filter_and_display(qtbot, runner, wallet):
    model = HistoryModel(runner, wallet)
    query = HistoryQuery(statuses=frozenset({OrderStatus.CREDITED}))
    with qtbot.wait_signal(model.page_loaded, timeout=TIMEOUT_MS):
        model.set_query(query)
    assert model.rowCount() == 3
    assert {model.index(r, 0).data(STATUS_ROLE) for r in range(3)} == {"credited"}
    assert model.index(0, HistoryColumn.STATUS).data() == "Credited"
    assert model.index(0, HistoryColumn.CARD).data() in {"UK number", "US number", "HK eSIM"}


def test_stale_pages_are_dropped(qtbot, runner, wallet):
    model = HistoryModel(runner, wallet)
    model.set_query(HistoryQuery(statuses=frozenset({OrderStatus.FAILED})))
    with qtbot.wait_signal(model.page_loaded, timeout=TIMEOUT_MS):
        model.set_query(HistoryQuery(statuses=frozenset({OrderStatus.CREDITED})))
    runner.wait_for_all(TIMEOUT_MS)
    qtbot.wait(50)
    assert {_entry(model, r).status for r in range(model.rowCount())} == {OrderStatus.CREDITED}


def test_view_filters_by_card_and_text(qtbot, runner, wallet):
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    view.set_cards(wallet.load_cards().cards)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.ensure_loaded()
    assert view.model.rowCount() == DEMO_ORDERS
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.card_filter.setCurrentIndex(view.card_filter.findData("card_demo_uk"))
    assert {_entry(view.model, r).card_id for r in range(view.model.rowCount())} == {"card_demo_uk"}
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.card_filter.setCurrentIndex(0)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.search.setText("no such order anywhere")
    assert view.model.rowCount() == 0
    assert view.message.text() == "No orders match these filters."


def test_csv_export_writes_every_matching_order(qtbot, runner, wallet, tmp_path):
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    target = tmp_path / "history.csv"
    with qtbot.wait_signal(view.exported, timeout=TIMEOUT_MS) as done:
        view.export_to(target)
    assert done.args == [str(target), DEMO_ORDERS]
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["Order", "Provider reference", "Card", "Status"]
    assert len(rows) == DEMO_ORDERS + 1
    assert {row[5] for row in rows[1:]} <= {"GBP", "USD", "HKD"}


def test_pdf_receipt_for_a_credited_order(qtbot, runner, wallet, tmp_path):
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.status_filter.setCurrentIndex(view.status_filter.findData("credited"))
    view.table.selectRow(0)
    assert view.receipt_button.isEnabled()
    entry = view.selected_entry()
    assert entry is not None
    target = tmp_path / "receipt.pdf"
    with qtbot.wait_signal(view.receipt_written):
        view.write_receipt(entry, target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 1000
