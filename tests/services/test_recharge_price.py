"""What is shown is what is charged, at the service: the provider prices the order before
it is confirmed, and an order that differs from the confirmed quote is cancelled (against
the running sandbox)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import PaymentMethod, Quote
from lebwallet.provider.convert import options_to_domain
from lebwallet.provider.errors import RuleViolation
from lebwallet.services.recharge import PriceChanged, RechargeService
from lebwallet.store.queries import non_final_orders
from tests.services.conftest import Wallet


def local_quote(wallet: Wallet, amount: str, promo_code: str | None) -> Quote:
    options = options_to_domain(wallet.client.recharge_options("card_demo_uk"))
    return options.quote(
        Money.of(amount, "GBP"),
        PaymentMethod.BANK_CARD,
        now=datetime.now(UTC),
        promo_code=promo_code,
    )


def test_the_provider_prices_a_promo_code_the_wallet_cannot(synced: Wallet) -> None:
    local = local_quote(synced, "20", "KEEPALIVE5")
    assert local.promo_code_unverified
    assert local.total == Money.of("20", "GBP")
    priced = RechargeService(synced.client, synced.store).price("card_demo_uk", local)
    assert priced.provider_priced
    assert (priced.discount, priced.total) == (Money.of("1", "GBP"), Money.of("19", "GBP"))
    assert (priced.bonus, priced.credited) == (Money.of("0", "GBP"), Money.of("20", "GBP"))
    assert priced.promotion_id == "promo_keepalive5"
    assert priced.promo_code == "KEEPALIVE5"


def test_the_order_of_a_provider_priced_quote_is_kept(synced: Wallet) -> None:
    service = RechargeService(synced.client, synced.store)
    priced = service.price("card_demo_uk", local_quote(synced, "20", "KEEPALIVE5"))
    record = service.submit("card_demo_uk", priced, "key-priced-0001")
    assert record.status is OrderStatus.AWAITING_PAYMENT
    assert record.total == Money.of("19", "GBP")


def test_an_unknown_code_is_refused_when_priced_and_nothing_is_stored(synced: Wallet) -> None:
    service = RechargeService(synced.client, synced.store)
    with pytest.raises(RuleViolation) as caught:
        service.price("card_demo_uk", local_quote(synced, "20", "NOSUCHCODE"))
    assert caught.value.code is not None
    assert caught.value.code.value == "unknown_promo_code"


def test_an_order_that_differs_from_the_confirmed_quote_is_cancelled(synced: Wallet) -> None:
    service = RechargeService(synced.client, synced.store)
    confirmed = local_quote(synced, "20", "KEEPALIVE5")  # £20.00: not what the provider asks
    with pytest.raises(PriceChanged) as caught:
        service.submit("card_demo_uk", confirmed, "key-changed-0001")
    record = caught.value.record
    assert record.status is OrderStatus.CANCELLED
    assert record.total == Money.of("19", "GBP")
    assert {d.part for d in caught.value.differences} == {"total", "discount", "promotion"}
    assert record.provider_id is not None
    assert synced.client.get_order(record.provider_id).status.value == "cancelled"
    with synced.store.session(readonly=True) as session:
        assert non_final_orders(session) == []
