"""The account's daily and monthly recharge caps: UTC day and month boundaries and usage."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Final

from lebwallet.domain.money import Money
from lebwallet.domain.recharge import CapUsage
from lebwallet.sandbox.db import to_us

NOT_COUNTED: Final = ("failed", "cancelled", "expired")
"""Orders in these statuses do not use up the daily and monthly caps."""


def day_start(now: datetime) -> datetime:
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


def month_start(now: datetime) -> datetime:
    return datetime(now.year, now.month, 1, tzinfo=UTC)


def next_day(now: datetime) -> datetime:
    return day_start(now) + timedelta(days=1)


def next_month(now: datetime) -> datetime:
    first = month_start(now)
    return (
        first.replace(year=first.year + 1, month=1)
        if first.month == 12
        else first.replace(month=first.month + 1)
    )


def cap_usage(conn: sqlite3.Connection, account_id: str, currency: str, now: datetime) -> CapUsage:
    """Top-up amounts of the account in `currency` this UTC day and month (orders that ended
    without money — failed, cancelled, expired — do not count)."""
    rows = conn.execute(
        "SELECT amount, created_at FROM orders WHERE account_id = ? AND currency = ? "
        "AND created_at >= ? AND status NOT IN (?, ?, ?)",
        (account_id, currency, to_us(month_start(now)), *NOT_COUNTED),
    ).fetchall()
    today = to_us(day_start(now))
    daily = sum((Decimal(r["amount"]) for r in rows if r["created_at"] >= today), Decimal(0))
    monthly = sum((Decimal(r["amount"]) for r in rows), Decimal(0))
    return CapUsage(Money(daily, currency), Money(monthly, currency))
