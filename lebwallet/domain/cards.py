"""Cards and their keep-alive plans: when a number must be topped up so it is not recycled.

A carrier recycles a prepaid number unless a *qualifying* top-up — at least
`KeepAlivePlan.minimum_topup`, counted on the top-up amount itself, not on a promotion's
bonus — is made within `period_days` of the previous qualifying one. A smaller top-up adds
to the balance but does not move the deadline.

Time and day boundaries
- Every timestamp is a timezone-aware `datetime`; cards store them in UTC (naive datetimes
  are refused). Nothing here reads the clock: callers pass `now` or `today`.
- The deadline is an instant: `last qualifying top-up + period_days × 24 h` (or the
  provider's own figure). Days are counted in **UTC dates**, passed in as `today`: the
  *last day* is the UTC date of the last instant before the deadline, `days_left(today)` is
  `last_day - today` (0 on the last day, negative once it has passed). A desktop in UTC+8
  therefore sees the day change at 08:00 local time; this keeps the count identical on every
  machine and with the provider. `is_past_deadline(now)` gives the exact instant.
- States by days left, relative to the plan's period (`KeepAlivePlan.due_soon_days`,
  `KeepAlivePlan.urgent_days`): `due_soon` from 30 days left but never more than a third of
  the period, `urgent` from 7 days left but never more than a quarter of it, `lapsed` once
  the last day has passed, `ok` before. A 180-day plan is due soon at 30 days and urgent at
  7; a 30-day plan at 10 and 7; a 7-day plan at 2 and 1. A card topped up today is never
  due soon (except on a one-day plan, whose last day is always close).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Final

from lebwallet.domain.identifiers import ActivationCode, Iccid, Msisdn
from lebwallet.domain.money import Money, is_currency
from lebwallet.domain.text import normalize_typed, refused_characters

DUE_SOON_DAYS: Final = 30
"""At most this many days left (and a third of the period): `KeepAliveState.DUE_SOON`."""
URGENT_DAYS: Final = 7
"""At most this many days left (and a quarter of the period): `KeepAliveState.URGENT`."""
MAX_PERIOD_DAYS: Final = 3650
LABEL_MAX_LENGTH: Final = 40
CARRIER_MAX_LENGTH: Final = 100
_ID_PATTERN: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")
_REGION_PATTERN: Final = re.compile(r"[A-Z]{2}")


class CardError(ValueError):
    """A card or plan is not consistent, or an operation does not apply to it."""


class LabelError(CardError):
    """A label the user typed cannot be kept: `length` characters (too many) or `refused`
    characters (control characters)."""

    def __init__(self, message: str, *, length: int = 0, refused: str = "") -> None:
        super().__init__(message)
        self.length = length
        self.refused = refused


def normalize_label(text: str) -> str | None:
    """The label to keep for what the user typed: NFKC, stripped, None when empty.

    Raises `LabelError` for more than `LABEL_MAX_LENGTH` characters or a control character:
    a label is never cut or cleaned silently."""
    label = normalize_typed(text)
    refused = refused_characters(label, str.isprintable)
    if refused:
        raise LabelError("a card label cannot contain control characters", refused=refused)
    if len(label) > LABEL_MAX_LENGTH:
        raise LabelError(
            f"a card label has at most {LABEL_MAX_LENGTH} characters, not {len(label)}",
            length=len(label),
        )
    return label or None


class CardNotRechargeable(CardError):
    """The number is recycled: no top-up can reach it any more."""


class KeepAliveState(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"
    URGENT = "urgent"
    LAPSED = "lapsed"


class CardSource(StrEnum):
    """Where a card comes from: bound at the provider, or added by the user in the wallet."""

    PROVIDER = "provider"
    LOCAL = "local"
    """The wallet's own card (any number, any carrier): a sync never touches it."""


class CardStatus(StrEnum):
    """The provider's view of the card (same values as the wire's CardStatus)."""

    PENDING_ACTIVATION = "pending_activation"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    """The deadline passed; a qualifying top-up may still restore the number."""
    RECYCLED = "recycled"
    """The number is lost."""


def due_soon_days(period_days: int) -> int:
    """At most this many days left, a plan of `period_days` is due soon."""
    return min(DUE_SOON_DAYS, period_days // 3)


def urgent_days(period_days: int) -> int:
    """At most this many days left, a plan of `period_days` is urgent."""
    return min(URGENT_DAYS, period_days // 4)


def keep_alive_state(days_left: int, period_days: int) -> KeepAliveState:
    """The state for a number of days left on a plan of `period_days` days (see the module
    docstring for the thresholds)."""
    if days_left < 0:
        return KeepAliveState.LAPSED
    if days_left <= urgent_days(period_days):
        return KeepAliveState.URGENT
    if days_left <= due_soon_days(period_days):
        return KeepAliveState.DUE_SOON
    return KeepAliveState.OK


def _utc(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise CardError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise CardError(f"{name} must be timezone-aware (UTC), not a naive datetime")
    return value.astimezone(UTC)


def last_day_before(deadline: datetime) -> date:
    """The UTC date of the last instant before `deadline`: the last day to act."""
    return (_utc(deadline, "deadline") - timedelta(microseconds=1)).date()


@dataclass(frozen=True, slots=True)
class KeepAlivePlan:
    """Top up at least `minimum_topup` every `period_days` days.

    `min_balance`, when set, is the balance the carrier wants kept on the card (some charge
    a monthly fee from it); below it the card counts as low on balance.
    """

    minimum_topup: Money
    period_days: int
    min_balance: Money | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.minimum_topup, Money):
            raise CardError("a keep-alive plan's minimum top-up must be Money")
        if self.minimum_topup.is_negative:
            raise CardError(
                f"a keep-alive plan's minimum top-up cannot be negative "
                f"({self.minimum_topup.display()})"
            )
        if (
            isinstance(self.period_days, bool)
            or not isinstance(self.period_days, int)
            or not 1 <= self.period_days <= MAX_PERIOD_DAYS
        ):
            raise CardError(
                f"a keep-alive period is 1 to {MAX_PERIOD_DAYS} days, not {self.period_days!r}"
            )
        if self.min_balance is not None and (
            not isinstance(self.min_balance, Money)
            or self.min_balance.currency != self.currency
            or self.min_balance.is_negative
        ):
            raise CardError(
                f"a keep-alive plan's minimum balance must be a non-negative amount in "
                f"{self.currency}"
            )

    @property
    def currency(self) -> str:
        return self.minimum_topup.currency

    @property
    def period(self) -> timedelta:
        return timedelta(days=self.period_days)

    def qualifies(self, amount: Money) -> bool:
        """True when a top-up of `amount` resets the keep-alive period."""
        if amount.currency != self.currency:
            raise CardError(
                f"a {amount.currency} top-up cannot count for a plan in {self.currency}"
            )
        return amount.is_positive and amount >= self.minimum_topup

    def deadline_after(self, qualifying_topup_at: datetime) -> datetime:
        """The deadline that a qualifying top-up made at `qualifying_topup_at` sets (UTC)."""
        return _utc(qualifying_topup_at, "qualifying_topup_at") + self.period

    def describe(self) -> str:
        """English rule for logs and the CLI (the UI phrases it with tr())."""
        rule = f"top up at least {self.minimum_topup.display()} every {self.period_days} days"
        if self.min_balance is not None:
            rule += f" and keep at least {self.min_balance.display()} on the balance"
        return rule


@dataclass(frozen=True, slots=True)
class Card:
    """A prepaid SIM or eSIM card bound to the account.

    `deadline` is when the number is recycled without a qualifying top-up. Leave it None to
    compute it from `last_qualifying_topup` and the plan; the provider's figure, when
    known, is passed in and wins (carriers have their own rules). Timestamps are stored in
    UTC. At least one of `iccid` and `msisdn` is set; only an eSIM has an `activation_code`.
    """

    id: str
    label: str | None
    iccid: Iccid | None
    msisdn: Msisdn | None
    carrier: str
    region: str
    """ISO 3166-1 alpha-2 country or territory of the carrier."""
    currency: str
    balance: Money
    is_esim: bool
    activation_code: ActivationCode | None
    plan: KeepAlivePlan
    last_qualifying_topup: datetime | None
    deadline: datetime | None = None
    status: CardStatus = CardStatus.ACTIVE
    sandbox: bool = False
    source: CardSource = CardSource.PROVIDER

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID_PATTERN.fullmatch(self.id):
            raise CardError(f"a card id is 1 to 64 letters, digits, '_' or '-', not {self.id!r}")
        if self.label is not None:
            label = self.label.strip()
            if len(label) > LABEL_MAX_LENGTH:
                raise CardError(f"a card label has at most {LABEL_MAX_LENGTH} characters")
            if not label.isprintable():
                raise CardError("a card label cannot contain control characters")
            object.__setattr__(self, "label", label or None)
        if self.iccid is None and self.msisdn is None:
            raise CardError("a card needs an ICCID or a phone number")
        if not self.carrier.strip() or len(self.carrier) > CARRIER_MAX_LENGTH:
            raise CardError(f"a carrier name has 1 to {CARRIER_MAX_LENGTH} characters")
        if not _REGION_PATTERN.fullmatch(self.region):
            raise CardError(f"a region is an ISO 3166 alpha-2 code like GB, not {self.region!r}")
        if not is_currency(self.currency):
            raise CardError(f"{self.currency!r} is not an ISO 4217 currency code")
        if self.balance.currency != self.currency:
            raise CardError(
                f"the balance is in {self.balance.currency} but the card is in {self.currency}"
            )
        if self.plan.currency != self.currency:
            raise CardError(
                f"the keep-alive plan is in {self.plan.currency} but the card is in {self.currency}"
            )
        if self.activation_code is not None and not self.is_esim:
            raise CardError("only an eSIM card has an activation code")
        if self.last_qualifying_topup is not None:
            last = _utc(self.last_qualifying_topup, "last_qualifying_topup")
            object.__setattr__(self, "last_qualifying_topup", last)
        if self.deadline is not None:
            object.__setattr__(self, "deadline", _utc(self.deadline, "deadline"))
        elif self.last_qualifying_topup is not None:
            object.__setattr__(
                self, "deadline", self.plan.deadline_after(self.last_qualifying_topup)
            )
        else:
            raise CardError("a card needs a deadline or the time of its last qualifying top-up")

    # --- keep-alive ---------------------------------------------------------------------------

    @property
    def keep_alive_deadline(self) -> datetime:
        """The deadline (UTC); always set once the card is built."""
        assert self.deadline is not None  # set in __post_init__
        return self.deadline

    @property
    def last_day(self) -> date:
        """The last UTC date on which a qualifying top-up keeps the number."""
        return last_day_before(self.keep_alive_deadline)

    def days_left(self, today: date) -> int:
        """Whole UTC days from `today` to the last day: 0 on it, negative after it."""
        return (self.last_day - today).days

    def keep_alive_state(self, today: date) -> KeepAliveState:
        return keep_alive_state(self.days_left(today), self.plan.period_days)

    def is_due_soon(self, today: date) -> bool:
        """True when the deadline is close for this plan's period (due soon, urgent, lapsed)."""
        return self.keep_alive_state(today) is not KeepAliveState.OK

    def is_past_deadline(self, now: datetime) -> bool:
        return _utc(now, "now") >= self.keep_alive_deadline

    @property
    def minimum_topup(self) -> Money:
        """The smallest top-up that keeps the number alive (before the provider's step grid;
        see `recharge.minimum_qualifying_amount`)."""
        return self.plan.minimum_topup

    @property
    def is_rechargeable(self) -> bool:
        """True when the wallet can top the card up: a provider's card not recycled (a card
        the user added is topped up at its carrier, then logged as an action)."""
        return self.source is CardSource.PROVIDER and self.status is not CardStatus.RECYCLED

    @property
    def is_own_number(self) -> bool:
        """A card of the user's own with a phone number: a network channel (Reloadly) tops it
        up by that number."""
        return self.source is CardSource.LOCAL and self.msisdn is not None

    @property
    def balance_low(self) -> bool:
        """True when the plan asks for a minimum balance and the balance is below it.

        Strictly below: a balance equal to `min_balance` meets the carrier's "keep at least"
        rule. There is no safety margin on top: the carrier's figure is the threshold, the
        wallet knows nothing of the usage that will lower the balance, and the keep-alive
        deadline has its own reminders. A plan without `min_balance` is never low (a zero
        balance alone does not endanger the number; the qualifying top-up does that).
        """
        return self.plan.min_balance is not None and self.balance < self.plan.min_balance

    def with_topup(self, amount: Money, credited: Money, at: datetime) -> Card:
        """The card after `credited` (amount + any bonus) reached the balance at `at`.

        Only a qualifying `amount` moves the deadline, and it never moves it earlier; a
        qualifying top-up restores a suspended card. A recycled card cannot be topped up.
        """
        if self.status is CardStatus.RECYCLED:
            raise CardNotRechargeable(f"card {self.id} is recycled; it cannot be topped up")
        if amount.currency != self.currency or credited.currency != self.currency:
            raise CardError(f"a top-up of card {self.id} must be in {self.currency}")
        if not amount.is_positive or credited < amount:
            raise CardError("a top-up is positive and credits at least its amount")
        at = _utc(at, "at")
        last, deadline, status = self.last_qualifying_topup, self.keep_alive_deadline, self.status
        if self.plan.qualifies(amount):
            if last is None or at > last:
                last = at
            deadline = max(deadline, self.plan.deadline_after(at))
            if status is CardStatus.SUSPENDED:
                status = CardStatus.ACTIVE
        return replace(
            self,
            balance=self.balance + credited,
            last_qualifying_topup=last,
            deadline=deadline,
            status=status,
        )

    # --- display ------------------------------------------------------------------------------

    @property
    def masked_number(self) -> str:
        """The masked phone number, or the masked ICCID when there is no phone number."""
        if self.msisdn is not None:
            return self.msisdn.masked
        assert self.iccid is not None  # checked in __post_init__
        return self.iccid.masked

    @property
    def display_name(self) -> str:
        """The label, or the masked number when the card has no label."""
        return self.label or self.masked_number
