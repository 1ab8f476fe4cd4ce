"""Reloadly's wire bodies as the wallet's domain values.

- An operator becomes an `OperatorOffer`: FIXED amounts (exactly as offered; an amount with
  more decimals than its currency has cannot be sent exactly and is left out) or a RANGE
  from `minAmount` (rounded up to the currency's minor unit) to `maxAmount` (rounded down)
  on a step of one minor unit (0.01 for the usual two-decimal currencies); the same in the
  destination currency when the operator `supportsLocalAmounts`; the operator's FX rate;
  `internationalDiscount` as the discount percent; promotions' titles and descriptions.
- A transaction's status becomes a `TopUpProgress`: PROCESSING → crediting, SUCCESSFUL →
  credited, FAILED → failed (never debited), REFUNDED → failed with the money returned.
- Amounts Reloadly reports with more decimals than the currency has (`deliveredAmount`
  4.9985 GBP, a balance of 5109.53732 NGN) are rounded once, half-even; a balance is rounded
  down (never show more than the account can pay).

What cannot become a domain value (an unknown currency, a range upside down, no amount at
all) is a `ReloadlyProtocolError`: nothing of such an operator is offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from email.utils import parsedate_to_datetime
from typing import Final

from lebwallet.channels.reloadly import wire
from lebwallet.channels.reloadly.errors import ReloadlyProtocolError, make
from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.topup_offers import (
    AmountRange,
    Denominations,
    FixedAmounts,
    OfferPromotion,
    OperatorOffer,
    TopUpProgress,
)

_PROGRESS: Final[dict[str, TopUpProgress]] = {
    "PROCESSING": TopUpProgress(OrderStatus.CREDITING),
    "SUCCESSFUL": TopUpProgress(OrderStatus.CREDITED),
    "FAILED": TopUpProgress(OrderStatus.FAILED),
    "REFUNDED": TopUpProgress(OrderStatus.FAILED, refunded=True),
}


def progress(transaction: wire.Transaction) -> TopUpProgress:
    """Where a Reloadly top-up stands, in the wallet's order statuses."""
    return _PROGRESS[transaction.status]


def _invalid(what: str, exc: Exception) -> ReloadlyProtocolError:
    error = make(ReloadlyProtocolError, f"{what} cannot be used: {exc}")
    assert isinstance(error, ReloadlyProtocolError)
    return error


def balance(body: wire.AccountBalance) -> Money:
    """The account balance, rounded down to the currency's minor units."""
    try:
        return Money.rounded(body.balance, body.currency_code, ROUND_DOWN)
    except MoneyError as exc:
        raise _invalid("the account balance", exc) from None


def reported(amount: Decimal, currency: str) -> Money:
    """An amount Reloadly reported (delivered, requested, converted), rounded once."""
    try:
        return Money.rounded(amount, currency, ROUND_HALF_EVEN)
    except MoneyError as exc:
        raise _invalid("a reported amount", exc) from None


def converted(fx: wire.FxRate) -> Money:
    """What the amount asked about in `POST /operators/fx-rate` delivers."""
    return reported(fx.fx_rate, fx.currency_code)


def _exact(amounts: Iterable[Decimal], currency: str) -> tuple[Money, ...]:
    kept = []
    for value in amounts:
        try:
            kept.append(Money(value, currency))
        except MoneyError:
            continue  # cannot be sent exactly in this currency: not offered
    return tuple(kept)


def _denominations(
    kind: str,
    fixed: Iterable[Decimal],
    low: Decimal | None,
    high: Decimal | None,
    currency: str,
) -> Denominations | None:
    if kind == "FIXED":
        amounts = _exact(fixed, currency)
        return FixedAmounts(amounts) if amounts else None
    if low is None or high is None:
        return None
    minimum = Money.rounded(low, currency, ROUND_CEILING)
    maximum = Money.rounded(high, currency, ROUND_FLOOR)
    return AmountRange(minimum, maximum, Money.of_minor_units(1, currency))


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else None


def _promotions(operator: wire.Operator) -> tuple[OfferPromotion, ...]:
    shown = []
    for promotion in operator.promotions:
        title = (promotion.title or promotion.title2 or "").strip()
        if not title:
            continue
        description = (promotion.description or promotion.title2 or "").strip()
        shown.append(
            OfferPromotion(
                title=title,
                description="" if description == title else description,
                starts=_moment(promotion.start_date),
                ends=_moment(promotion.end_date),
            )
        )
    return tuple(shown)


def operator_offer(operator: wire.Operator) -> OperatorOffer:
    """What the amount page shows for a detected operator."""
    sender = operator.sender_currency_code
    destination = operator.destination_currency_code
    try:
        amounts = _denominations(
            operator.denomination_type,
            operator.fixed_amounts,
            operator.min_amount,
            operator.max_amount,
            sender,
        )
        if amounts is None:
            raise MoneyError(f"a {operator.denomination_type} operator without amounts")
        local = None
        if operator.supports_local_amounts:
            local = _denominations(
                operator.denomination_type,
                operator.local_fixed_amounts,
                operator.local_min_amount,
                operator.local_max_amount,
                destination,
            )
        fx = operator.fx
        rate = fx.rate if fx is not None and fx.currency_code == destination else None
        discount = operator.international_discount or Decimal(0)
        if not Decimal(0) <= discount <= Decimal(100):
            raise MoneyError(f"a discount of {discount} %")
        return OperatorOffer(
            operator_id=str(operator.operator_id),
            operator_name=operator.name,
            country=operator.country.iso_name if operator.country is not None else None,
            sender_currency=sender,
            destination_currency=destination,
            amounts=amounts,
            local_amounts=local,
            fx_rate=rate if rate is not None and rate > 0 else None,
            discount_percent=discount,
            promotions=_promotions(operator),
        )
    except (MoneyError, ValueError) as exc:
        raise _invalid(f"operator {operator.operator_id}", exc) from None
