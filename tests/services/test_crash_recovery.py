"""Crashes for real: a wallet process killed with SIGKILL at different points of a recharge,
and a database another process is writing. A new process (this test, with a freshly opened
store) reconciles; the provider holds exactly one order per journalled key and the journal
agrees with it. Real sandbox over loopback, real SQLite files, real processes.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from lebwallet.domain.orders import OrderStatus
from lebwallet.provider.client import ProviderClient
from lebwallet.services.recharge import RechargeService
from lebwallet.services.sync import SyncService
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store.queries import non_final_orders, order_by_key
from tests.services.test_recharge_faults import (
    assert_converged,
    journal,
    make_quote,
    new_client,
    provider_orders,
    settle,
)
from tests.support.sandbox import SandboxHandle, running_sandbox

ROOT = Path(__file__).resolve().parents[2]
WAIT = 20.0
"""Seconds a test waits for a child process to reach a point."""

WALLET_CHILD = textwrap.dedent(
    """
    import os, sys, time
    from datetime import UTC, datetime
    from lebwallet.domain.money import Money
    from lebwallet.domain.recharge import PaymentMethod
    from lebwallet.provider.client import ProviderClient
    from lebwallet.provider.convert import options_to_domain
    from lebwallet.provider.errors import ProviderError
    from lebwallet.provider.wire import TokenPair
    from lebwallet.services.recharge import RechargeService
    from lebwallet.services.sync import SyncService
    from lebwallet.store.engine import open_store
    from lebwallet.store.writes import journal_order

    url, db, mode, *keys = sys.argv[1:]
    tokens = TokenPair.model_validate_json(os.environ["LEBWALLET_TEST_TOKENS"])
    store = open_store(db)
    client = ProviderClient(url, tokens=tokens, retries=3, backoff_factor=0.05)
    cards = ("card_demo_uk", "card_demo_us")
    quotes = {}
    for card in cards:
        options = options_to_domain(client.recharge_options(card))
        quotes[card] = options.quote(
            Money.of("5", options.currency), PaymentMethod.BANK_CARD, now=datetime.now(UTC)
        )
    service = RechargeService(client, store)
    print("started", flush=True)
    for n, key in enumerate(keys):
        card = cards[n % 2]
        if mode == "journal":
            with store.session() as session:
                journal_order(session, idempotency_key=key, card_id=card, quote=quotes[card])
        else:
            try:
                service.submit(card, quotes[card], key)
            except ProviderError as error:
                print("error", key, type(error).__name__, flush=True)
                continue
        if mode == "submit+sync":
            SyncService(client, store).sync_orders()
        print("done", key, flush=True)
    print("ready", flush=True)
    time.sleep(60)
    """
)

LOCKER_CHILD = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE sync_state SET value = value WHERE 1 = 0")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("COMMIT")
    print("released", flush=True)
    time.sleep(60)
    """
)


class Child:
    """A child process whose stdout lines are collected by a thread."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.strip())
                self._changed.notify_all()

    def wait_for(self, predicate: Callable[[list[str]], bool], timeout: float = WAIT) -> None:
        """Wait until `predicate(lines)` is true; fails with the child's stderr otherwise."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self.lines):
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    break
                self._changed.wait(min(left, 0.05))
        if not predicate(self.lines):
            self.kill()
            assert self.process.stderr is not None
            raise AssertionError(f"child stuck at {self.lines}: {self.process.stderr.read()}")

    def wait_line(self, text: str, timeout: float = WAIT) -> None:
        self.wait_for(lambda lines: text in lines, timeout)

    def kill(self) -> None:
        """SIGKILL: no cleanup, no atexit, no finally blocks in the child."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        assert self.process.returncode in (-signal.SIGKILL, 0), self.process.returncode


def wallet_child(
    handle: SandboxHandle, client: ProviderClient, db: str, mode: str, keys: list[str]
) -> Child:
    assert client.tokens is not None
    return Child(
        ["-c", WALLET_CHILD, handle.url, db, mode, *keys],
        env={"LEBWALLET_TEST_TOKENS": client.tokens.model_dump_json()},
    )


def rows_in(db_file: Path, keys: list[str]) -> dict[str, str | None]:
    """key -> provider id of the journal rows, read with plain sqlite3 (another connection)."""
    with sqlite3.connect(db_file, timeout=10) as conn:
        marks = ",".join("?" * len(keys))
        rows = conn.execute(
            f"SELECT idempotency_key, provider_id FROM orders WHERE idempotency_key IN ({marks})",
            keys,
        ).fetchall()
    conn.close()
    return dict(rows)


def wait_until(
    condition: Callable[[], object], timeout: float = WAIT, what: str = "condition"
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


class Wallet:
    """The wallet's data dir: a SQLite URL, its file, and the set-up store (cards synced)."""

    def __init__(self, path: Path, client: ProviderClient) -> None:
        self.url = default_sqlite_url(path)
        self.file = path / "wallet.sqlite3"
        with _opened(self.url) as store:
            SyncService(client, store).sync_cards()


class _opened:  # noqa: N801 - used like a function: `with _opened(url) as store`
    def __init__(self, url: str) -> None:
        self.store = open_store(url)

    def __enter__(self) -> Store:
        return self.store

    def __exit__(self, *exc: object) -> None:
        self.store.dispose()


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[tuple[SandboxHandle, ProviderClient]]:
    with running_sandbox(tmp_path / "sandbox", credit_delay=0.1) as handle:
        client = new_client(handle)
        try:
            yield handle, client
        finally:
            client.close()


def reconcile_in_a_new_start(handle: SandboxHandle, url: str, keys: list[str]) -> None:
    """What a new process does at start-up: open the store, reconcile, then check."""
    client = new_client(handle)
    with _opened(url) as store:
        try:
            settle(RechargeService(client, store), store)
            assert_converged(store, handle, keys)
        finally:
            client.close()


# --- SIGKILL at different points ---------------------------------------------------------------


def test_killed_after_the_journal_commit_before_any_request(
    provider: tuple[SandboxHandle, ProviderClient], tmp_path: Path
) -> None:
    handle, client = provider
    wallet = Wallet(tmp_path / "wallet", client)
    keys = ["kill-journal-0001", "kill-journal-0002"]
    child = wallet_child(handle, client, wallet.url, "journal", keys)
    child.wait_line("ready")
    child.kill()
    assert not any(provider_orders(handle, keys).values())  # nothing was sent
    reconcile_in_a_new_start(handle, wallet.url, keys)


def test_killed_while_the_create_is_in_flight(tmp_path: Path) -> None:
    """The create waits 0.8 s at the provider; the wallet dies after journalling, while it
    waits. The abandoned request still creates the order; the new start re-sends with the
    key at the same time and gets the same order back."""
    with running_sandbox(tmp_path / "sandbox", faults="latency=0.8,paths=/v1/orders") as handle:
        client = new_client(handle)
        try:
            wallet = Wallet(tmp_path / "wallet", client)
            key = "kill-inflight-0001"
            child = wallet_child(handle, client, wallet.url, "submit", [key])
            child.wait_line("started")
            wait_until(lambda: key in rows_in(wallet.file, [key]), what="the journal row")
            time.sleep(0.2)  # the request is now waiting at the provider
            child.kill()
            assert rows_in(wallet.file, [key]) == {key: None}
            assert provider_orders(handle, [key])[key] == []  # not handled yet
            reconcile_in_a_new_start(handle, wallet.url, [key])  # races the abandoned one
            time.sleep(0.9)  # every request has finished at the provider
            assert len(provider_orders(handle, [key])[key]) == 1
        finally:
            client.close()


def test_killed_after_the_provider_committed_but_the_response_was_lost(tmp_path: Path) -> None:
    """Every create response is dropped after the provider committed; the wallet dies while
    retrying. The provider comes back without faults; the new start confirms the order."""
    sandbox_dir = tmp_path / "sandbox"
    key = "kill-dropped-0001"
    with running_sandbox(sandbox_dir, faults="drop_after_commit=1,paths=/v1/orders") as handle:
        client = new_client(handle)
        try:
            wallet = Wallet(tmp_path / "wallet", client)
            child = wallet_child(handle, client, wallet.url, "submit", [key])
            wait_until(lambda: provider_orders(handle, [key])[key], what="the provider's order")
            child.kill()
        finally:
            client.close()
    assert rows_in(wallet.file, [key]) == {key: None}  # the wallet never heard back
    with running_sandbox(sandbox_dir) as handle:
        assert len(provider_orders(handle, [key])[key]) == 1
        reconcile_in_a_new_start(handle, wallet.url, [key])


def test_killed_after_the_response_was_stored(
    provider: tuple[SandboxHandle, ProviderClient], tmp_path: Path
) -> None:
    handle, client = provider
    wallet = Wallet(tmp_path / "wallet", client)
    keys = ["kill-after-0001", "kill-after-0002"]
    child = wallet_child(handle, client, wallet.url, "submit", keys)
    child.wait_line("ready")
    child.kill()
    assert all(rows_in(wallet.file, keys).values())  # both confirmed before the kill
    with _opened(wallet.url) as store:
        service = RechargeService(client, store)
        report = service.reconcile()
        assert report.failures == []
        assert report.changes == []
        assert_converged(store, handle, keys)


@pytest.mark.parametrize("seed", [1, 2])
def test_killed_at_random_points_of_a_run_of_orders(tmp_path: Path, seed: int) -> None:
    """Orders are submitted one after another (each create waits 0.05 s at the provider) and
    the wallet is killed at a seeded random moment, three times in a row on the same data
    dir; then a new start reconciles everything."""
    dice = random.Random(seed)
    with running_sandbox(tmp_path / "sandbox", faults="latency=0.05,paths=/v1/orders") as handle:
        client = new_client(handle)
        try:
            wallet = Wallet(tmp_path / "wallet", client)
            keys: list[str] = []
            for run in range(3):
                batch = [f"kill-rand-{seed}-{run}-{n:02d}" for n in range(6)]
                keys += batch
                child = wallet_child(handle, client, wallet.url, "submit", batch)
                child.wait_line("started")
                time.sleep(dice.uniform(0.05, 0.5))
                child.kill()
            with _opened(wallet.url) as store:
                journalled = sorted(journal(store, keys))
            assert journalled, "killed before anything was journalled; pick other delays"
            at_provider = {k for k, orders in provider_orders(handle, keys).items() if orders}
            assert at_provider <= set(journalled), "an order reached the provider unjournalled"
            reconcile_in_a_new_start(handle, wallet.url, journalled)
            assert not {k for k, v in provider_orders(handle, keys).items() if v} - set(journalled)
        finally:
            client.close()


# --- a busy database -----------------------------------------------------------------------------


def test_a_write_waits_for_another_process_holding_the_database(
    provider: tuple[SandboxHandle, ProviderClient], tmp_path: Path
) -> None:
    """Another process holds the write lock for 1 s (under the busy timeout): the journal
    write waits for it, nothing is lost and the order is created once."""
    handle, client = provider
    wallet = Wallet(tmp_path / "wallet", client)
    with _opened(wallet.url) as store:
        quote = make_quote(client, "card_demo_uk")
        locker = Child(["-c", LOCKER_CHILD, str(wallet.file), "1.0"])
        try:
            locker.wait_line("locked")
            started = time.monotonic()
            record = RechargeService(client, store).submit("card_demo_uk", quote, "busy-wait-01")
            assert time.monotonic() - started >= 0.5  # it did wait for the other writer
            assert record.confirmed
        finally:
            locker.kill()
        assert_converged(store, handle, ["busy-wait-01"])


def test_two_processes_writing_the_same_database_lose_nothing(
    provider: tuple[SandboxHandle, ProviderClient], tmp_path: Path
) -> None:
    """Two wallets on one data dir (e.g. two desktops on a shared file) submit and sync at
    the same time: every order of both is journalled, confirmed and made once."""
    handle, client = provider
    wallet = Wallet(tmp_path / "wallet", client)
    theirs = [f"busy-theirs-{n:02d}" for n in range(6)]
    ours = [f"busy-ours-{n:02d}" for n in range(6)]
    child = wallet_child(handle, client, wallet.url, "submit+sync", theirs)
    try:
        with _opened(wallet.url) as store:
            service = RechargeService(client, store)
            sync = SyncService(client, store)
            child.wait_line("started")
            for n, key in enumerate(ours):
                card = ("card_demo_us", "card_demo_uk")[n % 2]
                assert service.submit(card, make_quote(client, card), key).confirmed
                sync.sync_orders()
            child.wait_line("ready")
            assert_converged(store, handle, theirs + ours)
            with store.session(readonly=True) as session:
                assert all(order_by_key(session, key) is not None for key in theirs + ours)
    finally:
        child.kill()


def test_a_lock_held_past_the_busy_timeout_loses_no_order(
    provider: tuple[SandboxHandle, ProviderClient], tmp_path: Path
) -> None:
    """The provider's answer cannot be stored (another process holds the database longer
    than the busy timeout): submit fails with the database error, the order stays journalled
    and unconfirmed, and Pay pressed again (same key) confirms the provider's one order."""
    handle, client = provider
    wallet = Wallet(tmp_path / "wallet", client)
    key = "busy-timeout-01"
    quote = make_quote(client, "card_demo_uk")
    db = handle.server.db
    assert db is not None
    outcome: list[object] = []
    with _opened(wallet.url) as store:
        _short_busy_timeout(store, ms=200)
        payer = ProviderClient(handle.url, tokens=client.tokens, retries=0)

        def submit() -> None:
            try:
                outcome.append(RechargeService(payer, store).submit("card_demo_uk", quote, key))
            except Exception as error:  # handed to the test thread
                outcome.append(error)

        thread = threading.Thread(target=submit)
        try:
            with db.write():  # the provider cannot handle the create while this is held
                thread.start()
                wait_until(lambda: key in rows_in(wallet.file, [key]), what="the journal row")
                locker = Child(["-c", LOCKER_CHILD, str(wallet.file), "30"])
                locker.wait_line("locked")
            # the provider now creates the order and answers; the wallet cannot store it
            thread.join(timeout=WAIT)
            assert not thread.is_alive()
            locker.kill()
        finally:
            payer.close()
        (result,) = outcome
        assert isinstance(result, OperationalError), result
        assert "locked" in str(result)
        assert rows_in(wallet.file, [key]) == {key: None}
        assert len(provider_orders(handle, [key])[key]) == 1
        again = RechargeService(client, store).submit("card_demo_uk", quote, key)  # Pay again
        assert again.confirmed
        assert again.status is OrderStatus.AWAITING_PAYMENT
        with store.session(readonly=True) as session:
            assert [r.idempotency_key for r in non_final_orders(session)] == [key]
        assert_converged(store, handle, [key])


def _short_busy_timeout(store: Store, *, ms: int) -> None:
    """Give this store's SQLite connections a short busy timeout (set after the store's own
    connect hook, so it wins); pooled connections are dropped so new ones get it."""

    @event.listens_for(store.engine, "connect")
    def _busy(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {ms}")

    store.engine.dispose()
