"""Seed data of the sandbox: the demo account, its cards and history, spare cards to bind,
and `seed_bulk()` for benchmarks (not reachable over HTTP).

Demo account (verified, profile complete, default payment method `bank_card`):
`demo@sandbox.lebwallet.test` / `DEMO_PASSWORD`. Its cards, relative to the seeding time:

| id           | carrier                 | cur | balance   | plan                     | deadline |
|--------------|-------------------------|-----|-----------|--------------------------|----------|
| card_demo_uk | Sandbox Mobile UK       | GBP | £3.20     | £10 every 180 days       | in 5 d.  |
| card_demo_us | Sandbox Wireless US     | USD | $4.20     | $10 every 30 d., keep $5 | in 18 d. |
| card_demo_hk | Sandbox Telecom HK eSIM | HKD | HK$123.50 | HK$50 every 365 days     | in 325 d.|

Only the US card's carrier asks for a minimum balance ($5.00, `min_balance`); its balance
is below it, so the wallet shows a low-balance notice for it.

History: five orders (three credited, two failed). Spare cards that any account can bind are
listed in `SPARE_CARDS` (one is recycled, to exercise `card_not_rechargeable`).
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Final

from lebwallet.domain.identifiers import luhn_check_digit
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import CapUsage, FxQuote, PaymentMethod
from lebwallet.provider.wire import FailureCode
from lebwallet.sandbox import catalog
from lebwallet.sandbox.auth import hash_password
from lebwallet.sandbox.cards import plan_of
from lebwallet.sandbox.db import Database, to_us
from lebwallet.sandbox.orders import FAILURE_REASONS
from lebwallet.sandbox.pricing import breakdown_to_wire

DEMO_ACCOUNT_ID: Final = "acct_demo"
DEMO_EMAIL: Final = "demo@sandbox.lebwallet.test"
DEMO_PASSWORD: Final = "sandbox-demo-1234"
DEMO_NAME: Final = "Demo Sandbox User"
SMDP_ADDRESS: Final = "smdp.sandbox.lebwallet.test"


@dataclass(frozen=True, slots=True)
class DemoCredentials:
    email: str
    password: str


DEMO_CREDENTIALS: Final = DemoCredentials(DEMO_EMAIL, DEMO_PASSWORD)


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


DEMO_CARDS: Final = (
    SeedCard(
        id="card_demo_uk",
        iccid=iccid("894410000000000017"),
        msisdn="+447400100201",
        carrier="Sandbox Mobile UK",
        region="GB",
        currency="GBP",
        balance="3.20",
        minimum_topup="10.00",
        period_days=180,
        last_topup_days_ago=175,
        label="UK number",
    ),
    SeedCard(
        id="card_demo_us",
        iccid=None,
        msisdn="+12025550143",
        carrier="Sandbox Wireless US",
        region="US",
        currency="USD",
        balance="4.20",
        minimum_topup="10.00",
        period_days=30,
        last_topup_days_ago=12,
        min_balance="5.00",
        label="US number",
    ),
    SeedCard(
        id="card_demo_hk",
        iccid=iccid("898520000000000021"),
        msisdn="+85251234567",
        carrier="Sandbox Telecom HK eSIM",
        region="HK",
        currency="HKD",
        balance="123.50",
        minimum_topup="50.00",
        period_days=365,
        last_topup_days_ago=40,
        is_esim=True,
        activation_code=f"LPA:1${SMDP_ADDRESS}$SBX-DEMO-HK-0001",
        label="HK eSIM",
    ),
)

SPARE_CARDS: Final = (
    SeedCard(
        id="card_spare_uk",
        iccid=iccid("894410000000000108"),
        msisdn="+447400100202",
        carrier="Sandbox Mobile UK",
        region="GB",
        currency="GBP",
        balance="0.00",
        minimum_topup="10.00",
        period_days=180,
        last_topup_days_ago=None,
    ),
    SeedCard(
        id="card_spare_us",
        iccid=iccid("890110000000000109"),
        msisdn="+12025550178",
        carrier="Sandbox Wireless US",
        region="US",
        currency="USD",
        balance="0.00",
        minimum_topup="10.00",
        period_days=30,
        last_topup_days_ago=None,
    ),
    SeedCard(
        id="card_spare_hk",
        iccid=iccid("898520000000000112"),
        msisdn="+85251234568",
        carrier="Sandbox Telecom HK eSIM",
        region="HK",
        currency="HKD",
        balance="0.00",
        minimum_topup="50.00",
        period_days=365,
        last_topup_days_ago=None,
        is_esim=True,
        activation_code=f"LPA:1${SMDP_ADDRESS}$SBX-SPARE-HK-0002",
        status="pending_activation",
    ),
    SeedCard(
        id="card_spare_recycled",
        iccid=iccid("894410000000000199"),
        msisdn="+447400100299",
        carrier="Sandbox Mobile UK",
        region="GB",
        currency="GBP",
        balance="0.00",
        minimum_topup="10.00",
        period_days=180,
        last_topup_days_ago=400,
        status="recycled",
    ),
)
"""Unbound cards any account can bind (by ICCID or phone number)."""


def _insert_card(
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


DEMO_HISTORY: Final = (
    SeedOrder("card_demo_uk", "10.00", PaymentMethod.BANK_CARD, "GBP", 175),
    SeedOrder("card_demo_hk", "100.00", PaymentMethod.ALIPAY, "CNY", 40),
    SeedOrder(
        "card_demo_uk", "20.00", PaymentMethod.BANK_CARD, "GBP", 30, FailureCode.PAYMENT_DECLINED
    ),
    SeedOrder("card_demo_us", "10.00", PaymentMethod.PAYPAL, "USD", 12),
    SeedOrder(
        "card_demo_us", "25.00", PaymentMethod.BANK_CARD, "USD", 3, FailureCode.INSUFFICIENT_FUNDS
    ),
)


def _order_values(
    conn: sqlite3.Connection,
    account_id: str,
    spec: SeedOrder,
    number: int,
    now: datetime,
    quote_cache: dict[tuple[str, str, str, str], tuple[str, str, str | None]],
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


_INSERT_ORDER: Final = (
    "INSERT INTO orders (id, account_id, card_id, idempotency_key, request_hash, status, "
    "payment_method, payment_flow, currency, amount, credited_amount, price, promotion_id, "
    "auth_code, created_at, updated_at, expires_at, paid_at, credited_at, failure_code, "
    "failure_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@functools.cache
def demo_password_hash() -> str:
    """The scrypt hash of `DEMO_PASSWORD`, computed once per process (seeding stays fast)."""
    return hash_password(DEMO_PASSWORD)


def seed_demo(db: Database, now: datetime) -> bool:
    """Create the demo account, its cards and history, and the spare cards, once per
    database; returns False when they exist already (a restart keeps all state)."""
    with db.write() as conn:
        if conn.execute("SELECT 1 FROM meta WHERE key = 'seeded_at'").fetchone() is not None:
            return False
        conn.execute(
            "INSERT INTO accounts (id, email, phone, password_hash, name, "
            "default_payment_method, verified, created_at) VALUES (?, ?, NULL, ?, ?, ?, 1, ?)",
            (
                DEMO_ACCOUNT_ID,
                DEMO_EMAIL,
                demo_password_hash(),
                DEMO_NAME,
                PaymentMethod.BANK_CARD.value,
                to_us(now - timedelta(days=400)),
            ),
        )
        for card in DEMO_CARDS:
            _insert_card(conn, card, DEMO_ACCOUNT_ID, now)
        for card in SPARE_CARDS:
            _insert_card(conn, card, None, now)
        cache: dict[tuple[str, str, str, str], tuple[str, str, str | None]] = {}
        conn.executemany(
            _INSERT_ORDER,
            [
                _order_values(conn, DEMO_ACCOUNT_ID, spec, n, now, cache)
                for n, spec in enumerate(DEMO_HISTORY, start=1)
            ],
        )
        conn.execute("INSERT INTO meta (key, value) VALUES ('seeded_at', ?)", (now.isoformat(),))
    return True


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
            cache: dict[tuple[str, str, str, str], tuple[str, str, str | None]] = {}
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
                values.append(_order_values(conn, account_id, spec, first + n, now, cache))
            conn.executemany(_INSERT_ORDER, values)


def spare_card_numbers() -> dict[str, tuple[str | None, str | None]]:
    """Spare card id -> (ICCID, phone number), for tests and docs."""
    return {card.id: (card.iccid, card.msisdn) for card in SPARE_CARDS}
