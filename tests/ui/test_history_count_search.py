"""History: the count follows the rows shown, and search matches the payment method column
as it is shown (real store, real widgets)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from lebwallet.provider import wire
from lebwallet.services.wallet import Wallet
from lebwallet.store.queries import order_by_provider_id
from lebwallet.ui.history_model import HistoryColumn
from lebwallet.ui.history_view import HistoryView
from lebwallet.ui.i18n import install_language
from lebwallet.ui.tasks import TaskRunner
from tests.ui.wallet_support import english, wallet_qm_dir  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 10_000
DEMO_ORDERS = 5  # the sandbox's demo history


def loaded_view(qtbot: QtBot, runner: TaskRunner, wallet: Wallet) -> HistoryView:
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    view.set_cards(wallet.load_cards().cards)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.ensure_loaded()
    return view


def test_the_count_follows_an_order_added_in_place(qtbot, runner, wallet):
    view = loaded_view(qtbot, runner, wallet)
    assert view.message.text() == f"{DEMO_ORDERS} orders shown"
    order = wallet.client().create_order(
        wire.CreateOrderRequest(
            card_id="card_demo_uk",
            amount=wire.WireMoney(value="10.00", currency="GBP"),
            payment_method=wire.PaymentMethodCode.BANK_CARD,
            pay_currency="GBP",
        ),
        idempotency_key="key-history-count-1",
    )
    wallet.sync()  # the order made elsewhere is now in the store
    with wallet.store().session(readonly=True) as session:
        record = order_by_provider_id(session, order.id)
    assert record is not None
    view.model.refresh_orders([record.local_id])
    qtbot.wait_until(lambda: view.model.rowCount() == DEMO_ORDERS + 1, timeout=TIMEOUT_MS)
    assert view.message.text() == f"{DEMO_ORDERS + 1} orders shown"


def shown_methods(view: HistoryView) -> set[str]:
    model = view.model
    return {model.index(r, HistoryColumn.METHOD).data() for r in range(model.rowCount())}


@pytest.mark.parametrize(
    ("text", "methods", "rows"),
    [("PayPal", {"PayPal"}, 1), ("alipay", {"Alipay"}, 1), ("bank card", {"Bank card"}, 3)],
)
def test_search_matches_the_payment_method_column(qtbot, runner, wallet, text, methods, rows):
    view = loaded_view(qtbot, runner, wallet)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.search.setText(text)
    assert shown_methods(view) == methods
    assert view.model.rowCount() == rows
    assert view.message.text() == ("1 order shown" if rows == 1 else f"{rows} orders shown")


def test_search_matches_the_method_name_in_the_users_language(
    qtbot, qapp, runner, wallet, tmp_path_factory
):
    view = loaded_view(qtbot, runner, wallet)
    install_language(qapp, "zh_CN", wallet_qm_dir(tmp_path_factory))
    try:
        with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
            view.search.setText("支付宝")
        assert view.model.rowCount() == 1
        assert view.model.index(0, HistoryColumn.METHOD).data() == "支付宝"
    finally:
        install_language(qapp, "en", wallet_qm_dir(tmp_path_factory))


def test_a_filtered_history_follows_orders_that_start_or_stop_matching(qtbot, runner, wallet):
    view = loaded_view(qtbot, runner, wallet)
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.status_filter.setCurrentIndex(view.status_filter.findData("awaiting_payment"))
    assert view.model.rowCount() == 0
    client = wallet.client()
    order = client.create_order(
        wire.CreateOrderRequest(
            card_id="card_demo_uk",
            amount=wire.WireMoney(value="10.00", currency="GBP"),
            payment_method=wire.PaymentMethodCode.BANK_CARD,
            pay_currency="GBP",
        ),
        idempotency_key="key-history-filter-1",
    )
    wallet.sync()
    with wallet.store().session(readonly=True) as session:
        record = order_by_provider_id(session, order.id)
    assert record is not None
    view.model.refresh_orders([record.local_id])  # a new open order: it matches the filter
    qtbot.wait_until(lambda: view.model.rowCount() == 1, timeout=TIMEOUT_MS)
    assert view.message.text() == "1 order shown"
    client.cancel_order(order.id)
    wallet.sync()
    view.model.refresh_orders([record.local_id])  # cancelled: no longer awaiting payment
    qtbot.wait_until(lambda: view.model.rowCount() == 0, timeout=TIMEOUT_MS)
    assert view.message.text() == "No orders match these filters."
