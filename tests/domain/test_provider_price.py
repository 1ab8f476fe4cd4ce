"""The provider's price in the domain: taking it, checking an order against it, and saying
which promotion applies and why the others do not."""

from __future__ import annotations

import pytest

from lebwallet.domain.flow import RechargeFlow
from lebwallet.domain.flow_values import FlowError, Step, StepNotReady
from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.provider_price import (
    PromotionStanding,
    explain_promotions,
    price_differences,
    with_provider_price,
)
from lebwallet.domain.recharge import PaymentMethod, PriceBreakdown, PromotionKind, Quote
from tests.domain.builders import NOW, card, gbp, key_factory, options, promotion

BONUS = promotion("bonus10", percent="10", min_amount="20", title="Bonus 10%")
CODE = promotion(
    "code5", kind=PromotionKind.DISCOUNT, percent="5", code_required=True, title="CODE5"
)
"""As the wallet learns it: the code itself is the provider's secret."""
PROMOTIONS = (BONUS, CODE)


def breakdown(total: str, credited: str, discount: str = "0", bonus: str = "0") -> PriceBreakdown:
    return PriceBreakdown(
        amount=gbp("20"),
        discount=gbp(discount),
        bonus=gbp(bonus),
        fx_rate=None,
        fee=gbp("0"),
        total=gbp(total),
        credited=gbp(credited),
    )


def local_quote(promo_code: str | None = "CODE5") -> Quote:
    return options(promotions=PROMOTIONS).quote(
        gbp("20"), PaymentMethod.BANK_CARD, now=NOW, promo_code=promo_code
    )


def priced(quote: Quote, price: PriceBreakdown, promotion_id: str | None) -> Quote:
    return with_provider_price(
        quote, price, promotion_id=promotion_id, promo_code=quote.promo_code, expires_at=None
    )


def test_a_code_is_not_priced_locally() -> None:
    quote = local_quote()
    assert quote.promo_code_unverified
    assert not quote.provider_priced
    assert (quote.total, quote.credited, quote.promotion_id) == (gbp(20), gbp(20), None)


def test_with_provider_price_takes_the_providers_numbers() -> None:
    quote = priced(local_quote(), breakdown("19", "20", discount="1"), "code5")
    assert quote.provider_priced
    assert not quote.promo_code_unverified
    assert (quote.total, quote.credited, quote.discount) == (gbp(19), gbp(20), gbp(1))
    assert quote.promotion_id == "code5"


def test_with_provider_price_refuses_another_amount() -> None:
    other = PriceBreakdown(gbp(25), gbp(0), gbp(0), None, gbp(0), gbp(25), gbp(25))
    with pytest.raises(MoneyError):
        priced(local_quote(), other, None)


def test_price_differences_name_every_part_that_moved() -> None:
    confirmed = local_quote()
    diffs = price_differences(confirmed, breakdown("19", "20", discount="1"), "code5")
    assert [d.part for d in diffs] == ["total", "discount", "promotion"]
    assert price_differences(confirmed, confirmed.breakdown, None) == []


def test_with_a_code_the_automatic_bonus_is_said_to_be_replaced() -> None:
    notes = explain_promotions(PROMOTIONS, "code5", gbp(20), NOW, promo_code="CODE5")
    assert [(n.promotion.id, n.standing) for n in notes] == [
        ("code5", PromotionStanding.APPLIED),
        ("bonus10", PromotionStanding.REPLACED_BY_CODE),
    ]
    assert notes[0].benefit == gbp(1)


def test_without_a_code_the_code_promotion_is_said_to_need_one() -> None:
    notes = explain_promotions(PROMOTIONS, "bonus10", gbp(20), NOW, promo_code=None)
    assert [(n.promotion.id, n.standing) for n in notes] == [
        ("bonus10", PromotionStanding.APPLIED),
        ("code5", PromotionStanding.NEEDS_CODE),
    ]
    assert notes[0].benefit == gbp(2)


def test_below_the_minimum_and_the_smaller_of_two_bonuses() -> None:
    small = explain_promotions(PROMOTIONS, None, gbp(10), NOW, promo_code=None)
    assert (small[0].promotion.id, small[0].standing, small[0].minimum) == (
        "bonus10",
        PromotionStanding.BELOW_MINIMUM,
        gbp(20),
    )
    bigger = promotion("bonus20", percent="20", title="Bonus 20%")
    notes = explain_promotions((BONUS, bigger), "bonus20", gbp(20), NOW, promo_code=None)
    assert [n.standing for n in notes] == [
        PromotionStanding.APPLIED,
        PromotionStanding.REPLACED_BY_BETTER,
    ]


def test_ended_promotions_are_not_mentioned() -> None:
    ended = promotion("old", percent="10", valid_until=NOW, valid_from=NOW.replace(year=2023))
    assert explain_promotions((ended,), None, gbp(20), NOW, promo_code=None) == []


# Read through functions: mypy would keep a property narrowed across the calls that change it.
def total_of(flow: RechargeFlow) -> Money | None:
    return flow.quote.total if flow.quote is not None else None


def ready(flow: RechargeFlow) -> bool:
    return flow.can_go_next


def key_of(flow: RechargeFlow) -> str | None:
    return flow.idempotency_key


def notice_kind(flow: RechargeFlow) -> str | None:
    return flow.notice.kind.value if flow.notice is not None else None


def at_confirm(flow: RechargeFlow, promo_code: str | None = None) -> RechargeFlow:
    flow.select_card(card())
    flow.next(NOW)
    flow.set_options(options(promotions=PROMOTIONS))
    flow.set_amount(gbp(20), PaymentMethod.BANK_CARD, now=NOW, promo_code=promo_code)
    assert flow.next(NOW) is Step.CONFIRM
    return flow


def test_a_wizard_flow_waits_for_the_providers_price() -> None:
    flow = at_confirm(RechargeFlow(key_factory()[1], provider_prices=True), "CODE5")
    assert not ready(flow)
    with pytest.raises(StepNotReady):
        flow.next(NOW)
    quote = flow.quote
    assert quote is not None
    elsewhere = with_provider_price(
        quote,
        breakdown("19", "20", discount="1"),
        promotion_id="code5",
        promo_code="OTHERCODE",
        expires_at=None,
    )
    with pytest.raises(FlowError):
        flow.confirm_price(elsewhere)
    flow.confirm_price(priced(quote, breakdown("19", "20", discount="1"), "code5"))
    assert ready(flow)
    assert total_of(flow) == gbp(19)
    assert flow.next(NOW) is Step.PAY


def test_a_changed_price_drops_the_key_and_returns_to_amount() -> None:
    flow = at_confirm(RechargeFlow(key_factory()[1]))
    flow.next(NOW)
    assert key_of(flow) is not None
    assert flow.price_changed("cancelled") is Step.AMOUNT
    assert key_of(flow) is None
    assert notice_kind(flow) == "price_changed"
