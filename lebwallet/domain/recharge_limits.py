"""A card's top-up limits and cap usage (`lebwallet.domain.recharge`)."""

from __future__ import annotations

from dataclasses import dataclass

from lebwallet.domain.cards import KeepAlivePlan
from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.recharge_errors import (
    AboveMaximum,
    BelowMinimum,
    DailyCapExceeded,
    MonthlyCapExceeded,
    NotOffered,
    NotOnStep,
)
from lebwallet.domain.recharge_math import same_currency

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
        same_currency(self.daily_used.currency, "monthly_used", self.monthly_used)
        if self.daily_used.is_negative or self.monthly_used.is_negative:
            raise MoneyError("cap usage cannot be negative")

    @classmethod
    def none(cls, currency: str) -> CapUsage:
        return cls(Money.zero(currency), Money.zero(currency))

    @classmethod
    def from_left(cls, limits: RechargeLimits, daily_left: Money, monthly_left: Money) -> CapUsage:
        same_currency(limits.currency, "daily_left", daily_left)
        same_currency(limits.currency, "monthly_left", monthly_left)
        zero = Money.zero(limits.currency)
        return cls(
            max(limits.daily_cap - daily_left, zero), max(limits.monthly_cap - monthly_left, zero)
        )


@dataclass(frozen=True, slots=True)
class RechargeLimits:
    """Which amounts a top-up of one card may have: `minimum + k × step` up to `maximum`,
    and within the account's daily and monthly caps. All in the card's currency.

    `presets` are the amounts offered as buttons; each is a valid amount. With `fixed_only`
    (an operator's FIXED denominations) the presets are the only valid amounts. Without
    `capped` (a network channel) there are no daily or monthly caps: the caps given are
    ignored.
    """

    minimum: Money
    maximum: Money
    step: Money
    daily_cap: Money
    monthly_cap: Money
    presets: tuple[Money, ...] = ()
    fixed_only: bool = False
    capped: bool = True

    def __post_init__(self) -> None:
        currency = self.minimum.currency
        for name in ("maximum", "step", "daily_cap", "monthly_cap"):
            same_currency(currency, name, getattr(self, name))
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
        if self.fixed_only and (
            not self.presets
            or list(self.presets) != sorted(set(self.presets))
            or (self.presets[0], self.presets[-1]) != (self.minimum, self.maximum)
        ):
            raise MoneyError("fixed amounts are the presets, ascending, from minimum to maximum")
        for preset in self.presets:
            same_currency(currency, "a preset", preset)
            if not self.is_valid_amount(preset):
                raise MoneyError(f"the preset {preset.display()} is not a valid amount")

    @property
    def currency(self) -> str:
        return self.minimum.currency

    def is_valid_amount(self, amount: Money) -> bool:
        """On the grid and between minimum and maximum (caps not considered)."""
        if self.fixed_only:
            return amount in self.presets
        return (
            amount.currency == self.currency
            and self.minimum <= amount <= self.maximum
            and (amount.amount - self.minimum.amount) % self.step.amount == 0
        )

    def nearest_valid(self, amount: Money) -> tuple[Money | None, Money | None]:
        """The valid amounts just below and just above `amount` (None where there is none)."""
        same_currency(self.currency, "the amount", amount)
        if self.fixed_only:
            below = [p for p in self.presets if p <= amount]
            above = [p for p in self.presets if p >= amount]
            return (below[-1] if below else None), (above[0] if above else None)
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
        if self.fixed_only:
            return max(p for p in self.presets if p <= ceiling)
        remainder = (ceiling.amount - self.minimum.amount) % self.step.amount
        return Money(ceiling.amount - remainder, self.currency)

    def smallest_on_grid(self, floor: Money) -> Money | None:
        """The smallest valid amount at or above `floor`, or None above the maximum."""
        if floor <= self.minimum:
            return self.minimum
        if self.fixed_only:
            return next((p for p in self.presets if p >= floor), None)
        remainder = (floor.amount - self.minimum.amount) % self.step.amount
        candidate = floor
        if remainder:
            candidate = Money(floor.amount - remainder + self.step.amount, self.currency)
        return candidate if candidate <= self.maximum else None

    def left_today(self, usage: CapUsage) -> Money:
        """What the daily cap leaves (the maximum without caps)."""
        same_currency(self.currency, "the cap usage", usage.daily_used)
        if not self.capped:
            return self.maximum
        return max(self.daily_cap - usage.daily_used, Money.zero(self.currency))

    def left_this_month(self, usage: CapUsage) -> Money:
        """What the monthly cap leaves (the maximum without caps)."""
        same_currency(self.currency, "the cap usage", usage.monthly_used)
        if not self.capped:
            return self.maximum
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
    same_currency(limits.currency, "the amount", amount)
    if amount < limits.minimum:
        raise BelowMinimum(limits.minimum)
    if amount > limits.maximum:
        raise AboveMaximum(limits.maximum)
    if not limits.is_valid_amount(amount):
        lower, higher = limits.nearest_valid(amount)
        if limits.fixed_only:
            raise NotOffered(lower, higher)
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
    same_currency(limits.currency, "the keep-alive plan", plan.minimum_topup)
    return limits.smallest_on_grid(plan.minimum_topup)
