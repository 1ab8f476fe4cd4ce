"""The recharge wizard, driven through its real pages against the running sandbox.

Each test signs in to a fresh sandbox, syncs the demo cards into a real SQLite store and
walks the wizard as a user would. Browser steps (the hosted checkout) are done by posting
the sandbox's checkout forms with `requests`, exactly as the browser would post them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lebwallet.domain.flow_values import Step
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import PaymentMethod
from lebwallet.provider import wire
from lebwallet.sandbox.config import SandboxConfig
from lebwallet.services.recharge import RechargeService
from lebwallet.services.recharge_backend import ServiceRechargeBackend
from lebwallet.store import queries
from lebwallet.store.engine import default_sqlite_url
from lebwallet.ui.recharge_wizard import RechargeWizard
from tests.support.wizard_driver import (
    TIMEOUT_MS,
    Env,
    enter_amount,
    get,
    pay,
    pay_by_card,
    post,
    running_wizard_env,
    start_payment,
    to_amount,
    to_confirm,
    to_pay,
    wait_result,
    wait_step,
)

pytestmark = pytest.mark.usefixtures("british_locale")

ROOT = Path(__file__).resolve().parents[2]


# --- the happy path and the card outcomes ---------------------------------------------------


def test_amount_page_states_the_rules_up_front(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    page = wizard.amount_page
    assert "£5.00" in page.limits_label.text()
    assert "£100.00" in page.limits_label.text()
    assert "£150.00" in page.caps_label.text()
    assert "£10.00" in page.keep_alive_label.text()
    assert "KEEPALIVE5" in page.promotions_label.text()
    marks = {b.objectName(): b.text() for b in page.preset_buttons}
    assert marks["preset_10.00"].endswith("✓")
    # live validation names the exact rule
    page.amount_edit.setText("3")
    assert "minimum" in page.error_label.text()
    assert not page.isComplete()
    page.amount_edit.setText("101")
    assert "maximum" in page.error_label.text()
    page.amount_edit.setText("12")
    assert "steps of £5.00" in page.error_label.text()
    assert "£10.00" in page.error_label.text()
    page.amount_edit.setText("abc")
    assert not page.isComplete()
    page.amount_edit.setText("5")
    assert page.isComplete()
    assert "does not reset" in page.quote_label.text()
    # a promo code discounts
    page.promo_edit.setText("keepalive5")
    page.amount_edit.setText("20")
    quote = wizard.flow.quote
    assert quote is not None
    assert quote.promo_code == "KEEPALIVE5"
    assert quote.promo_code_unverified  # only the provider knows codes
    assert "prices the promo code on the next page" in page.quote_label.text()
    page.promo_edit.setText("two words")
    assert "promo code" in page.error_label.text()
    assert not page.isComplete()


def test_success_by_test_card(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20")
    to_confirm(qtbot, wizard)
    values = wizard.confirm_page.values
    assert values["amount"].text() == "£20.00"
    assert values["bonus"].text() == "+£2.00"
    assert values["total"].text() == "£20.00"
    assert values["credited"].text() == "£22.00"
    assert "was" in values["deadline"].text()
    wizard.next()
    wait_step(qtbot, wizard, Step.PAY)
    pay(qtbot, wizard)
    assert wizard.order is not None
    assert env.browser.urls == [wizard.order.checkout_url]
    assert not wizard.flow.can_go_back
    pay_by_card(env.browser.urls[0], "4242 4242 4242 4242")
    wait_result(qtbot, wizard, OrderStatus.CREDITED)
    assert "£22.00 credited" in wizard.result_page.headline.text()
    qtbot.waitUntil(  # read from the store, where the provider's new balance now is
        lambda: "New balance" in wizard.result_page.details.text(), timeout=TIMEOUT_MS
    )
    with env.store.session(readonly=True) as session:
        stored = queries.order_by_id(session, wizard.order.local_id)
    assert stored is not None
    assert stored.status is OrderStatus.CREDITED
    assert not wizard.is_polling


@pytest.mark.parametrize(
    ("number", "reason"),
    [("4000000000000002", "declined"), ("4000000000009995", "insufficient")],
)
def test_refused_card_ends_failed_with_reason(
    qtbot: QtBot, env: Env, number: str, reason: str
) -> None:
    wizard = start_payment(qtbot, env)
    pay_by_card(env.browser.urls[0], number)
    wait_result(qtbot, wizard, OrderStatus.FAILED)
    assert reason in wizard.result_page.details.text().lower()
    assert wizard.result_page.try_again_button.isVisible()
    # "Contact support" about the failed order (issue 17)
    assert wizard.result_page.support_button.isVisible()
    order = wizard.order
    assert order is not None
    with qtbot.waitSignal(wizard.result_page.support_requested) as asked:
        qtbot.mouseClick(wizard.result_page.support_button, Qt.MouseButton.LeftButton)
    assert asked.args == [order.local_id]
    # try again: a new top-up of the same card, with a new key
    old_key = wizard.flow.idempotency_key
    qtbot.mouseClick(wizard.result_page.try_again_button, Qt.MouseButton.LeftButton)
    wait_step(qtbot, wizard, Step.CARD)
    to_amount(qtbot, wizard)
    card = wizard.flow.card
    assert card is not None
    assert card.id == "card_demo_uk"
    enter_amount(qtbot, wizard, "25")
    to_pay(qtbot, wizard)
    assert wizard.flow.idempotency_key not in (None, old_key)
    assert wizard.context.order is None


def test_authentication_step(qtbot: QtBot, env: Env) -> None:
    wizard = start_payment(qtbot, env, amount="10")
    response = pay_by_card(env.browser.urls[0], "4000 0025 0000 3155")
    assert response.headers["Location"].endswith("/authenticate")
    qtbot.waitUntil(
        lambda: wizard.order is not None and wizard.order.status is OrderStatus.REQUIRES_ACTION,
        timeout=TIMEOUT_MS,
    )
    assert "verification" in wizard.pay_page.hint_label.text()
    qtbot.mouseClick(wizard.pay_page.open_again_button, Qt.MouseButton.LeftButton)
    auth_url = env.browser.urls[-1]
    assert auth_url.endswith("/authenticate")
    code = re.search(r'id="sandbox-code"[^>]*>\s*(\w+)\s*<', get(auth_url).text)
    assert code is not None
    post(auth_url, {"otp": code.group(1), "decision": "approve"})
    wait_result(qtbot, wizard, OrderStatus.CREDITED)


def test_alipay_qr_scan(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20", PaymentMethod.ALIPAY)
    assert wizard.flow.options is not None
    assert wizard.flow.options.pay_currency == "CNY"
    assert "CNY" in wizard.amount_page.fx_label.text()
    to_pay(qtbot, wizard)
    assert "CN¥" in wizard.confirm_page.values["total"].text() or "CNY" in (
        wizard.confirm_page.values["total"].text()
    )
    pay(qtbot, wizard)
    order = wizard.order
    assert order is not None
    assert order.qr_payload
    assert env.browser.urls == []  # QR flows stay in the wallet
    assert wizard.pay_page.qr_widget.payload == order.qr_payload
    assert wizard.pay_page.qr_widget.isVisible()
    assert order.provider_id is not None
    post(f"{env.sandbox.url}/checkout/{order.provider_id}/qr", {"decision": "approve"})
    wait_result(qtbot, wizard, OrderStatus.CREDITED)


def test_cancel_order(qtbot: QtBot, env: Env) -> None:
    wizard = start_payment(qtbot, env)
    qtbot.mouseClick(wizard.pay_page.cancel_order_button, Qt.MouseButton.LeftButton)
    wait_result(qtbot, wizard, OrderStatus.CANCELLED)
    assert "Nothing was charged" in wizard.result_page.details.text()
    assert [o.status for o in env.provider_orders() if o.card_id == "card_demo_uk"].count(
        wire.WireOrderStatus.CANCELLED
    ) >= 1


def test_cancel_wizard_before_paying_leaves_nothing(qtbot: QtBot, env: Env) -> None:
    before = len(env.provider_orders())
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20")
    to_pay(qtbot, wizard)
    wizard.reject()
    assert wizard.flow.closed
    with env.store.session(readonly=True) as session:
        assert queries.non_final_orders(session) == []
    assert len(env.provider_orders()) == before


def test_back_then_pay_with_unchanged_details_reuses_the_key(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20")
    to_pay(qtbot, wizard)
    key = wizard.flow.idempotency_key
    wizard.back()
    wait_step(qtbot, wizard, Step.CONFIRM)
    wizard.next()
    wait_step(qtbot, wizard, Step.PAY)
    assert wizard.flow.idempotency_key == key
    wizard.back()
    wizard.back()
    wait_step(qtbot, wizard, Step.AMOUNT)
    wizard.amount_page.amount_edit.setText("30")
    qtbot.waitUntil(wizard.amount_page.isComplete, timeout=TIMEOUT_MS)
    to_pay(qtbot, wizard)
    assert wizard.flow.idempotency_key != key


def test_double_click_on_pay_makes_one_provider_order(qtbot: QtBot, env: Env) -> None:
    before = len(env.provider_orders())
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20")
    to_pay(qtbot, wizard)
    button = wizard.pay_page.pay_button
    qtbot.mouseDClick(button, Qt.MouseButton.LeftButton)
    wizard.pay_page.pay()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.order is not None, timeout=TIMEOUT_MS)
    assert wizard.pay_page.submit_count == 1
    # even a second submit with the same key (a retry) replays the same order
    card, quote, key = wizard.flow.card, wizard.flow.quote, wizard.flow.idempotency_key
    assert card is not None
    assert quote is not None
    assert key is not None
    again = ServiceRechargeBackend(env.new_client, env.store).submit(card.id, quote, key)
    assert again.provider_id == wizard.order.provider_id  # type: ignore[union-attr]
    assert len(env.provider_orders()) == before + 1


def test_duplicate_warning(qtbot: QtBot, env: Env) -> None:
    first = start_payment(qtbot, env)
    first.reject()
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20")
    to_confirm(qtbot, wizard)
    assert wizard.flow.duplicate_of is not None
    assert not wizard.confirm_page.duplicate_label.isHidden()
    assert wizard.confirm_page.isComplete()  # a warning, not a block


def test_expired_price_goes_back_to_amount(qtbot: QtBot, env: Env) -> None:
    clock = [datetime.now(UTC)]
    wizard = env.wizard(qtbot, now=lambda: clock[0])
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20", PaymentMethod.ALIPAY)  # paid in CNY: an FX quote
    to_confirm(qtbot, wizard)
    clock[0] += timedelta(minutes=11)
    wizard.next()
    wait_step(qtbot, wizard, Step.AMOUNT)
    assert "expired" in wizard.amount_page.notice_label.text()
    assert wizard.flow.quote is None
    with env.store.session(readonly=True) as session:
        assert queries.non_final_orders(session) == []


def test_unpaid_order_expires(qtbot: QtBot, tmp_path: Path) -> None:
    config = SandboxConfig(order_ttl=timedelta(seconds=1))
    with running_wizard_env(tmp_path, qtbot, credit_delay=0.2, config=config) as env:
        wizard = start_payment(qtbot, env)
        wait_result(qtbot, wizard, OrderStatus.EXPIRED)
        assert "not paid in time" in wizard.result_page.details.text()


def test_closing_while_waiting_keeps_the_order(qtbot: QtBot, env: Env) -> None:
    wizard = start_payment(qtbot, env)
    order = wizard.order
    assert order is not None
    wizard.reject()
    assert not wizard.is_polling
    with env.store.session(readonly=True) as session:
        assert [o.local_id for o in queries.non_final_orders(session)] == [order.local_id]


def test_refresher_pushes_changes(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot, follow_by_refresher=True)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20")
    to_pay(qtbot, wizard)
    pay(qtbot, wizard)
    assert not wizard.is_polling
    pay_by_card(env.browser.urls[0], "4242424242424242")
    service = RechargeService(env.client(), env.store)

    def pushed() -> bool:
        for change in service.refresh():
            wizard.on_order_changed(change)
        return wizard.order is not None and wizard.order.status is OrderStatus.CREDITED

    qtbot.waitUntil(pushed, timeout=TIMEOUT_MS)
    wait_step(qtbot, wizard, Step.RESULT)


# --- a crash after Pay ----------------------------------------------------------------------

CRASHING_PAYER = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from lebwallet.domain.money import Money
    from lebwallet.domain.recharge import PaymentMethod
    from lebwallet.provider.client import ProviderClient
    from lebwallet.services.recharge import RechargeService
    from lebwallet.store.engine import open_store
    from lebwallet.store.writes import journal_order
    from lebwallet.provider.convert import options_to_domain

    url, email, password, db, mode = sys.argv[1:6]
    store = open_store(db)
    client = ProviderClient(url)
    client.tokens = client.login(email, password)
    options = options_to_domain(client.recharge_options("card_demo_uk"))
    quote = options.quote(Money.of("20", "GBP"), PaymentMethod.BANK_CARD, now=datetime.now(UTC))
    key = "crash-test-key-0001"
    if mode == "journal-only":
        with store.session() as session:
            journal_order(session, idempotency_key=key, card_id="card_demo_uk", quote=quote)
    else:
        RechargeService(client, store).submit("card_demo_uk", quote, key)
    print("ready", flush=True)
    time.sleep(60)
    """
)


@pytest.mark.parametrize("mode", ["created", "journal-only"])
def test_a_crash_after_pay_loses_nothing(env: Env, tmp_path: Path, mode: str) -> None:
    db = default_sqlite_url(tmp_path / "data")
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CRASHING_PAYER,
            env.sandbox.url,
            env.sandbox.email,
            env.sandbox.password,
            db,
            mode,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    finally:
        process.kill()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    # a new start: reconcile finds the journalled order and confirms it with its key
    service = RechargeService(env.client(), env.store)
    report = service.reconcile()
    assert report.checked == 1
    assert report.failures == []
    with env.store.session(readonly=True) as session:
        (record,) = queries.non_final_orders(session)
    assert record.idempotency_key == "crash-test-key-0001"
    assert record.provider_id is not None
    assert record.checkout_url is not None
    keyed = [o for o in env.provider_orders() if o.idempotency_key == "crash-test-key-0001"]
    assert len(keyed) == 1
    pay_by_card(record.checkout_url, "4242424242424242")

    def credited() -> bool:
        service.refresh([record.local_id])
        with env.store.session(readonly=True) as session:
            found = queries.order_by_id(session, record.local_id)
        return found is not None and found.status is OrderStatus.CREDITED

    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while not credited():
        assert datetime.now(UTC) < deadline, "the order was not credited"
        import time

        time.sleep(0.1)


def test_lost_responses_on_pay_still_make_one_order(qtbot: QtBot, tmp_path: Path) -> None:
    faults = "drop_after_commit=0.6,paths=/v1/orders,seed=11"
    with running_wizard_env(tmp_path, qtbot, credit_delay=0.2, faults=faults) as env:
        wizard = env.wizard(qtbot)
        to_amount(qtbot, wizard)
        enter_amount(qtbot, wizard, "20")
        to_pay(qtbot, wizard)
        key = wizard.flow.idempotency_key
        page = wizard.pay_page

        def settled() -> bool:
            return not page.submitting

        for _attempt in range(6):  # the user presses Pay / Try again until it goes through
            qtbot.mouseClick(page.pay_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(settled, timeout=TIMEOUT_MS * 3)
            if wizard.context.order is not None:
                break
            assert page.pay_button.isEnabled()
            assert wizard.flow.idempotency_key == key  # a retry reuses the key
        record = wizard.context.order
        assert record is not None
        with env.store.session(readonly=True) as session:
            assert len(queries.recent_orders(session, "card_demo_uk", record.created_at)) == 1
        # the provider holds exactly one order for the key (asked without faults: by id)
        assert record.provider_id is not None
        with requests.Session() as http:
            response = http.get(f"{env.sandbox.url}/checkout/{record.provider_id}", timeout=10)
        assert response.status_code == 200
        assert page.submit_count >= 1


def test_for_services_builds_a_working_wizard(qtbot: QtBot, env: Env) -> None:
    wizard = RechargeWizard.for_services(
        env.new_client, env.store, env.runner, card_id="card_demo_us"
    )
    qtbot.addWidget(wizard)
    env.wizards.append(wizard)
    wizard.show()
    to_amount(qtbot, wizard)
    assert wizard.flow.card is not None
    assert wizard.flow.card.id == "card_demo_us"
    assert "US$" in wizard.amount_page.limits_label.text()
    wizard.reject()


# --- every demo card by every payment method ---------------------------------------------------


@pytest.mark.parametrize(
    ("card_id", "amount"), [("card_demo_uk", "10"), ("card_demo_us", "10"), ("card_demo_hk", "50")]
)
@pytest.mark.parametrize(
    "method", [m for m in PaymentMethod if m is not PaymentMethod.ACCOUNT_BALANCE]
)
def test_every_demo_card_by_every_method_is_credited(
    qtbot: QtBot, env: Env, card_id: str, amount: str, method: PaymentMethod
) -> None:
    wizard = env.wizard(qtbot, card_id=card_id)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, amount, method)
    to_pay(qtbot, wizard)
    pay(qtbot, wizard)
    order = wizard.order
    assert order is not None
    assert order.provider_id is not None
    checkout = f"{env.sandbox.url}/checkout/{order.provider_id}"
    if method is PaymentMethod.BANK_CARD:
        assert env.browser.urls == [order.checkout_url]
        pay_by_card(checkout, "4242 4242 4242 4242")
    elif method is PaymentMethod.PAYPAL:
        assert env.browser.urls == [order.checkout_url]
        post(f"{checkout}/pay", {})
    else:  # Alipay, WeChat Pay: the QR code in the wizard, scanned by the phone
        assert env.browser.urls == []
        assert wizard.pay_page.qr_widget.payload == order.qr_payload
        post(f"{checkout}/qr", {"decision": "approve"})
    wait_result(qtbot, wizard, OrderStatus.CREDITED)


def test_amounts_and_codes_typed_with_a_chinese_input_method(qtbot: QtBot, env: Env) -> None:
    """The issue: full-width digits from a Chinese IME ("１０") were refused as an amount."""
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    page = wizard.amount_page
    page.amount_edit.setText("２０")
    assert page.isComplete(), page.error_label.text()
    quote = wizard.flow.quote
    assert quote is not None
    assert quote.amount == Money.of("20", "GBP")
    page.promo_edit.setText("ＫＥＥＰＡＬＩＶＥ５")
    quote = wizard.flow.quote
    assert quote is not None
    assert quote.promo_code == "KEEPALIVE5"
    page.amount_edit.setText("20块")
    assert not page.isComplete()
    assert page.error_label.text() == "An amount has only digits and a decimal point, not “块”."
