"""`OrderShare`: a desktop shows itself alive for three of its own cycles and frees its orders
when it leaves (PostgreSQL); on SQLite it takes every open order and writes nothing; every
desktop tells the orders another desktop moved."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from lebwallet.domain.orders import OrderStatus
from lebwallet.provider.client import ProviderClient
from lebwallet.services.fleet import MIN_EXPIRY, OrderShare
from lebwallet.services.follow_backend import ServicesBackend
from lebwallet.services.follow_values import OrderUpdate
from lebwallet.store import Store, default_sqlite_url, fleet, open_store
from lebwallet.store.models.fleet import DesktopRow
from tests.store.factories import T0
from tests.store.test_fleet import add_orders
from tests.support.postgres import PostgresServer, postgres_database_url, postgres_server
from tests.support.sandbox import SandboxHandle, sandbox
from tests.support.wallet_env import TokenHolder, WalletEnv, wallet

__all__ = ["postgres_server", "sandbox"]


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


@pytest.fixture
def pg_store(postgres_server: PostgresServer) -> Iterator[Store]:
    for url in postgres_database_url(postgres_server):
        opened = open_store(url)
        try:
            yield opened
        finally:
            opened.dispose()


def _expires(store: Store, desktop_id: int | None) -> datetime:
    with store.session(readonly=True) as session:
        row = session.scalars(select(DesktopRow).where(DesktopRow.id == desktop_id)).one()
        return row.expires_at


def test_on_sqlite_a_desktop_takes_all_and_writes_nothing(store: Store) -> None:
    """A wallet killed and started again at once must not wait for its ghost to expire."""
    ids = add_orders(store, 130)
    for _restart in range(2):
        share = OrderShare(store)
        assert share.mine(ids) == ids
        assert share.desktop_id is None
        # killed: no close()
    with store.session(readonly=True) as session:
        assert fleet.alive(session) == []


@pytest.mark.postgres
def test_a_desktop_stays_alive_three_of_its_cycles_and_frees_its_orders_when_it_leaves(
    pg_store: Store,
) -> None:
    ids = add_orders(pg_store, 130)
    clock = Clock()
    share = OrderShare(pg_store, now=clock)
    assert share.mine(ids) == ids
    assert share.desktops == 1
    assert _expires(pg_store, share.desktop_id) == T0 + MIN_EXPIRY
    # a slow pace: alive for three of its own cycles
    clock.at = T0 + timedelta(minutes=10)
    assert share.mine(ids) == ids
    assert _expires(pg_store, share.desktop_id) == clock.at + timedelta(minutes=30)
    share.close()
    with pg_store.session(readonly=True) as session:
        assert fleet.alive(session) == []
    share.close()  # twice is fine


def _backend(env: WalletEnv, *, share: bool) -> ServicesBackend:
    client = ProviderClient(env.sandbox.url, tokens=env.tokens.get(), on_tokens=env.tokens.set)
    return ServicesBackend(client, env.store, share=OrderShare(env.store) if share else None)


@pytest.fixture
def pg_env(pg_store: Store, sandbox: SandboxHandle) -> Iterator[WalletEnv]:
    tokens = TokenHolder()
    client = ProviderClient(sandbox.url, on_tokens=tokens.set)
    try:
        tokens.set(client.login(sandbox.email, sandbox.password))
        env = WalletEnv(sandbox, pg_store, tokens, client)
        env.sync()
        yield env
    finally:
        client.close()


@pytest.mark.postgres
def test_an_order_another_desktop_moved_is_told_here_too(pg_env: WalletEnv) -> None:
    """The desktop holding an order writes its new status; the others' next full cycle
    tells it (their windows repaint it, their notices say it) though they did not fetch it."""
    [order] = pg_env.make_orders(1)
    here, there = _backend(pg_env, share=True), _backend(pg_env, share=True)
    try:
        assert here.refresh_orders(None) == (1, [])  # alone: it holds the order
        assert there.refresh_orders(None) == (0, [])  # the second desktop: nothing free
        pg_env.pay(order)
        deadline = time.monotonic() + 10
        moved: list[OrderUpdate] = []
        while not moved and time.monotonic() < deadline:
            _checked, moved = there.refresh_orders([order.local_id])  # its wizard follows it
        assert moved, "the other desktop saw the payment"
        status = pg_env.record(order.local_id).status
        _checked, told = here.refresh_orders(None)
        # what the other desktop wrote, then what this one may have fetched after it
        steps = [(c.local_id, c.old_status, c.new_status) for c in told]
        assert steps[0] == (order.local_id, OrderStatus.AWAITING_PAYMENT, status)
        assert all(old is status for _id, old, _new in steps[1:])
        _checked, again = here.refresh_orders(None)  # told once
        assert all(c.old_status is not OrderStatus.AWAITING_PAYMENT for c in again)
    finally:
        here.close()
        there.close()


def test_alone_a_desktop_does_not_tell_changes_made_beside_its_follower(
    sandbox: SandboxHandle, tmp_path: Path
) -> None:
    """On its own (SQLite) the wallet's other paths (a cancel, the wizard) tell their own
    changes; the follower does not tell them a second time."""
    with wallet(sandbox, tmp_path / "data") as env:
        [order] = env.make_orders(1)
        here, beside = _backend(env, share=True), _backend(env, share=False)
        try:
            assert here.refresh_orders(None) == (1, [])
            env.pay(order)
            deadline = time.monotonic() + 10
            moved: list[OrderUpdate] = []
            while not moved and time.monotonic() < deadline:
                _checked, moved = beside.refresh_orders([order.local_id])
            assert moved
            _checked, told = here.refresh_orders(None)
            assert all(c.old_status is not OrderStatus.AWAITING_PAYMENT for c in told)
        finally:
            here.close()
            beside.close()
