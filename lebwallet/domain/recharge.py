"""Recharge rules and prices: limits, caps, promotions, payment-method fees, FX and the quote.

This module is the one place where a top-up's price is computed. The wallet uses it to show
the price before an order exists; the sandbox provider uses it to compute the authoritative
`PriceBreakdown` of an order; both therefore always agree. It follows the contract in
resources/openapi.yaml (`RechargeOptions`, `Promotion`, `PaymentMethodOption`, `FxQuote`,
`PriceBreakdown`).

Currencies
- The top-up `amount`, limits, caps, promotions, `discount`, `bonus` and `credited` are in
  the card's currency.
- `fee` and `total` are in the pay currency. An `FxQuote` says that one unit of the card's
  currency costs `rate` units of the pay currency until `expires_at`. Paying in the card's
  currency needs no quote (rate 1).

The price, step by step (every step in Decimal)
1. `discount`  = the promotion's fixed value, or `amount × percent / 100` rounded once;
   never more than `amount`. Zero without a discount promotion.
2. `bonus`     = the same for a bonus promotion. `credited = amount + bonus`.
3. `subtotal`  = `amount − discount` (card currency, exact).
4. `converted_subtotal` = `subtotal × rate`, rounded once to the pay currency
   (equal to `subtotal` when no FX is involved).
5. `fee`       = `converted_subtotal × fee_percent / 100` rounded once, plus `fee_fixed`.
6. `total`     = `converted_subtotal + fee` (exact: both are already in minor units).

Rounding: each derived component (discount, bonus, converted subtotal, percentage fee) is
rounded exactly once, to the minor units of its currency, with ROUND_HALF_EVEN (banker's
rounding, as the contract states for `total`). Products are computed exactly first (no
context rounding). Hence `total == converted_subtotal + fee` and
`credited == amount + bonus` hold to the minor unit, always.

Rule errors are `RechargeRuleError` subclasses; each names the limit in its message and
carries it as attributes, and `code` is the contract's problem code (`amount_below_minimum`
…) so the sandbox can answer with it and the wallet can map a provider's answer back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lebwallet.domain.cards import KeepAlivePlan
from lebwallet.domain.money import Money, MoneyError, is_currency
from lebwallet.domain.payment_options import (
    FxQuote,
    PaymentFlow,
    PaymentMethod,
    PaymentMethodOption,
)
from lebwallet.domain.promotions import (
    Promotion,
    PromotionKind,
    choose_promotion,
    normalise_promo_code,
)
from lebwallet.domain.recharge_errors import (
    AboveMaximum,
    AmountError,
    BelowMinimum,
    CurrencyMismatch,
    DailyCapExceeded,
    FxQuoteExpired,
    FxQuoteRequired,
    MonthlyCapExceeded,
    NotOnStep,
    PaymentMethodUnavailable,
    PromotionError,
    PromotionExpired,
    PromotionNotApplicable,
    RechargeRuleError,
    UnknownPromoCode,
    UnsupportedCurrency,
)
from lebwallet.domain.recharge_limits import (
    CapUsage,
    RechargeLimits,
    check_amount,
    minimum_qualifying_amount,
)
from lebwallet.domain.recharge_math import (
    ID_PATTERN,
    aware,
    percent_of,
    same_currency,
)
from lebwallet.domain.topup_offers import NetworkOffer

# --- the quote ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PriceBreakdown:
    """The price as the contract's `PriceBreakdown` carries it (see module docstring)."""

    amount: Money
    discount: Money
    bonus: Money
    fx_rate: Decimal | None
    fee: Money
    total: Money
    credited: Money


@dataclass(frozen=True, slots=True)
class Quote:
    """The full price of one top-up; built by `build_quote`, which checks every rule.

    Invariants (checked on construction): `subtotal == amount - discount`,
    `credited == amount + bonus`, `total == converted_subtotal + fee`, and without FX
    `converted_subtotal == subtotal`.
    """

    amount: Money
    discount: Money
    bonus: Money
    subtotal: Money
    fx_rate: Decimal | None
    fx_quote_id: str | None
    converted_subtotal: Money
    fee: Money
    total: Money
    credited: Money
    payment_method: PaymentMethod
    pay_currency: str
    promotion_id: str | None
    promo_code: str | None
    promo_code_unverified: bool
    expires_at: datetime | None
    keeps_alive: bool | None
    """Whether the amount is a qualifying top-up; None when no plan was given."""
    provider_priced: bool = False
    """True once the provider priced it (`domain.provider_price.with_provider_price`)."""

    def __post_init__(self) -> None:
        if (
            self.subtotal != self.amount - self.discount
            or self.credited != self.amount + self.bonus
            or self.total != self.converted_subtotal + self.fee
            or self.total.currency != self.pay_currency
            or (self.fx_rate is None and self.converted_subtotal != self.subtotal)
        ):
            raise MoneyError("the parts of this quote do not add up")

    @property
    def currency(self) -> str:
        """The card's currency."""
        return self.amount.currency

    @property
    def breakdown(self) -> PriceBreakdown:
        return PriceBreakdown(
            amount=self.amount,
            discount=self.discount,
            bonus=self.bonus,
            fx_rate=self.fx_rate,
            fee=self.fee,
            total=self.total,
            credited=self.credited,
        )

    def is_expired(self, now: datetime) -> bool:
        """True once the FX rate or the promotion it relies on has run out."""
        return self.expires_at is not None and aware(now, "now") >= self.expires_at


def build_quote(
    amount: Money,
    *,
    limits: RechargeLimits,
    usage: CapUsage,
    payment: PaymentMethodOption,
    pay_currency: str,
    now: datetime,
    promotions: Iterable[Promotion] = (),
    promo_code: str | None = None,
    fx_quote: FxQuote | None = None,
    plan: KeepAlivePlan | None = None,
) -> Quote:
    """Check every rule and price a top-up of `amount` (card currency) paid in
    `pay_currency` with `payment`. Rules are checked in this order: amount
    (`check_amount`), payment method, FX quote, promotion."""
    now = aware(now, "now")
    check_amount(amount, limits, usage)
    if not is_currency(pay_currency):
        raise UnsupportedCurrency(f"{pay_currency!r} is not an ISO 4217 currency code")
    payment.check_usable(pay_currency)
    if pay_currency == amount.currency:
        if fx_quote is not None:
            raise CurrencyMismatch(
                f"paying {amount.currency} in {pay_currency} needs no exchange-rate quote"
            )
    else:
        if fx_quote is None:
            raise FxQuoteRequired(
                f"paying {amount.currency} in {pay_currency} needs an exchange-rate quote"
            )
        if (fx_quote.from_currency, fx_quote.to_currency) != (amount.currency, pay_currency):
            raise CurrencyMismatch(
                f"the exchange-rate quote converts {fx_quote.from_currency} to "
                f"{fx_quote.to_currency}, not {amount.currency} to {pay_currency}"
            )
        if fx_quote.is_expired(now):
            raise FxQuoteExpired(fx_quote.id, fx_quote.expires_at)
    choice = choose_promotion(promotions, amount, now, promo_code)
    promotion = choice.promotion
    zero = Money.zero(amount.currency)
    benefit = promotion.benefit(amount) if promotion is not None else zero
    is_discount = promotion is not None and promotion.kind is PromotionKind.DISCOUNT
    discount = benefit if is_discount else zero
    bonus = benefit if promotion is not None and not is_discount else zero
    subtotal = amount - discount
    converted = fx_quote.convert(subtotal) if fx_quote is not None else subtotal
    fee = payment.fee_for(converted)
    ends = [
        moment
        for moment in (
            fx_quote.expires_at if fx_quote is not None else None,
            promotion.valid_until if promotion is not None else None,
        )
        if moment is not None
    ]
    return Quote(
        amount=amount,
        discount=discount,
        bonus=bonus,
        subtotal=subtotal,
        fx_rate=fx_quote.rate if fx_quote is not None else None,
        fx_quote_id=fx_quote.id if fx_quote is not None else None,
        converted_subtotal=converted,
        fee=fee,
        total=converted + fee,
        credited=amount + bonus,
        payment_method=payment.method,
        pay_currency=pay_currency,
        promotion_id=promotion.id if promotion is not None else None,
        promo_code=choice.promo_code,
        promo_code_unverified=choice.unverified_code,
        expires_at=min(ends) if ends else None,
        keeps_alive=plan.qualifies(amount) if plan is not None else None,
    )


# --- the options of one card -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RechargeOptions:
    """Everything needed to price a top-up of one card, as the provider's
    `GET /v1/cards/{id}/recharge-options` gives it (the sandbox builds the same object)."""

    card_id: str
    pay_currency: str
    limits: RechargeLimits
    usage: CapUsage
    plan: KeepAlivePlan
    promotions: tuple[Promotion, ...]
    payment_methods: tuple[PaymentMethodOption, ...]
    fx_quote: FxQuote | None
    network: NetworkOffer | None = None
    """Set when a network channel (Reloadly) tops the card up: operator, promotions, balance."""

    def __post_init__(self) -> None:
        if not ID_PATTERN.fullmatch(self.card_id):
            raise ValueError(f"a card id is 1 to 64 letters, digits, '_' or '-': {self.card_id!r}")
        if not is_currency(self.pay_currency):
            raise UnsupportedCurrency(f"{self.pay_currency!r} is not an ISO 4217 currency code")
        same_currency(self.currency, "the cap usage", self.usage.daily_used)
        same_currency(self.currency, "the keep-alive plan", self.plan.minimum_topup)
        object.__setattr__(self, "promotions", tuple(self.promotions))
        object.__setattr__(self, "payment_methods", tuple(self.payment_methods))
        methods = [option.method for option in self.payment_methods]
        if len(set(methods)) != len(methods):
            raise ValueError("a payment method is listed twice")
        if self.pay_currency == self.currency:
            if self.fx_quote is not None:
                raise CurrencyMismatch(f"paying in {self.currency} needs no exchange-rate quote")
        elif self.fx_quote is None or (
            (self.fx_quote.from_currency, self.fx_quote.to_currency)
            != (self.currency, self.pay_currency)
        ):
            raise FxQuoteRequired(
                f"paying {self.currency} in {self.pay_currency} needs an exchange-rate quote "
                f"from {self.currency} to {self.pay_currency}"
            )

    @property
    def currency(self) -> str:
        """The card's currency."""
        return self.limits.currency

    @property
    def daily_left(self) -> Money:
        return self.limits.left_today(self.usage)

    @property
    def monthly_left(self) -> Money:
        return self.limits.left_this_month(self.usage)

    @property
    def presets(self) -> tuple[Money, ...]:
        """The preset amounts that fit in what is left of the caps."""
        return self.limits.available_presets(self.usage)

    @property
    def minimum_qualifying_amount(self) -> Money | None:
        return minimum_qualifying_amount(self.limits, self.plan)

    def payment_method(self, method: PaymentMethod) -> PaymentMethodOption:
        for option in self.payment_methods:
            if option.method is method:
                return option
        raise PaymentMethodUnavailable(f"{method.value} is not offered for this card")

    def check_amount(self, amount: Money) -> None:
        check_amount(amount, self.limits, self.usage)

    def quote(
        self,
        amount: Money,
        method: PaymentMethod,
        *,
        now: datetime,
        promo_code: str | None = None,
    ) -> Quote:
        return build_quote(
            amount,
            limits=self.limits,
            usage=self.usage,
            payment=self.payment_method(method),
            pay_currency=self.pay_currency,
            now=now,
            promotions=self.promotions,
            promo_code=promo_code,
            fx_quote=self.fx_quote,
            plan=self.plan,
        )


__all__ = [
    "AboveMaximum",
    "AmountError",
    "BelowMinimum",
    "CapUsage",
    "CurrencyMismatch",
    "DailyCapExceeded",
    "FxQuote",
    "FxQuoteExpired",
    "FxQuoteRequired",
    "MonthlyCapExceeded",
    "NotOnStep",
    "PaymentFlow",
    "PaymentMethod",
    "PaymentMethodOption",
    "PaymentMethodUnavailable",
    "PriceBreakdown",
    "Promotion",
    "PromotionError",
    "PromotionExpired",
    "PromotionKind",
    "PromotionNotApplicable",
    "Quote",
    "RechargeLimits",
    "RechargeOptions",
    "RechargeRuleError",
    "UnknownPromoCode",
    "UnsupportedCurrency",
    "build_quote",
    "check_amount",
    "choose_promotion",
    "minimum_qualifying_amount",
    "normalise_promo_code",
    "percent_of",
]
