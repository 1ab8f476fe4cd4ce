"""The search indexes: built over the orders of an older database, kept current on writes."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, text, update

from lebwallet.store import open_store
from lebwallet.store.engine import create_store_engine, upgrade
from lebwallet.store.models import OrderRow
from lebwallet.store.queries import HistoryFilter, history_page
from tests.store.test_migrations import _CARD, _ORDER

PREVIOUS = "0003"


@pytest.fixture(autouse=True)
def _tiny_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # Scan one row: every other match must come from the trigram indexes.
    monkeypatch.setattr("lebwallet.store.history_search.SCAN_WINDOW", 1)


def _previous_revision_db(url: str) -> None:
    engine = create_store_engine(url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            upgrade(conn, PREVIOUS)
            sqlite = engine.dialect.name == "sqlite"
            conn.execute(text(_CARD.replace("+00:00'", "'") if sqlite else _CARD))
            for n in range(1, 4):
                order = _ORDER.replace("'key-old-0001', 'o1'", f"'key-old-{n:04d}', 'ord_old_{n}'")
                order = order.replace("12:00:00+00:00", f"12:0{n}:00+00:00")
                conn.execute(text(order.replace("+00:00'", "'") if sqlite else order))
            conn.execute(
                text("UPDATE orders SET failure_reason = 'Card declined by the bank' WHERE id = 2")
            )
    finally:
        engine.dispose()


def _ids(url: str, search: str) -> list[int]:
    with open_store(url) as store, store.session(readonly=True) as session:
        page = history_page(session, HistoryFilter(text=search), limit=10)
        assert page.next_cursor is None
        return [r.local_id for r in page.rows]


def test_old_orders_are_found_after_the_migration(store_url: str) -> None:
    _previous_revision_db(store_url)
    assert _ids(store_url, "ord_old") == [3, 2, 1]  # newest first
    assert _ids(store_url, "DECLINED BY") == [2]
    assert _ids(store_url, "key-old-0001") == [1]
    assert _ids(store_url, "nothing like it") == []


def test_the_index_follows_inserts_updates_and_deletes(store_url: str) -> None:
    _previous_revision_db(store_url)
    with open_store(store_url) as store, store.session() as session:
        session.execute(
            update(OrderRow).where(OrderRow.id == 2).values(failure_reason="Payment expired")
        )
        session.execute(update(OrderRow).where(OrderRow.id == 3).values(status="failed"))
        session.execute(delete(OrderRow).where(OrderRow.id == 1))
    assert _ids(store_url, "declined") == []
    assert _ids(store_url, "expired") == [2]
    assert _ids(store_url, "ord_old") == [3, 2]


def test_the_trigram_indexes_exist_after_the_migration(store_url: str) -> None:
    _previous_revision_db(store_url)
    with open_store(store_url) as store, store.session(readonly=True) as session:
        if store.dialect == "sqlite":
            query = "SELECT rowid FROM orders_fts WHERE orders_fts MATCH '\"old_2\"'"
            assert [r[0] for r in session.execute(text(query))] == [2]
        else:
            query = "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%trgm'"
            assert {r[0] for r in session.execute(text(query))} == {
                "ix_orders_provider_id_trgm",
                "ix_orders_idempotency_key_trgm",
                "ix_orders_failure_reason_trgm",
            }
