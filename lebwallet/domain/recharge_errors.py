"""The recharge rules' errors (`lebwallet.domain.recharge`): each names the limit in its
message, carries it as attributes, and has the contract's problem `code`."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from lebwallet.domain.money import CurrencyMismatch as MoneyCurrencyMismatch
from lebwallet.domain.money import Money

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


class NotOffered(AmountError):
    """The channel takes only certain amounts (an operator's FIXED denominations)."""

    code = "amount_not_offered"

    def __init__(self, lower: Money | None, higher: Money | None) -> None:
        near = " or ".join(m.display() for m in (lower, higher) if m is not None)
        super().__init__("this amount is not offered" + (f"; try {near}" if near else ""))
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
