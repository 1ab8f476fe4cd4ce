"""How seed cards and orders become rows of the sandbox's database: `SeedCard` and
`SeedOrder` describe them, `insert_card` and `order_values` (for `INSERT_ORDER`) write them.
The demo account's data is in `lebwallet.sandbox.seed`, the benchmarks' in
`lebwallet.sandbox.seed_bulk`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from lebwallet.domain.identifiers import luhn_check_digit
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import CapUsage, FxQuote, PaymentMethod
from lebwallet.provider.wire import FailureCode
from lebwallet.sandbox import catalog
from lebwallet.sandbox.cards import plan_of
from lebwallet.sandbox.db import to_us
from lebwallet.sandbox.orders import FAILURE_REASONS
from lebwallet.sandbox.pricing import breakdown_to_wire

QuoteCache = dict[tuple[str, str, str, str], tuple[str, str, str | None]]
"""Prices already worked out, by (card currency, amount, method, pay currency)."""


def iccid(payload: str) -> str:
    """A valid ICCID: the 18-digit payload and its Luhn check digit."""
    return payload + luhn_check_digit(payload)


@dataclass(frozen=True, slots=True)
class SeedCard:
    id: str
    iccid: str | None
    msisdn: str | None
    carrier: str
    region: str
    currency: str
    balance: str
    minimum_topup: str
    period_days: int
    last_topup_days_ago: int | None
    """Days before seeding of the last qualifying top-up (None: never, deadline from now)."""
    min_balance: str | None = None
    """The plan's minimum balance (None: the carrier has no such rule)."""
    is_esim: bool = False
    activation_code: str | None = None
    label: str | None = None
    status: str = "active"


def insert_card(
    conn: sqlite3.Connection, card: SeedCard, account_id: str | None, now: datetime
) -> None:
    if card.last_topup_days_ago is None:
        last = None
        deadline = now + timedelta(days=card.period_days)
    else:
        last = now - timedelta(days=card.last_topup_days_ago)
        deadline = last + timedelta(days=card.period_days)
    conn.execute(
        "INSERT INTO cards (id, account_id, label, iccid, msisdn, carrier, region, currency, "
        "balance, is_esim, activation_code, minimum_topup, period_days, min_balance, "
        "last_qualifying_topup_at, deadline, status, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            card.id,
            account_id,
            card.label if account_id else None,
            card.iccid,
            card.msisdn,
            card.carrier,
            card.region,
            card.currency,
            Money.of(card.balance, card.currency).to_wire(),
            int(card.is_esim),
            card.activation_code,
            Money.of(card.minimum_topup, card.currency).to_wire(),
            card.period_days,
            None
            if card.min_balance is None
            else Money.of(card.min_balance, card.currency).to_wire(),
            to_us(last) if last is not None else None,
            to_us(deadline),
            card.status,
            to_us(now),
        ),
    )


@dataclass(frozen=True, slots=True)
class SeedOrder:
    card_id: str
    amount: str
    method: PaymentMethod
    pay_currency: str
    days_ago: float
    failure: FailureCode | None = None


def order_values(
    conn: sqlite3.Connection,
    account_id: str,
    spec: SeedOrder,
    number: int,
    now: datetime,
    quote_cache: QuoteCache,
) -> tuple[object, ...]:
    card = conn.execute("SELECT * FROM cards WHERE id = ?", (spec.card_id,)).fetchone()
    created = now - timedelta(days=spec.days_ago)
    cache_key = (card["currency"], spec.amount, spec.method.value, spec.pay_currency)
    cached = quote_cache.get(cache_key)
    if cached is None:
        fx = None
        if spec.pay_currency != card["currency"]:
            fx = FxQuote(
                id="fxq_seed",
                from_currency=card["currency"],
                to_currency=spec.pay_currency,
                rate=catalog.fx_rate(card["currency"], spec.pay_currency),
                expires_at=created + timedelta(minutes=10),
            )
        options = catalog.recharge_options(
            card["id"], plan_of(card), spec.pay_currency, CapUsage.none(card["currency"]), fx
        )
        quote = options.quote(Money.of(spec.amount, card["currency"]), spec.method, now=created)
        cached = (
            breakdown_to_wire(quote.breakdown).model_dump_json(),
            quote.credited.to_wire(),
            quote.promotion_id,
        )
        quote_cache[cache_key] = cached
    price, credited, promotion_id = cached
    paid = created + timedelta(minutes=2)
    done = created + timedelta(minutes=5)
    failed = spec.failure is not None
    status = OrderStatus.FAILED if failed else OrderStatus.CREDITED
    return (
        f"ord_seed_{account_id}_{number:07d}",
        account_id,
        card["id"],
        f"seed-{account_id}-{number:07d}",
        "seed",
        status.value,
        spec.method.value,
        catalog.flow_of(spec.method).value,
        card["currency"],
        Money.of(spec.amount, card["currency"]).to_wire(),
        credited,
        price,
        promotion_id,
        "000000",
        to_us(created),
        to_us(done),
        to_us(created + timedelta(minutes=30)),
        None if failed else to_us(paid),
        None if failed else to_us(done),
        spec.failure.value if spec.failure else None,
        FAILURE_REASONS[spec.failure] if spec.failure else None,
    )


INSERT_ORDER: Final = (
    "INSERT INTO orders (id, account_id, card_id, idempotency_key, request_hash, status, "
    "payment_method, payment_flow, currency, amount, credited_amount, price, promotion_id, "
    "auth_code, created_at, updated_at, expires_at, paid_at, credited_at, failure_code, "
    "failure_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
