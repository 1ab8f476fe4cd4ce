"""Desktops on one PostgreSQL database share the open orders: three real desktop processes
(`tests.support.fleet_desktop`, the real follower and backend) against a real sandbox on
loopback. Each open order is fetched by one desktop per cycle, a killed desktop's orders are
fetched by the others within one cycle, and no order is journalled or sent twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from lebwallet.sandbox.config import ManualClock
from lebwallet.store import open_store, queries
from tests.support.fleet import Fleet, fetched_at_sandbox, fleet_sandbox, prepare
from tests.support.postgres import PostgresServer, postgres_database_url, postgres_server
from tests.support.sandbox import SandboxHandle
from tests.support.wallet_env import RequestLog

__all__ = ["postgres_server"]

pytestmark = pytest.mark.postgres

PACE = 2.0
"""Seconds between two full cycles of each desktop."""
MADE, UNSENT = 297, 3
"""Open orders at the provider, and journalled ones never sent: 300 open, 3 batches."""


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    yield from postgres_database_url(postgres_server)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sandbox(tmp_path: Path, clock: ManualClock) -> Iterator[SandboxHandle]:
    with fleet_sandbox(tmp_path / "sandbox", clock) as handle:
        yield handle


def _fetches(fleet: Fleet) -> list[tuple[int, int, float]]:
    """(order, desktop index, cycle start) of every order each desktop said it fetched."""
    return [
        (order, index, cycle["started"])
        for index, desktop in enumerate(fleet.desktops)
        for cycle in desktop.cycles()
        for order in cycle["ids"] or ()
    ]


def test_three_desktops_share_the_orders_and_take_over_a_killed_ones(
    pg_url: str, sandbox: SandboxHandle, clock: ManualClock, tmp_path: Path
) -> None:
    open_ids = prepare(pg_url, sandbox, clock, orders=MADE, unsent=UNSENT)
    assert len(open_ids) == MADE + UNSENT
    with RequestLog() as seen, Fleet(pg_url, sandbox, tmp_path, pace=PACE) as fleet:
        fleet.start(3)
        fleet.wait(lambda: fleet.steady(open_ids), 90, "three desktops holding a part each")
        # a few cycles more in the steady state: still one part each, together all
        marks = [len(d.cycles()) for d in fleet.desktops]
        fleet.wait(
            lambda: all(
                len(d.cycles()) >= m + 2 for d, m in zip(fleet.desktops, marks, strict=True)
            ),
            30,
        )
        assert fleet.steady(open_ids)
        victim = fleet.desktops[2]
        victims_orders = set(victim.cycles()[-1]["ids"])
        assert victims_orders
        killed = fleet.kill(victim)
        fleet.wait(lambda: fleet.covered(open_ids, killed) is not None, 30, "the takeover")
        covered = fleet.covered(open_ids, killed)
        assert covered is not None
        fleet.wait(lambda: fleet.steady(open_ids), 30, "two desktops holding a part each")
        assert [c["desktops"] for c in fleet.desktops[0].cycles()[-1:]] == [2]
        longest = max(c["ended"] - c["started"] for d in fleet.desktops for c in d.cycles())
        # within one cycle (a pace and the cycle itself) a survivor has claimed them
        claimed, _fetched = covered
        assert claimed - killed <= PACE + longest + 0.5, (claimed - killed, longest)
        fleet.stop()
        errors = [e for d in fleet.desktops for e in d.errors()]
        assert errors == []

    # Per cycle, one desktop per order: two live desktops never fetch an order within less
    # than one pace of each other (an order given back is fetched by its new holder at the
    # holder's next cycle).
    by_order: dict[int, list[tuple[float, int]]] = {}
    for order, index, started in _fetches(fleet):
        by_order.setdefault(order, []).append((started, index))
    for order, fetches in by_order.items():
        fetches.sort()
        for (t1, d1), (t2, d2) in pairwise(fetches):
            if d1 != d2 and 2 not in (d1, d2):
                assert t2 - t1 >= 0.9 * PACE, (order, fetches)

    store = open_store(pg_url)
    try:
        with store.session(readonly=True) as session:
            records = queries.orders_by_ids(session, open_ids)
    finally:
        store.dispose()
    provider_ids = {r.provider_id: r.local_id for r in records}
    assert None not in provider_ids  # the unsent ones were sent …
    assert len(provider_ids) == len(open_ids)
    # … once each: one POST per journalled order across the three desktops
    assert seen.count("POST", "/v1/orders") == UNSENT
    # what the desktops said they fetched is what the provider was asked for (the killed
    # one may have been asked once more for its orders in the cycle it died in)
    asked = Counter(provider_ids[p] for p in fetched_at_sandbox(seen.lines))
    told = Counter(order for order, _index, _started in _fetches(fleet))
    unsent = {r.local_id for r in records if r.idempotency_key.startswith("fleet-unsent-")}
    for order in open_ids:
        extra = asked[order] - told[order] + (1 if order in unsent else 0)
        assert extra == 0 or (extra == 1 and order in victims_orders), (order, extra)
