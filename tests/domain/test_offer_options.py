"""An operator's offer as the recharge wizard's options: FIXED amounts are the only valid
ones, a RANGE is a grid, no caps, paid from the channel account's balance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lebwallet.domain.money import MoneyError
from lebwallet.domain.offer_quotes import offer_options, offer_quote
from lebwallet.domain.payment_options import PaymentFlow, PaymentMethod
from lebwallet.domain.recharge import RechargeLimits
from lebwallet.domain.recharge_errors import NotOffered
from lebwallet.domain.topup_offers import AmountRange, FixedAmounts, OfferPromotion, OperatorOffer
from tests.domain.builders import NOW, card, gbp, usd


def fixed_gbp_offer() -> OperatorOffer:
    return OperatorOffer(
        "7", "Double Mobile UK", "GB", "GBP", "GBP",
        FixedAmounts((gbp("5"), gbp("10"), gbp("20"))),
        promotions=(OfferPromotion("Double data"),),
    )  # fmt: skip


def test_fixed_amounts_are_the_only_valid_amounts() -> None:
    options = offer_options(card(), fixed_gbp_offer(), gbp("50"), channel="reloadly", now=NOW)
    assert options.presets == (gbp("5"), gbp("10"), gbp("20"))
    options.check_amount(gbp("10"))
    with pytest.raises(NotOffered) as refused:
        options.check_amount(gbp("12"))
    assert (refused.value.lower, refused.value.higher) == (gbp("10"), gbp("20"))
    assert options.minimum_qualifying_amount == gbp("10")  # the plan asks for 10
    assert options.network is not None
    assert options.network.operator_name == "Double Mobile UK"
    assert options.network.balance == gbp("50")
    assert options.network.promotions[0].title == "Double data"


def test_no_caps_at_a_network() -> None:
    options = offer_options(card(), fixed_gbp_offer(), gbp("50"), channel="reloadly", now=NOW)
    assert not options.limits.capped
    assert options.daily_left == gbp("20")
    assert options.monthly_left == gbp("20")


def test_paid_from_the_balance_with_no_fee() -> None:
    options = offer_options(card(), fixed_gbp_offer(), gbp("50"), channel="reloadly", now=NOW)
    quote = options.quote(gbp("10"), PaymentMethod.ACCOUNT_BALANCE, now=NOW)
    assert options.payment_methods[0].flow is PaymentFlow.BALANCE
    assert quote.total == gbp("10")
    assert quote.fee == gbp("0")
    assert quote == offer_quote(fixed_gbp_offer(), gbp("10"), keeps_alive=True).quote


def test_a_local_range_paid_in_another_currency_previews_the_channel_price() -> None:
    offer = OperatorOffer(
        "8", "Double Mobile UK", "GB", "USD", "GBP",
        AmountRange(usd("1.00"), usd("100.00"), usd("0.01")),
        local_amounts=AmountRange(gbp("1.00"), gbp("79.00"), gbp("0.01")),
        fx_rate=Decimal("0.79"),
    )  # fmt: skip
    options = offer_options(card(), offer, usd("40"), channel="reloadly", now=NOW)
    assert options.pay_currency == "USD"
    assert options.presets == (gbp("5"), gbp("10"), gbp("20"), gbp("50"))
    assert not options.limits.fixed_only
    previewed = options.quote(gbp("7.90"), PaymentMethod.ACCOUNT_BALANCE, now=NOW)
    charged = offer_quote(offer, gbp("7.90")).quote
    assert previewed.total == charged.total == usd("10.00")
    assert previewed.fx_rate == charged.fx_rate


def test_fixed_limits_must_be_their_presets() -> None:
    with pytest.raises(MoneyError):
        RechargeLimits(
            gbp("5"), gbp("30"), gbp("0.01"), gbp("30"), gbp("30"), (gbp("5"), gbp("20")),
            fixed_only=True,
        )  # fmt: skip
    with pytest.raises(MoneyError):
        RechargeLimits(gbp("5"), gbp("5"), gbp("0.01"), gbp("5"), gbp("5"), (), fixed_only=True)
