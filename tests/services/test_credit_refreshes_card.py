"""A credit shows on its card at once: whichever path learns that an order was credited
(the wizard's refresh, the refresher, start-up reconcile, a sync of orders made on another
desktop), the card's new balance and deadline are fetched and stored before the change is
told (against the running sandbox)."""

from __future__ import annotations

import time

from lebwallet.domain.cards import Card
from lebwallet.domain.orders import OrderStatus
from lebwallet.provider import wire
from lebwallet.provider.convert import card_to_domain
from lebwallet.services.recharge import RechargeService
from lebwallet.services.sync import SyncService
from lebwallet.store import queries
from tests.services.conftest import Wallet
from tests.support.checkout_forms import post_checkout_form

CARD = "card_demo_uk"
TEST_CARD_OK = "4242424242424242"


def stored(wallet: Wallet) -> Card:
    with wallet.store.session(readonly=True) as session:
        card = queries.card(session, CARD)
    assert card is not None
    return card


def at_provider(wallet: Wallet) -> Card:
    return card_to_domain(wallet.client.get_card(CARD))


def pay(checkout_url: str | None) -> None:
    assert checkout_url is not None
    response = post_checkout_form(f"{checkout_url}/pay", {"card_number": TEST_CARD_OK})
    assert response.status_code in (200, 303), response.text


def wait_credited(wallet: Wallet, order_id: str) -> None:
    deadline = time.monotonic() + 10
    while wallet.client.get_order(order_id).status is not wire.WireOrderStatus.CREDITED:
        assert time.monotonic() < deadline, "the sandbox did not credit the order"
        time.sleep(0.05)


def paid_order(wallet: Wallet, service: RechargeService, key: str) -> int:
    record = service.submit(CARD, wallet.quote(amount="10.00"), key)
    pay(record.checkout_url)
    assert record.provider_id is not None
    wait_credited(wallet, record.provider_id)
    return record.local_id


def assert_card_is_the_providers(wallet: Wallet, before: Card) -> None:
    now, there = stored(wallet), at_provider(wallet)
    assert there.balance > before.balance
    assert now.balance == there.balance
    assert now.keep_alive_deadline == there.keep_alive_deadline
    assert now.keep_alive_deadline > before.keep_alive_deadline


def test_refresh_that_sees_the_credit_stores_the_new_balance(synced: Wallet) -> None:
    before = stored(synced)
    service = RechargeService(synced.client, synced.store)
    local_id = paid_order(synced, service, "key-credit-refresh-1")
    changes = service.refresh([local_id])
    assert [c.new_status for c in changes] == [OrderStatus.CREDITED]
    assert_card_is_the_providers(synced, before)


def test_start_up_reconcile_that_sees_the_credit_stores_the_new_balance(synced: Wallet) -> None:
    before = stored(synced)
    service = RechargeService(synced.client, synced.store)
    paid_order(synced, service, "key-credit-reconcile-1")
    report = service.reconcile()
    assert [c.new_status for c in report.changes] == [OrderStatus.CREDITED]
    assert_card_is_the_providers(synced, before)


def test_an_order_credited_on_another_desktop_updates_the_card_at_the_next_order_sync(
    synced: Wallet,
) -> None:
    before = stored(synced)
    elsewhere = synced.client.create_order(
        wire.CreateOrderRequest(
            card_id=CARD,
            amount=wire.WireMoney(value="10.00", currency="GBP"),
            payment_method=wire.PaymentMethodCode.BANK_CARD,
            pay_currency="GBP",
        ),
        idempotency_key="key-other-desktop-1",
    )
    pay(elsewhere.checkout_url)
    wait_credited(synced, elsewhere.id)
    SyncService(synced.client, synced.store).sync_orders()  # orders only: no card sync
    assert_card_is_the_providers(synced, before)
