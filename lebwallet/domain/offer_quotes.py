"""A network operator's offer priced as the wallet's `Quote`.

The journal keeps every order as a `recharge.Quote` in the card's currency, whatever the
channel. A card is topped up through a network (Reloadly) in its own currency, which must
be the operator's destination currency:

- the account pays in the same currency: the amount must be one of `offer.amounts`; no FX;
- the account pays in another currency: the operator must take local amounts; the amount
  must be one of `offer.local_amounts` and is sent as a local amount, so the card is
  credited exactly that; the account pays it converted at the offer's FX rate (rounded
  half-up to its minor unit), shown as the quote's rate (pay currency per card unit).

The operator's international discount is the account's commission, not the user's: it is
not priced here (the account is debited at most the quoted total).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from lebwallet.domain.cards import Card
from lebwallet.domain.money import Money
from lebwallet.domain.recharge import (
    AmountError,
    CapUsage,
    FxQuote,
    PaymentFlow,
    PaymentMethod,
    PaymentMethodOption,
    Quote,
    RechargeLimits,
    RechargeOptions,
    RechargeRuleError,
)
from lebwallet.domain.topup_offers import (
    Denominations,
    FixedAmounts,
    NetworkOffer,
    OperatorOffer,
)

RATE_PLACES: Final = Decimal("0.000001")
RANGE_PRESETS: Final = (Decimal(5), Decimal(10), Decimal(20), Decimal(50))
"""Round amounts offered as buttons inside an operator's RANGE (those it takes)."""
PREVIEW_SECONDS: Final = 15 * 60
"""How long the amount page's preview of the exchange rate holds before it is asked again."""


class OfferCurrencyError(RechargeRuleError):
    """The operator cannot top up the card in the card's currency."""


class AmountNotOffered(AmountError):
    """The operator does not take this amount."""

    def __init__(self, amount: Money, offered: Denominations) -> None:
        super().__init__(f"{amount.display()} is not an amount this operator takes")
        self.amount = amount
        self.offered = offered


@dataclass(frozen=True, slots=True)
class OfferQuote:
    """The priced top-up and how it is sent (`local`: as a destination-currency amount)."""

    quote: Quote
    local: bool


def card_amounts(offer: OperatorOffer, card_currency: str) -> Denominations:
    """The amounts the card can be topped up with, in its own currency."""
    if offer.destination_currency != card_currency:
        raise OfferCurrencyError(
            f"the operator tops up in {offer.destination_currency}, the card is in {card_currency}"
        )
    if offer.sender_currency == card_currency:
        return offer.amounts
    if offer.local_amounts is None or offer.fx_rate is None:
        raise OfferCurrencyError(
            f"the operator takes amounts only in {offer.sender_currency}, so a "
            f"{card_currency} amount cannot be sent exactly"
        )
    return offer.local_amounts


def offer_quote(
    offer: OperatorOffer, amount: Money, *, keeps_alive: bool | None = None
) -> OfferQuote:
    """Price `amount` (card currency) at this operator. Raises `OfferCurrencyError` or
    `AmountNotOffered`; nothing else is checked here (the account balance is the
    channel's)."""
    offered = card_amounts(offer, amount.currency)
    if not offered.accepts(amount):
        raise AmountNotOffered(amount, offered)
    zero = Money.zero(amount.currency)
    local = offer.sender_currency != amount.currency
    if local:
        assert offer.fx_rate is not None
        paid = Money.rounded(amount.amount / offer.fx_rate, offer.sender_currency, ROUND_HALF_UP)
        rate = offer_rate(offer)
    else:
        paid, rate = amount, None
    quote = Quote(
        amount=amount,
        discount=zero,
        bonus=zero,
        subtotal=amount,
        fx_rate=rate,
        fx_quote_id=None,
        converted_subtotal=paid,
        fee=Money.zero(offer.sender_currency),
        total=paid,
        credited=amount,
        payment_method=PaymentMethod.ACCOUNT_BALANCE,
        pay_currency=offer.sender_currency,
        promotion_id=None,
        promo_code=None,
        promo_code_unverified=False,
        expires_at=None,
        keeps_alive=keeps_alive,
    )
    return OfferQuote(quote=quote, local=local)


def offer_rate(offer: OperatorOffer) -> Decimal | None:
    """Pay-currency units per card-currency unit when a local amount is sent (else None)."""
    if offer.fx_rate is None or offer.sender_currency == offer.destination_currency:
        return None
    return (Decimal(1) / offer.fx_rate).quantize(RATE_PLACES)


def offer_options(
    card: Card, offer: OperatorOffer, balance: Money, *, channel: str, now: datetime
) -> RechargeOptions:
    """The operator's offer for `card` as the recharge wizard's options: its FIXED amounts
    (the only valid ones) or its RANGE, no caps, one way to pay (the account balance, in the
    sender currency) and, for a local amount, the rate as a short-lived preview (the confirm
    page shows `offer_quote`'s price, which is the one charged)."""
    amounts = card_amounts(offer, card.currency)
    if isinstance(amounts, FixedAmounts):
        values = amounts.amounts
        limits = RechargeLimits(
            values[0], values[-1], Money.of_minor_units(1, card.currency),
            values[-1], values[-1], values, fixed_only=True, capped=False,
        )  # fmt: skip
    else:
        presets = tuple(
            m for m in (Money.of(v, card.currency) for v in RANGE_PRESETS) if amounts.accepts(m)
        )
        limits = RechargeLimits(
            amounts.minimum, amounts.maximum, amounts.step,
            amounts.maximum, amounts.maximum, presets, capped=False,
        )  # fmt: skip
    rate = offer_rate(offer)
    fx = None
    if rate is not None:
        fx = FxQuote(
            f"{channel}-{offer.operator_id}"[:64],
            card.currency,
            offer.sender_currency,
            rate,
            now + timedelta(seconds=PREVIEW_SECONDS),
        )
    method = PaymentMethodOption(
        PaymentMethod.ACCOUNT_BALANCE, PaymentFlow.BALANCE, True, Decimal(0),
        Money.zero(offer.sender_currency), frozenset({offer.sender_currency}),
    )  # fmt: skip
    return RechargeOptions(
        card_id=card.id,
        pay_currency=offer.sender_currency,
        limits=limits,
        usage=CapUsage.none(card.currency),
        plan=card.plan,
        promotions=(),
        payment_methods=(method,),
        fx_quote=fx,
        network=NetworkOffer(channel, offer.operator_name, offer.promotions, balance),
    )
