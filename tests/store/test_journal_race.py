"""Two desktops journalling the same idempotency key at the same moment on one PostgreSQL
database (autopilot's key of a card and deadline, taken over from a desktop that seemed
dead): the second is told the key is taken and its session still reads the first one's
order — never a raw IntegrityError from the database. (SQLite has one writer at a time, so
the second desktop always sees the first's committed row before it writes.)"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from lebwallet.store import Store, open_store
from lebwallet.store.queries import order_by_key
from lebwallet.store.writes import KeyTaken, journal_order, upsert_cards
from tests.store.factories import T0, card_rows, new_key, quote, wire_card
from tests.support.postgres import PostgresServer, postgres_database_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_store(postgres_server: PostgresServer) -> Iterator[Store]:
    for url in postgres_database_url(postgres_server):
        opened = open_store(url)
        try:
            yield opened
        finally:
            opened.dispose()


def test_a_key_journalled_meanwhile_by_another_desktop_is_told_as_taken(pg_store: Store) -> None:
    store = pg_store
    with store.session() as s:
        upsert_cards(s, card_rows(wire_card("c1")), synced_at=T0)
    key = new_key()
    outcome: list[object] = []
    read_nothing = threading.Event()

    def other_desktop() -> None:
        try:
            with store.session() as s:
                if order_by_key(s, key) is None:  # not committed yet: not seen
                    read_nothing.set()
                try:
                    journal_order(s, idempotency_key=key, card_id="c1", quote=quote(), now=T0)
                except KeyTaken:
                    found = order_by_key(s, key)
                    outcome.append(found.local_id if found is not None else None)
        except Exception as error:
            outcome.append(error)

    with store.session() as first:
        journal_order(first, idempotency_key=key, card_id="c1", quote=quote(), now=T0)
        racer = threading.Thread(target=other_desktop)
        racer.start()
        assert read_nothing.wait(10)
        time.sleep(0.3)  # it waits on the key's unique index until this commits
    racer.join(10)
    with store.session(readonly=True) as s:
        journalled = order_by_key(s, key)
    assert journalled is not None
    assert outcome == [journalled.local_id]
