"""What autopilot hands out: the steps of a pass, its report (with the command's exit code),
a card's status, its errors, and the idempotency key of a deadline's top-up."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Final

from lebwallet.domain.money import Money
from lebwallet.services.autopilot_topups import TopUpState, TopUpStatus
from lebwallet.services.wallet import AUTOPILOT_KEY_PREFIX
from lebwallet.store.autopilot import AutopilotCard, AutopilotRun, RunKind, RunState

_KEY_PATTERN: Final = re.compile(r"^[!-~]{1,200}$")


class StepKind(StrEnum):
    NOT_DUE = "not_due"
    WOULD_TOP_UP = "would_top_up"
    """--dry-run: a top-up is due and would be made."""
    WAITS_FOR_PAYMENT = "waits_for_payment"
    WAITS_FOR_APPROVAL = "waits_for_approval"
    """Priced, to be paid from a prepaid balance (Reloadly) once the user says yes; nothing
    sent (the card's choice is "ask first")."""
    IN_PROGRESS = "in_progress"
    TOPPED_UP = "topped_up"
    FAILED = "failed"
    UNAVAILABLE = "unavailable"
    """The channel could not be reached; the next pass tries again with the same key."""
    REMIND = "remind"
    MISSED = "missed"
    OVER_BUDGET = "over_budget"


@dataclass(frozen=True, slots=True)
class AutopilotStep:
    card_id: str
    card_name: str
    kind: StepKind
    deadline: date
    new: bool
    """This pass made it happen (or saw it happen): tell the user."""
    amount: Money | None = None
    order_local_id: int | None = None
    next_on: date | None = None
    detail: str | None = None

    @property
    def waits_for_user(self) -> bool:
        return self.kind in _WAITS or (self.kind is StepKind.MISSED and self.new)

    @property
    def failed(self) -> bool:
        return (self.kind is StepKind.FAILED and self.new) or self.kind is StepKind.UNAVAILABLE


_WAITS: Final = frozenset(
    {
        StepKind.WAITS_FOR_PAYMENT,
        StepKind.WAITS_FOR_APPROVAL,
        StepKind.REMIND,
        StepKind.OVER_BUDGET,
    }
)


@dataclass(frozen=True, slots=True)
class AutopilotReport:
    steps: tuple[AutopilotStep, ...]

    @property
    def exit_code(self) -> int:
        """0 nothing due or all done, 1 a top-up failed, 3 something waits for the user."""
        if any(step.failed for step in self.steps):
            return 1
        if any(step.waits_for_user for step in self.steps):
            return 3
        return 0


class RemindsOnly(StrEnum):
    """Why autopilot only reminds for a card (it tops nothing up)."""

    RULE = "rule"
    """The card's rule counts calls, SMS or data, not top-ups."""
    NO_CHANNEL = "no_channel"
    """No channel the wallet has tops this card up (a card of your own without a phone
    number, or with no Reloadly account added)."""


@dataclass(frozen=True, slots=True)
class AutopilotStatus:
    """What a card shows: kept alive automatically, next on … — or that it only reminds, or
    where this deadline's top-up stands (waits for the user's payment, on its way, credited).
    """

    settings: AutopilotCard
    next_on: date | None
    last_run: AutopilotRun | None
    reminds_only: RemindsOnly | None = None
    order: TopUpState | None = None
    """This deadline's top-up order as the journal has it (None: none, or not kept there)."""

    def _this_deadline(self) -> AutopilotRun | None:
        run = self.last_run
        if self.next_on is not None or run is None or run.kind is not RunKind.TOPUP:
            return None
        return run

    @property
    def waits_for_payment(self) -> int | None:
        """The local id of this deadline's prepared order while it waits for the user to pay
        it (the hosted checkout), else None."""
        order = self.order if self._this_deadline() is not None else None
        if order is None or order.status is not TopUpStatus.WAITS_FOR_USER:
            return None
        return order.order_local_id

    @property
    def top_up(self) -> TopUpStatus | None:
        """Where this deadline's top-up stands (None: no top-up for it)."""
        run = self._this_deadline()
        if run is None or run.state is RunState.ASKED:
            return None
        if self.order is not None:
            return self.order.status
        return {
            RunState.DONE: TopUpStatus.DONE,
            RunState.FAILED: TopUpStatus.FAILED,
        }.get(run.state, TopUpStatus.IN_PROGRESS)

    @property
    def waits_for_yes(self) -> Money | None:
        """The amount of this deadline's top-up that waits for the user's yes (a channel that
        pays from a prepaid balance; `AutopilotService.approve`), else None."""
        run = self.last_run
        if self.next_on is not None or run is None or run.state is not RunState.ASKED:
            return None
        return run.amount


class AutopilotError(ValueError):
    """Bad autopilot settings (the message says what); nothing changed."""


def order_key(card_id: str, deadline: date) -> str:
    """The idempotency key of the top-up that keeps `card_id` alive past `deadline`."""
    ref = card_id if _KEY_PATTERN.match(card_id) else hashlib.sha256(card_id.encode()).hexdigest()
    return f"{AUTOPILOT_KEY_PREFIX}{ref}-{deadline:%Y%m%d}"


def month_start(at: datetime) -> datetime:
    return datetime(at.year, at.month, 1, tzinfo=UTC)
