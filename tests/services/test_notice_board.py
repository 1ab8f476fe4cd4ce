"""The notice board: what was told stays for the user to read and dismiss, across restarts;
each notice has a severity; an order's notice names its card (issue 13, item 13)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.sandbox.config import ManualClock
from lebwallet.services.notice_board import BOARD_FILE, NoticeBoard
from lebwallet.services.notifications import (
    Notice,
    NoticeKind,
    NoticeLog,
    NotificationPolicy,
    Severity,
    severity_of,
)
from lebwallet.services.settings import Settings
from tests.services.test_notifications import card

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Change:
    local_id: int
    card_id: str
    old_status: OrderStatus | None
    new_status: OrderStatus


def credited(order_id: int = 1) -> Notice:
    return Notice(
        NoticeKind.CREDITED,
        f"order:{order_id}:credited",
        card_id="c1",
        order_id=order_id,
        card_name="UK number",
        amount=Money.of("10.00", "GBP"),
    )


def deadline(days: int) -> Notice:
    return Notice(
        NoticeKind.DEADLINE,
        f"deadline:c1:{days}",
        card_id="c1",
        card_name="UK number",
        days_left=days,
        deadline=date(2026, 3, 1) + timedelta(days=days),
        amount=Money.of("10.00", "GBP"),
    )


def test_notices_survive_a_restart_until_dismissed(tmp_path: Path) -> None:
    clock = ManualClock(NOW)
    board = NoticeBoard.in_dir(tmp_path, now=clock)
    board.add([credited(1)])
    clock.advance(timedelta(minutes=5))
    board.add([deadline(7)])
    again = NoticeBoard.in_dir(tmp_path, now=clock)
    assert [e.notice for e in again.entries()] == [deadline(7), credited(1)]  # newest first
    assert again.entries()[1].at == NOW
    assert again.dismiss("order:1:credited")
    assert not again.dismiss("order:1:credited")  # already gone
    third = NoticeBoard.in_dir(tmp_path, now=clock)
    assert [e.key for e in third.entries()] == ["deadline:c1:7"]
    assert third.count() == 1
    assert [e.key for e in third.entries(include_dismissed=True)] == [
        "deadline:c1:7",
        "order:1:credited",
    ]
    assert third.dismiss_all() == 1
    assert NoticeBoard.in_dir(tmp_path).entries() == []


def test_a_notice_told_again_moves_to_the_top_once(tmp_path: Path) -> None:
    clock = ManualClock(NOW)
    board = NoticeBoard.in_dir(tmp_path, now=clock)
    board.add([credited(1), credited(2)])
    board.dismiss("order:1:credited")
    clock.advance(timedelta(minutes=1))
    board.add([credited(1)])
    assert [e.key for e in board.entries(include_dismissed=True)] == [
        "order:1:credited",
        "order:2:credited",
    ]
    assert not board.entries()[0].dismissed


def test_a_broken_file_starts_an_empty_board_and_bad_entries_are_skipped(
    tmp_path: Path,
) -> None:
    (tmp_path / BOARD_FILE).write_text("{not json", encoding="utf-8")
    assert NoticeBoard.in_dir(tmp_path).entries() == []
    good = NoticeBoard.in_dir(tmp_path, now=lambda: NOW)
    good.add([credited(1)])
    raw = json.loads((tmp_path / BOARD_FILE).read_text(encoding="utf-8"))
    raw["notices"].append({"kind": "no such kind", "key": "x", "at": NOW.isoformat()})
    raw["notices"].append({"kind": "credited", "key": 5, "at": NOW.isoformat()})
    (tmp_path / BOARD_FILE).write_text(json.dumps(raw), encoding="utf-8")
    assert [e.notice for e in NoticeBoard.in_dir(tmp_path).entries()] == [credited(1)]


def test_each_notice_has_its_severity() -> None:
    assert severity_of(credited()) is Severity.SUCCESS
    assert severity_of(Notice(NoticeKind.UPDATE, "u", version="2.0")) is Severity.INFO
    assert severity_of(Notice(NoticeKind.FAILED, "f")) is Severity.ALARM
    assert severity_of(Notice(NoticeKind.ACTION_NEEDED, "a")) is Severity.WARNING
    assert severity_of(Notice(NoticeKind.LOW_BALANCE, "l")) is Severity.WARNING
    assert severity_of(Notice(NoticeKind.EXPIRED, "e")) is Severity.WARNING
    assert severity_of(deadline(30)) is Severity.INFO
    assert severity_of(deadline(7)) is Severity.WARNING
    assert severity_of(deadline(1)) is Severity.ALARM


def test_an_order_notice_names_its_card(tmp_path: Path) -> None:
    names = {"c1": "UK number"}
    policy = NotificationPolicy(
        NoticeLog.in_dir(tmp_path), Settings(), now=lambda: NOW, card_name=names.get
    )
    [notice] = policy.for_order_change(
        Change(1, "c1", OrderStatus.CREDITING, OrderStatus.CREDITED),
        amount=Money.of("10.00", "GBP"),
    )
    assert notice.card_name == "UK number"
    [unknown] = policy.for_order_change(Change(2, "c9", OrderStatus.PAID, OrderStatus.CREDITED))
    assert unknown.card_name is None


def test_a_deadline_notice_goes_once_the_deadline_moved_past_it(tmp_path: Path) -> None:
    """The walk's UK number: "Top up … by 12/10/26 (5 days left)" stayed after the top-up
    that moved its deadline; it goes from the board (across a restart too)."""
    clock = ManualClock(NOW)
    board = NoticeBoard.in_dir(tmp_path, now=clock)
    policy = NotificationPolicy(NoticeLog.in_dir(tmp_path, now=clock), Settings(), now=clock)
    near = card(days=5)
    (told,) = policy.for_cards([near])
    board.add([told, credited(1)])
    assert board.settle([near]) == 0  # the deadline still stands: the notice stays
    assert [e.key for e in board.entries()] == ["order:1:credited", told.key]
    topped_up = card(days=185)
    assert board.settle([topped_up]) == 1
    assert [e.key for e in board.entries()] == ["order:1:credited"]
    assert [e.key for e in NoticeBoard.in_dir(tmp_path, now=clock).entries()] == [
        "order:1:credited"
    ]
    # other cards' notices, and a card the list no longer has, are left alone
    other = Notice(NoticeKind.DEADLINE, "deadline:c9:x", card_id="c9", deadline=date(2026, 3, 2))
    board.add([other])
    assert board.settle([topped_up]) == 0
    assert other.key in [e.key for e in board.entries()]


def test_a_low_balance_notice_goes_once_the_balance_is_back_up(tmp_path: Path) -> None:
    clock = ManualClock(NOW)
    board = NoticeBoard.in_dir(tmp_path, now=clock)
    policy = NotificationPolicy(NoticeLog.in_dir(tmp_path, now=clock), Settings(), now=clock)
    low = card(balance="1.00", min_balance="2.00")
    (told,) = policy.for_cards([low])
    board.add([told])
    assert board.settle([low]) == 0
    assert board.settle([card(balance="3.00", min_balance="2.00")]) == 1
    assert board.entries() == []


def test_an_autopilot_request_goes_once_its_deadline_moved(tmp_path: Path) -> None:
    """A prepared top-up waiting for payment, or a reminder, is done once the deadline it was
    about has moved; what autopilot did (topped up) stays to be read."""
    clock = ManualClock(NOW)
    board = NoticeBoard.in_dir(tmp_path, now=clock)
    policy = NotificationPolicy(NoticeLog.in_dir(tmp_path, now=clock), Settings(), now=clock)
    near = card(days=5)
    told = [
        n
        for outcome in ("waits_for_payment", "remind", "topped_up")
        for n in policy.for_autopilot(
            outcome, card_id="c1", card_name="UK number", deadline=near.last_day
        )
    ]
    board.add(told)
    assert board.settle([near]) == 0
    assert board.settle([card(days=185)]) == 2
    assert [e.notice.reason for e in board.entries()] == ["topped_up"]
