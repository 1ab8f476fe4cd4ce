"""What is shown is what is charged: the provider's price of a top-up, and the checks on it.

The wallet prices a top-up locally (`recharge.build_quote`) while the user chooses, but it
does not know promotion codes and cannot know every rule the provider applies. Before the
user confirms, the provider prices the same order (`POST /v1/quotes`); `with_provider_price`
turns its answer into the `Quote` the confirm page shows and the order is made from. When the
order comes back, `price_differences` lists what the provider's order says otherwise than
the confirmed quote (nothing: it may be paid; anything: it is cancelled).

`explain_promotions` says, for the promotions of a card, which one the order gets and why
each other one does not apply (an order gets at most one promotion; an entered code wins).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.recharge import (
    PriceBreakdown,
    Promotion,
    PromotionError,
    PromotionExpired,
    Quote,
)


def with_provider_price(
    quote: Quote,
    price: PriceBreakdown,
    *,
    promotion_id: str | None,
    promo_code: str | None,
    expires_at: datetime | None,
) -> Quote:
    """`quote` as the provider priced it: its breakdown, promotion and validity replace the
    local ones. Raises `MoneyError` when the price is not for this top-up (another amount or
    pay currency) or its parts do not add up."""
    if price.amount != quote.amount or price.total.currency != quote.pay_currency:
        raise MoneyError(
            f"the provider priced {price.amount.display()} paid in {price.total.currency}, "
            f"not {quote.amount.display()} paid in {quote.pay_currency}"
        )
    return dataclasses.replace(
        quote,
        discount=price.discount,
        bonus=price.bonus,
        subtotal=price.amount - price.discount,
        fx_rate=price.fx_rate,
        converted_subtotal=price.total - price.fee,
        fee=price.fee,
        total=price.total,
        credited=price.credited,
        promotion_id=promotion_id,
        promo_code=promo_code,
        promo_code_unverified=False,
        expires_at=expires_at,
        provider_priced=True,
    )


@dataclass(frozen=True, slots=True)
class PriceDifference:
    """One part of the price the provider's order has otherwise than the confirmed quote."""

    part: str
    """`total`, `credited`, `fee`, `discount`, `bonus` or `promotion`."""
    confirmed: Money | str | None
    provider: Money | str | None


def price_differences(
    confirmed: Quote, charged: PriceBreakdown, promotion_id: str | None
) -> list[PriceDifference]:
    """What the provider's order (`charged`, `promotion_id`) says otherwise than the quote
    the user confirmed; empty when it charges and credits exactly what was shown."""
    pairs: list[tuple[str, Money | str | None, Money | str | None]] = [
        ("total", confirmed.total, charged.total),
        ("credited", confirmed.credited, charged.credited),
        ("fee", confirmed.fee, charged.fee),
        ("discount", confirmed.discount, charged.discount),
        ("bonus", confirmed.bonus, charged.bonus),
        ("promotion", confirmed.promotion_id, promotion_id),
    ]
    return [PriceDifference(part, a, b) for part, a, b in pairs if a != b]


class PromotionStanding(StrEnum):
    """Why a promotion does or does not apply to a top-up."""

    APPLIED = "applied"
    NEEDS_CODE = "needs_code"
    """It needs a promo code and none (or another one) was entered."""
    BELOW_MINIMUM = "below_minimum"
    REPLACED_BY_CODE = "replaced_by_code"
    """It would apply, but an order gets one promotion and the entered code's wins."""
    REPLACED_BY_BETTER = "replaced_by_better"
    """It would apply, but an order gets one promotion and another is worth more."""


@dataclass(frozen=True, slots=True)
class PromotionNote:
    promotion: Promotion
    standing: PromotionStanding
    minimum: Money | None = None
    """The smallest top-up it needs (`BELOW_MINIMUM`)."""
    benefit: Money | None = None
    """What it gives on this amount (`APPLIED`)."""


def explain_promotions(
    promotions: Iterable[Promotion],
    applied_id: str | None,
    amount: Money,
    now: datetime,
    *,
    promo_code: str | None,
) -> list[PromotionNote]:
    """One note per running-or-relevant promotion: the applied one first, then why each
    other one does not apply. Promotions that are not running are left out unless the
    provider applied one of them."""
    applied: list[PromotionNote] = []
    others: list[PromotionNote] = []
    for promotion in promotions:
        if promotion.id == applied_id:
            applied.append(
                PromotionNote(
                    promotion, PromotionStanding.APPLIED, benefit=_benefit(promotion, amount)
                )
            )
            continue
        try:
            promotion.check_applies(amount, now)
        except PromotionExpired:
            continue
        except PromotionError:
            if promotion.currency is not None and promotion.currency != amount.currency:
                continue  # for other cards: not worth a word
            others.append(
                PromotionNote(
                    promotion, PromotionStanding.BELOW_MINIMUM, minimum=promotion.min_amount
                )
            )
            continue
        if promotion.code_required:
            others.append(PromotionNote(promotion, PromotionStanding.NEEDS_CODE))
        elif promo_code is not None and applied_id is not None:
            others.append(PromotionNote(promotion, PromotionStanding.REPLACED_BY_CODE))
        elif applied_id is not None:
            others.append(PromotionNote(promotion, PromotionStanding.REPLACED_BY_BETTER))
    return applied + others


def _benefit(promotion: Promotion, amount: Money) -> Money | None:
    try:
        return promotion.benefit(amount)
    except MoneyError:
        return None


__all__ = [
    "PriceDifference",
    "PromotionNote",
    "PromotionStanding",
    "explain_promotions",
    "price_differences",
    "with_provider_price",
]
