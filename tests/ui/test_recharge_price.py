"""What is shown is what is charged: the confirm page shows the provider's own price, and an
order that differs from it is cancelled before it can be paid (end to end, against the
running sandbox, through the wizard's real pages)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lebwallet.domain.flow_values import Step
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import Quote
from lebwallet.provider import wire
from lebwallet.services.recharge_backend import ServiceRechargeBackend
from lebwallet.store import queries
from lebwallet.ui.recharge_wizard import RechargeWizard
from tests.support.wizard_driver import (
    TIMEOUT_MS,
    Env,
    enter_amount,
    pay,
    to_amount,
    to_confirm,
    to_pay,
    wait_step,
)

pytestmark = pytest.mark.usefixtures("british_locale")


def shown(wizard: RechargeWizard, key: str) -> str:
    return wizard.confirm_page.values[key].text()


def provider_order(env: Env, order_id: str) -> wire.Order:
    return env.client().get_order(order_id)


def new_provider_orders(env: Env) -> list[wire.Order]:
    """The provider's orders but the demo account's seeded history."""
    return [o for o in env.provider_orders() if not o.idempotency_key.startswith("seed-")]


def test_promo_code_confirm_shows_what_the_provider_charges(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20", promo="KEEPALIVE5")
    to_confirm(qtbot, wizard)
    assert shown(wizard, "discount") == "-£1.00"
    assert shown(wizard, "total") == "£19.00"
    assert shown(wizard, "bonus") == "£0.00"
    assert shown(wizard, "credited") == "£20.00"
    promotion = shown(wizard, "promotion")
    assert "KEEPALIVE5: 5% off any top-up” applies: £1.00 off." in promotion
    assert "+10% credit on top-ups of £20 or more” does not apply" in promotion
    assert "the promo code you entered replaces it" in promotion
    wizard.next()
    wait_step(qtbot, wizard, Step.PAY)
    pay(qtbot, wizard)
    record = wizard.context.order
    assert record is not None
    assert record.provider_id is not None
    order = provider_order(env, record.provider_id)
    assert order.status is wire.WireOrderStatus.AWAITING_PAYMENT
    assert order.price.total.to_domain().display() == "£19.00"
    assert order.price.credited_amount.to_domain().display() == "£20.00"
    assert env.browser.urls == [record.checkout_url]


def test_without_a_code_confirm_shows_the_automatic_bonus(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20")
    to_confirm(qtbot, wizard)
    assert shown(wizard, "total") == "£20.00"
    assert shown(wizard, "credited") == "£22.00"
    promotion = shown(wizard, "promotion")
    assert "applies: £2.00 extra credit." in promotion
    assert "KEEPALIVE5: 5% off any top-up” does not apply: it needs its promo code." in promotion


def test_below_a_promotions_minimum_confirm_says_why(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "10")
    to_confirm(qtbot, wizard)
    assert shown(wizard, "credited") == "£10.00"
    assert "does not apply: it needs a top-up of at least £20.00." in shown(wizard, "promotion")


def test_an_unknown_code_is_refused_on_confirm_and_nothing_is_ordered(
    qtbot: QtBot, env: Env
) -> None:
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20", promo="NOSUCHCODE")
    wizard.next()
    wait_step(qtbot, wizard, Step.CONFIRM)
    page = wizard.confirm_page
    qtbot.waitUntil(lambda: bool(page.error_label.text()), timeout=TIMEOUT_MS)
    assert "does not know this promo code" in page.error_label.text()
    assert not page.isComplete()
    assert not page.retry_button.isHidden()
    assert shown(wizard, "total") == "—"
    assert new_provider_orders(env) == []


class UnpricedBackend(ServiceRechargeBackend):
    """The wallet's backend, except that the confirm page is given the wallet's own local
    estimate as if the provider had priced it: what a provider whose quote and order
    disagree would look like."""

    def price(self, card_id: str, quote: Quote) -> Quote:
        return dataclasses.replace(quote, provider_priced=True)


def unpriced_wizard(qtbot: QtBot, env: Env) -> RechargeWizard:
    wizard = RechargeWizard(
        UnpricedBackend(env.new_client, env.store),
        env.runner,
        env.client(),
        card_id="card_demo_uk",
        open_url=env.browser,
        poll_interval_ms=100,
    )
    qtbot.addWidget(wizard)
    env.wizards.append(wizard)
    wizard.show()
    return wizard


def test_an_order_that_differs_from_the_confirmed_price_is_cancelled(
    qtbot: QtBot, env: Env
) -> None:
    wizard = unpriced_wizard(qtbot, env)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20", promo="KEEPALIVE5")
    to_pay(qtbot, wizard)
    assert wizard.confirm_page.values["total"].text() == "£20.00"  # what the user confirmed
    qtbot.mouseClick(wizard.pay_page.pay_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.AMOUNT)
    notice = wizard.amount_page.notice_label.text()
    assert "asked £19.00 and credited £20.00, not the £20.00 and £20.00 you confirmed" in notice
    assert "nothing was charged" in notice
    assert env.browser.urls == []  # never sent to pay it
    (order,) = new_provider_orders(env)
    assert order.status is wire.WireOrderStatus.CANCELLED
    with env.store.session(readonly=True) as session:
        assert queries.non_final_orders(session) == []
    assert wizard.flow.idempotency_key is None
    assert wizard.order is None


def test_a_refused_order_goes_back_to_amount_with_the_reason(qtbot: QtBot, env: Env) -> None:
    wizard = unpriced_wizard(qtbot, env)  # the provider sees the unknown code only at create
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20", promo="NOSUCHCODE")
    to_pay(qtbot, wizard)
    qtbot.mouseClick(wizard.pay_page.pay_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.AMOUNT)
    qtbot.waitUntil(lambda: wizard.flow.options is not None, timeout=TIMEOUT_MS)
    assert "refused" in wizard.amount_page.notice_label.text()
    assert wizard.flow.idempotency_key is None
    assert wizard.order is None
    with env.store.session(readonly=True) as session:
        assert queries.non_final_orders(session) == []
    # a corrected amount can be paid with a new key
    wizard.amount_page.promo_edit.setText("")
    qtbot.waitUntil(wizard.amount_page.isComplete, timeout=TIMEOUT_MS)
    to_pay(qtbot, wizard)
    pay(qtbot, wizard)
    record = wizard.context.order
    assert record is not None
    assert record.status is OrderStatus.AWAITING_PAYMENT


def test_the_result_shows_the_providers_new_balance_not_a_local_sum(qtbot: QtBot, env: Env) -> None:
    from sqlalchemy import update

    from lebwallet.provider.convert import card_to_domain
    from lebwallet.store.models import CardRow
    from tests.support.wizard_driver import pay_by_card, wait_result

    with env.store.session() as session:  # the wallet's copy is stale: £1.00 off
        session.execute(update(CardRow).where(CardRow.id == "card_demo_uk").values(balance_minor=1))
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "10")
    to_pay(qtbot, wizard)
    pay(qtbot, wizard)
    record = wizard.context.order
    assert record is not None
    assert record.checkout_url is not None
    pay_by_card(record.checkout_url, "4242424242424242")
    wait_result(qtbot, wizard, OrderStatus.CREDITED)
    there = card_to_domain(env.client().get_card("card_demo_uk"))
    expected = f"New balance: £{there.balance.amount:.2f}"
    qtbot.waitUntil(lambda: expected in wizard.result_page.details.text(), timeout=TIMEOUT_MS)
