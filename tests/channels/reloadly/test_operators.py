"""Operator detection, the amount page's offer, promotions and FX."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from lebwallet.channels.reloadly import convert
from lebwallet.channels.reloadly.client import ReloadlyClient
from lebwallet.channels.reloadly.errors import FxRateNotAvailable, OperatorNotDetected
from lebwallet.domain.identifiers import parse_msisdn
from lebwallet.domain.money import Money
from lebwallet.domain.topup_offers import AmountRange, DenominationType, FixedAmounts
from lebwallet.provider.errors import NotFound, ProviderUnavailable
from tests.channels.reloadly.conftest import FR, HK, UK, US
from tests.doubles.reloadly import ReloadlyDouble, with_operator


def test_a_range_operator(client: ReloadlyClient) -> None:
    operator = client.detect_operator(UK)
    offer = convert.operator_offer(operator)
    assert offer.operator_id == "535"
    assert offer.country == "GB"
    assert offer.denomination_type is DenominationType.RANGE
    assert offer.sender_currency == "USD"
    assert offer.destination_currency == "GBP"
    assert offer.amounts == AmountRange(
        Money.of("1.00", "USD"), Money.of("60.00", "USD"), Money.of("0.01", "USD")
    )
    assert offer.local_amounts == AmountRange(
        Money.of("0.79", "GBP"), Money.of("47.40", "GBP"), Money.of("0.01", "GBP")
    )
    assert offer.fx_rate == Decimal("0.79")
    assert offer.discount_percent == Decimal("2")
    assert offer.amounts.accepts(Money.of("12.34", "USD"))
    assert not offer.amounts.accepts(Money.of("60.01", "USD"))


def test_a_range_operators_promotions(client: ReloadlyClient) -> None:
    (promotion,) = convert.operator_offer(client.detect_operator(UK)).promotions
    assert promotion.title == "Double Mobile UK: 10% extra"
    assert promotion.description.startswith("For top-ups of USD 10 or more")
    assert promotion.starts == datetime(2026, 6, 1, tzinfo=UTC)
    assert promotion.ends == datetime(2026, 12, 31, 23, 59, tzinfo=UTC)


def test_a_fixed_operator(client: ReloadlyClient) -> None:
    offer = convert.operator_offer(client.detect_operator(US))
    assert offer.denomination_type is DenominationType.FIXED
    assert offer.amounts == FixedAmounts(
        tuple(Money.of(a, "USD") for a in ("5.00", "10.00", "20.00", "25.00"))
    )
    assert offer.local_amounts is None
    assert offer.promotions == ()


def test_a_fixed_operator_with_local_amounts(client: ReloadlyClient) -> None:
    offer = convert.operator_offer(client.detect_operator(HK))
    assert isinstance(offer.amounts, FixedAmounts)
    assert offer.amounts.amounts[0] == Money.of("6.41", "USD")
    assert offer.local_amounts == FixedAmounts(
        tuple(Money.of(a, "HKD") for a in ("50", "100", "300"))
    )
    assert offer.fx_rate == Decimal("7.8")


def test_promotion_without_title_or_dates_is_shown_as_far_as_it_goes(
    double: ReloadlyDouble, client: ReloadlyClient
) -> None:
    with_operator(
        double,
        173,
        promotions=(
            {"promotionId": 1, "title": None, "title2": "Double data", "startDate": "soon"},
            {"promotionId": 2, "title": "", "title2": None, "description": "no title"},
        ),
    )
    (promotion,) = convert.operator_offer(client.detect_operator(US)).promotions
    assert promotion.title == "Double data"
    assert promotion.description == ""
    assert promotion.starts is None


def test_an_undetectable_number(client: ReloadlyClient) -> None:
    with pytest.raises(OperatorNotDetected) as caught:
        client.detect_operator(FR)
    assert isinstance(caught.value, NotFound)
    assert caught.value.reloadly_code == "COULD_NOT_AUTO_DETECT_OPERATOR"
    assert "612345678" not in str(caught.value)  # errors are shown and logged: no number
    assert FR.masked in str(caught.value)


def test_a_number_without_a_country_is_not_sent(
    double: ReloadlyDouble, client: ReloadlyClient
) -> None:
    with pytest.raises(ValueError, match="no country"):
        client.detect_operator(parse_msisdn("+80012345678"))
    assert sum(double.requests.values()) == 0


def test_fx_rate(client: ReloadlyClient) -> None:
    fx = client.fx_rate(535, Decimal("10"))
    assert fx.fx_rate == Decimal("7.9")
    assert convert.converted(fx) == Money.of("7.90", "GBP")


def test_fx_rate_not_available(double: ReloadlyDouble, client: ReloadlyClient) -> None:
    double.fx_available = False
    with pytest.raises(FxRateNotAvailable) as caught:
        client.fx_rate(535, Decimal("10"))
    assert isinstance(caught.value, ProviderUnavailable)
    assert caught.value.retryable
    assert caught.value.reloadly_code == "FX_RATE_NOT_AVAILABLE"
    assert caught.value.status == 500
    assert double.requests[("POST", "/operators/fx-rate")] == 1  # a POST is not repeated


@pytest.mark.parametrize("amount", [Decimal(0), Decimal("-1"), Decimal("NaN"), 10.0])
def test_fx_amount_must_be_a_positive_decimal(client: ReloadlyClient, amount: object) -> None:
    with pytest.raises(ValueError, match="FX amount"):
        client.fx_rate(535, amount)  # type: ignore[arg-type]


def test_account_balance(double: ReloadlyDouble, client: ReloadlyClient) -> None:
    double.set_balance(Decimal("42.50"))
    assert convert.balance(client.account_balance()) == Money.of("42.50", "USD")
