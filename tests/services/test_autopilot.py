"""Keep-alive on autopilot against the running sandbox, with an injected clock: one top-up per
deadline, never more — across a deadline, a restart, two processes on one database, a
budget."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lebwallet.domain.cards import Card
from lebwallet.domain.identifiers import parse_msisdn
from lebwallet.domain.keepalive import Period
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.services.autopilot import (
    AutopilotError,
    AutopilotReport,
    AutopilotService,
    StepKind,
    order_key,
)
from lebwallet.services.autopilot_topups import RechargeTopUps, TopUpState
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.recharge import RechargeService
from lebwallet.services.sync import SyncService
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store import autopilot as astore
from lebwallet.store.autopilot import RunKind, RunState
from lebwallet.store.models import AutopilotRunRow, OrderRow
from lebwallet.store.queries import order_by_id
from tests.services.conftest import Wallet
from tests.services.test_recharge import TEST_CARD_OK, pay, provider_orders
from tests.support.postgres import PostgresServer, postgres_database_url, postgres_server

UK = "card_demo_uk"

__all__ = ["postgres_server"]


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def on(self, day: date) -> None:
        self.at = datetime.combine(day, day_time(9), tzinfo=UTC)


def autopilot(wallet: Wallet, clock: Clock, store: Store | None = None) -> AutopilotService:
    store = store or wallet.store
    channel = RechargeTopUps(RechargeService(wallet.client, store), store)
    return AutopilotService(
        store, [channel], keepalive=KeepAliveService(store, clock=clock), clock=clock
    )


def uk_deadline(store: Store) -> date:
    return KeepAliveService(store).overview(UK).last_day


def journal_orders(store: Store, key: str) -> int:
    with store.session(readonly=True) as session:
        count = session.scalar(
            select(func.count()).select_from(OrderRow).where(OrderRow.idempotency_key == key)
        )
    return int(count or 0)


def kinds(report: AutopilotReport) -> list[tuple[StepKind, bool]]:
    return [(step.kind, step.new) for step in report.steps]


def wait_credited(wallet: Wallet, local_id: int) -> None:
    recharge = RechargeService(wallet.client, wallet.store)
    end = time.monotonic() + 15
    while time.monotonic() < end:
        recharge.refresh([local_id])
        with wallet.store.session(readonly=True) as session:
            record = order_by_id(session, local_id)
        assert record is not None
        if record.status is OrderStatus.CREDITED:
            return
        time.sleep(0.1)
    raise AssertionError("the order was not credited")


def test_one_top_up_across_a_deadline_then_a_missed_one_is_told_once(synced: Wallet) -> None:
    deadline = uk_deadline(synced.store)
    clock = Clock(datetime.now(UTC))
    service = autopilot(synced, clock)
    service.set_card(UK, enabled=True)  # 7 days before, no budget
    key = order_key(UK, deadline)

    clock.on(deadline - timedelta(days=10))
    report = service.run_once()
    assert kinds(report) == [(StepKind.NOT_DUE, False)]
    assert report.steps[0].next_on == deadline - timedelta(days=7)
    assert report.exit_code == 0
    assert service.status(UK) is not None
    assert service.status(UK).next_on == deadline - timedelta(days=7)  # type: ignore[union-attr]

    clock.on(deadline - timedelta(days=7))
    report = service.run_once()
    assert kinds(report) == [(StepKind.WAITS_FOR_PAYMENT, True)]
    assert report.exit_code == 3
    (step,) = report.steps
    assert step.amount == Money.of("10.00", "GBP")  # the rule's minimum
    assert step.order_local_id is not None
    assert service.automatic_keys([key, "key-other-0001"]) == {key}

    clock.on(deadline - timedelta(days=5))  # again, and again: the same order
    for _ in range(2):
        again = service.run_once()
        assert kinds(again) == [(StepKind.WAITS_FOR_PAYMENT, False)]
        assert again.steps[0].order_local_id == step.order_local_id
    assert provider_orders(synced, key) == 1
    assert journal_orders(synced.store, key) == 1

    with synced.store.session(readonly=True) as session:
        record = order_by_id(session, step.order_local_id)
    assert record is not None
    assert record.checkout_url is not None
    pay(record.checkout_url, TEST_CARD_OK)
    wait_credited(synced, step.order_local_id)
    moved = uk_deadline(synced.store)
    assert moved > deadline

    report = service.run_once()
    assert kinds(report) == [(StepKind.TOPPED_UP, True), (StepKind.NOT_DUE, False)]
    assert report.exit_code == 0
    assert kinds(service.run_once()) == [(StepKind.NOT_DUE, False)]

    clock.on(moved + timedelta(days=2))  # the wallet did not run until after the deadline
    missed = service.run_once()
    assert kinds(missed) == [(StepKind.MISSED, True)]
    assert missed.exit_code == 3
    assert kinds(service.run_once()) == [(StepKind.MISSED, False)]
    assert provider_orders(synced, order_key(UK, moved)) == 0
    assert provider_orders(synced, key) == 1


class CrashAfterSubmit:
    """The provider channel, and the process dies right after the provider took the order."""

    def __init__(self, channel: RechargeTopUps) -> None:
        self._channel = channel

    def handles(self, card: Card) -> bool:
        return self._channel.handles(card)

    def price(self, card: Card) -> Money:
        return self._channel.price(card)

    def submit(self, card: Card, amount: Money, key: str) -> TopUpState:
        self._channel.submit(card, amount, key)
        raise KeyboardInterrupt("killed")

    def state(self, key: str) -> TopUpState | None:
        return self._channel.state(key)


def test_a_restart_between_sending_and_recording_makes_no_second_top_up(synced: Wallet) -> None:
    deadline = uk_deadline(synced.store)
    clock = Clock(datetime.now(UTC))
    clock.on(deadline - timedelta(days=6))
    url = default_sqlite_url(synced.data_dir / "wallet")
    first = open_store(url)
    channel = RechargeTopUps(RechargeService(synced.client, first), first)
    service = AutopilotService(
        first,
        [CrashAfterSubmit(channel)],
        keepalive=KeepAliveService(first, clock=clock),
        clock=clock,
    )
    service.set_card(UK, enabled=True)
    with pytest.raises(KeyboardInterrupt):
        service.run_once()
    first.dispose()
    with first.session(readonly=True) as session:
        run = astore.run_for(session, UK, deadline)
    assert run is not None
    assert run.state is RunState.CLAIMED

    clock.at += timedelta(minutes=1)  # a restart at once: the claim may still be alive
    restarted = open_store(url)
    try:
        assert kinds(autopilot(synced, clock, restarted).run_once()) == [
            (StepKind.IN_PROGRESS, False)
        ]
        assert provider_orders(synced, order_key(UK, deadline)) == 1
        clock.at += timedelta(minutes=10)  # the claim is left behind: sent again, same key
        report = autopilot(synced, clock, restarted).run_once()
        assert kinds(report) == [(StepKind.WAITS_FOR_PAYMENT, True)]
        assert kinds(autopilot(synced, clock, restarted).run_once()) == [
            (StepKind.WAITS_FOR_PAYMENT, False)
        ]
    finally:
        restarted.dispose()
    key = order_key(UK, deadline)
    assert provider_orders(synced, key) == 1
    assert journal_orders(synced.store, key) == 1


def _one_pass(
    db_url: str, provider_url: str, email: str, password: str, at: str, start: float
) -> list[tuple[str, bool]]:
    """One desktop's pass (in its own process), started at the wall-clock time `start`."""
    from lebwallet.provider.client import ProviderClient

    store = open_store(db_url)
    client = ProviderClient(provider_url, retries=3, backoff_factor=0.01)
    try:
        client.login(email, password)
        clock = Clock(datetime.fromisoformat(at))
        channel = RechargeTopUps(RechargeService(client, store), store)
        service = AutopilotService(
            store, [channel], keepalive=KeepAliveService(store, clock=clock), clock=clock
        )
        time.sleep(max(0.0, start - time.time()))
        return [(step.kind.value, step.new) for step in service.run_once().steps]
    finally:
        client.close()
        store.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_url(request: pytest.FixtureRequest, wallet: Wallet) -> Iterator[str]:
    if request.param == "sqlite":
        yield default_sqlite_url(wallet.data_dir / "wallet")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    yield from postgres_database_url(server)


def test_two_processes_on_one_database_make_one_top_up(wallet: Wallet, shared_url: str) -> None:
    store = open_store(shared_url)
    try:
        SyncService(wallet.client, store).sync_all()
        deadline = uk_deadline(store)
        clock = Clock(datetime.now(UTC))
        clock.on(deadline - timedelta(days=6))
        AutopilotService(store, clock=clock).set_card(UK, enabled=True)
        handle = wallet.sandbox
        start = time.time() + 4
        args = (shared_url, handle.url, handle.email, handle.password, clock.at.isoformat(), start)
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            results = pool.starmap(_one_pass, [args, args])
        firsts = [r for r in results if r == [("waits_for_payment", True)]]
        assert len(firsts) == 1, results
        key = order_key(UK, deadline)
        assert provider_orders(wallet, key) == 1
        assert journal_orders(store, key) == 1
        with store.session(readonly=True) as session:
            runs = session.scalar(select(func.count()).select_from(AutopilotRunRow))
        assert runs == 1
    finally:
        store.dispose()


def test_an_exhausted_budget_tops_nothing_up_until_it_is_raised(synced: Wallet) -> None:
    deadline = uk_deadline(synced.store)
    clock = Clock(datetime.now(UTC))
    clock.on(deadline - timedelta(days=7))
    service = autopilot(synced, clock)
    with pytest.raises(AutopilotError):
        service.set_card(UK, enabled=True, budget=Money.of("5.00", "USD"))
    service.set_card(UK, enabled=True, budget=Money.of("5.00", "GBP"))
    report = service.run_once()
    assert kinds(report) == [(StepKind.OVER_BUDGET, True)]
    assert report.exit_code == 3
    assert "5.00" in (report.steps[0].detail or "")

    # the card's budget fits; all cards in GBP have spent 8 of 15 this month already
    service.set_card(UK, enabled=True, budget=Money.of("50.00", "GBP"))
    service.set_total_budget("GBP", Money.of("15.00", "GBP"))
    with synced.store.session() as session:
        astore.claim_run(
            session, card_id="card_other", deadline=deadline - timedelta(days=40),
            kind=RunKind.TOPUP, state=RunState.DONE, order_key="autopilot-card_other-x",
            amount=Money.of("8.00", "GBP"), detail=None, now=clock(),
        )  # fmt: skip
    assert kinds(service.run_once()) == [(StepKind.OVER_BUDGET, True)]
    assert kinds(service.run_once(dry_run=True)) == [(StepKind.OVER_BUDGET, True)]
    assert provider_orders(synced, order_key(UK, deadline)) == 0

    service.set_total_budget("GBP", Money.of("18.00", "GBP"))
    assert kinds(service.run_once(dry_run=True)) == [(StepKind.WOULD_TOP_UP, True)]
    assert provider_orders(synced, order_key(UK, deadline)) == 0  # a dry run sends nothing
    assert kinds(service.run_once()) == [(StepKind.WAITS_FOR_PAYMENT, True)]
    assert kinds(service.run_once()) == [(StepKind.WAITS_FOR_PAYMENT, False)]
    assert provider_orders(synced, order_key(UK, deadline)) == 1


def test_a_card_without_a_channel_is_reminded_once_per_deadline(tmp_path: Path) -> None:
    store = open_store(default_sqlite_url(tmp_path))
    try:
        clock = Clock(datetime(2026, 12, 1, 9, tzinfo=UTC))
        keepalive = KeepAliveService(store, clock=clock)
        item = keepalive.add_local_card(
            label="Mine", msisdn=parse_msisdn("+447400123456"), every=Period.days(30)
        )
        service = AutopilotService(store, keepalive=keepalive, clock=clock)
        service.set_card(item.card.id, enabled=True, days_before=3)
        clock.on(item.last_day - timedelta(days=2))
        first = service.run_once()
        assert kinds(first) == [(StepKind.REMIND, True)]
        assert first.exit_code == 3
        assert kinds(service.run_once()) == [(StepKind.REMIND, False)]
        clock.on(item.last_day + timedelta(days=1))
        late = service.run_once()
        assert kinds(late) == [(StepKind.MISSED, False)]  # reminded already
        assert late.exit_code == 0
    finally:
        store.dispose()


def test_bad_settings_change_nothing(tmp_path: Path) -> None:
    store = open_store(default_sqlite_url(tmp_path))
    try:
        service = AutopilotService(store)
        with pytest.raises(AutopilotError):
            service.set_card("nope", enabled=True)
        with pytest.raises(AutopilotError):
            service.set_total_budget("GBP", Money.of("0", "GBP"))
        assert service.total_budgets() == {}
        assert service.run_once().exit_code == 0
    finally:
        store.dispose()
