"""The notifications policy: which events are told, each exactly once, across restarts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lebwallet.domain.cards import Card, CardStatus, KeepAlivePlan
from lebwallet.domain.identifiers import Msisdn
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.sandbox.config import ManualClock
from lebwallet.services.notice_log import NOTICES_FILE
from lebwallet.services.notifications import NoticeKind, NoticeLog, NotificationPolicy
from lebwallet.services.settings import NotificationKind, Settings

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Change:
    local_id: int
    card_id: str
    old_status: OrderStatus | None
    new_status: OrderStatus


def card(
    card_id: str = "c1",
    *,
    days: int = 100,
    balance: str = "5.00",
    min_balance: str | None = None,
    status: CardStatus = CardStatus.ACTIVE,
    period_days: int = 180,
) -> Card:
    return Card(
        id=card_id,
        label=f"Card {card_id}",
        iccid=None,
        msisdn=Msisdn("+447400123456"),
        carrier="Sandbox",
        region="GB",
        currency="GBP",
        balance=Money.of(balance, "GBP"),
        is_esim=False,
        activation_code=None,
        plan=KeepAlivePlan(
            Money.of("10", "GBP"),
            period_days,
            None if min_balance is None else Money.of(min_balance, "GBP"),
        ),
        last_qualifying_topup=None,
        # the last day is `days` days after today
        deadline=NOW.replace(hour=0) + timedelta(days=days + 1),
        status=status,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


def policy(
    tmp_path: Path, clock: ManualClock, settings: Settings | None = None
) -> NotificationPolicy:
    return NotificationPolicy(
        NoticeLog.in_dir(tmp_path, now=clock), settings or Settings(), now=clock
    )


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (OrderStatus.CREDITED, NoticeKind.CREDITED),
        (OrderStatus.FAILED, NoticeKind.FAILED),
        (OrderStatus.EXPIRED, NoticeKind.EXPIRED),
        (OrderStatus.REQUIRES_ACTION, NoticeKind.ACTION_NEEDED),
    ],
)
def test_order_events_are_told_once(
    tmp_path: Path, clock: ManualClock, status: OrderStatus, kind: NoticeKind
) -> None:
    p = policy(tmp_path, clock)
    change = Change(7, "c1", OrderStatus.CREDITING, status)
    (notice,) = p.for_order_change(change, amount=Money.of("10", "GBP"), reason="declined")
    assert notice.kind is kind
    assert notice.order_id == 7
    assert notice.card_id == "c1"
    assert notice.reason == ("declined" if kind is NoticeKind.FAILED else None)
    assert p.for_order_change(change) == []
    # a restart reads what was told
    assert policy(tmp_path, clock).for_order_change(change) == []


@pytest.mark.parametrize(
    "status",
    [OrderStatus.PAID, OrderStatus.CREDITING, OrderStatus.CANCELLED, OrderStatus.AWAITING_PAYMENT],
)
def test_other_order_steps_are_quiet(
    tmp_path: Path, clock: ManualClock, status: OrderStatus
) -> None:
    assert policy(tmp_path, clock).for_order_change(Change(1, "c1", None, status)) == []


def test_an_unchanged_status_is_quiet(tmp_path: Path, clock: ManualClock) -> None:
    change = Change(1, "c1", OrderStatus.CREDITED, OrderStatus.CREDITED)
    assert policy(tmp_path, clock).for_order_change(change) == []


def test_deadline_reminders_30_7_1_each_once(tmp_path: Path, clock: ManualClock) -> None:
    p = policy(tmp_path, clock)
    told: list[tuple[int | None, str]] = []
    fixed = card(days=40)
    for _day in range(43):
        for _tick in range(3):
            for notice in p.for_cards([fixed]):
                assert notice.kind is NoticeKind.DEADLINE
                told.append((notice.days_left, notice.key.rsplit(":", 1)[1]))
        clock.advance(timedelta(days=1))
    assert told == [(30, "30"), (7, "7"), (1, "1")]


def test_a_thirty_day_plan_is_told_only_once_its_deadline_is_near(
    tmp_path: Path, clock: ManualClock
) -> None:
    """Right after a top-up a 30-day plan has 30 days left: that is not "deadline soon"."""
    p = policy(tmp_path, clock)
    told: list[int | None] = []
    fixed = card(days=30, period_days=30)
    for _day in range(31):
        told.extend(notice.days_left for notice in p.for_cards([fixed]))
        clock.advance(timedelta(days=1))
    assert told == [10, 7, 1]


def test_a_first_look_close_to_the_deadline_tells_the_nearest_only(
    tmp_path: Path, clock: ManualClock
) -> None:
    p = policy(tmp_path, clock)
    (notice,) = p.for_cards([card(days=5)])
    assert notice.key.endswith(":7")
    assert notice.days_left == 5
    assert p.for_cards([card(days=5)]) == []
    (last,) = p.for_cards([card(days=1)])
    assert last.key.endswith(":1")


def test_a_new_deadline_after_a_top_up_rearms_the_reminders(
    tmp_path: Path, clock: ManualClock
) -> None:
    p = policy(tmp_path, clock)
    assert len(p.for_cards([card(days=6)])) == 1
    assert len(p.for_cards([card(days=25)])) == 1  # a new deadline: its 30-day reminder
    assert p.for_cards([card(days=25)]) == []


def test_low_balance_once_per_low_spell(tmp_path: Path, clock: ManualClock) -> None:
    p = policy(tmp_path, clock)
    low = card(balance="1.00", min_balance="2.00")
    (notice,) = p.for_cards([low])
    assert notice.kind is NoticeKind.LOW_BALANCE
    assert notice.amount == Money.of("1.00", "GBP")
    assert p.for_cards([low]) == []
    assert policy(tmp_path, clock).for_cards([low]) == []  # after a restart too
    assert p.for_cards([card(balance="3.00", min_balance="2.00")]) == []  # topped up
    assert len(p.for_cards([low])) == 1  # low again: told again


def test_recycled_cards_are_not_reminded(tmp_path: Path, clock: ManualClock) -> None:
    gone = card(days=3, balance="0", min_balance="1", status=CardStatus.RECYCLED)
    assert policy(tmp_path, clock).for_cards([gone]) == []


def test_switched_off_kinds_are_silent_and_stay_told(tmp_path: Path, clock: ManualClock) -> None:
    quiet = Settings(notifications=frozenset({NotificationKind.UPDATE}))
    p = policy(tmp_path, clock, quiet)
    assert p.for_cards([card(days=5)]) == []
    credited = Change(3, "c1", OrderStatus.CREDITING, OrderStatus.CREDITED)
    assert p.for_order_change(credited) == []
    expired = Change(4, "c1", OrderStatus.AWAITING_PAYMENT, OrderStatus.EXPIRED)
    assert p.for_order_change(expired) == []  # expired goes with "failed"
    p.settings = Settings()
    assert p.for_cards([card(days=5)]) == []  # no flood of old events
    assert p.for_order_change(credited) == []
    assert [n.version for n in p.for_update("0.2.0", "https://example.test/dl")] == ["0.2.0"]
    assert p.for_update("0.2.0", "https://example.test/dl") == []


def test_log_file_is_json_and_a_broken_one_starts_afresh(
    tmp_path: Path, clock: ManualClock
) -> None:
    p = policy(tmp_path, clock)
    p.for_update("0.2.0", "https://example.test/dl")
    raw = json.loads((tmp_path / NOTICES_FILE).read_text(encoding="utf-8"))
    assert list(raw["told"]) == ["update:0.2.0"]
    (tmp_path / NOTICES_FILE).write_text("{not json", encoding="utf-8")
    assert len(policy(tmp_path, clock).for_update("0.2.0", "https://example.test/dl")) == 1
    assert not list(tmp_path.glob(".notices-*"))


def test_old_entries_are_pruned(tmp_path: Path, clock: ManualClock) -> None:
    log = NoticeLog.in_dir(tmp_path, now=clock)
    assert log.claim(["a"]) == ["a"]
    clock.advance(timedelta(days=1000))
    assert log.claim(["b", "b"]) == ["b"]
    assert log.keys() == {"b"}
