"""History text search benchmark: 10,000 cards and 1,000,000 orders, SQLite and PostgreSQL.

Run: `.venv/bin/pytest tests/benchmarks/bench_search.py -s -p no:randomly` (PostgreSQL is
started by the tests' `postgres_server` fixture; its case is skipped without the binaries).
Each database is filled at revision 0003 (before the search indexes) and then migrated, so the
figure includes the trigram indexes built over old rows. Prints the median of several runs of
the first page (100 rows) per text; the target is <= 100 ms for each.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

import pytest

from lebwallet.domain.identifiers import luhn_check_digit
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store.engine import create_store_engine, upgrade
from lebwallet.store.queries import HistoryFilter, history_page
from tests.support.postgres import PostgresServer, postgres_database_url, postgres_server

__all__ = ["postgres_server"]

CARDS: Final = 10_000
ORDERS: Final = 1_000_000
RUNS: Final = 7
TARGET_MS: Final = 100.0
END: Final = datetime(2025, 1, 1, tzinfo=UTC)
SPAN: Final = timedelta(days=3 * 365)
CACHE_DIR: Final = Path(tempfile.gettempdir()) / "lebwallet-bench-search-v1"
REASONS: Final = ("余额不足，请换卡", "Insufficient funds", "Card declined by the bank")

CASES: Final = (
    ("common order-id prefix 'ord_9'", "ord_9", ()),
    ("one order id 'ord_123457'", "ord_123457", ()),
    ("failure reason 'insufficient'", "insufficient", ()),
    ("rare failure reason 'limit exceeded' (50 orders)", "limit exceeded", ()),
    ("method by its name '支付宝' (2% of orders)", "支付宝", ("alipay",)),
    ("card label 'Card 1234'", "Card 1234", ()),
    ("no match 'zzz-nothing'", "zzz-nothing", ()),
    ("two characters '余额' (bounded scan)", "余额", ()),
)

_CARD_COLUMNS: Final = (
    "id, label, iccid, carrier, region, currency, balance_minor, is_esim, "
    "keep_alive_minimum_minor, keep_alive_period_days, deadline, status, sandbox, "
    "provider_updated_at, synced_at"
)
_ORDER_COLUMNS: Final = (
    "idempotency_key, provider_id, card_id, status, payment_method, payment_flow, currency, "
    "amount_minor, discount_minor, bonus_minor, credited_minor, pay_currency, fee_minor, "
    "total_minor, failure_reason, created_at, updated_at"
)


def _cards() -> Iterator[tuple[object, ...]]:
    for i in range(CARDS):
        payload = f"894411{i:012d}"
        iccid = payload + luhn_check_digit(payload)
        yield (f"card_{i:05d}", f"Card {i}", iccid, "giffgaff", "GB", "GBP", 500, False)
        # (the rest is constant; see _card_tail)


def _card_tail() -> tuple[object, ...]:
    return (1000, 180, END + timedelta(days=90), "active", True, END, END)


def _orders() -> Iterator[tuple[object, ...]]:
    rng = random.Random(42)
    finals = ["credited"] * 18 + ["failed", "cancelled", "expired"]
    span_us = int(SPAN.total_seconds() * 1_000_000)
    offsets = sorted(rng.randrange(0, span_us) for _ in range(ORDERS))
    base = END - SPAN
    for n, offset in enumerate(offsets, start=1):
        at = base + timedelta(microseconds=offset)
        status = rng.choice(finals)
        method = "alipay" if n % 50 == 0 else "wechat_pay" if n % 7 == 0 else "bank_card"
        reason = None
        if n % 20_000 == 0:
            status, reason = "failed", "Daily limit exceeded"
        elif status == "failed":
            reason = REASONS[n % 3]
        amount = rng.choice((500, 1000, 2000, 5000))
        yield (
            f"key-{n:09d}-bench",
            f"ord_{n}",
            f"card_{rng.randrange(CARDS):05d}",
            status,
            method,
            "redirect",
            "GBP",
            amount,
            0,
            0,
            amount,
            "GBP",
            0,
            amount,
            reason,
            at,
            at,
        )


def _fill_previous_revision(url: str) -> None:
    """The data at revision 0003 (no search indexes yet); `open_store` then migrates."""
    engine = create_store_engine(url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            upgrade(conn, "0003")
        raw = engine.raw_connection()
        try:
            dbapi = raw.driver_connection
            assert dbapi is not None
            cards = [(*c, *_card_tail()) for c in _cards()]
            if engine.dialect.name == "sqlite":
                cur = dbapi.cursor()
                cur.execute("BEGIN")
                marks = ",".join("?" * 15)
                cur.executemany(f"INSERT INTO cards ({_CARD_COLUMNS}) VALUES ({marks})", cards)
                marks = ",".join("?" * 17)
                cur.executemany(
                    f"INSERT INTO orders ({_ORDER_COLUMNS}) VALUES ({marks})", _orders()
                )
                cur.execute("COMMIT")
            else:
                with dbapi.cursor() as cur:
                    with cur.copy(f"COPY cards ({_CARD_COLUMNS}) FROM STDIN") as copy:
                        for row in cards:
                            copy.write_row(row)
                    with cur.copy(f"COPY orders ({_ORDER_COLUMNS}) FROM STDIN") as copy:
                        for row in _orders():
                            copy.write_row(row)
                dbapi.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()


def _migrate_and_measure(url: str, label: str) -> dict[str, float]:
    start = time.perf_counter()
    store = open_store(url, backup_dir=Path(tempfile.gettempdir()) / "lebwallet-bench-search-bk")
    print(f"\n{label}: opened (migrated if needed) in {time.perf_counter() - start:.1f} s")
    try:
        if store.dialect == "postgresql":  # what autovacuum does to a settled database
            with store.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE"
                )
        return _measure(store, label)
    finally:
        store.dispose()


def _measure(store: Store, label: str) -> dict[str, float]:
    results: dict[str, float] = {}
    print(f"first page (100 rows), median of {RUNS} runs, {label}")
    for name, text, methods in CASES:
        flt = HistoryFilter(text=text, payment_methods=frozenset(methods))
        times: list[float] = []
        rows = 0
        for _ in range(RUNS):
            with store.session(readonly=True) as session:
                t = time.perf_counter()
                page = history_page(session, flt)
                times.append((time.perf_counter() - t) * 1000)
                rows = len(page.rows)
        ms = statistics.median(times)
        results[name] = ms
        verdict = "ok" if ms <= TARGET_MS else "OVER TARGET"
        print(f"  {name:<52} {ms:8.1f} ms  ({rows:3d} rows)  {verdict}")
    return results


def test_search_sqlite() -> None:
    marker = CACHE_DIR / "complete"
    if not marker.exists():
        for leftover in CACHE_DIR.glob("wallet.sqlite3*"):
            leftover.unlink()
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        _fill_previous_revision(default_sqlite_url(CACHE_DIR))
        print(f"\nfilled {ORDERS:,} orders at revision 0003 in {time.perf_counter() - t:.1f} s")
        marker.touch()
    results = _migrate_and_measure(default_sqlite_url(CACHE_DIR), "SQLite")
    assert all(ms <= TARGET_MS for ms in results.values()), results


@pytest.mark.postgres
def test_search_postgresql(postgres_server: PostgresServer) -> None:
    for url in postgres_database_url(postgres_server):
        t = time.perf_counter()
        _fill_previous_revision(url)
        print(f"\nfilled {ORDERS:,} orders at revision 0003 in {time.perf_counter() - t:.1f} s")
        results = _migrate_and_measure(url, "PostgreSQL")
        assert all(ms <= TARGET_MS for ms in results.values()), results
