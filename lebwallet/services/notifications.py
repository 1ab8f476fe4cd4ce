"""Which events tell the user something, and making sure each is told once.

Qt-free policy: the refresher (or any other producer) hands events to a
`NotificationPolicy`; it answers with the `Notice`s to show — none for an event already
told, or of a kind the user switched off in `Settings.notifications`. The UI (the tray)
turns a `Notice` into translated text; nothing here is user-visible text.

| event                                    | notice            | told once per                 |
|------------------------------------------|-------------------|-------------------------------|
| an order becomes credited                | CREDITED          | order                         |
| an order becomes failed / expired        | FAILED / EXPIRED  | order                         |
| an order waits on the authentication step| ACTION_NEEDED     | order                         |
| a card's balance is below its plan's     | LOW_BALANCE       | low spell (re-armed once the  |
| minimum                                  |                   | balance is back up)           |
| a keep-alive deadline 30 / 7 / 1 days    | DEADLINE          | card, deadline and threshold  |
| ahead                                    |                   | (only the nearest one crossed)|
| a newer release                          | UPDATE            | version                       |
| support answered a request               | SUPPORT_REPLY     | message                       |
| autopilot prepared, did, missed or could | AUTOPILOT         | card, deadline and outcome    |
| not do a keep-alive top-up               |                   |                               |

Each notice has a `Severity` (`severity_of`): success (credited), info (an update, a
deadline a month away), warning (action needed, low balance, expired, a deadline a week
away) or alarm (failed, a deadline tomorrow or today). The notices themselves are kept for
the user to read and dismiss by `services.notice_board.NoticeBoard`.

What was told is kept in ``notices.json`` in the data directory (`NoticeLog`, from
`lebwallet.services.notice_log`), written atomically, so a restart does not repeat notices.
An event of a kind switched off is still recorded as told: switching the kind on later does
not bring a flood of old notices.
Thread-safe: the refresher thread and a background task may use one policy together.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Final, Protocol

from lebwallet.clock import utc_now
from lebwallet.domain.cards import Card, CardSource, CardStatus
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.services.notice_log import NoticeLog
from lebwallet.services.settings import NotificationKind, Settings

__all__ = [
    "AUTOPILOT_OUTCOMES",
    "DEADLINE_DAYS",
    "Notice",
    "NoticeKind",
    "NoticeLog",
    "NotificationPolicy",
    "OrderChangeLike",
    "Severity",
    "deadline_key",
    "low_balance_key",
    "order_key",
    "severity_of",
    "support_key",
    "update_key",
]

log = logging.getLogger(__name__)

DEADLINE_DAYS: Final = (30, 7, 1)


class NoticeKind(StrEnum):
    CREDITED = "credited"
    FAILED = "failed"
    EXPIRED = "expired"
    ACTION_NEEDED = "action_needed"
    LOW_BALANCE = "low_balance"
    DEADLINE = "deadline"
    UPDATE = "update"
    SUPPORT_REPLY = "support_reply"
    AUTOPILOT = "autopilot"

    @property
    def setting(self) -> NotificationKind:
        """The settings switch that covers this kind (expired goes with failed)."""
        return _SETTING[self]


_SETTING: Final[dict[NoticeKind, NotificationKind]] = {
    NoticeKind.CREDITED: NotificationKind.CREDITED,
    NoticeKind.FAILED: NotificationKind.FAILED,
    NoticeKind.EXPIRED: NotificationKind.FAILED,
    NoticeKind.ACTION_NEEDED: NotificationKind.ACTION_NEEDED,
    NoticeKind.LOW_BALANCE: NotificationKind.LOW_BALANCE,
    NoticeKind.DEADLINE: NotificationKind.DEADLINE,
    NoticeKind.UPDATE: NotificationKind.UPDATE,
    NoticeKind.SUPPORT_REPLY: NotificationKind.SUPPORT_REPLY,
    NoticeKind.AUTOPILOT: NotificationKind.AUTOPILOT,
}

_ORDER_NOTICES: Final[dict[OrderStatus, NoticeKind]] = {
    OrderStatus.CREDITED: NoticeKind.CREDITED,
    OrderStatus.FAILED: NoticeKind.FAILED,
    OrderStatus.EXPIRED: NoticeKind.EXPIRED,
    OrderStatus.REQUIRES_ACTION: NoticeKind.ACTION_NEEDED,
}


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing to tell the user. `key` identifies the event (told once).

    `card_id` / `order_id` (local id) say what a click on it should open.
    """

    kind: NoticeKind
    key: str
    card_id: str | None = None
    order_id: int | None = None
    card_name: str | None = None
    amount: Money | None = None
    """Order: the amount credited or asked; low balance: the balance."""
    reason: str | None = None
    """Failed order: the provider's reason."""
    days_left: int | None = None
    deadline: date | None = None
    """Deadline notice: the last day a qualifying top-up keeps the number."""
    version: str | None = None
    url: str | None = None
    """Update: the download page; action needed: the authentication page."""
    support_id: int | None = None
    """Support reply: the request's local id (a click opens its thread)."""


class Severity(StrEnum):
    """How a notice is shown: each has its own icon, word and colour (never colour alone)."""

    SUCCESS = "success"
    INFO = "info"
    WARNING = "warning"
    ALARM = "alarm"


_SEVERITY: Final[dict[NoticeKind, Severity]] = {
    NoticeKind.CREDITED: Severity.SUCCESS,
    NoticeKind.FAILED: Severity.ALARM,
    NoticeKind.EXPIRED: Severity.WARNING,
    NoticeKind.ACTION_NEEDED: Severity.WARNING,
    NoticeKind.LOW_BALANCE: Severity.WARNING,
    NoticeKind.UPDATE: Severity.INFO,
    NoticeKind.SUPPORT_REPLY: Severity.INFO,
}

AUTOPILOT_OUTCOMES: Final = frozenset(
    {
        "waits_for_payment",
        "waits_for_approval",
        "topped_up",
        "failed",
        "missed",
        "remind",
        "over_budget",
    }
)
"""The autopilot steps (`services.autopilot.StepKind` values) told as notices."""
_AUTOPILOT_SEVERITY: Final = {
    "topped_up": Severity.SUCCESS,
    "failed": Severity.ALARM,
    "missed": Severity.ALARM,
}


def severity_of(notice: Notice) -> Severity:
    """The notice's severity; a deadline's depends on the days left (≤ 1 alarm, ≤ 7 warning)."""
    if notice.kind is NoticeKind.DEADLINE:
        days = notice.days_left if notice.days_left is not None else 0
        if days <= 1:
            return Severity.ALARM
        return Severity.WARNING if days <= 7 else Severity.INFO
    if notice.kind is NoticeKind.AUTOPILOT:
        return _AUTOPILOT_SEVERITY.get(notice.reason or "", Severity.WARNING)
    return _SEVERITY[notice.kind]


class OrderChangeLike(Protocol):
    """What the policy reads from an order change (`services.recharge.OrderChange`,
    `ui.refresher.OrderUpdate`)."""

    @property
    def local_id(self) -> int: ...
    @property
    def card_id(self) -> str: ...
    @property
    def old_status(self) -> OrderStatus | None: ...
    @property
    def new_status(self) -> OrderStatus: ...


def order_key(local_id: int, status: OrderStatus) -> str:
    return f"order:{local_id}:{status.value}"


def low_balance_key(card_id: str) -> str:
    return f"low:{card_id}"


def deadline_key(card_id: str, last_day: date, days: int) -> str:
    return f"deadline:{card_id}:{last_day.isoformat()}:{days}"


def support_key(message_local_id: int) -> str:
    return f"support:{message_local_id}"


def update_key(version: str) -> str:
    return f"update:{version}"


class NotificationPolicy:
    """Turns events into notices, each told once (see the module docstring).

    `settings` may be replaced at any time (the user saved the settings dialog).
    `card_name(card_id)` names an order's card in its notice (None: the card is not known);
    it may be called from any thread.
    """

    def __init__(
        self,
        told: NoticeLog,
        settings: Settings,
        *,
        now: Callable[[], datetime] = utc_now,
        deadline_days: Sequence[int] = DEADLINE_DAYS,
        card_name: Callable[[str], str | None] | None = None,
    ) -> None:
        if not deadline_days or any(d < 0 for d in deadline_days):
            raise ValueError("deadline_days are whole days ≥ 0")
        self.told = told
        self.settings = settings
        self._now = now
        self._card_name = card_name
        self._deadline_days = tuple(sorted(set(deadline_days), reverse=True))

    def _keep(self, candidates: Sequence[tuple[Notice, Sequence[str]]]) -> list[Notice]:
        """Claim the keys of every candidate at once (one write of the log, however many
        cards cross a line together); keep those never told and switched on."""
        fresh = set(self.told.claim(k for notice, keys in candidates for k in (notice.key, *keys)))
        return [
            notice
            for notice, _ in candidates
            if notice.key in fresh and self.settings.notifies(notice.kind.setting)
        ]

    def for_order_change(
        self, change: OrderChangeLike, *, amount: Money | None = None, reason: str | None = None
    ) -> list[Notice]:
        """Credited, failed, expired, or waiting on the authentication step."""
        if change.old_status == change.new_status:
            return []
        kind = _ORDER_NOTICES.get(change.new_status)
        if kind is None:
            return []
        notice = Notice(
            kind=kind,
            key=order_key(change.local_id, change.new_status),
            card_id=change.card_id,
            order_id=change.local_id,
            card_name=self._name_of(change.card_id),
            amount=amount,
            reason=reason if kind is NoticeKind.FAILED else None,
        )
        return self._keep([(notice, ())])

    def _name_of(self, card_id: str) -> str | None:
        if self._card_name is None:
            return None
        try:
            return self._card_name(card_id)
        except Exception:  # a name is a nicety: the notice goes out without it
            log.exception("naming card %s for a notice failed", card_id)
            return None

    def for_cards(self, cards: Sequence[Card]) -> list[Notice]:
        """Low balance and keep-alive deadlines of every card (call after each sync)."""
        today = self._now().astimezone(UTC).date()
        candidates: list[tuple[Notice, Sequence[str]]] = []
        recovered: list[str] = []
        for card in cards:
            if card.status is CardStatus.RECYCLED:
                continue
            low = low_balance_key(card.id)
            if card.balance_low:
                candidates.append(
                    (
                        Notice(
                            NoticeKind.LOW_BALANCE,
                            low,
                            card_id=card.id,
                            card_name=card.display_name,
                            amount=card.balance,
                        ),
                        (),
                    )
                )
            else:
                recovered.append(low)
            days = card.days_left(today)
            # a reminder is due once the deadline is near for the plan's period: a 30-day
            # plan topped up today has 30 days left and nothing to be reminded of
            near = card.is_due_soon(today)
            crossed = [d for d in self._deadline_days if 0 <= days <= d] if near else []
            if crossed:
                keys = [deadline_key(card.id, card.last_day, d) for d in crossed]
                notice = Notice(
                    NoticeKind.DEADLINE,
                    keys[-1],
                    card_id=card.id,
                    card_name=card.display_name,
                    days_left=days,
                    deadline=card.last_day,
                    # A card of the user's own is kept by what its rule counts (often any
                    # use), not by a top-up through the wallet: no amount to name.
                    amount=card.minimum_topup if card.source is CardSource.PROVIDER else None,
                )
                # the nearest threshold is told; the further ones count as told with it
                candidates.append((notice, keys[:-1]))
        self.told.forget(recovered)
        return self._keep(candidates)

    def for_support_reply(
        self, request_local_id: int, message_local_id: int, order_id: str
    ) -> list[Notice]:
        """Support answered a request (`reason` carries the order's id at the provider)."""
        notice = Notice(
            NoticeKind.SUPPORT_REPLY,
            support_key(message_local_id),
            reason=order_id,
            support_id=request_local_id,
        )
        return self._keep([(notice, ())])

    def for_autopilot(
        self,
        outcome: str,
        *,
        card_id: str,
        card_name: str,
        deadline: date,
        amount: Money | None = None,
        order_id: int | None = None,
    ) -> list[Notice]:
        """What autopilot did for a card (`outcome` a `StepKind` value; `reason` carries it):
        a prepared top-up to pay (`order_id`), a top-up done or failed, a reminder, a
        deadline missed while the wallet was closed, a budget spent."""
        if outcome not in AUTOPILOT_OUTCOMES:
            return []
        notice = Notice(
            NoticeKind.AUTOPILOT,
            f"autopilot:{card_id}:{deadline.isoformat()}:{outcome}",
            card_id=card_id,
            order_id=order_id,
            card_name=card_name,
            amount=amount,
            reason=outcome,
            deadline=deadline,
        )
        return self._keep([(notice, ())])

    def for_update(self, version: str, url: str) -> list[Notice]:
        notice = Notice(NoticeKind.UPDATE, update_key(version), version=version, url=url)
        return self._keep([(notice, ())])
