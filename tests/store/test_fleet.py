"""Desktops on one database share the open orders: who is alive (`store.fleet`) and which
desktop holds which open order (`store.order_leases`), on SQLite and on PostgreSQL."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import insert, select, text, update

from lebwallet.domain.orders import OrderStatus
from lebwallet.store import Store, fleet, open_store, order_leases
from lebwallet.store.models import OrderRow
from lebwallet.store.models.fleet import OrderLeaseRow
from lebwallet.store.writes import upsert_cards
from tests.store.factories import T0, card_rows, wire_card
from tests.support.postgres import PostgresServer, postgres_database_url

LIVE = timedelta(minutes=3)


@pytest.fixture
def pg_store(postgres_server: PostgresServer) -> Iterator[Store]:
    for url in postgres_database_url(postgres_server):
        opened = open_store(url)
        try:
            yield opened
        finally:
            opened.dispose()


def add_orders(
    store: Store, count: int, status: OrderStatus = OrderStatus.AWAITING_PAYMENT
) -> list[int]:
    """`count` open orders of one card, straight into the table; their ids."""
    with store.session() as session:
        upsert_cards(session, card_rows(wire_card("c1")), synced_at=T0)
    with store.session() as session:
        rows = [
            {
                "idempotency_key": f"fleet-{status.value}-{i}",
                "card_id": "c1",
                "status": status,
                "payment_method": "bank_card",
                "currency": "GBP",
                "amount_minor": 500,
                "discount_minor": 0,
                "bonus_minor": 0,
                "credited_minor": 500,
                "pay_currency": "GBP",
                "fee_minor": 0,
                "total_minor": 500,
                "created_at": T0 + timedelta(seconds=i),
                "updated_at": T0 + timedelta(seconds=i),
            }
            for i in range(count)
        ]
        ids = session.scalars(insert(OrderRow).returning(OrderRow.id), rows)
        return sorted(ids)


def claim(
    store: Store, presence: fleet.Presence, open_ids: list[int], *, at: timedelta = timedelta()
) -> list[int]:
    """One desktop's cycle: show, reap, claim (as `services.fleet.OrderShare` does)."""
    now = T0 + at
    with store.session() as session:
        fleet.show(session, presence, now=now, expires_in=LIVE)
        fleet.reap(session, now=now)
        desktops = len(fleet.alive(session))
        return order_leases.claim(
            session, presence.id, open_ids, desktops=desktops, unit=100, now=now
        )


def test_the_share_is_counted_in_whole_batches() -> None:
    assert order_leases.share(1000, 3, 100) == 400
    assert order_leases.share(1000, 1, 100) == 1000
    assert order_leases.share(999, 1, 100) == 1000
    assert order_leases.share(250, 2, 100) == 200
    assert order_leases.share(0, 2, 100) == 0
    assert order_leases.share(5, 0, 100) == 100


def test_a_single_desktop_takes_every_open_order(store: Store) -> None:
    ids = add_orders(store, 250)
    alone = fleet.join(store, now=T0, expires_in=LIVE)
    try:
        assert claim(store, alone, ids) == ids
        assert claim(store, alone, ids) == ids  # kept, nothing moves
    finally:
        alone.leave()
    with store.session(readonly=True) as session:
        assert fleet.alive(session) == []
        assert order_leases.held(session, alone.id) == set()


def test_two_desktops_split_the_orders_and_a_newcomer_gets_its_share(store: Store) -> None:
    ids = add_orders(store, 300)
    first = fleet.join(store, now=T0, expires_in=LIVE, rng=random.Random(1))
    try:
        assert claim(store, first, ids) == ids  # alone: all of them
        second = fleet.join(store, now=T0, expires_in=LIVE, rng=random.Random(2))
        try:
            assert claim(store, second, ids) == []  # nothing is free yet
            kept = claim(store, first, ids, at=timedelta(seconds=60))  # gives 100 back
            assert kept == ids[:200]
            taken = claim(store, second, ids, at=timedelta(seconds=61))
            assert taken == ids[200:]
            assert claim(store, first, ids, at=timedelta(seconds=120)) == kept
        finally:
            second.leave()
        # the second one left: the first takes its orders at its next cycle
        assert claim(store, first, ids, at=timedelta(seconds=180)) == ids
    finally:
        first.leave()


def test_a_desktop_that_stops_showing_itself_is_gone_and_its_orders_are_free(store: Store) -> None:
    ids = add_orders(store, 150)
    quiet = fleet.join(store, now=T0, expires_in=LIVE, rng=random.Random(3))
    busy = fleet.join(store, now=T0, expires_in=LIVE, rng=random.Random(4))
    try:
        assert claim(store, quiet, ids) == ids[:100]
        assert claim(store, busy, ids) == ids[100:]
        # still within the quiet one's expiry: nothing moves
        assert claim(store, busy, ids, at=LIVE - timedelta(seconds=1)) == ids[100:]
        assert claim(store, busy, ids, at=LIVE + timedelta(seconds=1)) == ids
        with store.session(readonly=True) as session:
            assert fleet.alive(session) == [busy.id]
        # the quiet one comes back: it joins again, gets its share back through the other
        assert claim(store, quiet, ids, at=LIVE + timedelta(seconds=2)) == []
        assert claim(store, busy, ids, at=LIVE + timedelta(seconds=3)) == ids[:100]
        assert claim(store, quiet, ids, at=LIVE + timedelta(seconds=4)) == ids[100:]
    finally:
        quiet.leave()
        busy.leave()


def test_final_orders_are_let_go(store: Store) -> None:
    ids = add_orders(store, 120)
    desk = fleet.join(store, now=T0, expires_in=LIVE)
    try:
        assert claim(store, desk, ids) == ids
        with store.session() as session:
            session.execute(
                update(OrderRow)
                .where(OrderRow.id.in_(ids[:30]))
                .values(status=OrderStatus.CREDITED)
            )
        assert claim(store, desk, ids[30:]) == ids[30:]
        with store.session(readonly=True) as session:
            assert order_leases.held(session, desk.id) == set(ids[30:])
    finally:
        desk.leave()


def _wait_until_the_server_drops_the_lock(store: Store, desktop_id: int) -> None:
    """The server ends the session a moment after its connection closed."""
    deadline = time.monotonic() + 10
    query = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND objid = :id"
    )
    while True:
        with store.session(readonly=True) as session:
            if not session.scalar(query.bindparams(id=desktop_id)):
                return
        assert time.monotonic() < deadline, "the server kept the lock"
        time.sleep(0.01)


@pytest.mark.postgres
def test_a_desktop_whose_connection_ends_is_gone_at_once(pg_store: Store) -> None:
    ids = add_orders(pg_store, 200)
    dying = fleet.join(pg_store, now=T0, expires_in=LIVE, rng=random.Random(5))
    other = fleet.join(pg_store, now=T0, expires_in=LIVE, rng=random.Random(6))
    try:
        assert dying.locked
        assert claim(pg_store, dying, ids) == ids[:100]
        assert claim(pg_store, other, ids) == ids[100:]
        dying._close_lock()  # what the kernel does to the sockets of a killed process
        _wait_until_the_server_drops_the_lock(pg_store, dying.id)
        # long before its expiry, the next cycle of the other one takes the orders
        assert claim(pg_store, other, ids, at=timedelta(seconds=1)) == ids
        with pg_store.session(readonly=True) as session:
            assert fleet.alive(session) == [other.id]
    finally:
        dying.leave()
        other.leave()


@pytest.mark.postgres
def test_desktops_claiming_at_the_same_moment_take_different_orders(pg_store: Store) -> None:
    ids = add_orders(pg_store, 1000)
    desks = [
        fleet.join(pg_store, now=T0, expires_in=LIVE, rng=random.Random(10 + i)) for i in range(4)
    ]
    got: dict[int, list[int]] = {}
    start = threading.Barrier(len(desks))

    def run(desk: fleet.Presence) -> None:
        start.wait()
        got[desk.id] = claim(pg_store, desk, ids)

    try:
        threads = [threading.Thread(target=run, args=(d,)) for d in desks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        taken = [i for share in got.values() for i in share]
        assert len(taken) == len(set(taken))  # never one order twice
        assert all(len(share) <= 300 for share in got.values())
        with pg_store.session(readonly=True) as session:
            leased = list(session.scalars(select(OrderLeaseRow.order_id)))
        assert sorted(leased) == sorted(taken)
    finally:
        for desk in desks:
            desk.leave()


@pytest.mark.postgres
def test_orders_another_desktop_is_storing_are_claimed_all_the_same(pg_store: Store) -> None:
    """Another desktop's sync pass holds order rows while it stores them: a claim at that
    moment neither skips those orders for a cycle nor waits for it."""
    ids = add_orders(pg_store, 100)
    desk = fleet.join(pg_store, now=T0, expires_in=LIVE)
    got: list[list[int]] = []
    try:
        with pg_store.session() as busy:
            busy.execute(select(OrderRow.id).where(OrderRow.id.in_(ids)).with_for_update()).all()
            worker = threading.Thread(target=lambda: got.append(claim(pg_store, desk, ids)))
            worker.start()
            worker.join(10)
            claimed_while_busy = list(got)
        worker.join(10)
        assert claimed_while_busy == [ids]
    finally:
        desk.leave()
