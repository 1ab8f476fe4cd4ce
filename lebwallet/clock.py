"""The wall clock: what every service, worker and screen that takes an injectable `now` (or
`today`) uses by default. Tests pass their own; nothing else reads the time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def utc_today() -> date:
    """Today's date in UTC (keep-alive deadlines are UTC days)."""
    return datetime.now(UTC).date()


def aware_utc(now: datetime | None) -> datetime:
    """`now` in UTC (the current time when None); ValueError for a naive time."""
    if now is None:
        return utc_now()
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("`now` must be timezone-aware")
    return now.astimezone(UTC)
