"""Alembic migrations: from nothing, from the first revision with data, with a backup."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from lebwallet.store import default_sqlite_url, open_store
from lebwallet.store.engine import create_store_engine, current_revision, head_revision, upgrade
from lebwallet.store.history_search import SEARCH_SCHEMA_NAMES
from lebwallet.store.models import Base
from lebwallet.store.queries import balance_series, card_listing, order_by_key, order_events

FIRST = "0001"

_CARD = (
    "INSERT INTO cards (id, account_id, label, iccid, msisdn, carrier, region, currency, "
    "balance_minor, is_esim, activation_code, keep_alive_minimum_minor, keep_alive_period_days,"
    " min_balance_minor, last_qualifying_topup_at, deadline, status, sandbox, "
    "provider_updated_at, synced_at, removed_at) VALUES ('c1', NULL, 'UK', "
    "'8944110000000000016', NULL, 'giffgaff', 'GB', 'GBP', 1234, false, NULL, 1000, 180, NULL,"
    " NULL, '2024-10-28 12:00:00+00:00', 'active', true, '2024-05-01 12:00:00+00:00', "
    "'2024-05-01 12:00:00+00:00', NULL)"
)
_ORDER = (
    "INSERT INTO orders (idempotency_key, provider_id, card_id, status, payment_method, "
    "payment_flow, currency, amount_minor, discount_minor, bonus_minor, credited_minor, "
    "pay_currency, fee_minor, total_minor, fx_rate, promotion_id, promo_code, checkout_url, "
    "qr_payload, failure_code, failure_reason, created_at, updated_at, provider_updated_at, "
    "expires_at, paid_at, credited_at) VALUES ('key-old-0001', 'o1', 'c1', 'credited', "
    "'bank_card', 'redirect', 'GBP', 1000, 0, 0, 1000, 'GBP', 0, 1000, NULL, NULL, NULL, NULL,"
    " NULL, NULL, NULL, '2024-05-01 12:00:00+00:00', '2024-05-01 12:05:00+00:00', NULL, NULL,"
    " NULL, '2024-05-01 12:05:00+00:00')"
)
_EVENT = (
    "INSERT INTO order_events (order_id, at, from_status, to_status, source, detail) VALUES "
    "(1, '2024-05-01 12:05:00+00:00', 'paid', 'credited', 'sync', NULL)"
)


def _not_search_object(name: str | None, _type: str, _parent: object) -> bool:
    return name not in SEARCH_SCHEMA_NAMES


def _schema_diff(url: str) -> list[object]:
    engine = create_store_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": _not_search_object}
            )
            return list(compare_metadata(ctx, Base.metadata))
    finally:
        engine.dispose()


def _make_first_revision_db(url: str) -> None:
    engine = create_store_engine(url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            upgrade(conn, FIRST)
            for statement in (_CARD, _ORDER, _EVENT):
                if engine.dialect.name == "sqlite":
                    statement = statement.replace("+00:00'", "'")
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_empty_database_upgrades_to_exactly_the_models(store_url: str) -> None:
    store = open_store(store_url)
    try:
        assert store.backup_path is None
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert {"account", "cards", "orders", "order_events", "balance_snapshots"} <= set(
                inspect(conn).get_table_names()
            )
    finally:
        store.dispose()
    assert _schema_diff(store_url) == []


def test_first_revision_database_upgrades_with_data_intact(store_url: str) -> None:
    _make_first_revision_db(store_url)
    with open_store(store_url) as store, store.session(readonly=True) as session:
        listing = card_listing(session, "c1")
        assert listing is not None
        assert listing.card.balance.to_wire() == "12.34"
        assert listing.last_topup_at == datetime(2024, 5, 1, 12, 5, tzinfo=UTC)  # backfilled
        series = balance_series(session, "c1")
        assert [m.to_wire() for _, m in series] == ["12.34"]  # seeded snapshot
        order = order_by_key(session, "key-old-0001")
        assert order is not None
        assert order.provider_id == "o1"
        assert order.amount.to_wire() == "10.00"
        assert order.flagged is None
        assert order.credited_at == datetime(2024, 5, 1, 12, 5, tzinfo=UTC)
        assert [e.to_status for e in order_events(session, order.local_id)] == ["credited"]
    assert _schema_diff(store_url) == []


def test_backup_is_taken_before_a_pending_migration(tmp_path: Path) -> None:
    url = default_sqlite_url(tmp_path)
    _make_first_revision_db(url)
    backups = tmp_path / "backups"
    with open_store(url, backup_dir=backups) as store:
        backup = store.backup_path
    assert backup is not None
    assert backup.parent == backups
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (FIRST,)
        assert conn.execute("SELECT balance_minor FROM cards").fetchall() == [(1234,)]
    conn.close()
    # Up to date now: no second backup.
    with open_store(url, backup_dir=backups) as store:
        assert store.backup_path is None
    assert len(list(backups.iterdir())) == 1


def test_default_backup_dir_is_next_to_the_database(tmp_path: Path) -> None:
    url = default_sqlite_url(tmp_path)
    _make_first_revision_db(url)
    with open_store(url) as store:
        assert store.backup_path is not None
        assert store.backup_path.parent == tmp_path / "backups"


def test_downgrade_and_upgrade_round_trip(store_url: str) -> None:
    from alembic import command

    from lebwallet.store.engine import alembic_config

    open_store(store_url).dispose()
    engine = create_store_engine(store_url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), FIRST)
            assert current_revision(conn) == FIRST
            assert "balance_snapshots" not in inspect(conn).get_table_names()
    finally:
        engine.dispose()
    open_store(store_url).dispose()
    assert _schema_diff(store_url) == []


@pytest.mark.parametrize("revision", [FIRST])
def test_migration_heads_are_linear(revision: str) -> None:
    from alembic.script import ScriptDirectory

    from lebwallet.store.engine import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    revisions = [r.revision for r in script.walk_revisions()]
    assert revisions[-1] == revision
    assert len(revisions) >= 2
