"""Keep-alive on autopilot through the Reloadly account, against the Reloadly double over
loopback (real SQLite, real processes, PostgreSQL where installed), with an injected clock:
it asks first unless the card's choice is "without asking", and makes one top-up per
deadline, never more — across a deadline, a restart, two processes on one database and a
budget. Top-ups are counted at the double."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lebwallet.domain.cards import Card
from lebwallet.domain.identifiers import parse_msisdn
from lebwallet.domain.money import Money
from lebwallet.domain.topup_offers import AmountRange, FixedAmounts
from lebwallet.services.autopilot import (
    LEASE,
    AutopilotError,
    AutopilotService,
    StepKind,
    order_key,
)
from lebwallet.services.autopilot_reloadly import ReloadlyAutopilotTopUps, smallest_keeping_alive
from lebwallet.services.autopilot_topups import TopUpState
from lebwallet.services.channel_accounts import add_reloadly
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.notifications import NoticeLog, NotificationPolicy
from lebwallet.services.reloadly_topup import ReloadlyTopUps
from lebwallet.services.settings import ReloadlyAccount, Settings
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store import autopilot as astore
from lebwallet.store.autopilot import RunState
from lebwallet.store.models import AutopilotRunRow, OrderRow
from tests.doubles.reloadly import ReloadlyDouble
from tests.services.test_autopilot import Clock, kinds
from tests.support.keyrings import MemoryKeyring
from tests.support.postgres import PostgresServer, postgres_database_url, postgres_server

__all__ = ["postgres_server"]

UK = parse_msisdn("+447400123456")
UK_2 = parse_msisdn("+447400123457")
CHEAPEST = Money.of("0.79", "GBP")
"""The double's UK operator: a RANGE from USD 1.00, local GBP at 0.79."""
CLIENT_OPTIONS = {"timeout": (2.0, 2.0), "deadline": 10.0, "backoff_factor": 0.01}


@dataclass
class Account:
    double: ReloadlyDouble
    data_dir: Path
    settings: Settings
    credentials: CredentialStore


@pytest.fixture
def account(tmp_path: Path, double: ReloadlyDouble) -> Account:
    credentials = CredentialStore(MemoryKeyring())
    added = ReloadlyAccount(
        client_id=double.client_id, sandbox=True, auth_url=double.url, api_url=double.url
    )
    settings = add_reloadly(tmp_path, credentials, added, double.client_secret)
    return Account(double, tmp_path, settings, credentials)


def add_card(store: Store, number: str = UK.e164, label: str = "UK number") -> str:
    """A card of your own by its number (giffgaff, GBP), last used 100 days ago."""
    added_at = datetime.now(UTC) - timedelta(days=100)
    book = KeepAliveService(store, clock=lambda: added_at)
    item = book.add_local_card(label=label, msisdn=parse_msisdn(number), rule_id="giffgaff-gb")
    return item.card.id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(default_sqlite_url(tmp_path / "wallet"))
    yield opened
    opened.dispose()


@contextmanager
def autopilot(
    account: Account | tuple[Settings, CredentialStore],
    clock: Clock,
    store: Store,
    *,
    wrap: type[CrashAfterSubmit] | None = None,
) -> Iterator[AutopilotService]:
    settings, credentials = (
        account if isinstance(account, tuple) else (account.settings, account.credentials)
    )
    topups = ReloadlyTopUps(settings, credentials, lambda: store, **CLIENT_OPTIONS)
    channel = ReloadlyAutopilotTopUps(topups, store)
    try:
        yield AutopilotService(
            store,
            [channel if wrap is None else wrap(channel)],
            keepalive=KeepAliveService(store, clock=clock),
            clock=clock,
        )
    finally:
        topups.close()


def deadline_of(store: Store, card_id: str) -> date:
    return KeepAliveService(store).overview(card_id).last_day


def journal_orders(store: Store, key: str) -> int:
    with store.session(readonly=True) as session:
        count = session.scalar(
            select(func.count()).select_from(OrderRow).where(OrderRow.idempotency_key == key)
        )
    return int(count or 0)


def sent_for(double: ReloadlyDouble, key: str) -> int:
    return sum(1 for t in double.transactions() if t["customIdentifier"] == key)


def until_done(service: AutopilotService, card_id: str) -> list[tuple[StepKind, bool]]:
    """Passes until the card's top-up is reported done (the double credits in 0.2 s)."""
    end = time.monotonic() + 10
    while True:
        report = service.run_once()
        if any(s.kind is StepKind.TOPPED_UP for s in report.steps) or time.monotonic() > end:
            return kinds(report)
        time.sleep(0.1)


def test_the_smallest_amount_that_keeps_a_number_alive() -> None:
    gbp = Money.of
    offered = AmountRange(gbp("0.79", "GBP"), gbp("47.40", "GBP"), gbp("0.01", "GBP"))
    assert smallest_keeping_alive(offered, Money.zero("GBP")) == gbp("0.79", "GBP")
    assert smallest_keeping_alive(offered, gbp("10", "GBP")) == gbp("10.00", "GBP")
    coarse = AmountRange(gbp("1", "GBP"), gbp("20", "GBP"), gbp("5", "GBP"))
    assert smallest_keeping_alive(coarse, gbp("7", "GBP")) == gbp("11", "GBP")
    assert smallest_keeping_alive(coarse, gbp("17", "GBP")) is None
    fixed = FixedAmounts((gbp("5", "USD"), gbp("10", "USD"), gbp("20", "USD")))
    assert smallest_keeping_alive(fixed, gbp("6", "USD")) == gbp("10", "USD")
    assert smallest_keeping_alive(fixed, gbp("25", "USD")) is None


def test_it_asks_first_then_tops_up_once_across_a_deadline(account: Account, store: Store) -> None:
    card_id = add_card(store)
    deadline = deadline_of(store, card_id)
    clock = Clock(datetime.now(UTC))
    double = account.double
    with autopilot(account, clock, store) as service:
        service.set_card(card_id, enabled=True)  # default: ask first
        clock.on(deadline - timedelta(days=10))
        assert kinds(service.run_once()) == [(StepKind.NOT_DUE, False)]

        clock.on(deadline - timedelta(days=7))
        asked = service.run_once()
        assert kinds(asked) == [(StepKind.WAITS_FOR_APPROVAL, True)]
        assert asked.exit_code == 3
        assert asked.steps[0].amount == CHEAPEST
        assert kinds(service.run_once()) == [(StepKind.WAITS_FOR_APPROVAL, False)]
        assert double.topups_sent() == 0  # nothing sent without a yes

        step = service.approve(card_id)
        assert step.kind in (StepKind.IN_PROGRESS, StepKind.TOPPED_UP)
        assert step.new
        with pytest.raises(AutopilotError):
            service.approve(card_id)  # a second yes sends nothing
        assert kinds(service.run_once(dry_run=True))[0][0] is not StepKind.WOULD_TOP_UP
        assert until_done(service, card_id) == [(StepKind.TOPPED_UP, True)]
        moved = deadline_of(store, card_id)
        assert moved > deadline  # the top-up is a keep-alive action of the card
        assert kinds(service.run_once()) == [(StepKind.NOT_DUE, False)]

        clock.on(moved + timedelta(days=2))  # the wallet did not run until after it
        assert kinds(service.run_once()) == [(StepKind.MISSED, True)]
        assert kinds(service.run_once()) == [(StepKind.MISSED, False)]
    key = order_key(card_id, deadline)
    assert sent_for(double, key) == double.topups_sent() == 1
    assert journal_orders(store, key) == 1
    assert double.balance == Decimal("99.02")  # USD 1.00 for GBP 0.79, less 2 % commission


def test_without_asking_it_goes_ahead_and_says_afterwards(
    account: Account, store: Store, tmp_path: Path
) -> None:
    card_id = add_card(store)
    deadline = deadline_of(store, card_id)
    clock = Clock(datetime.now(UTC))
    clock.on(deadline - timedelta(days=6))
    with autopilot(account, clock, store) as service:
        service.set_card(card_id, enabled=True)
        assert kinds(service.run_once()) == [(StepKind.WAITS_FOR_APPROVAL, True)]
        settings = service.set_card(card_id, enabled=True, without_asking=True)
        assert settings.without_asking
        assert service.card_settings(card_id) == settings
        assert kinds(service.run_once(dry_run=True)) == [(StepKind.WOULD_TOP_UP, True)]
        assert account.double.topups_sent() == 0  # a dry run sends nothing
        sent = service.run_once()  # the user's choice since: the asked top-up goes ahead
        assert kinds(sent)[0] in ((StepKind.IN_PROGRESS, True), (StepKind.TOPPED_UP, True))
        assert sent.exit_code == 0
        report = service.run_once()
        end = time.monotonic() + 10
        while not any(s.kind is StepKind.TOPPED_UP for s in report.steps):
            assert time.monotonic() < end
            time.sleep(0.1)
            report = service.run_once()
    (done,) = [s for s in report.steps if s.kind is StepKind.TOPPED_UP]
    assert done.new
    assert done.amount == CHEAPEST
    assert done.order_local_id is not None
    policy = NotificationPolicy(NoticeLog(tmp_path / "notices.json"), Settings())
    (notice,) = policy.for_autopilot(
        done.kind.value,
        card_id=done.card_id,
        card_name=done.card_name,
        deadline=done.deadline,
        amount=done.amount,
        order_id=done.order_local_id,
    )
    assert notice.reason == "topped_up"
    asked = policy.for_autopilot(
        "waits_for_approval", card_id=card_id, card_name="UK", deadline=deadline
    )
    assert [n.reason for n in asked] == ["waits_for_approval"]
    assert account.double.topups_sent() == 1


class CrashAfterSubmit:
    """The Reloadly channel, and the process dies right after Reloadly took the top-up."""

    pays_from_balance = True

    def __init__(self, channel: ReloadlyAutopilotTopUps) -> None:
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


def test_a_restart_between_sending_and_recording_makes_no_second_top_up(
    account: Account, tmp_path: Path
) -> None:
    url = default_sqlite_url(tmp_path / "wallet")
    first = open_store(url)
    card_id = add_card(first)
    deadline = deadline_of(first, card_id)
    clock = Clock(datetime.now(UTC))
    clock.on(deadline - timedelta(days=6))
    with autopilot(account, clock, first, wrap=CrashAfterSubmit) as service:
        service.set_card(card_id, enabled=True, without_asking=True)
        with pytest.raises(KeyboardInterrupt):
            service.run_once()
    first.dispose()
    with first.session(readonly=True) as session:
        run = astore.run_for(session, card_id, deadline)
    assert run is not None
    assert run.state is RunState.CLAIMED
    assert account.double.topups_sent() == 1

    clock.at += timedelta(minutes=1)  # a restart at once: the claim may still be alive
    restarted = open_store(url)
    try:
        with autopilot(account, clock, restarted) as service:
            assert kinds(service.run_once()) == [(StepKind.IN_PROGRESS, False)]
            clock.at += LEASE * 2  # the claim is left behind: the same key again
            assert until_done(service, card_id)[0] == (StepKind.TOPPED_UP, True)
            assert kinds(service.run_once()) == [(StepKind.NOT_DUE, False)]
        key = order_key(card_id, deadline)
        assert journal_orders(restarted, key) == 1
    finally:
        restarted.dispose()
    assert sent_for(account.double, key) == account.double.topups_sent() == 1


def _one_pass(
    db_url: str, data_dir: str, url: str, client_id: str, secret: str, at: str, start: float
) -> list[tuple[str, bool]]:
    """One desktop's pass (in its own process, with its own keyring), started at `start`."""
    credentials = CredentialStore(MemoryKeyring())
    added = ReloadlyAccount(client_id=client_id, sandbox=True, auth_url=url, api_url=url)
    settings = add_reloadly(Path(data_dir), credentials, added, secret)
    store = open_store(db_url)
    try:
        clock = Clock(datetime.fromisoformat(at))
        with autopilot((settings, credentials), clock, store) as s:
            time.sleep(max(0.0, start - time.time()))
            return [(step.kind.value, step.new) for step in s.run_once().steps]
    finally:
        store.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield default_sqlite_url(tmp_path / "wallet")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    yield from postgres_database_url(server)


def test_two_processes_on_one_database_make_one_top_up(
    account: Account, shared_url: str, tmp_path: Path
) -> None:
    store = open_store(shared_url)
    try:
        card_id = add_card(store)
        deadline = deadline_of(store, card_id)
        clock = Clock(datetime.now(UTC))
        clock.on(deadline - timedelta(days=6))
        AutopilotService(store, clock=clock).set_card(card_id, enabled=True, without_asking=True)
        double = account.double
        double.processing_seconds = 30.0  # still PROCESSING when the later desktop looks
        start = time.time() + 4
        args = [
            (shared_url, str(tmp_path / f"desktop{n}"), double.url, double.client_id,
             double.client_secret, clock.at.isoformat(), start)
            for n in range(2)
        ]  # fmt: skip
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            results = pool.starmap(_one_pass, args)
        assert sorted(results) == [[("in_progress", False)], [("in_progress", True)]], results
        key = order_key(card_id, deadline)
        assert sent_for(double, key) == double.topups_sent() == 1
        assert journal_orders(store, key) == 1
        with store.session(readonly=True) as session:
            assert session.scalar(select(func.count()).select_from(AutopilotRunRow)) == 1
    finally:
        store.dispose()


def test_an_exhausted_budget_tops_nothing_more_up(account: Account, store: Store) -> None:
    """Two numbers in GBP; all cards together may spend GBP 1.00 a month: the first top-up
    (GBP 0.79) fits, the second does not until the budget is raised."""
    first, second = add_card(store), add_card(store, UK_2.e164, "Second UK")
    clock = Clock(datetime.now(UTC))
    clock.on(deadline_of(store, first) - timedelta(days=6))
    double = account.double
    with autopilot(account, clock, store) as service:
        with pytest.raises(AutopilotError):
            service.set_card(first, enabled=True, budget=Money.of("5", "USD"))
        for card_id in (first, second):
            service.set_card(card_id, enabled=True, without_asking=True)
        service.set_total_budget("GBP", Money.of("1.00", "GBP"))
        report = service.run_once()
        assert sorted(kinds(report)) == sorted(
            [(StepKind.IN_PROGRESS, True), (StepKind.OVER_BUDGET, True)]
        )
        assert report.exit_code == 3
        assert double.topups_sent() == 1
        assert kinds(service.run_once(dry_run=True)).count((StepKind.OVER_BUDGET, True)) == 1
        for _ in range(2):
            again = service.run_once()
            assert (StepKind.OVER_BUDGET, True) in kinds(again)
        assert double.topups_sent() == 1  # never more than the budget

        service.set_total_budget("GBP", Money.of("2.00", "GBP"))
        raised = service.run_once()
        assert (StepKind.IN_PROGRESS, True) in kinds(raised)
        for _ in range(3):
            service.run_once()
    assert double.topups_sent() == 2  # one per deadline of each card, never more


def test_a_low_balance_fails_once_and_sends_nothing(account: Account, store: Store) -> None:
    card_id = add_card(store)
    deadline = deadline_of(store, card_id)
    clock = Clock(datetime.now(UTC))
    clock.on(deadline - timedelta(days=6))
    account.double.set_balance(Decimal("0.50"))
    with autopilot(account, clock, store) as service:
        service.set_card(card_id, enabled=True, without_asking=True)
        failed = service.run_once()
        assert kinds(failed) == [(StepKind.FAILED, True)]
        assert failed.exit_code == 1
        assert "balance" in (failed.steps[0].detail or "")
        assert kinds(service.run_once()) == [(StepKind.FAILED, False)]
    assert account.double.topups_sent() == 0
