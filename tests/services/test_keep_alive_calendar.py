"""The calendar file the wallet keeps in its data directory, and reminders for own cards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from lebwallet.domain.identifiers import parse_iccid, parse_msisdn
from lebwallet.domain.keepalive import ActionKind, KeepAliveAction
from lebwallet.sandbox.config import ManualClock
from lebwallet.services.calendar import CALENDAR_FILE, build_calendar, card_uid
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.notifications import NoticeKind, NoticeLog, NotificationPolicy
from lebwallet.services.settings import Settings
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store.queries import list_cards

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(default_sqlite_url(tmp_path))
    try:
        yield opened
    finally:
        opened.dispose()


def _events(path: Path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_kept_file_follows_every_deadline_change_with_stable_uids(
    tmp_path: Path, store: Store
) -> None:
    service = KeepAliveService(store, data_dir=tmp_path, clock=lambda: NOW)
    path = tmp_path / CALENDAR_FILE
    assert service.calendar_path == path
    item = service.add_local_card(
        label="UK", msisdn=parse_msisdn("+447400123456"), rule_id="giffgaff-gb"
    )
    other = service.add_local_card(
        label="Spare", iccid=parse_iccid("8944110068256270054"), rule_id="asda-mobile-gb"
    )
    events = _events(path)
    assert set(events) == {card_uid(item.card.id), card_uid(other.card.id)}
    service.log_action(item.card.id, KeepAliveAction(ActionKind.SMS, date(2026, 8, 31)))
    event = _events(path)[card_uid(item.card.id)]
    assert event.decoded("dtstart") == date(2027, 2, 28)  # type: ignore[attr-defined]
    text = path.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "7400123456" not in text.replace(" ", "")
    assert "8944110068256270054" not in text.replace(" ", "")
    # The same deadlines give the same bytes: a subscriber sees no change.
    before = path.read_bytes()
    service.write_calendar()
    assert path.read_bytes() == before
    assert build_calendar(service.overviews()) == before
    service.remove_local_card(other.card.id)
    assert set(_events(path)) == {card_uid(item.card.id)}


def test_reminders_use_the_rules_deadline_of_an_own_card(tmp_path: Path, store: Store) -> None:
    service = KeepAliveService(store, clock=lambda: NOW)
    item = service.add_local_card(
        label="UK", msisdn=parse_msisdn("+447400123456"), rule_id="giffgaff-gb"
    )
    # An SMS on 10 Jun 2026: the last day is 10 Dec 2026, five days from NOW.
    service.log_action(item.card.id, KeepAliveAction(ActionKind.SMS, date(2026, 6, 10)))
    with store.session(readonly=True) as session:
        cards = list_cards(session)
    clock = ManualClock(NOW)
    policy = NotificationPolicy(NoticeLog.in_dir(tmp_path, now=clock), Settings(), now=clock)
    notices = policy.for_cards(cards)
    assert [(n.kind, n.card_id, n.days_left) for n in notices] == [
        (NoticeKind.DEADLINE, item.card.id, 5)
    ]
    assert notices[0].amount is None  # no "top up at least £0.00": the rule says what counts
