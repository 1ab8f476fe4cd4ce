"""Many more cards and orders for one sandbox account, for benchmarks (not reachable over
HTTP)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final

from lebwallet.domain.money import Money
from lebwallet.domain.recharge import PaymentMethod
from lebwallet.provider.wire import FailureCode
from lebwallet.sandbox.db import Database, to_us
from lebwallet.sandbox.seed import DEMO_ACCOUNT_ID
from lebwallet.sandbox.seed_rows import INSERT_ORDER, QuoteCache, SeedOrder, iccid, order_values


def seed_bulk(
    db: Database,
    *,
    cards: int = 10_000,
    orders: int = 0,
    account_id: str = DEMO_ACCOUNT_ID,
    now: datetime,
) -> None:
    """Bind `cards` more generated cards (GBP/USD/HKD in turn) to the account and give it
    `orders` more final orders spread over the past year (credited, every tenth failed).
    For benchmarks; each call adds new cards (ICCIDs 8999…)."""
    currencies: Final = (
        ("GBP", "GB", "10.00", 180),
        ("USD", "US", "10.00", 30),
        ("HKD", "HK", "50.00", 365),
    )
    with db.write() as conn:
        start = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM cards").fetchone()[0]
        rows = []
        for n in range(cards):
            currency, region, minimum, period = currencies[n % 3]
            last = now - timedelta(days=n % period)
            rows.append(
                (
                    f"card_bulk_{start + n:08d}",
                    account_id,
                    f"Bulk {n}",
                    iccid(f"8999{start + n:014d}"),
                    f"Sandbox Bulk {region}",
                    region,
                    currency,
                    Money.of(Decimal(n % 5000) / 100, currency).to_wire(),
                    minimum,
                    period,
                    to_us(last),
                    to_us(last + timedelta(days=period)),
                    to_us(now),
                )
            )
        conn.executemany(
            "INSERT INTO cards (id, account_id, label, iccid, msisdn, carrier, region, currency, "
            "balance, is_esim, activation_code, minimum_topup, period_days, "
            "last_qualifying_topup_at, deadline, status, updated_at) "
            "VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, 0, NULL, ?, ?, ?, ?, 'active', ?)",
            rows,
        )
        if orders:
            card_ids = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM cards WHERE account_id = ? ORDER BY seq", (account_id,)
                ).fetchall()
            ]
            first = conn.execute("SELECT COUNT(*) FROM orders").fetchone()[0] + 1
            cache: QuoteCache = {}
            amounts = {"GBP": "10.00", "USD": "10.00", "HKD": "100.00"}
            values = []
            currency_of = dict(
                conn.execute(
                    "SELECT id, currency FROM cards WHERE account_id = ?", (account_id,)
                ).fetchall()
            )
            for n in range(orders):
                card_id = card_ids[n % len(card_ids)]
                currency = currency_of[card_id]
                spec = SeedOrder(
                    card_id,
                    amounts[currency],
                    PaymentMethod.BANK_CARD,
                    currency,
                    days_ago=40 + (n % 300) + n / max(orders, 1),
                    failure=FailureCode.PAYMENT_DECLINED if n % 10 == 9 else None,
                )
                values.append(order_values(conn, account_id, spec, first + n, now, cache))
            conn.executemany(INSERT_ORDER, values)
