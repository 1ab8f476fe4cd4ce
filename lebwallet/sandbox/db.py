"""The sandbox's own SQLite database (`sandbox.sqlite3` in its data dir): schema and transactions.

It is separate from the wallet's store. Timestamps are integers, microseconds since the Unix
epoch in UTC (`to_us` / `from_us`); money is decimal text in the currency's minor units.

Transactions: `Database.read()` gives a connection for reads; `Database.write()` opens
`BEGIN IMMEDIATE` (one writer at a time, across threads and processes) and commits at the end
of the block or rolls back on any exception, so a refused request changes nothing.
Connections are opened per block and closed after it (one request = one short transaction);
one more stays open from `Database(path)` to `close()` so that those closes stay cheap.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from lebwallet.data_dir import private_dir, private_sqlite_file

DB_FILENAME: Final = "sandbox.sqlite3"
SCHEMA_VERSION: Final = 2
"""2 added `cards.min_balance`; a version-1 file is upgraded in place (one ALTER TABLE)."""

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    email TEXT UNIQUE,
    phone TEXT UNIQUE,
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    default_payment_method TEXT,
    verified INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    CHECK (email IS NOT NULL OR phone IS NOT NULL)
);
CREATE TABLE IF NOT EXISTS verifications (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    channel TEXT NOT NULL,
    destination TEXT NOT NULL,
    code TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    expires_at INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS cards (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account_id TEXT REFERENCES accounts(id),
    label TEXT,
    iccid TEXT UNIQUE,
    msisdn TEXT UNIQUE,
    carrier TEXT NOT NULL,
    region TEXT NOT NULL,
    currency TEXT NOT NULL,
    balance TEXT NOT NULL,
    is_esim INTEGER NOT NULL,
    activation_code TEXT,
    minimum_topup TEXT NOT NULL,
    period_days INTEGER NOT NULL,
    min_balance TEXT,
    last_qualifying_topup_at INTEGER,
    deadline INTEGER NOT NULL,
    status TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (iccid IS NOT NULL OR msisdn IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS cards_by_account ON cards (account_id, seq);
CREATE TABLE IF NOT EXISTS fx_quotes (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    from_currency TEXT NOT NULL,
    to_currency TEXT NOT NULL,
    rate TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    card_id TEXT NOT NULL REFERENCES cards(id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    payment_flow TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    credited_amount TEXT NOT NULL,
    price TEXT NOT NULL,
    promotion_id TEXT,
    promo_code TEXT,
    return_url TEXT,
    auth_code TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    paid_at INTEGER,
    credited_at INTEGER,
    next_step_at INTEGER,
    failure_code TEXT,
    failure_reason TEXT,
    UNIQUE (account_id, idempotency_key)
);
CREATE INDEX IF NOT EXISTS orders_by_update ON orders (account_id, updated_at, id);
CREATE INDEX IF NOT EXISTS orders_due ON orders (next_step_at) WHERE next_step_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS orders_for_caps ON orders (account_id, currency, created_at);
"""


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("the sandbox stores only timezone-aware datetimes")
    delta = moment.astimezone(UTC) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(micros: int) -> datetime:
    return datetime.fromtimestamp(micros // 1_000_000, UTC).replace(microsecond=micros % 1_000_000)


_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


class SandboxDatabaseError(RuntimeError):
    """The data dir holds a database this sandbox cannot use."""


class Database:
    """The sandbox database file. `Database(path)` creates the schema when missing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._write_lock = threading.Lock()
        private_dir(path.parent)
        private_sqlite_file(path)
        with closing(self._connect()) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
            elif row[0] == "1":
                conn.execute("BEGIN IMMEDIATE")
                try:
                    again = conn.execute(
                        "SELECT value FROM meta WHERE key = 'schema_version'"
                    ).fetchone()
                    if again[0] == "1":  # not upgraded meanwhile by another process
                        conn.execute("ALTER TABLE cards ADD COLUMN min_balance TEXT")
                    conn.execute(
                        "UPDATE meta SET value = ? WHERE key = 'schema_version'",
                        (str(SCHEMA_VERSION),),
                    )
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            elif row[0] != str(SCHEMA_VERSION):
                raise SandboxDatabaseError(
                    f"{path} has sandbox schema version {row[0]}; this sandbox uses "
                    f"{SCHEMA_VERSION}. Use another --data-dir or delete the file."
                )

        # Kept open until `close()`: while one connection stays open, closing the short-lived
        # per-block connections is cheap (the last close of a WAL database checkpoints the log
        # and removes it, which costs milliseconds on every request).
        self._anchor: sqlite3.Connection | None = self._connect()

    def close(self) -> None:
        """Close the connection that keeps the database open (idempotent)."""
        anchor, self._anchor = self._anchor, None
        if anchor is not None:
            anchor.close()

    @classmethod
    def in_dir(cls, data_dir: Path) -> Database:
        return cls(data_dir / DB_FILENAME)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection for reads in one snapshot (a deferred transaction)."""
        with closing(self._connect()) as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed when the block ends, rolled back on an exception."""
        with self._write_lock, closing(self._connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        with self.read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])
