"""Bulk writes (`store.bulk`): the rows they write read back exactly as Core's would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import StatementError

from lebwallet.store import Store
from lebwallet.store.bulk import insert_rows, update_rows
from lebwallet.store.models import BalanceSnapshotRow, Base, CardRow
from lebwallet.store.models.base import NaiveDateTimeError, UTCDateTime
from tests.store.factories import T0

CARDS = Base.metadata.tables["cards"]
SNAPSHOTS = Base.metadata.tables["balance_snapshots"]


def card_values(card_id: str, **over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": card_id,
        "account_id": None,
        "label": f"Card {card_id}",
        "iccid": None,
        "msisdn": "+447400123456",
        "carrier": "giffgaff",
        "region": "GB",
        "currency": "GBP",
        "balance_minor": 500,
        "is_esim": False,
        "activation_code": None,
        "keep_alive_minimum_minor": 1000,
        "keep_alive_period_days": 180,
        "min_balance_minor": None,
        "last_qualifying_topup_at": T0.astimezone(timezone(timedelta(hours=8))),
        "deadline": T0 + timedelta(days=180, microseconds=7),
        "status": "active",
        "sandbox": True,
        "last_topup_at": None,
        "provider_updated_at": T0,
        "synced_at": T0,
        "removed_at": None,
    }
    values.update(over)
    return values


def stored(store: Store) -> list[tuple[Any, ...]]:
    with store.session(readonly=True) as s:
        rows = s.execute(select(CardRow.__table__).order_by(CardRow.id)).all()
        snapshots = s.execute(
            select(SNAPSHOTS.c.card_id, SNAPSHOTS.c.at, SNAPSHOTS.c.balance_minor).order_by(
                SNAPSHOTS.c.card_id
            )
        ).all()
    return [tuple(row) for row in rows] + [tuple(row) for row in snapshots]


def test_inserted_and_updated_rows_read_back_as_cores(store: Store) -> None:
    rows = [card_values("c1"), card_values("c2", label=None, is_esim=True)]
    updates = [
        {**card_values("c2", label="Renamed", removed_at=T0 + timedelta(hours=1))},
        {**card_values("c1", balance_minor=1, synced_at=T0 + timedelta(days=1))},
    ]
    snapshots = [
        {"card_id": r["id"], "at": T0, "balance_minor": 5, "currency": "GBP"} for r in rows
    ]
    with store.session() as s:
        insert_rows(s, CARDS, rows)
        insert_rows(s, SNAPSHOTS, snapshots)
        update_rows(s, CARDS, updates)
        insert_rows(s, CARDS, [])
        update_rows(s, CARDS, [])
    bulk = stored(store)
    with store.session() as s:
        s.execute(SNAPSHOTS.delete())
        s.execute(CARDS.delete())
        s.execute(insert(CARDS), [dict(r) for r in rows])
        s.execute(insert(SNAPSHOTS), snapshots)
        for row in updates:
            s.execute(CARDS.update().where(CARDS.c.id == row["id"]).values(row))
    assert bulk == stored(store)
    with store.session(readonly=True) as s:
        c2 = s.get(CardRow, "c2")
        assert c2 is not None
        assert c2.label == "Renamed"
        assert c2.removed_at == T0 + timedelta(hours=1)
        assert c2.last_qualifying_topup_at == T0
        assert s.scalars(select(BalanceSnapshotRow.at)).all() == [T0, T0]


def test_a_naive_time_is_refused_and_nothing_is_written(store: Store) -> None:
    # SQLAlchemy's Core path (PostgreSQL) wraps the type's error in a StatementError.
    rows = [card_values("c1"), card_values("c2", synced_at=datetime(2024, 1, 1))]
    refused = pytest.raises((NaiveDateTimeError, StatementError), match="naive datetime")
    with refused, store.session() as s:
        insert_rows(s, CARDS, rows)
    assert stored(store) == []


def test_sqlite_text_is_what_sqlalchemy_stores() -> None:
    dialect = sqlite.dialect()
    process = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert process is not None
    for moment in (
        T0,
        datetime(2026, 1, 2, 3, 4, 5, 123, tzinfo=timezone(timedelta(hours=8))),
        datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ):
        assert UTCDateTime.sqlite_text(moment) == process(moment)
    with pytest.raises(TypeError):
        UTCDateTime.sqlite_text("2024-05-01")  # type: ignore[arg-type]
