"""The sandbox database file: a version-1 file (before `cards.min_balance`) is upgraded in
place; a file of an unknown version is refused."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lebwallet.sandbox import db as sandbox_db
from lebwallet.sandbox.cards import CARD_COLUMNS, card_to_wire
from lebwallet.sandbox.db import Database, SandboxDatabaseError
from lebwallet.sandbox.seed import seed_demo

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _version_1_file(path: Path) -> None:
    schema = sandbox_db._SCHEMA.replace("    min_balance TEXT,\n", "")
    assert schema != sandbox_db._SCHEMA
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(schema)
        conn.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
        conn.execute(
            "INSERT INTO cards (id, msisdn, carrier, region, currency, balance, is_esim, "
            "minimum_topup, period_days, deadline, status, updated_at) "
            "VALUES ('card_old', '+12025550100', 'Old US', 'US', 'USD', '1.00', 0, '10.00', "
            "30, 0, 'active', 0)"
        )
        conn.commit()


def test_a_version_1_file_gains_min_balance(tmp_path: Path) -> None:
    path = tmp_path / sandbox_db.DB_FILENAME
    _version_1_file(path)
    database = Database(path)
    try:
        assert database.get_meta("schema_version") == str(sandbox_db.SCHEMA_VERSION)
        with database.read() as conn:
            row = conn.execute(f"SELECT {CARD_COLUMNS} FROM cards").fetchone()
        assert card_to_wire(row).keep_alive.min_balance is None
    finally:
        database.close()
    Database(path).close()  # opening again is a no-op


def test_a_fresh_file_seeds_the_us_card_with_a_min_balance(tmp_path: Path) -> None:
    database = Database(tmp_path / sandbox_db.DB_FILENAME)
    try:
        assert seed_demo(database, NOW)
        with database.read() as conn:
            rows = conn.execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY seq").fetchall()
        plans = {row["id"]: card_to_wire(row).keep_alive for row in rows}
    finally:
        database.close()
    us = plans.pop("card_demo_us").min_balance
    assert us is not None
    assert (us.value, us.currency) == ("5.00", "USD")
    assert all(plan.min_balance is None for plan in plans.values())


def test_an_unknown_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / sandbox_db.DB_FILENAME
    Database(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        conn.commit()
    with pytest.raises(SandboxDatabaseError, match="schema version 99"):
        Database(path)
