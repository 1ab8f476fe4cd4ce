"""Keep-alive rules of any carrier, the actions that satisfy them and the deadlines they set.

A carrier keeps a prepaid number as long as a *qualifying action* happens within a period:
for most carriers any chargeable use (a call, an SMS, a data session) counts, for some only a
top-up of at least an amount. After the period the number goes through stages (restricted,
hibernated, credit removed, recycled), each some time after the one before.

Dates, not instants: an action happened on a (UTC) date, and the rule gives the *last day*
on which the next qualifying action still keeps the number: the date of the latest
qualifying action plus the period. A period in months is calendar months (31 Aug + 6 months
is the last day of February; 29 Feb + 12 months is 28 Feb), never "30 days per month".
The card's deadline instant is the start (00:00 UTC) of the day after the last day, so
`lebwallet.domain.cards.last_day_before(deadline)` gives the last day back.

A provider's `KeepAlivePlan` is one such rule (`rule_from_plan`): a top-up of at least its
minimum, every `period_days` days. Pure rules: no clock, no I/O.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Final

from lebwallet.domain.cards import MAX_PERIOD_DAYS, KeepAlivePlan
from lebwallet.domain.money import Money, is_currency

MAX_PERIOD_MONTHS: Final = 120
NOTE_MAX_LENGTH: Final = 200
RULE_ID_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_URL_PATTERN: Final = re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?")


class KeepAliveError(ValueError):
    """A keep-alive rule or action is not consistent."""


class ActionKind(StrEnum):
    """What a person did with a card."""

    TOPUP = "topup"
    CALL = "call"
    SMS = "sms"
    DATA = "data"


USE_KINDS: Final = frozenset({ActionKind.CALL, ActionKind.SMS, ActionKind.DATA})
"""Chargeable use: what "any chargeable activity" means for most carriers."""


class PeriodUnit(StrEnum):
    DAYS = "days"
    MONTHS = "months"


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months; a day the target month lacks becomes its last day
    (31 Aug + 6 months = 28 or 29 Feb; 29 Feb + 12 months = 28 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class Period:
    """A span of whole days or of calendar months."""

    count: int
    unit: PeriodUnit

    def __post_init__(self) -> None:
        if not isinstance(self.unit, PeriodUnit):
            raise KeepAliveError(f"a period is in days or months, not {self.unit!r}")
        top = MAX_PERIOD_DAYS if self.unit is PeriodUnit.DAYS else MAX_PERIOD_MONTHS
        if isinstance(self.count, bool) or not isinstance(self.count, int):
            raise KeepAliveError(f"a period is a whole number of {self.unit}")
        if not 0 <= self.count <= top:
            raise KeepAliveError(f"a period is 0 to {top} {self.unit}, not {self.count}")

    @classmethod
    def days(cls, count: int) -> Period:
        return cls(count, PeriodUnit.DAYS)

    @classmethod
    def months(cls, count: int) -> Period:
        return cls(count, PeriodUnit.MONTHS)

    def after(self, day: date) -> date:
        """The date this period after `day`."""
        if self.unit is PeriodUnit.MONTHS:
            return add_months(day, self.count)
        return day + timedelta(days=self.count)

    @property
    def approx_days(self) -> int:
        """Days for figures that need a number of days (31 per month: never too short)."""
        return self.count * 31 if self.unit is PeriodUnit.MONTHS else self.count

    def describe(self) -> str:
        return f"{self.count} {self.unit.value if self.count != 1 else self.unit.value[:-1]}"


class StageEffect(StrEnum):
    """What the carrier does once a stage is reached."""

    WARNING = "warning"
    RESTRICTED = "restricted"
    """Outgoing service stops; incoming calls and texts may still work."""
    HIBERNATED = "hibernated"
    CREDIT_REMOVED = "credit_removed"
    DISCONNECTED = "disconnected"
    RECYCLED = "recycled"
    """The number is lost for good."""


@dataclass(frozen=True, slots=True)
class Stage:
    """`effect` happens `after` the last day (0 days: the day after the last day)."""

    after: Period
    effect: StageEffect


class Confidence(StrEnum):
    STATED = "stated"
    """The carrier's own page or terms say so."""
    REPORTED = "reported"
    """An old, second-hand or third-party source says so."""


@dataclass(frozen=True, slots=True)
class KeepAliveRule:
    """Any of `actions` within `period` keeps the number; then each of `stages` follows.

    A top-up counts only when it is at least `minimum_topup` (when set, in its currency).
    `source_url` (https) and `checked_on` say where the rule comes from and when it was last
    checked; `confidence` says how far to trust it.
    """

    actions: frozenset[ActionKind]
    period: Period
    minimum_topup: Money | None = None
    stages: tuple[Stage, ...] = ()
    source_url: str | None = None
    checked_on: date | None = None
    confidence: Confidence = Confidence.STATED

    def __post_init__(self) -> None:
        actions = frozenset(self.actions)
        if not actions or not all(isinstance(a, ActionKind) for a in actions):
            raise KeepAliveError("a keep-alive rule needs at least one qualifying action")
        object.__setattr__(self, "actions", actions)
        if not isinstance(self.period, Period) or self.period.count < 1:
            raise KeepAliveError("a keep-alive period is at least one day or month")
        if self.minimum_topup is not None:
            if not isinstance(self.minimum_topup, Money) or self.minimum_topup.is_negative:
                raise KeepAliveError("a minimum top-up is a non-negative amount")
            if ActionKind.TOPUP not in actions:
                raise KeepAliveError("a minimum top-up needs top-ups among the actions")
        stages = tuple(self.stages)
        if not all(isinstance(s, Stage) for s in stages):
            raise KeepAliveError("stages must be Stage values")
        object.__setattr__(self, "stages", stages)
        if self.source_url is not None and not _URL_PATTERN.fullmatch(self.source_url):
            raise KeepAliveError(f"a rule's source is an https URL, not {self.source_url!r}")
        if self.checked_on is not None and not isinstance(self.checked_on, date):
            raise KeepAliveError("a rule's last-checked date must be a date")
        if not isinstance(self.confidence, Confidence):
            raise KeepAliveError(f"confidence is stated or reported, not {self.confidence!r}")

    def qualifies(self, action: KeepAliveAction) -> bool:
        """True when `action` resets the period under this rule."""
        if action.kind not in self.actions:
            return False
        if action.kind is ActionKind.TOPUP and self.minimum_topup is not None:
            amount = action.amount
            if amount is None or amount.currency != self.minimum_topup.currency:
                return False
            return amount.is_positive and amount >= self.minimum_topup
        return True

    def last_day_after(self, day: date) -> date:
        """The last day to act after a qualifying action on `day`."""
        return self.period.after(day)

    def stage_dates(self, last_day: date) -> tuple[tuple[date, StageEffect], ...]:
        """Each stage's first day after `last_day`, in order."""
        start = last_day + timedelta(days=1)
        return tuple((stage.after.after(start), stage.effect) for stage in self.stages)

    def describe(self) -> str:
        """English rule for logs and the CLI (the UI phrases it with tr())."""
        kinds = ", ".join(k.value for k in ActionKind if k in self.actions)
        text = f"any of {kinds} every {self.period.describe()}"
        if self.minimum_topup is not None:
            text += f" (top-up at least {self.minimum_topup.display()})"
        return text


@dataclass(frozen=True, slots=True)
class KeepAliveAction:
    """Something done with a card on a date: a top-up (with its amount, if known), a call, an
    SMS, a data session. `id` is the store's, None before it is stored. `order` names the
    wallet's order that made a top-up (its provider id, else its local id); None for an action
    the user logged (done elsewhere)."""

    kind: ActionKind
    on: date
    amount: Money | None = None
    note: str | None = None
    id: int | None = field(default=None, compare=False)
    order: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.kind, ActionKind):
            raise KeepAliveError(f"an action is topup, call, sms or data, not {self.kind!r}")
        if isinstance(self.on, datetime) or not isinstance(self.on, date):
            raise KeepAliveError("an action's day is a date")
        if self.amount is not None:
            if self.kind is not ActionKind.TOPUP:
                raise KeepAliveError("only a top-up has an amount")
            if not isinstance(self.amount, Money) or not self.amount.is_positive:
                raise KeepAliveError("a top-up amount is positive")
        if self.order is not None and self.kind is not ActionKind.TOPUP:
            raise KeepAliveError("only a top-up comes from an order")
        if self.note is not None:
            note = self.note.strip()
            if len(note) > NOTE_MAX_LENGTH or not note.isprintable():
                raise KeepAliveError(f"a note has at most {NOTE_MAX_LENGTH} printable characters")
            object.__setattr__(self, "note", note or None)

    def check_not_future(self, today: date) -> None:
        if self.on > today:
            raise KeepAliveError(f"{self.on.isoformat()} is in the future")


@dataclass(frozen=True, slots=True)
class KeepAliveDeadline:
    """What a rule and the actions give: the last day to act and the stages after it.

    `last_action` is None when no qualifying action is known and the deadline is counted from
    `since` (the day the wallet started to track the card)."""

    last_day: date
    last_action: KeepAliveAction | None
    stages: tuple[tuple[date, StageEffect], ...]

    @property
    def instant(self) -> datetime:
        """00:00 UTC after the last day: the card's `deadline`."""
        return deadline_instant(self.last_day)

    def days_left(self, today: date) -> int:
        return (self.last_day - today).days


def latest_qualifying(
    rule: KeepAliveRule, actions: Iterable[KeepAliveAction]
) -> KeepAliveAction | None:
    """The newest action the rule counts (the last logged one on a tie)."""
    latest: KeepAliveAction | None = None
    for action in actions:
        if rule.qualifies(action) and (latest is None or action.on >= latest.on):
            latest = action
    return latest


def keep_alive_deadline(
    rule: KeepAliveRule, actions: Iterable[KeepAliveAction], *, since: date | None = None
) -> KeepAliveDeadline | None:
    """The deadline from the latest qualifying action of any kind, or from `since` when none
    qualifies (a guess the app marks as such; None when neither is known). Adding an action
    never moves a deadline that comes from actions earlier: a logged action is a fact, and an
    action older than `since` replaces the guess."""
    latest = latest_qualifying(rule, actions)
    start = latest.on if latest is not None else since
    if start is None:
        return None
    last_day = rule.last_day_after(start)
    return KeepAliveDeadline(last_day, latest, rule.stage_dates(last_day))


def rule_from_plan(plan: KeepAlivePlan) -> KeepAliveRule:
    """A provider's plan as a rule: a top-up of at least its minimum every `period_days`."""
    return KeepAliveRule(
        actions=frozenset({ActionKind.TOPUP}),
        period=Period.days(plan.period_days),
        minimum_topup=plan.minimum_topup if plan.minimum_topup.is_positive else None,
    )


def deadline_instant(last_day: date) -> datetime:
    """00:00 UTC after `last_day` (see the module docstring)."""
    return datetime.combine(last_day + timedelta(days=1), time(), tzinfo=UTC)


def parse_amount(text: str) -> Money:
    """An amount with its currency as a person writes it: ``"10.00 GBP"`` or ``"GBP 10"``."""
    parts = text.split()
    if len(parts) == 2 and is_currency(parts[0].upper()) and not is_currency(parts[1].upper()):
        parts.reverse()
    if len(parts) != 2 or not is_currency(parts[1].upper()):
        raise KeepAliveError(f'{text!r} is not an amount like "10.00 GBP"')
    return Money.parse_user(parts[0], parts[1].upper())
