"""The words of an order's money follow its status (one rule, `domain.orders.charge_of`):
"to pay" before payment, "paid" once paid, "credited" once credited; a failed order that
was never paid says nothing was charged — in History, its CSV, the order's details and the
support form's facts (real sandbox, real store, real widgets)."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lebwallet.domain.orders import OrderStatus
from lebwallet.provider import wire
from lebwallet.services.order_details import order_details
from lebwallet.services.support_values import local_order_facts
from lebwallet.services.wallet import Wallet
from lebwallet.store.queries import order_by_provider_id
from lebwallet.ui.history_model import HistoryColumn
from lebwallet.ui.history_view import HistoryView
from lebwallet.ui.order_facts import OrderFacts
from lebwallet.ui.tasks import TaskRunner
from tests.support.wizard_driver import pay_by_card
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 10_000
INSUFFICIENT_FUNDS = "4000 0000 0000 9995"


def _order(wallet: Wallet, key: str, *, pay_with: str | None = None) -> int:
    """A $25.00 top-up of the US card, paid with `pay_with` (None: left unpaid); its local id."""
    order = wallet.client().create_order(
        wire.CreateOrderRequest(
            card_id="card_demo_us",
            amount=wire.WireMoney(value="25.00", currency="USD"),
            payment_method=wire.PaymentMethodCode.BANK_CARD,
            pay_currency="USD",
        ),
        idempotency_key=key,
    )
    if pay_with is not None:
        assert order.checkout_url is not None
        pay_by_card(str(order.checkout_url), pay_with)
    wallet.sync()
    with wallet.store().session(readonly=True) as session:
        record = order_by_provider_id(session, order.id)
    assert record is not None
    if pay_with is not None:
        assert record.status is OrderStatus.FAILED
    return record.local_id


def _history_total(qtbot: QtBot, runner: TaskRunner, wallet: Wallet, local_id: int) -> str:
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.ensure_loaded()
    for row in range(view.model.rowCount()):
        entry = view.model.entry_at(row)
        if entry is not None and entry.local_id == local_id:
            return str(view.model.index(row, HistoryColumn.TOTAL).data())
    raise AssertionError(f"order {local_id} not in the history")


def _facts(qtbot: QtBot, wallet: Wallet, local_id: int) -> OrderFacts:
    details = order_details(wallet.store(), local_id)
    assert details is not None
    facts = OrderFacts()
    qtbot.addWidget(facts)
    facts.show_order(details)
    return facts


def test_a_failed_unpaid_order_says_nothing_was_charged(qtbot, runner, wallet, tmp_path):
    local_id = _order(wallet, "key-words-failed", pay_with=INSUFFICIENT_FUNDS)
    view_total = _history_total(qtbot, runner, wallet, local_id)
    assert view_total == "Nothing charged"
    facts = _facts(qtbot, wallet, local_id)
    assert facts.values["total"].text() == "Nothing charged"
    assert facts.values["credited"].text() == "Nothing credited"
    support = local_order_facts(wallet.store(), local_id)
    from lebwallet.domain.support import facts_text

    text = facts_text(support)
    assert "Credited: nothing" in text
    assert "Charged: nothing" in text


def test_an_order_awaiting_payment_says_to_pay(qtbot, runner, wallet):
    local_id = _order(wallet, "key-words-unpaid")
    assert _history_total(qtbot, runner, wallet, local_id) == "$25.00 to pay"
    facts = _facts(qtbot, wallet, local_id)
    assert facts.values["total"].text() == "$25.00 to pay"
    assert facts.values["credited"].text() == "Not credited yet"


def test_a_credited_order_says_paid(qtbot, runner, wallet):
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.status_filter.setCurrentIndex(view.status_filter.findData("credited"))
    text = str(view.model.index(0, HistoryColumn.TOTAL).data())
    assert text.endswith(" paid")
    assert view.model.headerData(HistoryColumn.TOTAL, Qt.Orientation.Horizontal) == "Total"


def test_the_csv_says_whether_an_order_was_charged(qtbot, runner, wallet, tmp_path):
    failed = _order(wallet, "key-words-csv", pay_with=INSUFFICIENT_FUNDS)
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    target = tmp_path / "history.csv"
    with qtbot.wait_signal(view.exported, timeout=TIMEOUT_MS):
        view.export_to(target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert "Paid" not in rows[0]
    by_id = {row["Order"]: row for row in rows}
    assert by_id[str(failed)]["Payment"] == "Not charged"
    assert {row["Payment"] for row in rows if row["Status"] == "Credited"} == {"Paid and credited"}
