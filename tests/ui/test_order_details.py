"""Order details (issue 13, item 4): an unpaid order can be paid again or cancelled after a
restart, its timeline is complete, and a new recharge offers it first. Real widgets against
the running sandbox and a real SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import PaymentMethod
from lebwallet.services.order_details import SOURCE_PROVIDER
from lebwallet.services.recharge_backend import ServiceRechargeBackend
from lebwallet.store.queries import OrderRecord
from lebwallet.ui.checkout_opener import CheckoutOpener
from lebwallet.ui.history_view import HistoryView
from lebwallet.ui.order_details import OrderDetailsDialog
from tests.support.wizard_driver import (
    TIMEOUT_MS,
    Env,
    NoBrowser,
    enter_amount,
    pay,
    pay_by_card,
    start_payment,
    to_amount,
    to_pay,
)
from tests.ui.wallet_support import signed_in_wallet

pytestmark = pytest.mark.usefixtures("british_locale")


def unpaid_order(qtbot: QtBot, env: Env, method: PaymentMethod) -> OrderRecord:
    """An order made in a wizard that was then closed (as by a restart), still unpaid."""
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20", method)
    to_pay(qtbot, wizard)
    pay(qtbot, wizard)
    order = wizard.order
    assert order is not None
    wizard.close()
    env.browser.urls.clear()
    return order


def details_dialog(qtbot: QtBot, env: Env, local_id: int) -> OrderDetailsDialog:
    dialog = OrderDetailsDialog(
        ServiceRechargeBackend(env.new_client, env.store),
        env.runner,
        CheckoutOpener(env.client(), env.browser),
        local_id,
        poll_interval_ms=100,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.details is not None, timeout=TIMEOUT_MS)
    return dialog


def test_an_unpaid_order_can_be_paid_again_and_cancelled(qtbot: QtBot, env: Env) -> None:
    order = unpaid_order(qtbot, env, PaymentMethod.BANK_CARD)
    dialog = details_dialog(qtbot, env, order.local_id)
    assert dialog.values["order"].text() == order.provider_id
    assert dialog.values["total"].text() == "£20.00 to pay"
    assert dialog.values["status"].text() == "Awaiting payment"
    assert dialog.timeline.topLevelItemCount() >= 1
    panel = dialog.payment
    assert panel.open_button.isVisible()
    assert panel.open_button.text() == "Open payment page again"
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert env.browser.urls == [order.checkout_url]
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == order.checkout_url

    with qtbot.wait_signal(dialog.order_changed, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.cancel_order_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.record is not None and dialog.record.status is OrderStatus.CANCELLED,
        timeout=TIMEOUT_MS,
    )
    assert not panel.open_button.isVisible()
    assert not dialog.cancel_order_button.isVisible()
    items = [dialog.timeline.topLevelItem(i) for i in range(dialog.timeline.topLevelItemCount())]
    statuses = [item.text(1) for item in items if item is not None]
    assert statuses[0] == "Awaiting payment"
    assert statuses[-1] == "Cancelled"


def test_a_qr_order_shows_its_code_and_can_be_paid_here(qtbot: QtBot, env: Env) -> None:
    order = unpaid_order(qtbot, env, PaymentMethod.ALIPAY)
    dialog = details_dialog(qtbot, env, order.local_id)
    panel = dialog.payment
    assert panel.qr_widget.isVisible()
    assert panel.qr_widget.payload == order.qr_payload
    assert panel.open_button.text() == "Pay on this computer"
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert env.browser.urls == [order.checkout_url]


def test_the_timeline_has_the_steps_the_wallet_did_not_see(qtbot: QtBot, env: Env) -> None:
    order = unpaid_order(qtbot, env, PaymentMethod.BANK_CARD)
    assert order.checkout_url is not None
    pay_by_card(order.checkout_url, "4242 4242 4242 4242")  # paid while the wallet was closed
    qtbot.waitUntil(
        lambda: any(
            o.id == order.provider_id and o.status.value == "credited"
            for o in env.provider_orders()
        ),
        timeout=TIMEOUT_MS,
    )
    dialog = details_dialog(qtbot, env, order.local_id)
    qtbot.waitUntil(
        lambda: dialog.record is not None and dialog.record.status is OrderStatus.CREDITED,
        timeout=TIMEOUT_MS,
    )
    details = dialog.details
    assert details is not None
    steps = [(e.status, e.source) for e in details.timeline]
    assert steps[0][0] is OrderStatus.AWAITING_PAYMENT
    assert (OrderStatus.PAID, SOURCE_PROVIDER) in steps
    assert steps[-1][0] is OrderStatus.CREDITED
    assert [e.at for e in details.timeline] == sorted(e.at for e in details.timeline)
    assert not dialog.payment.open_button.isVisible()


def test_a_new_recharge_offers_the_cards_unpaid_order_first(qtbot: QtBot, env: Env) -> None:
    order = unpaid_order(qtbot, env, PaymentMethod.BANK_CARD)
    before = len(env.provider_orders())
    wizard = env.wizard(qtbot)
    page = wizard.card_page
    qtbot.waitUntil(lambda: page.pending_order is not None, timeout=TIMEOUT_MS)
    assert page.pending_order is not None
    assert page.pending_order.local_id == order.local_id
    assert page.resume_button.isVisible()
    assert "waiting for payment" in page.pending_label.text()
    with qtbot.wait_signal(wizard.order_resumed, timeout=TIMEOUT_MS) as resumed:
        qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    dialog = resumed.args[0]
    assert isinstance(dialog, OrderDetailsDialog)
    qtbot.addWidget(dialog)
    assert dialog.local_id == order.local_id
    assert not wizard.isVisible()
    qtbot.waitUntil(lambda: dialog.payment.open_button.isVisible(), timeout=TIMEOUT_MS)
    assert len(env.provider_orders()) == before  # no second order


def test_a_card_without_an_unpaid_order_is_offered_nothing(qtbot: QtBot, env: Env) -> None:
    wizard = start_payment(qtbot, env)
    assert wizard.order is not None
    wizard.close()
    other = env.wizard(qtbot, "card_demo_us")
    qtbot.waitUntil(other.card_page.isComplete, timeout=TIMEOUT_MS)
    env.runner.wait_for_all(TIMEOUT_MS)
    qtbot.wait(50)
    assert other.card_page.pending_order is None
    assert not other.card_page.resume_button.isVisible()


def test_history_asks_for_details_by_double_click_enter_and_menu(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from lebwallet.ui.tasks import TaskRunner

    runner = TaskRunner()
    with signed_in_wallet(tmp_path) as wallet:
        view = HistoryView(runner, wallet)
        qtbot.addWidget(view)
        view.show()
        with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
            view.ensure_loaded()
        first = view.model.entry_at(0)
        second = view.model.entry_at(1)
        assert first is not None
        assert second is not None
        table = view.table
        qtbot.waitExposed(view)
        rect = table.visualRect(view.model.index(0, 0))
        with qtbot.wait_signal(view.order_details_requested, timeout=TIMEOUT_MS) as clicked:
            QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert clicked.args == [first.local_id]

        table.setFocus()
        table.setCurrentIndex(view.model.index(1, 0))
        with qtbot.wait_signal(view.order_details_requested, timeout=TIMEOUT_MS) as entered:
            QTest.keyClick(table, Qt.Key.Key_Return)
        assert entered.args == [second.local_id]

        view.details_trigger._context_menu(QPoint(rect.center()))
        menu = view.details_trigger.menu
        assert menu is not None
        actions = menu.actions()
        assert [a.text() for a in actions] == ["Order details…"]
        with qtbot.wait_signal(view.order_details_requested, timeout=TIMEOUT_MS) as chosen:
            actions[0].trigger()
        assert chosen.args == [first.local_id]
        menu.close()
    assert runner.shutdown(TIMEOUT_MS)


def test_a_notice_to_pay_opens_the_page_and_says_when_the_browser_cannot(
    qtbot: QtBot, env: Env
) -> None:
    order = unpaid_order(qtbot, env, PaymentMethod.BANK_CARD)
    env.browser = NoBrowser()
    dialog = OrderDetailsDialog(
        ServiceRechargeBackend(env.new_client, env.store),
        env.runner,
        CheckoutOpener(env.client(), env.browser),
        order.local_id,
        open_payment=True,
        poll_interval_ms=0,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    message = dialog.payment.message_label
    qtbot.waitUntil(message.isVisible, timeout=TIMEOUT_MS)
    assert env.browser.urls == [order.checkout_url]
    assert "browser could not be opened" in message.text()
    assert dialog.payment.copy_button.isVisible()
