"""The values a network channel's offer and progress are carried in."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.topup_offers import (
    AmountRange,
    DenominationType,
    FixedAmounts,
    OperatorOffer,
    TopUpProgress,
)


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def test_fixed_amounts_are_sorted_without_repeats() -> None:
    fixed = FixedAmounts((usd("10"), usd("5"), usd("10")))
    assert fixed.amounts == (usd("5"), usd("10"))
    assert fixed.kind is DenominationType.FIXED
    assert fixed.accepts(usd("5"))
    assert not fixed.accepts(usd("7"))


@pytest.mark.parametrize(
    "amounts",
    [(), (usd("0"),), (usd("5"), Money.of("5", "GBP"))],
)
def test_fixed_amounts_must_make_sense(amounts: tuple[Money, ...]) -> None:
    with pytest.raises(MoneyError):
        FixedAmounts(amounts)


def test_a_range_on_its_step() -> None:
    cents = AmountRange(usd("1.00"), usd("60.00"), usd("0.01"))
    assert cents.kind is DenominationType.RANGE
    assert cents.accepts(usd("1.00"))
    assert cents.accepts(usd("12.34"))
    assert cents.accepts(usd("60.00"))
    assert not cents.accepts(usd("0.99"))
    assert not cents.accepts(usd("60.01"))
    assert not cents.accepts(Money.of("12.34", "GBP"))
    fives = AmountRange(usd("5"), usd("50"), usd("5"))
    assert fives.accepts(usd("15"))
    assert not fives.accepts(usd("16"))


@pytest.mark.parametrize(
    ("low", "high", "step"),
    [("0", "10", "1"), ("10", "5", "1"), ("1", "10", "0")],
)
def test_a_range_must_make_sense(low: str, high: str, step: str) -> None:
    with pytest.raises(MoneyError):
        AmountRange(usd(low), usd(high), usd(step))


def test_an_offer_keeps_its_currencies_apart() -> None:
    amounts = FixedAmounts((usd("5"),))
    offer = OperatorOffer("1", "Op", "US", "USD", "USD", amounts, fx_rate=Decimal(1))
    assert offer.denomination_type is DenominationType.FIXED
    with pytest.raises(MoneyError):
        OperatorOffer("1", "Op", "GB", "GBP", "GBP", amounts)
    with pytest.raises(MoneyError):
        OperatorOffer("1", "Op", "GB", "USD", "GBP", amounts, local_amounts=amounts)
    with pytest.raises(MoneyError):
        OperatorOffer("1", "Op", "US", "USD", "USD", amounts, fx_rate=Decimal(0))


def test_only_a_failed_top_up_is_refunded() -> None:
    assert TopUpProgress(OrderStatus.FAILED, refunded=True).is_final
    assert not TopUpProgress(OrderStatus.CREDITING).is_final
    with pytest.raises(ValueError, match="refunded"):
        TopUpProgress(OrderStatus.CREDITED, refunded=True)
