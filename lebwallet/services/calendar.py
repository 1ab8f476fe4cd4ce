"""Keep-alive deadlines as an iCalendar file (RFC 5545, written with `icalendar`).

One all-day event per card on its last day to act, with alarms 30, 7 and 1 days before.
Each event's UID is derived from the card's id only, so a calendar that re-imports or
subscribes to the file updates the event instead of adding another. Only masked numbers
appear. `write_calendar_file` rewrites a file atomically, and only when its content changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final

from lebwallet import APP_NAME, __version__
from lebwallet.services.files import write_atomically

if TYPE_CHECKING:
    from lebwallet.services.keepalive_values import CardKeepAlive

CALENDAR_FILE: Final = "deadlines.ics"
"""The calendar file the wallet keeps current in its data directory."""
ALARM_DAYS: Final = (30, 7, 1)
UID_DOMAIN: Final = "lebwallet.invalid"
_STAMP: Final = datetime(2026, 1, 1, tzinfo=UTC)
"""DTSTAMP of every event: a fixed instant keeps the file identical until a deadline moves."""


def card_uid(card_id: str) -> str:
    """The stable UID of a card's deadline event."""
    return f"keep-alive-{card_id}@{UID_DOMAIN}"


def build_calendar(items: Sequence[CardKeepAlive]) -> bytes:
    """The calendar of these cards' deadlines (one event each, by card id)."""
    from icalendar import Alarm, Calendar, Event  # only where a calendar is made

    calendar = Calendar()
    calendar.add("prodid", f"-//{APP_NAME}//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{APP_NAME}: keep-alive deadlines")
    for item in sorted(items, key=lambda i: i.card.id):
        card = item.card
        name = card.label or card.masked_number
        event = Event()
        event.add("uid", card_uid(card.id))
        event.add("dtstamp", _STAMP)
        event.add("dtstart", item.last_day)
        event.add("dtend", item.last_day + timedelta(days=1))
        event.add("summary", f"Keep {name} ({card.masked_number}) alive: last day")
        lines = [
            f"{card.carrier}, {card.masked_number}.",
            f"Rule: {item.rule.describe()}.",
        ]
        if item.last_action is not None:
            lines.append(
                f"Last qualifying action: {item.last_action.kind.value} on "
                f"{item.last_action.on.isoformat()}."
            )
        if item.rule.source_url is not None:
            lines.append(f"Source: {item.rule.source_url}")
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        for days in ALARM_DAYS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{name}: {days} day(s) left to keep the number")
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def write_calendar_file(path: Path, items: Sequence[CardKeepAlive]) -> bool:
    """Write the calendar to `path` atomically unless it already holds it; True if written."""
    data = build_calendar(items)
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomically(path, data.decode("utf-8"))
    return True
