"""Autopilot on two desktops sharing one PostgreSQL database: the monthly budget of all cards
together holds one top-up, two cards are due, and the two passes race. The interleaving is
forced with a trigger of the test's own on `autopilot_runs` that holds the first desktop's
claim (its run id already drawn) until the second desktop has gone ahead: the budget must
still let one top-up through, not two."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from lebwallet.provider.client import ProviderClient
from lebwallet.sandbox.seed_bulk import seed_bulk
from lebwallet.services.autopilot import AutopilotReport, AutopilotService, StepKind
from lebwallet.services.autopilot_topups import RechargeTopUps
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.recharge import RechargeService
from lebwallet.services.sync import SyncService
from lebwallet.store import Store, open_store
from lebwallet.store import autopilot as astore
from lebwallet.store.autopilot import RunKind, RunState
from tests.services.conftest import signed_in_client
from tests.support.postgres import PostgresServer, postgres_database_url, postgres_server
from tests.support.sandbox import SandboxHandle, running_sandbox

__all__ = ["postgres_server"]

pytestmark = pytest.mark.postgres

STALL_KEY = 4242
"""The test holds `pg_advisory_lock(STALL_KEY)`; the trigger waits for it."""


class Clock:
    def __init__(self, day: date) -> None:
        self.at = datetime.combine(day, day_time(9), tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxHandle]:
    with running_sandbox(tmp_path / "sandbox", credit_delay=0.1) as handle:
        assert handle.server.db is not None
        seed_bulk(handle.server.db, cards=6, now=datetime.now(UTC))  # two more GBP cards
        yield handle


@pytest.fixture
def store(postgres_server: PostgresServer, sandbox: SandboxHandle) -> Iterator[Store]:
    for url in postgres_database_url(postgres_server):
        opened = open_store(url)
        try:
            client = signed_in_client(sandbox)
            try:
                SyncService(client, opened).sync_all()
            finally:
                client.close()
            yield opened
        finally:
            opened.dispose()


def _service(store: Store, client: ProviderClient, clock: Clock) -> AutopilotService:
    channel = RechargeTopUps(RechargeService(client, store), store)
    return AutopilotService(
        store, [channel], keepalive=KeepAliveService(store, clock=clock), clock=clock
    )


def _stall_claims_of(store: Store, card_id: str) -> None:
    with store.session() as session:
        session.execute(
            text(
                "CREATE FUNCTION test_stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF NEW.card_id = '{card_id}' THEN PERFORM pg_advisory_xact_lock_shared"
                f"({STALL_KEY}); END IF; RETURN NEW; END $$"
            )
        )
        session.execute(
            text(
                "CREATE TRIGGER test_stall AFTER INSERT ON autopilot_runs "
                "FOR EACH ROW EXECUTE FUNCTION test_stall()"
            )
        )


def _waiting(store: Store) -> int:
    """Sessions of this database waiting for a lock."""
    with store.session(readonly=True) as session:
        found = session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
        )
    return int(found or 0)


def test_two_desktops_racing_spend_the_all_cards_budget_once(
    store: Store, sandbox: SandboxHandle, postgres_server: PostgresServer
) -> None:
    overviews = [
        o for o in KeepAliveService(store).overviews() if o.card.id.startswith("card_bulk")
    ]
    pounds = [o for o in overviews if o.card.currency == "GBP"]
    # the passes go by label: `first` before `second`; `second` has the earlier deadline
    first, second = sorted(pounds[:2], key=lambda o: o.last_day, reverse=True)
    assert [o.card.id for o in overviews].index(first.card.id) < [
        o.card.id for o in overviews
    ].index(second.card.id)
    assert second.last_day < first.last_day

    # Desktop 1's day: `second` is due, `first` is not yet. Desktop 2's day (the next one,
    # same month): `first` is due too.
    one = second.last_day - timedelta(days=3)
    while (one + timedelta(days=1)).day == 1:
        one -= timedelta(days=1)
    two = one + timedelta(days=1)
    days_second = (second.last_day - one).days
    days_first = (first.last_day - two).days
    assert 1 <= days_second <= 60
    assert 1 <= days_first <= 60

    client = signed_in_client(sandbox)
    try:
        setup = _service(store, client, Clock(one))
        setup.set_card(second.card.id, enabled=True, days_before=days_second)
        setup.set_card(first.card.id, enabled=True, days_before=days_first)
        channel = RechargeTopUps(RechargeService(client, store), store)
        prices = [channel.price(first.card), channel.price(second.card)]
    finally:
        client.close()
    setup.set_total_budget("GBP", max(prices))  # one top-up this month, not two

    _stall_claims_of(store, second.card.id)
    reports: dict[str, AutopilotReport] = {}

    def run(name: str, day: date) -> None:
        client = signed_in_client(sandbox)
        try:
            reports[name] = _service(store, client, Clock(day)).run_once()
        finally:
            client.close()

    with psycopg.connect(
        host=str(postgres_server.socket_dir),
        port=postgres_server.port,
        user=postgres_server.user,
        dbname=store.engine.url.database,
        autocommit=True,
    ) as stall:
        stall.execute(f"SELECT pg_advisory_lock({STALL_KEY})".encode())
        desktop_1 = threading.Thread(target=run, args=("1", one))
        desktop_1.start()
        deadline = time.monotonic() + 30
        while _waiting(store) < 1:  # desktop 1 drew its run id and waits in the trigger
            assert time.monotonic() < deadline, "desktop 1 never reached its claim"
            time.sleep(0.02)
        desktop_2 = threading.Thread(target=run, args=("2", two))
        desktop_2.start()
        while desktop_2.is_alive() and _waiting(store) < 2:
            assert time.monotonic() < deadline, "desktop 2 neither finished nor waited"
            time.sleep(0.02)
        stall.execute(f"SELECT pg_advisory_unlock({STALL_KEY})".encode())
        desktop_1.join(30)
        desktop_2.join(30)

    with store.session(readonly=True) as session:
        runs = astore.runs_since(session, datetime.combine(one.replace(day=1), day_time(0), UTC))
    topups = [r for r in runs if r.kind is RunKind.TOPUP and r.state is not RunState.FAILED]
    steps = {name: [(s.card_id, s.kind) for s in r.steps] for name, r in reports.items()}
    assert len(topups) == 1, steps
    assert StepKind.OVER_BUDGET in [kind for found in steps.values() for _card, kind in found]
