"""Seed data of the sandbox: the demo account, its cards and history, and spare cards to
bind. (How they are written is `lebwallet.sandbox.seed_rows`; `seed_bulk` adds many more for
benchmarks.)

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

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from lebwallet.domain.recharge import PaymentMethod
from lebwallet.provider.wire import FailureCode
from lebwallet.sandbox.auth import hash_password
from lebwallet.sandbox.db import Database, to_us
from lebwallet.sandbox.seed_rows import (
    INSERT_ORDER,
    QuoteCache,
    SeedCard,
    SeedOrder,
    iccid,
    insert_card,
    order_values,
)

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
            insert_card(conn, card, DEMO_ACCOUNT_ID, now)
        for card in SPARE_CARDS:
            insert_card(conn, card, None, now)
        cache: QuoteCache = {}
        conn.executemany(
            INSERT_ORDER,
            [
                order_values(conn, DEMO_ACCOUNT_ID, spec, n, now, cache)
                for n, spec in enumerate(DEMO_HISTORY, start=1)
            ],
        )
        conn.execute("INSERT INTO meta (key, value) VALUES ('seeded_at', ?)", (now.isoformat(),))
    return True


def spare_card_numbers() -> dict[str, tuple[str | None, str | None]]:
    """Spare card id -> (ICCID, phone number), for tests and docs."""
    return {card.id: (card.iccid, card.msisdn) for card in SPARE_CARDS}
