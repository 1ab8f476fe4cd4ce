"""Paying from this computer, copying the link, and a browser that cannot be opened
(issue 13, item 5), through the wizard's real pay page against the running sandbox."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import PaymentMethod
from lebwallet.ui.checkout_opener import CheckoutOpener, OpenResult
from tests.support.wizard_driver import (
    TIMEOUT_MS,
    Browser,
    Env,
    NoBrowser,
    enter_amount,
    pay,
    post,
    start_payment,
    to_amount,
    to_pay,
    wait_result,
)

pytestmark = pytest.mark.usefixtures("british_locale")


def test_a_qr_order_can_be_paid_on_this_computer(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20", PaymentMethod.ALIPAY)
    to_pay(qtbot, wizard)
    pay(qtbot, wizard)
    order = wizard.order
    assert order is not None
    assert order.checkout_url
    page = wizard.pay_page
    assert page.qr_widget.isVisible()
    assert page.open_again_button.isVisible()
    assert page.open_again_button.text() == "Pay on this computer"
    assert page.copy_link_button.isVisible()
    assert env.browser.urls == []
    qtbot.mouseClick(page.open_again_button, Qt.MouseButton.LeftButton)
    assert env.browser.urls == [order.checkout_url]
    # the checkout page shown in the browser pays the order as the phone would
    post(f"{order.checkout_url}/qr", {"decision": "approve"})
    wait_result(qtbot, wizard, OrderStatus.CREDITED)


def test_copy_link_puts_the_payment_link_on_the_clipboard(qtbot: QtBot, env: Env) -> None:
    wizard = start_payment(qtbot, env)
    order = wizard.order
    assert order is not None
    assert order.checkout_url
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(wizard.pay_page.copy_link_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == order.checkout_url
    assert "copied" in wizard.pay_page.payment.message_label.text()


def test_a_browser_that_cannot_be_opened_is_said_and_stays_said(qtbot: QtBot, env: Env) -> None:
    env.browser = NoBrowser()
    wizard = start_payment(qtbot, env)
    assert len(env.browser.urls) == 1  # the wizard tried to open the checkout page
    message = wizard.pay_page.payment.message_label
    qtbot.waitUntil(message.isVisible, timeout=TIMEOUT_MS)
    assert "browser could not be opened" in message.text()
    assert wizard.pay_page.copy_link_button.isVisible()
    # the order is followed: its updates do not wipe the message
    for _ in range(3):
        wizard.poll_now()
        qtbot.wait(150)
    assert message.isVisible()
    assert "browser could not be opened" in message.text()


def test_the_opener_says_why_a_page_was_not_opened(env: Env) -> None:
    client = env.client()
    url = f"{env.sandbox.url}/checkout/ord_1"
    assert CheckoutOpener(client, NoBrowser()).open_checkout(url) is OpenResult.NO_BROWSER
    assert CheckoutOpener(client, Browser()).open_checkout(url) is OpenResult.OPENED
    assert (
        CheckoutOpener(client, Browser()).open_checkout("https://evil.example/checkout/ord_1")
        is OpenResult.REFUSED
    )
