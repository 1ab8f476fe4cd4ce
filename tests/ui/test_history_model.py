"""History: lazy keyset pages from the store, filters, CSV export and a PDF receipt."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.services.wallet_api import HistoryEntry, HistoryQuery
from lebwallet.ui.history_model import STATUS_ROLE, HistoryColumn, HistoryModel
from lebwallet.ui.history_view import HistoryView
from lebwallet.ui.receipt import receipt_document
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 10_000
DEMO_ORDERS = 5  # the sandbox's demo history


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


# --- where files are saved, and what a receipt says -------------------------------------------


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home folder with a documents folder, and a working directory elsewhere."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    cwd = tmp_path / "started-here"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return home


def _answer_save_dialog(seen: list[str], target: Path) -> None:
    """Note the folder the (modal) save dialog opens in, then save as `target`."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        seen.append(dialog.directory().absolutePath())
        dialog.selectFile(str(target))
        dialog.accept()

    QTimer.singleShot(0, answer)


def test_save_dialogs_open_in_documents_then_where_the_user_saved(qtbot, runner, wallet, home):
    """The issue: save dialogs defaulted to the current working directory."""
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.ensure_loaded()
    chosen = home / "exports"
    chosen.mkdir()
    seen: list[str] = []
    _answer_save_dialog(seen, chosen / "history.csv")
    with (
        qtbot.wait_signal(view.save_folder.changed) as changed,
        qtbot.wait_signal(view.exported, timeout=TIMEOUT_MS),
    ):
        view.export_button.click()
    assert seen == [str(home / "Documents")]
    assert changed.args == [str(chosen)]
    assert (chosen / "history.csv").is_file()
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.status_filter.setCurrentIndex(view.status_filter.findData("credited"))
    view.table.selectRow(0)
    _answer_save_dialog(seen, chosen / "receipt.pdf")
    with qtbot.wait_signal(view.receipt_written, timeout=TIMEOUT_MS):
        view.receipt_button.click()
    assert seen[1] == str(chosen)
    assert (chosen / "receipt.pdf").read_bytes().startswith(b"%PDF")


def _credited(**changes: Any) -> HistoryEntry:
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    entry = HistoryEntry(
        local_id=1,
        provider_id="ord_1",
        card_id="card_demo_uk",
        card_name="UK number",
        status=OrderStatus.CREDITED,
        amount=Money.of("20", "GBP"),
        bonus=Money.of("0", "GBP"),
        discount=Money.of("0", "GBP"),
        fee=Money.of("1.80", "CNY"),
        total=Money.of("183.80", "CNY"),
        payment_method="alipay",
        failure_reason=None,
        created_at=at,
        updated_at=at,
        credited_at=at,
        fx_rate=Decimal("9.1"),
    )
    return replace(entry, **changes)


def test_the_receipt_states_the_exchange_rate(qapp):
    text = receipt_document(_credited(), sandbox=False).toPlainText()
    assert "Exchange rate" in text
    assert "1 GBP = 9.1 CNY" in text
    assert "Sandbox" not in text
    same = _credited(fx_rate=None, fee=Money.of("0", "GBP"), total=Money.of("20", "GBP"))
    assert "Exchange rate" not in receipt_document(same, sandbox=False).toPlainText()


def test_a_sandbox_receipt_says_no_real_money_moved(qtbot, runner, wallet, tmp_path):
    text = receipt_document(_credited(), sandbox=True).toPlainText()
    assert "Sandbox — no real money. This receipt is not proof of a payment." in text
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    view.set_cards(wallet.load_cards().cards)  # the sandbox marks its cards as such
    target = tmp_path / "receipt.pdf"
    view.write_receipt(_credited(), target)
    # the PDF's own title says it too (UTF-16 in the document information)
    title = "LEB Wallet receipt — Sandbox — no real money".encode("utf-16-be")
    assert title in target.read_bytes()


def test_search_matches_the_payment_method_as_the_user_reads_it(
    qtbot, runner, wallet, qapp, tmp_path_factory
):
    from lebwallet.ui.i18n import install_language
    from tests.ui.wallet_support import reset_language, wallet_qm_dir

    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.ensure_loaded()
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.search.setText("alipay")
    assert [_entry(view.model, r).payment_method for r in range(view.model.rowCount())] == [
        "alipay"
    ]
    saved = QLocale()
    install_language(qapp, "zh_CN", wallet_qm_dir(tmp_path_factory))
    try:
        with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
            view.search.setText("支付宝")
        assert [_entry(view.model, r).payment_method for r in range(view.model.rowCount())] == [
            "alipay"
        ]
        with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
            view.search.setText("银行卡")  # 'Bank card' in Chinese: two orders, one failed
        methods = {_entry(view.model, r).payment_method for r in range(view.model.rowCount())}
        assert methods == {"bank_card"}
    finally:
        reset_language(qapp, saved)


def test_a_short_text_search_goes_on_window_after_window(qtbot, runner, wallet, monkeypatch):
    # One order scanned per page: the model asks for the next window by itself until a
    # page fills or the history ends.
    monkeypatch.setattr("lebwallet.store.history_search.SCAN_WINDOW", 1)
    model = HistoryModel(runner, wallet, page_size=50)
    with qtbot.wait_signal(model.page_loaded, timeout=TIMEOUT_MS):
        model.set_query(HistoryQuery(text="US"))  # the US card's label, in two characters
    qtbot.wait_until(lambda: not model.canFetchMore() and model.rowCount() == 2, timeout=TIMEOUT_MS)
    assert {_entry(model, r).card_id for r in range(model.rowCount())} == {"card_demo_us"}


def test_a_short_text_says_loading_until_its_last_window_is_searched(
    qtbot, runner, wallet, monkeypatch
):
    monkeypatch.setattr("lebwallet.store.history_search.SCAN_WINDOW", 1)
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.ensure_loaded()
    seen: list[str] = []
    view.model.page_loaded.connect(lambda _rows: seen.append(view.message.text()))
    view.search.setText("zq")  # nowhere: five empty windows, one per demo order
    qtbot.wait_until(lambda: not view.model.canFetchMore() and not view.model.is_fetching)
    qtbot.wait_until(lambda: view.message.text() == "No orders match these filters.")
    assert seen[:-1]
    assert set(seen[:-1]) == {"Loading…"}


def test_an_automatic_top_up_is_marked_in_the_note(runner, wallet):
    model = HistoryModel(runner, wallet)
    assert model.display_text(_credited(automatic=True), HistoryColumn.NOTE) == (
        "Automatic keep-alive top-up"
    )
    assert model.display_text(_credited(), HistoryColumn.NOTE) == ""
    failed = _credited(automatic=True, status=OrderStatus.FAILED, failure_reason="declined")
    assert model.display_text(failed, HistoryColumn.NOTE) == "declined"
