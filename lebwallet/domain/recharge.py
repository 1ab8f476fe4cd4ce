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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal, Inexact, localcontext
from enum import StrEnum
from typing import ClassVar, Final

from lebwallet.domain.cards import KeepAlivePlan
from lebwallet.domain.money import CurrencyMismatch as MoneyCurrencyMismatch
from lebwallet.domain.money import Money, MoneyError, is_currency
from lebwallet.domain.text import normalize_typed

ROUNDING: Final = ROUND_HALF_EVEN
"""The one rounding mode of every derived price component."""
MAX_PERCENT: Final = Decimal("999.9999")
PROMO_CODE_MAX_LENGTH: Final = 64
_ID_PATTERN: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")
_PROMO_CODE_PATTERN: Final = re.compile(r"[!-~]{1,64}")
_HUNDRED: Final = Decimal(100)


class PaymentMethod(StrEnum):
    BANK_CARD = "bank_card"
    PAYPAL = "paypal"
    ALIPAY = "alipay"
    WECHAT_PAY = "wechat_pay"
    ACCOUNT_BALANCE = "account_balance"
    """Debited from the prepaid balance of a channel account (Reloadly); never a user's
    choice at the LEB provider."""


class PaymentFlow(StrEnum):
    REDIRECT = "redirect"
    """Open the hosted checkout page in a browser."""
    QR = "qr"
    """Show the order's QR payload for a phone app to scan."""


class PromotionKind(StrEnum):
    BONUS = "bonus"
    """Extra credit on the card."""
    DISCOUNT = "discount"
    """A lower price."""


# --- errors ------------------------------------------------------------------------------------


class RechargeRuleError(ValueError):
    """A top-up breaks a rule; `code` is the contract's problem code for it."""

    code: ClassVar[str] = "validation_error"


class AmountError(RechargeRuleError):
    """The amount itself is not allowed."""


class BelowMinimum(AmountError):
    code = "amount_below_minimum"

    def __init__(self, minimum: Money) -> None:
        super().__init__(f"the minimum is {minimum.display()}")
        self.minimum = minimum


class AboveMaximum(AmountError):
    code = "amount_above_maximum"

    def __init__(self, maximum: Money) -> None:
        super().__init__(f"the maximum is {maximum.display()}")
        self.maximum = maximum


class NotOnStep(AmountError):
    code = "amount_not_on_step"

    def __init__(
        self, step: Money, minimum: Money, lower: Money | None, higher: Money | None
    ) -> None:
        near = " or ".join(m.display() for m in (lower, higher) if m is not None)
        super().__init__(
            f"amounts go in steps of {step.display()} from {minimum.display()}"
            + (f"; try {near}" if near else "")
        )
        self.step = step
        self.minimum = minimum
        self.lower = lower
        self.higher = higher


class DailyCapExceeded(AmountError):
    code = "daily_cap_exceeded"

    def __init__(self, cap: Money, left: Money) -> None:
        super().__init__(f"{left.display()} left today (daily cap {cap.display()})")
        self.cap = cap
        self.left = left


class MonthlyCapExceeded(AmountError):
    code = "monthly_cap_exceeded"

    def __init__(self, cap: Money, left: Money) -> None:
        super().__init__(f"{left.display()} left this month (monthly cap {cap.display()})")
        self.cap = cap
        self.left = left


class CurrencyMismatch(RechargeRuleError, MoneyCurrencyMismatch):
    """An amount, quote or fee is in another currency than the rule it meets."""

    code = "validation_error"


class UnsupportedCurrency(RechargeRuleError):
    code = "unsupported_currency"


class PaymentMethodUnavailable(RechargeRuleError):
    code = "payment_method_unavailable"


class PromotionError(RechargeRuleError):
    """A promotion or promo code cannot be used."""


class UnknownPromoCode(PromotionError):
    code = "unknown_promo_code"


class PromotionNotApplicable(PromotionError):
    code = "promotion_not_applicable"


class PromotionExpired(PromotionNotApplicable):
    """The promotion's validity window is over (or has not begun)."""


class FxQuoteError(RechargeRuleError):
    """The exchange-rate quote is missing, wrong or stale."""


class FxQuoteRequired(FxQuoteError):
    code = "validation_error"


class FxQuoteExpired(FxQuoteError):
    code = "fx_quote_expired"

    def __init__(self, quote_id: str, expired_at: datetime) -> None:
        super().__init__(
            f"the exchange rate quoted until {expired_at:%Y-%m-%d %H:%M:%S} UTC has expired; "
            "get a new price"
        )
        self.quote_id = quote_id
        self.expired_at = expired_at


# --- exact arithmetic -------------------------------------------------------------------------


def _exact_product(a: Decimal, b: Decimal, *, shift: int = 0) -> Decimal:
    """a × b × 10**shift with no context rounding (the precision is made large enough;
    `Inexact` is trapped, so a rounded result could not pass unnoticed)."""
    with localcontext() as ctx:
        ctx.prec = len(a.as_tuple().digits) + len(b.as_tuple().digits) + 2
        ctx.traps[Inexact] = True
        return (a * b).scaleb(shift)


def _round(value: Decimal, currency: str) -> Money:
    return Money.rounded(value, currency, ROUNDING)


def percent_of(amount: Money, percent: Decimal) -> Money:
    """`percent` % of `amount`, rounded once (ROUND_HALF_EVEN) to the currency's minor units."""
    return _round(_exact_product(amount.amount, percent, shift=-2), amount.currency)


def _check_percent(value: Decimal, what: str, maximum: Decimal = MAX_PERCENT) -> None:
    if not isinstance(value, Decimal):
        raise MoneyError(f"{what} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite() or value < 0 or value > maximum:
        raise MoneyError(f"{what} must be between 0 and {maximum}, not {value}")


def _aware(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime (UTC)")
    return value.astimezone(UTC)


def _same_currency(currency: str, what: str, money: Money) -> None:
    if money.currency != currency:
        raise CurrencyMismatch(f"{what} is in {money.currency}, expected {currency}")


# --- limits ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CapUsage:
    """How much of the account's daily and monthly caps is used (top-up amounts, card currency).

    Days and months are UTC (the provider's `AccountLimits`). The provider sends what is
    *left*; `CapUsage.from_left()` turns that into usage.
    """

    daily_used: Money
    monthly_used: Money

    def __post_init__(self) -> None:
        _same_currency(self.daily_used.currency, "monthly_used", self.monthly_used)
        if self.daily_used.is_negative or self.monthly_used.is_negative:
            raise MoneyError("cap usage cannot be negative")

    @classmethod
    def none(cls, currency: str) -> CapUsage:
        return cls(Money.zero(currency), Money.zero(currency))

    @classmethod
    def from_left(cls, limits: RechargeLimits, daily_left: Money, monthly_left: Money) -> CapUsage:
        _same_currency(limits.currency, "daily_left", daily_left)
        _same_currency(limits.currency, "monthly_left", monthly_left)
        zero = Money.zero(limits.currency)
        return cls(
            max(limits.daily_cap - daily_left, zero), max(limits.monthly_cap - monthly_left, zero)
        )


@dataclass(frozen=True, slots=True)
class RechargeLimits:
    """Which amounts a top-up of one card may have: `minimum + k × step` up to `maximum`,
    and within the account's daily and monthly caps. All in the card's currency.

    `presets` are the amounts offered as buttons; each is a valid amount.
    """

    minimum: Money
    maximum: Money
    step: Money
    daily_cap: Money
    monthly_cap: Money
    presets: tuple[Money, ...] = ()

    def __post_init__(self) -> None:
        currency = self.minimum.currency
        for name in ("maximum", "step", "daily_cap", "monthly_cap"):
            _same_currency(currency, name, getattr(self, name))
        if not self.minimum.is_positive:
            raise MoneyError(f"the minimum top-up must be above zero, not {self.minimum.display()}")
        if self.maximum < self.minimum:
            raise MoneyError(
                f"the maximum {self.maximum.display()} is below the minimum "
                f"{self.minimum.display()}"
            )
        if not self.step.is_positive:
            raise MoneyError(f"the step must be above zero, not {self.step.display()}")
        if self.daily_cap.is_negative or self.monthly_cap.is_negative:
            raise MoneyError("a cap cannot be negative")
        object.__setattr__(self, "presets", tuple(self.presets))
        for preset in self.presets:
            _same_currency(currency, "a preset", preset)
            if not self.is_valid_amount(preset):
                raise MoneyError(f"the preset {preset.display()} is not a valid amount")

    @property
    def currency(self) -> str:
        return self.minimum.currency

    def is_valid_amount(self, amount: Money) -> bool:
        """On the grid and between minimum and maximum (caps not considered)."""
        return (
            amount.currency == self.currency
            and self.minimum <= amount <= self.maximum
            and (amount.amount - self.minimum.amount) % self.step.amount == 0
        )

    def nearest_valid(self, amount: Money) -> tuple[Money | None, Money | None]:
        """The valid amounts just below and just above `amount` (None where there is none)."""
        _same_currency(self.currency, "the amount", amount)
        largest = self.largest_on_grid(self.maximum)
        if amount < self.minimum:
            return None, self.minimum
        if amount > largest:
            return largest, None
        remainder = (amount.amount - self.minimum.amount) % self.step.amount
        lower = Money(amount.amount - remainder, self.currency)
        if remainder == 0:
            return lower, lower
        return lower, lower + self.step

    def largest_on_grid(self, ceiling: Money) -> Money:
        """The largest grid amount at or below `ceiling` (at least the minimum)."""
        if ceiling <= self.minimum:
            return self.minimum
        remainder = (ceiling.amount - self.minimum.amount) % self.step.amount
        return Money(ceiling.amount - remainder, self.currency)

    def smallest_on_grid(self, floor: Money) -> Money | None:
        """The smallest valid amount at or above `floor`, or None above the maximum."""
        if floor <= self.minimum:
            return self.minimum
        remainder = (floor.amount - self.minimum.amount) % self.step.amount
        candidate = floor
        if remainder:
            candidate = Money(floor.amount - remainder + self.step.amount, self.currency)
        return candidate if candidate <= self.maximum else None

    def left_today(self, usage: CapUsage) -> Money:
        _same_currency(self.currency, "the cap usage", usage.daily_used)
        return max(self.daily_cap - usage.daily_used, Money.zero(self.currency))

    def left_this_month(self, usage: CapUsage) -> Money:
        _same_currency(self.currency, "the cap usage", usage.monthly_used)
        return max(self.monthly_cap - usage.monthly_used, Money.zero(self.currency))

    def largest_allowed(self, usage: CapUsage) -> Money | None:
        """The largest amount `check_amount` accepts now, or None when none is possible."""
        ceiling = min(self.maximum, self.left_today(usage), self.left_this_month(usage))
        if ceiling < self.minimum:
            return None
        return self.largest_on_grid(ceiling)

    def available_presets(self, usage: CapUsage) -> tuple[Money, ...]:
        """The presets that fit in what is left of the caps."""
        largest = self.largest_allowed(usage)
        return tuple(p for p in self.presets if largest is not None and p <= largest)


def check_amount(amount: Money, limits: RechargeLimits, usage: CapUsage) -> None:
    """Raise the first rule `amount` breaks, in this order: currency, minimum, maximum,
    step, daily cap, monthly cap."""
    _same_currency(limits.currency, "the amount", amount)
    if amount < limits.minimum:
        raise BelowMinimum(limits.minimum)
    if amount > limits.maximum:
        raise AboveMaximum(limits.maximum)
    if not limits.is_valid_amount(amount):
        lower, higher = limits.nearest_valid(amount)
        raise NotOnStep(limits.step, limits.minimum, lower, higher)
    left_today = limits.left_today(usage)
    if amount > left_today:
        raise DailyCapExceeded(limits.daily_cap, left_today)
    left_month = limits.left_this_month(usage)
    if amount > left_month:
        raise MonthlyCapExceeded(limits.monthly_cap, left_month)


def minimum_qualifying_amount(limits: RechargeLimits, plan: KeepAlivePlan) -> Money | None:
    """The smallest valid amount that keeps the number alive, or None when even the maximum
    is too small. Caps are not considered (see `RechargeLimits.largest_allowed`)."""
    _same_currency(limits.currency, "the keep-alive plan", plan.minimum_topup)
    return limits.smallest_on_grid(plan.minimum_topup)


# --- promotions --------------------------------------------------------------------------------


def normalise_promo_code(code: str) -> str:
    """Promo codes compare without surrounding space, without case and without an input
    method's full-width forms (NFKC): ``" summer10 "`` and ``"ＳＵＭＭＥＲ１０"`` are
    ``"SUMMER10"``. Raise `UnknownPromoCode` for text that cannot be a code."""
    cleaned = normalize_typed(code).upper()
    if not _PROMO_CODE_PATTERN.fullmatch(cleaned):
        if not cleaned:
            raise UnknownPromoCode("the promo code is empty")
        if len(cleaned) > PROMO_CODE_MAX_LENGTH:
            raise UnknownPromoCode(f"a promo code has at most {PROMO_CODE_MAX_LENGTH} characters")
        raise UnknownPromoCode("a promo code has only letters, digits and punctuation, no spaces")
    return cleaned


@dataclass(frozen=True, slots=True)
class Promotion:
    """A bonus or a discount: a fixed `value` or a `percent` of the amount (exactly one).

    Valid from `valid_from` (inclusive) until `valid_until` (exclusive; None: open-ended),
    for amounts of at least `min_amount`. A `code_required` promotion applies only when its
    code is entered; `code` is known to the provider (the sandbox) and None on the wallet,
    which learns only that a code exists.
    """

    id: str
    title: str
    kind: PromotionKind
    value: Money | None
    percent: Decimal | None
    valid_from: datetime
    valid_until: datetime | None = None
    min_amount: Money | None = None
    code_required: bool = False
    code: str | None = None

    def __post_init__(self) -> None:
        if not _ID_PATTERN.fullmatch(self.id):
            raise ValueError(f"a promotion id is 1 to 64 letters, digits, '_' or '-': {self.id!r}")
        if not self.title.strip():
            raise ValueError(f"promotion {self.id} has no title")
        if (self.value is None) == (self.percent is None):
            raise ValueError(f"promotion {self.id} needs exactly one of a value and a percent")
        if self.value is not None and not self.value.is_positive:
            raise MoneyError(f"promotion {self.id}'s value must be above zero")
        if self.percent is not None:
            ceiling = _HUNDRED if self.kind is PromotionKind.DISCOUNT else MAX_PERCENT
            _check_percent(self.percent, f"promotion {self.id}'s percent", ceiling)
            if self.percent == 0:
                raise MoneyError(f"promotion {self.id}'s percent must be above zero")
        if self.value is not None and self.min_amount is not None:
            _same_currency(self.value.currency, "the promotion's min_amount", self.min_amount)
        object.__setattr__(self, "valid_from", _aware(self.valid_from, "valid_from"))
        if self.valid_until is not None:
            until = _aware(self.valid_until, "valid_until")
            if until <= self.valid_from:
                raise ValueError(f"promotion {self.id} ends before it starts")
            object.__setattr__(self, "valid_until", until)
        if self.code is not None:
            if not self.code_required:
                raise ValueError(f"promotion {self.id} has a code but does not require one")
            object.__setattr__(self, "code", normalise_promo_code(self.code))

    @property
    def currency(self) -> str | None:
        """The currency of a fixed-value promotion (None for a percentage)."""
        if self.value is not None:
            return self.value.currency
        return self.min_amount.currency if self.min_amount is not None else None

    def is_active(self, now: datetime) -> bool:
        now = _aware(now, "now")
        return self.valid_from <= now and (self.valid_until is None or now < self.valid_until)

    def matches_code(self, code: str) -> bool:
        return self.code is not None and self.code == normalise_promo_code(code)

    def benefit(self, amount: Money) -> Money:
        """The bonus or discount this promotion gives on `amount` (a discount at most the
        amount); rules of use are not checked here (see `check_applies`)."""
        if self.currency is not None:
            _same_currency(self.currency, "the amount", amount)
        if self.value is not None:
            value = self.value
        else:
            assert self.percent is not None  # exactly one is set
            value = percent_of(amount, self.percent)
        if self.kind is PromotionKind.DISCOUNT:
            return min(value, amount)
        return value

    def check_applies(self, amount: Money, now: datetime) -> None:
        """Raise `PromotionExpired` / `PromotionNotApplicable` when it cannot be used."""
        now = _aware(now, "now")
        if now < self.valid_from:
            raise PromotionExpired(
                f"the promotion {self.title!r} starts on {self.valid_from:%Y-%m-%d %H:%M} UTC"
            )
        if self.valid_until is not None and now >= self.valid_until:
            raise PromotionExpired(
                f"the promotion {self.title!r} ended on {self.valid_until:%Y-%m-%d %H:%M} UTC"
            )
        if self.currency is not None and amount.currency != self.currency:
            raise PromotionNotApplicable(
                f"the promotion {self.title!r} is for top-ups in {self.currency}"
            )
        if self.min_amount is not None and amount < self.min_amount:
            raise PromotionNotApplicable(
                f"the promotion {self.title!r} needs a top-up of at least "
                f"{self.min_amount.display()}"
            )


@dataclass(frozen=True, slots=True)
class PromotionChoice:
    """Which promotion a top-up gets. `unverified_code` is set when a code was entered that
    only the provider can check (the wallet does not know promotion codes): no promotion is
    applied locally and the provider's price is the one that counts."""

    promotion: Promotion | None
    promo_code: str | None = None
    unverified_code: bool = False


def choose_promotion(
    promotions: Iterable[Promotion],
    amount: Money,
    now: datetime,
    promo_code: str | None = None,
) -> PromotionChoice:
    """Pick the one promotion an order gets (an order has at most one).

    With a code: the code's promotion, or an error saying why it does not apply
    (`UnknownPromoCode`, `PromotionExpired`, `PromotionNotApplicable`); an entered code wins
    over automatic promotions. Without a code: of the promotions that need no code and
    apply, the one worth most on this amount (ties: the smallest id); None when none applies.
    """
    promotions = tuple(promotions)
    if promo_code is not None:
        code = normalise_promo_code(promo_code)
        matching = [p for p in promotions if p.matches_code(code)]
        if not matching:
            if any(p.code_required and p.code is None for p in promotions):
                return PromotionChoice(None, code, unverified_code=True)
            raise UnknownPromoCode(f"no promotion has the code {code!r}")
        first_error: PromotionError | None = None
        usable: list[Promotion] = []
        for promotion in matching:
            try:
                promotion.check_applies(amount, now)
            except PromotionError as exc:
                first_error = first_error or exc
            else:
                usable.append(promotion)
        if not usable:
            assert first_error is not None
            raise first_error
        return PromotionChoice(_best(usable, amount), code)
    automatic = []
    for promotion in promotions:
        if promotion.code_required:
            continue
        try:
            promotion.check_applies(amount, now)
        except PromotionError:
            continue
        automatic.append(promotion)
    return PromotionChoice(_best(automatic, amount) if automatic else None)


def _best(promotions: Sequence[Promotion], amount: Money) -> Promotion:
    return min(promotions, key=lambda p: (-p.benefit(amount).amount, p.id))


# --- FX and payment methods --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FxQuote:
    """One `from_currency` unit costs `rate` units of `to_currency` until `expires_at`."""

    id: str
    from_currency: str
    to_currency: str
    rate: Decimal
    expires_at: datetime

    def __post_init__(self) -> None:
        if not _ID_PATTERN.fullmatch(self.id):
            raise ValueError(f"an FX quote id is 1 to 64 letters, digits, '_' or '-': {self.id!r}")
        for code in (self.from_currency, self.to_currency):
            if not is_currency(code):
                raise UnsupportedCurrency(f"{code!r} is not an ISO 4217 currency code")
        if self.from_currency == self.to_currency:
            raise ValueError(f"an FX quote converts between two currencies, not {self.to_currency}")
        if not isinstance(self.rate, Decimal):
            raise MoneyError(f"an exchange rate must be a Decimal, not {type(self.rate).__name__}")
        if not self.rate.is_finite() or self.rate <= 0:
            raise MoneyError(f"an exchange rate must be above zero, not {self.rate}")
        object.__setattr__(self, "expires_at", _aware(self.expires_at, "expires_at"))

    def is_expired(self, now: datetime) -> bool:
        return _aware(now, "now") >= self.expires_at

    def convert(self, money: Money) -> Money:
        """`money` in `to_currency`, rounded once (ROUND_HALF_EVEN)."""
        _same_currency(self.from_currency, "the amount to convert", money)
        return _round(_exact_product(money.amount, self.rate), self.to_currency)


@dataclass(frozen=True, slots=True)
class PaymentMethodOption:
    """A way to pay: `fee_percent` of the (converted) price plus `fee_fixed`, in the pay
    currency. `available` is False when the method cannot take the pay currency now."""

    method: PaymentMethod
    flow: PaymentFlow
    available: bool
    fee_percent: Decimal
    fee_fixed: Money
    pay_currencies: frozenset[str]

    def __post_init__(self) -> None:
        _check_percent(self.fee_percent, f"the {self.method.value} fee percent")
        if self.fee_fixed.is_negative:
            raise MoneyError(f"the {self.method.value} fixed fee cannot be negative")
        object.__setattr__(self, "pay_currencies", frozenset(self.pay_currencies))

    def check_usable(self, pay_currency: str) -> None:
        if not self.available:
            raise PaymentMethodUnavailable(f"{self.method.value} is not available now")
        if pay_currency not in self.pay_currencies:
            accepted = ", ".join(sorted(self.pay_currencies)) or "nothing"
            raise UnsupportedCurrency(
                f"{self.method.value} cannot take {pay_currency}; it takes {accepted}"
            )
        _same_currency(pay_currency, f"the {self.method.value} fixed fee", self.fee_fixed)

    def fee_for(self, price: Money) -> Money:
        """The fee on `price` (in the pay currency): percentage rounded once, plus fixed."""
        _same_currency(self.fee_fixed.currency, "the price", price)
        return percent_of(price, self.fee_percent) + self.fee_fixed


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
        return self.expires_at is not None and _aware(now, "now") >= self.expires_at


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
    now = _aware(now, "now")
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

    def __post_init__(self) -> None:
        if not _ID_PATTERN.fullmatch(self.card_id):
            raise ValueError(f"a card id is 1 to 64 letters, digits, '_' or '-': {self.card_id!r}")
        if not is_currency(self.pay_currency):
            raise UnsupportedCurrency(f"{self.pay_currency!r} is not an ISO 4217 currency code")
        _same_currency(self.currency, "the cap usage", self.usage.daily_used)
        _same_currency(self.currency, "the keep-alive plan", self.plan.minimum_topup)
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
