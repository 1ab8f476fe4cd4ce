"""Fleet benchmark: three desktop processes on one PostgreSQL database share the open orders.

Run: `.venv/bin/pytest tests/benchmarks/bench_fleet.py -s -p no:randomly` (PostgreSQL is
started by the tests' `postgres_server` fixture; skipped without the binaries). Environment:
`BENCH_FLEET_RUNS` (default 5), `BENCH_FLEET_PACE` (seconds between full cycles, default 5).

Set-up: a sandbox on loopback (in this process) with the demo account's 10,000 cards and
1,000 open orders (997 made at the provider, 3 journalled and never sent), a PostgreSQL
database synced with it. Each run starts three desktop processes (`tests.support.fleet_desktop`:
the real follower and backend, its own client; every process syncs the 10,000 cards on its
first cycle), waits until the three hold a part each, records three more full cycles of
each, kills one desktop (SIGKILL: it leaves nothing) and measures the takeover: from the kill
until the two others' latest cycles hold every open order again. Then the survivors are
stopped (SIGTERM: they leave the fleet). One more run without sharing (`--no-share`) gives
the requests of desktops that each poll everything.

Printed, medians over the runs: orders held and requests per full cycle per desktop (each
desktop counts its own requests with a response hook on its client), orders held by two
desktops in one round of cycles (must be 0), one cycle from start to start, the takeover
after the kill (until a survivor's cycle that claimed the last of the killed desktop's
orders started, and until it ended: those orders fetched), and the POSTs of the 3 unsent
orders at the sandbox (must be 3: each sent once, by one desktop).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any, Final

import pytest

from lebwallet.sandbox.config import ManualClock
from lebwallet.sandbox.seed_bulk import seed_bulk
from tests.support.fleet import Fleet, fleet_sandbox, prepare
from tests.support.postgres import PostgresServer, postgres_database_url, postgres_server
from tests.support.wallet_env import RequestLog

__all__ = ["postgres_server"]

CARDS: Final = 10_000
MADE: Final = 997
UNSENT: Final = 3
DESKTOPS: Final = 3
STEADY_CYCLES: Final = 3
RUNS: Final = int(os.environ.get("BENCH_FLEET_RUNS", "5"))
PACE: Final = float(os.environ.get("BENCH_FLEET_PACE", "5"))


def _steady_cycles(fleet: Fleet, marks: Sequence[int]) -> list[list[dict[str, Any]]]:
    return [d.cycles()[m : m + STEADY_CYCLES] for d, m in zip(fleet.desktops, marks, strict=True)]


def _twice_in_a_round(rounds: list[list[dict[str, Any]]]) -> int:
    """Orders held by two desktops in the same round of steady cycles."""
    twice = 0
    for step in range(STEADY_CYCLES):
        seen: set[int] = set()
        for cycles in rounds:
            ids = set(cycles[step]["ids"] or ())
            twice += len(seen & ids)
            seen |= ids
    return twice


def one_run(url: str, sandbox: Any, work: Path, open_ids: list[int]) -> dict[str, Any]:
    with Fleet(url, sandbox, work, pace=PACE) as fleet:
        fleet.start(DESKTOPS)
        fleet.wait(lambda: fleet.steady(open_ids), 180, "every desktop holding a part")
        marks = [len(d.cycles()) for d in fleet.desktops]
        fleet.wait(
            lambda: all(
                len(d.cycles()) >= m + STEADY_CYCLES
                for d, m in zip(fleet.desktops, marks, strict=True)
            ),
            STEADY_CYCLES * PACE * 4 + 30,
        )
        rounds = _steady_cycles(fleet, marks)
        # the desktop with the most orders is killed
        victim = max(fleet.desktops, key=lambda d: len(d.cycles()[-1]["ids"] or ()))
        killed = fleet.kill(victim)
        fleet.wait(lambda: fleet.covered(open_ids, killed) is not None, PACE * 4 + 30)
        covered = fleet.covered(open_ids, killed)
        assert covered is not None
        fleet.stop()
        errors = [e for d in fleet.desktops for e in d.errors()]
    shares = sorted(
        (
            (len(cycles[-1]["ids"] or ()), statistics.median(c["requests"] for c in cycles))
            for cycles in rounds
        ),
        reverse=True,
    )
    return {
        "shares": shares,
        "twice": _twice_in_a_round(rounds),
        "takeover": covered[0] - killed,
        "fetched": covered[1] - killed,
        "period": statistics.median(
            b["started"] - a["started"] for cycles in rounds for a, b in pairwise(cycles)
        ),
        "cycle": max(c["ended"] - c["started"] for cycles in rounds for c in cycles),
        "errors": errors,
    }


def baseline(url: str, sandbox: Any, work: Path) -> list[int]:
    """Requests per full cycle of each desktop when each polls every open order."""
    with Fleet(url, sandbox, work, pace=PACE, share=False) as fleet:
        fleet.start(DESKTOPS)
        fleet.wait(lambda: all(len(d.cycles()) >= 3 for d in fleet.desktops), 180 + PACE * 4)
        fleet.stop()
    return [d.cycles()[2]["requests"] for d in fleet.desktops]


@pytest.mark.postgres
def test_fleet(postgres_server: PostgresServer) -> None:
    clock = ManualClock()
    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp:
        root = Path(tmp)
        with fleet_sandbox(root / "sandbox", clock) as sandbox:
            assert sandbox.server.db is not None
            seed_bulk(sandbox.server.db, cards=CARDS - 3, now=clock())
            for url in postgres_database_url(postgres_server):
                began = time.perf_counter()
                open_ids = prepare(url, sandbox, clock, orders=MADE, unsent=UNSENT)
                print(
                    f"\nset-up: {CARDS} cards, {len(open_ids)} open orders in "
                    f"{time.perf_counter() - began:.1f} s; pace {PACE:g} s"
                )
                with RequestLog() as posts:
                    runs = []
                    for run in range(RUNS):
                        work = root / f"run-{run}"
                        work.mkdir()
                        runs.append(one_run(url, sandbox, work, open_ids))
                        print(f"run {run}: {runs[-1]}")
                    sent = posts.count("POST", "/v1/orders")
                work = root / "baseline"
                work.mkdir()
                alone = baseline(url, sandbox, work)

    takeover = [run["takeover"] for run in runs]
    fetched = [run["fetched"] for run in runs]
    period = statistics.median(run["period"] for run in runs)
    held = [statistics.median(run["shares"][rank][0] for run in runs) for rank in range(DESKTOPS)]
    made = [statistics.median(run["shares"][rank][1] for run in runs) for rank in range(DESKTOPS)]
    print(f"\n{len(open_ids)} open orders, {DESKTOPS} desktops, pace {PACE:g} s, {RUNS} runs")
    rows = [
        ("orders held per desktop (steady)", ", ".join(f"{h:g}" for h in held)),
        (
            "requests per full cycle per desktop",
            f"{', '.join(f'{m:g}' for m in made)} (together {sum(made):g})",
        ),
        ("the same without sharing", f"{', '.join(map(str, alone))} (together {sum(alone)})"),
        ("orders fetched by two desktops in one cycle", f"{sum(r['twice'] for r in runs)}"),
        ("one cycle, start to start (median)", f"{period:.2f} s"),
        (
            "takeover after a kill: orders claimed (median / max)",
            (
                f"{statistics.median(takeover):.2f} / {max(takeover):.2f} s "
                f"({statistics.median(takeover) / period:.2f} / "
                f"{max(takeover) / period:.2f} cycles)"
            ),
        ),
        (
            "… and fetched (median / max)",
            f"{statistics.median(fetched):.2f} / {max(fetched):.2f} s",
        ),
        ("longest steady cycle", f"{max(r['cycle'] for r in runs):.2f} s"),
        ("POSTs of the 3 unsent orders (all runs)", f"{sent}"),
    ]
    for label, value in rows:
        print(f"{label:<50} {value}")
    assert sum(r["twice"] for r in runs) == 0
    assert sent == UNSENT
    assert all(run["errors"] == [] for run in runs)
    assert max(takeover) <= PACE + max(r["cycle"] for r in runs) + 1.0
