"""The account's profile and recharge limits as the sandbox reports them (`GET/PATCH /v1/account`).

A profile is complete — a first recharge is allowed — once it has a name and a default
payment method; `missing_fields` names what is left.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from lebwallet.provider import wire
from lebwallet.sandbox import catalog
from lebwallet.sandbox.caps import cap_usage, next_day, next_month
from lebwallet.sandbox.db import from_us


def profile_missing(row: sqlite3.Row) -> list[str]:
    missing = []
    if not (row["name"] or "").strip():
        missing.append("name")
    if row["default_payment_method"] is None:
        missing.append("default_payment_method")
    return missing


def account_to_wire(conn: sqlite3.Connection, account_id: str, now: datetime) -> wire.Account:
    row = conn.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()
    missing = profile_missing(row)
    method = row["default_payment_method"]
    profile = wire.Profile(
        id=row["id"],
        name=row["name"],
        email=row["email"],
        phone=row["phone"],
        default_payment_method=wire.PaymentMethodCode(method) if method else None,
        profile_complete=not missing,
        missing_fields=missing,
        created_at=from_us(row["created_at"]),
    )
    currencies = []
    for currency, limits in catalog.LIMITS.items():
        usage = cap_usage(conn, account_id, currency, now)
        currencies.append(
            wire.CurrencyLimit(
                currency=currency,
                daily_cap=wire.WireMoney.from_domain(limits.daily_cap),
                daily_used=wire.WireMoney.from_domain(usage.daily_used),
                daily_left=wire.WireMoney.from_domain(limits.left_today(usage)),
                monthly_cap=wire.WireMoney.from_domain(limits.monthly_cap),
                monthly_used=wire.WireMoney.from_domain(usage.monthly_used),
                monthly_left=wire.WireMoney.from_domain(limits.left_this_month(usage)),
            )
        )
    return wire.Account(
        profile=profile,
        limits=wire.AccountLimits(
            day_resets_at=next_day(now), month_resets_at=next_month(now), currencies=currencies
        ),
    )


def update_profile(conn: sqlite3.Connection, account_id: str, body: wire.ProfileUpdate) -> None:
    if body.name is not None:
        conn.execute(
            "UPDATE accounts SET name = ? WHERE id = ?",
            (body.name.strip() or body.name, account_id),
        )
    if body.default_payment_method is not None:
        conn.execute(
            "UPDATE accounts SET default_payment_method = ? WHERE id = ?",
            (body.default_payment_method.value, account_id),
        )
