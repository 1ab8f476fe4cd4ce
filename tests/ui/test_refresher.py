"""The order refresher in its thread against a real sandbox over loopback."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Slot

from lebwallet.domain.orders import OrderStatus
from lebwallet.provider.wire import TokenPair
from lebwallet.sandbox.config import ManualClock, SandboxConfig
from lebwallet.sandbox.server import SandboxServer
from lebwallet.services.notifications import NoticeKind, NoticeLog, NotificationPolicy
from lebwallet.services.settings import Settings
from lebwallet.ui.refresher import (
    BATCH,
    ConnectionUpdate,
    CycleReport,
    LinkState,
    OrderUpdate,
    Pacing,
    Refresher,
    services_backend_factory,
)
from tests.support.sandbox import SandboxHandle, running_sandbox
from tests.support.wallet_env import RequestLog, WalletEnv, make_many_orders, wallet

FAST = Pacing(
    fast_seconds=0.1, normal_seconds=0.3, sync_seconds=60, backoff_base=0.1, backoff_max=0.4
)


class Recorder(QObject):
    """Collects the worker's signals on the GUI thread (queued connections)."""

    def __init__(self, refresher: Refresher) -> None:
        super().__init__()
        self.orders: list[OrderUpdate] = []
        self.connection: list[ConnectionUpdate] = []
        self.cycles: list[CycleReport] = []
        self.errors: list[Any] = []
        self.notices: list[Any] = []
        self.balances: list[Any] = []
        worker = refresher.worker
        worker.order_changed.connect(self.on_order)
        worker.connection_changed.connect(self.on_connection)
        worker.cycle_finished.connect(self.on_cycle)
        worker.error.connect(self.on_error)
        worker.notice.connect(self.on_notice)
        worker.balances_changed.connect(self.on_balances)
        self.gui_thread = threading.get_ident()
        self.threads: set[int] = set()

    @Slot(object)
    def on_order(self, update: OrderUpdate) -> None:
        self.threads.add(threading.get_ident())
        self.orders.append(update)

    @Slot(object)
    def on_connection(self, update: ConnectionUpdate) -> None:
        self.connection.append(update)

    @Slot(object)
    def on_cycle(self, report: CycleReport) -> None:
        self.threads.add(threading.get_ident())
        self.cycles.append(report)

    @Slot(object)
    def on_error(self, error: Any) -> None:
        self.errors.append(error)

    @Slot(object)
    def on_notice(self, notice: Any) -> None:
        self.notices.append(notice)

    @Slot(object)
    def on_balances(self, update: Any) -> None:
        self.balances.append(update)


@pytest.fixture
def env(tmp_path: Path) -> Iterator[WalletEnv]:
    with (
        running_sandbox(tmp_path / "sandbox", credit_delay=0.3) as sandbox,
        wallet(sandbox, tmp_path / "data") as opened,
    ):
        yield opened


def make_refresher(
    env: WalletEnv,
    *,
    pacing: Pacing = FAST,
    policy: NotificationPolicy | None = None,
    url: str | None = None,
    tokens: Any = None,
    now: Any = None,
    retries: int = 0,
) -> Refresher:
    factory = services_backend_factory(
        url or env.sandbox.url,
        env.store,
        token_source=tokens or env.tokens.get,
        on_tokens=env.tokens.set,
        timeout=(1.0, 5.0),
        retries=retries,
        now=now or env.now,
    )
    return Refresher(factory, pacing=pacing, policy=policy, rng=random.Random(7))


def test_follows_a_paid_order_to_credited_and_tells_once(
    qtbot: Any, env: WalletEnv, tmp_path: Path
) -> None:
    (record,) = env.make_orders(1)
    policy = NotificationPolicy(NoticeLog.in_dir(tmp_path / "data"), Settings())
    slow = Pacing(fast_seconds=0.1, normal_seconds=30, sync_seconds=60)
    refresher = make_refresher(env, pacing=slow, policy=policy)
    seen = Recorder(refresher)
    refresher.start()
    try:
        qtbot.waitUntil(lambda: len(seen.cycles) >= 1, timeout=5000)
        refresher.follow(record.local_id)
        env.pay(record)
        qtbot.waitUntil(
            lambda: any(n.kind is NoticeKind.CREDITED for n in seen.notices), timeout=8000
        )
        qtbot.wait(300)  # more fast cycles: no second notice
    finally:
        assert refresher.shutdown()
    assert env.record(record.local_id).status is OrderStatus.CREDITED
    statuses = [u.new_status for u in seen.orders if u.local_id == record.local_id]
    assert statuses[-1] is OrderStatus.CREDITED
    assert statuses.count(OrderStatus.CREDITED) == 1
    credited = [n for n in seen.notices if n.kind is NoticeKind.CREDITED]
    assert len(credited) == 1
    assert credited[0].order_id == record.local_id
    assert seen.threads == {seen.gui_thread}  # slots ran on the GUI thread
    # fast follow: well under the 30 s background pace
    assert len(seen.cycles) >= 3
    assert seen.balances  # the first cycle synced account and balances
    # deadlines 5 (UK, 180-day plan) and 18 (US, 30-day plan) days away: the UK card's
    # 7-day reminder, once; 18 of the US card's 30 days left is not near yet
    deadlines = sorted(
        (n.card_id, n.key.rsplit(":", 1)[1]) for n in seen.notices if n.kind is NoticeKind.DEADLINE
    )
    assert deadlines == [("card_demo_uk", "7")]


def test_batches_one_request_per_hundred_orders(qtbot: Any, tmp_path: Path) -> None:
    clock = ManualClock()
    config = SandboxConfig(
        order_ttl=timedelta(days=3650),
        access_token_ttl=timedelta(days=1),
        refresh_token_ttl=timedelta(days=365),
    )
    count = BATCH + 30
    with (
        running_sandbox(tmp_path / "sandbox", clock=clock, config=config) as sandbox,
        wallet(sandbox, tmp_path / "data", now=clock) as env,
    ):
        assert make_many_orders(env.client, count, clock) == count
        env.sync()
        assert len(env.records()) >= count
        pacing = Pacing(normal_seconds=60, sync_seconds=600)
        refresher = make_refresher(env, pacing=pacing)
        seen = Recorder(refresher)
        with RequestLog() as log:
            refresher.start()
            try:
                qtbot.waitUntil(lambda: len(seen.cycles) >= 1, timeout=10000)
            finally:
                assert refresher.shutdown()
        report = seen.cycles[0]
        assert report.ok
        assert report.orders_checked >= count
        assert log.count("GET", "/v1/orders?ids=") == 2  # ⌈130 / 100⌉
        assert log.count("GET", "/v1/orders?limit=") == 1  # updated_since
        assert log.count("GET", "/v1/orders") == 3
        # and the slow cadence: account and cards
        assert log.count("GET") == 3 + 2


def test_backs_off_while_the_provider_fails_and_recovers(qtbot: Any, tmp_path: Path) -> None:
    data = tmp_path / "sandbox"
    first = SandboxServer(data, credit_delay=0.2).start()
    credentials = first.demo_credentials
    handle = SandboxHandle(first.url, credentials.email, credentials.password, first)
    port = int(first.url.rsplit(":", 1)[1])
    with wallet(handle, tmp_path / "data") as env:
        env.make_orders(2)
        first.stop()
        # same data, same port: every API request answers 500 or 503
        with SandboxServer(data, port=port, faults="error_rate=1,seed=3"):
            refresher = make_refresher(env)
            seen = Recorder(refresher)
            refresher.start()
            try:
                qtbot.waitUntil(lambda: len(seen.connection) >= 4, timeout=8000)
            except BaseException:
                refresher.shutdown()
                raise
        retrying = [c for c in seen.connection if c.state is LinkState.RETRYING]
        assert [c.failures for c in retrying[:4]] == [1, 2, 3, 4]
        waits = [c.retry_in or 0.0 for c in retrying[:4]]
        assert all(0.05 <= w <= 0.4 for w in waits)
        assert waits[2] > waits[0]
        assert all(e.kind == "unavailable" for e in seen.errors)
        try:
            with SandboxServer(data, port=port):
                qtbot.waitUntil(lambda: seen.connection[-1].state is LinkState.ONLINE, timeout=8000)
                done = len(seen.cycles)
                qtbot.waitUntil(lambda: len(seen.cycles) >= done + 2, timeout=5000)
                assert all(c.ok for c in seen.cycles[done:])
                assert seen.cycles[-1].next_in is not None
                assert seen.cycles[-1].next_in <= FAST.normal_seconds + 0.01
        finally:
            assert refresher.shutdown()


def test_signed_out_pauses_until_refresh_now(qtbot: Any, env: WalletEnv) -> None:
    env.make_orders(1)
    good = env.tokens.get()
    assert good is not None
    bad = TokenPair.model_validate(
        {**good.model_dump(), "access_token": "nope", "refresh_token": "nope"}
    )
    env.tokens.set(bad)
    refresher = make_refresher(env)
    seen = Recorder(refresher)
    refresher.start()
    try:
        qtbot.waitUntil(
            lambda: any(c.state is LinkState.SIGNED_OUT for c in seen.connection), timeout=5000
        )
        # The cycle that found the sign-in gone reports after the state change: paused.
        qtbot.waitUntil(lambda: bool(seen.cycles) and seen.cycles[-1].next_in is None)
        cycles = len(seen.cycles)
        qtbot.wait(500)
        assert len(seen.cycles) == cycles  # paused, no polling
        env.tokens.set(env.client.login(env.sandbox.email, env.sandbox.password))
        refresher.refresh_now()
        qtbot.waitUntil(lambda: seen.connection[-1].state is LinkState.ONLINE, timeout=5000)
    finally:
        assert refresher.shutdown()


def test_stops_cleanly_during_a_slow_cycle(qtbot: Any, tmp_path: Path) -> None:
    with (
        running_sandbox(tmp_path / "sandbox", faults="latency=0.3") as sandbox,
        wallet(sandbox, tmp_path / "data") as env,
    ):
        (record,) = env.make_orders(1)
        env.pay(record)  # the first cycle has a change to write
        refresher = make_refresher(env)
        seen = Recorder(refresher)
        with RequestLog() as log:
            refresher.start()
            # the batch request is in flight (the sandbox sleeps 0.3 s before answering)
            qtbot.wait(100)
            assert log.count("GET", "/v1/orders?ids=") == 0
            began = time.monotonic()
            stopped = refresher.shutdown(timeout_ms=10_000)
            took = time.monotonic() - began
        assert log.count("GET", "/v1/orders?ids=") == 1
        assert log.count("GET", "/v1/account") == 0  # the sync after it was skipped
        assert stopped
        assert not bool(refresher.running)
        assert took < 1.5  # the batch in flight finished; the sync after it was skipped
        assert refresher.shutdown()  # twice is harmless
        # the write of the cycle in flight was not lost
        assert env.record(record.local_id).status is not OrderStatus.AWAITING_PAYMENT
        with pytest.raises(RuntimeError, match="shut down"):
            refresher.start()
        del seen


def test_backoff_grows_with_jitter_and_honours_retry_after() -> None:
    pacing = Pacing(backoff_base=2, backoff_max=60)
    rng = random.Random(1)
    ceilings = [2, 4, 8, 16, 32, 60, 60]
    for failures, ceiling in enumerate(ceilings, start=1):
        waits = [pacing.backoff(failures, rng) for _ in range(50)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits)
        assert len(set(waits)) > 1  # jittered
    assert pacing.backoff(1, rng, at_least=30) >= 30
    with pytest.raises(ValueError, match="seconds"):
        Pacing(fast_seconds=0)


def test_daily_update_check_on_the_slow_cadence(qtbot: Any, env: WalletEnv, tmp_path: Path) -> None:
    allowed = threading.Event()
    factory = services_backend_factory(
        env.sandbox.url,
        env.store,
        token_source=env.tokens.get,
        retries=0,
        data_dir=tmp_path / "data",
        check_updates=allowed.is_set,
    )
    policy = NotificationPolicy(NoticeLog.in_dir(tmp_path / "data"), Settings())
    slow = Pacing(fast_seconds=0.1, normal_seconds=0.1, sync_seconds=0.2)
    refresher = Refresher(factory, pacing=slow, policy=policy)
    seen = Recorder(refresher)
    updates: list[Any] = []
    refresher.worker.update_available.connect(updates.append)
    with RequestLog() as log:
        refresher.start()
        try:
            qtbot.waitUntil(lambda: sum(c.synced for c in seen.cycles) >= 2, timeout=5000)
            assert log.count("GET", "/v1/app/latest") == 0  # not allowed (None: ask first)
            allowed.set()
            qtbot.waitUntil(
                lambda: any(n.kind is NoticeKind.UPDATE for n in seen.notices), timeout=5000
            )
            qtbot.waitUntil(lambda: sum(c.synced for c in seen.cycles) >= 5, timeout=5000)
        finally:
            assert refresher.shutdown()
    assert log.count("GET", "/v1/app/latest") == 1  # daily, not on every slow tick
    assert len(updates) == 1
    assert [n.version for n in seen.notices if n.kind is NoticeKind.UPDATE] == [updates[0].version]


def test_survives_random_faults_and_still_follows_to_credited(qtbot: Any, tmp_path: Path) -> None:
    data = tmp_path / "sandbox"
    first = SandboxServer(data, credit_delay=0.3).start()
    credentials = first.demo_credentials
    handle = SandboxHandle(first.url, credentials.email, credentials.password, first)
    port = int(first.url.rsplit(":", 1)[1])
    with wallet(handle, tmp_path / "data") as env:
        records = env.make_orders(3)
        first.stop()
        faults = "reset=0.15,error_rate=0.15,drop_after_commit=0.15,seed=11"
        with SandboxServer(data, port=port, credit_delay=0.3, faults=faults):
            for record in records:
                env.pay(record)  # checkout pages are outside the faulty paths
            policy = NotificationPolicy(NoticeLog.in_dir(tmp_path / "data"), Settings())
            # the client's own retries (urllib3) absorb most faults; the rest is backoff
            refresher = make_refresher(env, policy=policy, retries=2)
            seen = Recorder(refresher)
            with RequestLog() as log:
                refresher.start()
                try:
                    for record in records:
                        refresher.follow(record.local_id)
                    qtbot.waitUntil(
                        lambda: sum(n.kind is NoticeKind.CREDITED for n in seen.notices) == 3,
                        timeout=20000,
                    )
                    qtbot.wait(300)
                finally:
                    assert refresher.shutdown()
        for record in records:
            assert env.record(record.local_id).status is OrderStatus.CREDITED
            credited = [
                u
                for u in seen.orders
                if u.local_id == record.local_id and u.new_status is OrderStatus.CREDITED
            ]
            assert len(credited) == 1
        assert sum(n.kind is NoticeKind.CREDITED for n in seen.notices) == 3
        assert log.failed() > 0  # the faults happened …
        assert any(c.ok for c in seen.cycles)  # … and were got over


def test_orders_pending_at_quit_are_resumed_by_the_next_start(qtbot: Any, env: WalletEnv) -> None:
    (record,) = env.make_orders(1)
    first = make_refresher(env)
    seen_first = Recorder(first)
    first.start()
    qtbot.waitUntil(lambda: len(seen_first.cycles) >= 1, timeout=5000)
    assert first.shutdown()  # "quit" with the order still awaiting payment
    assert env.record(record.local_id).status is OrderStatus.AWAITING_PAYMENT
    env.pay(record)  # paid while the wallet was closed
    second = make_refresher(env)  # "start again": nothing is followed, the store has it
    seen = Recorder(second)
    second.start()
    try:
        qtbot.waitUntil(
            lambda: any(
                u.local_id == record.local_id and u.new_status is OrderStatus.CREDITED
                for u in seen.orders
            ),
            timeout=8000,
        )
    finally:
        assert second.shutdown()
    assert env.record(record.local_id).status is OrderStatus.CREDITED


def test_an_order_made_on_another_desktop_appears_without_a_notice(
    qtbot: Any, env: WalletEnv, tmp_path: Path
) -> None:
    """An order this store never journalled (another desktop made it) is brought in by the
    incremental sync and signalled for the history, without telling the user again."""
    from lebwallet.provider import wire
    from lebwallet.provider.client import ProviderClient

    policy = NotificationPolicy(NoticeLog.in_dir(tmp_path / "data"), Settings())
    refresher = make_refresher(env, policy=policy)
    seen = Recorder(refresher)
    refresher.start()
    try:
        qtbot.waitUntil(lambda: len(seen.cycles) >= 1, timeout=5000)
        with ProviderClient(env.sandbox.url, tokens=env.tokens.get()) as other:
            order = other.create_order(
                wire.CreateOrderRequest(
                    card_id="card_demo_uk",
                    amount=wire.WireMoney(value="10.00", currency="GBP"),
                    payment_method=wire.PaymentMethodCode.BANK_CARD,
                    pay_currency="GBP",
                ),
                idempotency_key="other-desktop-0001",
            )
        refresher.refresh_now()
        qtbot.waitUntil(lambda: any(u.provider_id == order.id for u in seen.orders), timeout=8000)
    finally:
        assert refresher.shutdown()
    (update,) = [u for u in seen.orders if u.provider_id == order.id]
    assert update.old_status == update.new_status  # nothing to tell
    assert not [n for n in seen.notices if n.order_id == update.local_id]
