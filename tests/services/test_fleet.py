"""`OrderShare` on SQLite: a desktop alone on its database takes every open order, shows
itself alive for three of its own cycles, and frees its orders when it leaves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from lebwallet.services.fleet import MIN_EXPIRY, OrderShare
from lebwallet.store import Store, default_sqlite_url, fleet, open_store
from lebwallet.store.fleet_models import DesktopRow
from tests.store.factories import T0
from tests.store.test_fleet import add_orders


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(default_sqlite_url(tmp_path / "data"))
    try:
        yield opened
    finally:
        opened.dispose()


def _expires(store: Store, desktop_id: int | None) -> datetime:
    with store.session(readonly=True) as session:
        row = session.scalars(select(DesktopRow).where(DesktopRow.id == desktop_id)).one()
        return row.expires_at


def test_alone_on_sqlite_a_desktop_takes_all_and_frees_them_when_it_leaves(store: Store) -> None:
    ids = add_orders(store, 130)
    clock = Clock()
    share = OrderShare(store, now=clock)
    assert share.mine(ids) == ids
    assert share.desktops == 1
    assert _expires(store, share.desktop_id) == T0 + MIN_EXPIRY
    # a slow pace: alive for three of its own cycles
    clock.at = T0 + timedelta(minutes=10)
    assert share.mine(ids) == ids
    assert _expires(store, share.desktop_id) == clock.at + timedelta(minutes=30)
    share.close()
    with store.session(readonly=True) as session:
        assert fleet.alive(session) == []
    share.close()  # twice is fine
