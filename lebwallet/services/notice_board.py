"""The notices the user has been told, kept to read again and dismiss (Qt-free).

`NotificationPolicy` decides *whether* an event is told (once); the board keeps *what* was
told, newest first, until the user dismisses it — across restarts. The UI lists
`board.entries()` (each with its `Severity`, see `notifications.severity_of`) and calls
`dismiss(key)` / `dismiss_all()`. `settle(cards)` hides, as done, what the cards no longer
need: a deadline warning (or autopilot's request) once the deadline moved on, a low balance
once it is back up.

Kept in ``notice_board.json`` in the data directory, written atomically (temporary file,
fsync, ``os.replace``). At most `KEEP` notices are kept (the oldest go first); dismissed
ones are kept, hidden, for `KEEP_DISMISSED` (so the file stays small). A missing or broken
file starts an empty board (logged); an entry that cannot be read is skipped.
Thread-safe: the refresher thread and the GUI may use one board together.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from lebwallet.clock import utc_now
from lebwallet.domain.cards import Card
from lebwallet.domain.money import Money
from lebwallet.services.files import write_atomically
from lebwallet.services.notifications import Notice, NoticeKind, Severity, severity_of

log = logging.getLogger(__name__)

BOARD_FILE: Final = "notice_board.json"
KEEP: Final = 200
KEEP_DISMISSED: Final = timedelta(days=30)
_FORMAT_VERSION: Final = 1
_ASKS_FOR_THE_DEADLINE: Final = frozenset({"waits_for_payment", "waits_for_approval", "remind"})
"""Autopilot outcomes that ask the user to do something before the notice's deadline."""


def is_settled(notice: Notice, card: Card) -> bool:
    """True once `card` no longer needs what `notice` asked for: the deadline it warned of
    (or autopilot's request about it) has moved on, or the low balance is back up."""
    if notice.card_id != card.id:
        return False
    if notice.kind is NoticeKind.LOW_BALANCE:
        return not card.balance_low
    if notice.kind is NoticeKind.DEADLINE or (
        notice.kind is NoticeKind.AUTOPILOT and notice.reason in _ASKS_FOR_THE_DEADLINE
    ):
        return notice.deadline is not None and card.last_day > notice.deadline
    return False


@dataclass(frozen=True, slots=True)
class BoardEntry:
    """One notice on the board: when it was told and whether the user dismissed it."""

    notice: Notice
    at: datetime
    dismissed: bool = False

    @property
    def key(self) -> str:
        return self.notice.key

    @property
    def severity(self) -> Severity:
        return severity_of(self.notice)


def _notice_to_json(notice: Notice) -> dict[str, Any]:
    return {
        "kind": notice.kind.value,
        "key": notice.key,
        "card_id": notice.card_id,
        "order_id": notice.order_id,
        "card_name": notice.card_name,
        "amount": None if notice.amount is None else notice.amount.to_wire(),
        "currency": None if notice.amount is None else notice.amount.currency,
        "reason": notice.reason,
        "days_left": notice.days_left,
        "deadline": None if notice.deadline is None else notice.deadline.isoformat(),
        "version": notice.version,
        "url": notice.url,
        "support_id": notice.support_id,
    }


def _text(raw: dict[str, Any], name: str) -> str | None:
    value = raw.get(name)
    return value if isinstance(value, str) else None


def _number(raw: dict[str, Any], name: str) -> int | None:
    value = raw.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _notice_from_json(raw: dict[str, Any]) -> Notice:
    """Raises `ValueError`/`KeyError`/`TypeError` for an entry that cannot be read."""
    amount, currency = _text(raw, "amount"), _text(raw, "currency")
    deadline = _text(raw, "deadline")
    key = raw["key"]
    if not isinstance(key, str):
        raise TypeError("a notice key is text")
    return Notice(
        kind=NoticeKind(raw["kind"]),
        key=key,
        card_id=_text(raw, "card_id"),
        order_id=_number(raw, "order_id"),
        card_name=_text(raw, "card_name"),
        amount=None if amount is None or currency is None else Money.from_wire(amount, currency),
        reason=_text(raw, "reason"),
        days_left=_number(raw, "days_left"),
        deadline=None if deadline is None else date.fromisoformat(deadline),
        version=_text(raw, "version"),
        url=_text(raw, "url"),
        support_id=_number(raw, "support_id"),
    )


class NoticeBoard:
    """The persisted list of told notices (see the module docstring)."""

    def __init__(self, path: Path, *, now: Callable[[], datetime] = utc_now) -> None:
        self.path = path
        self._now = now
        self._lock = threading.Lock()
        self._entries: list[BoardEntry] = self._load()

    @classmethod
    def in_dir(cls, data_dir: Path, *, now: Callable[[], datetime] = utc_now) -> NoticeBoard:
        return cls(data_dir / BOARD_FILE, now=now)

    def _load(self) -> list[BoardEntry]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            log.warning("notice board %s not used (%s); starting afresh", self.path, error)
            return []
        items = raw.get("notices") if isinstance(raw, dict) else None
        if not isinstance(items, list):
            log.warning("notice board %s has no 'notices' list; starting afresh", self.path)
            return []
        entries: list[BoardEntry] = []
        for item in items:
            try:
                at = datetime.fromisoformat(item["at"])
                if at.tzinfo is None:
                    raise ValueError("a naive time")
                entries.append(
                    BoardEntry(_notice_from_json(item), at, dismissed=item.get("dismissed") is True)
                )
            except (KeyError, TypeError, ValueError) as error:
                log.warning("notice board: an entry was skipped (%s)", error)
        entries.sort(key=lambda entry: entry.at, reverse=True)
        return entries

    def entries(self, *, include_dismissed: bool = False) -> list[BoardEntry]:
        """The notices, newest first (without the dismissed ones unless asked)."""
        with self._lock:
            return [e for e in self._entries if include_dismissed or not e.dismissed]

    def count(self) -> int:
        """How many notices are not dismissed."""
        with self._lock:
            return sum(1 for e in self._entries if not e.dismissed)

    def add(self, notices: Iterable[Notice]) -> list[BoardEntry]:
        """Put told notices on the board (a key already there is told again: it moves to the
        top, not dismissed). Returns the new entries."""
        with self._lock:
            at = self._now()
            added = [BoardEntry(notice, at) for notice in notices]
            if not added:
                return []
            keys = {entry.key for entry in added}
            kept = [e for e in self._entries if e.key not in keys]
            self._entries = [*reversed(added), *kept]
            self._write()
            return added

    def dismiss(self, key: str) -> bool:
        """Hide the notice `key`; False if there is no such notice left to dismiss."""
        return self._dismiss(lambda entry: entry.key == key) > 0

    def dismiss_all(self) -> int:
        """Hide every notice; returns how many were dismissed."""
        return self._dismiss(lambda _entry: True)

    def settle(self, cards: Sequence[Card]) -> int:
        """Hide the notices that `cards` (the current list) no longer need (`is_settled`): a
        deadline warning after a top-up moved the deadline, a low balance after it went up.
        Returns how many went; a card not in `cards` keeps its notices."""
        by_id = {card.id: card for card in cards}

        def settled(entry: BoardEntry) -> bool:
            card = by_id.get(entry.notice.card_id or "")
            return card is not None and is_settled(entry.notice, card)

        return self._dismiss(settled)

    def _dismiss(self, which: Callable[[BoardEntry], bool]) -> int:
        with self._lock:
            count = 0
            entries = []
            for entry in self._entries:
                if not entry.dismissed and which(entry):
                    entry = replace(entry, dismissed=True)
                    count += 1
                entries.append(entry)
            if count:
                self._entries = entries
                self._write()
            return count

    def _write(self) -> None:
        cutoff = self._now() - KEEP_DISMISSED
        self._entries = [e for e in self._entries if not e.dismissed or e.at >= cutoff][:KEEP]
        payload = json.dumps(
            {
                "version": _FORMAT_VERSION,
                "notices": [
                    {**_notice_to_json(e.notice), "at": e.at.isoformat(), "dismissed": e.dismissed}
                    for e in self._entries
                ],
            },
            indent=1,
            ensure_ascii=False,
        )
        try:
            write_atomically(self.path, payload)
        except OSError as error:  # keep working in memory; the list is lost on restart
            log.warning("notice board %s could not be written: %s", self.path, error)
