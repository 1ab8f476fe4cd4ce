"""A fleet of desktops for tests and the benchmark: one PostgreSQL database synced with a
sandbox on loopback that holds many open orders, and desktop processes
(`tests.support.fleet_desktop`) following them, each writing a line per cycle.

    clock = ManualClock()
    with fleet_sandbox(tmp_path / "sb", clock) as sandbox, RequestLog() as seen:
        open_ids = prepare(url, sandbox, clock, orders=297, unsent=3)
        with Fleet(url, sandbox, tmp_path, pace=2.0) as fleet:
            fleet.start(3)
            fleet.wait(lambda: fleet.steady(open_ids), 60, "three parts")
            killed = fleet.kill(fleet.desktops[2])
            fleet.wait(lambda: fleet.covered(open_ids, killed) is not None, 30)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from lebwallet.provider.client import ProviderClient
from lebwallet.sandbox.config import ManualClock, SandboxConfig
from lebwallet.services.follow_backend import BATCH
from lebwallet.services.sync import SyncService
from lebwallet.store import open_store, queries
from lebwallet.store.journal import journal_order
from lebwallet.store.order_leases import share
from tests.store.factories import quote
from tests.support.sandbox import SandboxHandle, running_sandbox
from tests.support.wallet_env import make_many_orders

ROOT = Path(__file__).resolve().parents[2]
UNSENT_CARD = "card_demo_uk"


@contextmanager
def fleet_sandbox(data_dir: Path, clock: ManualClock) -> Iterator[SandboxHandle]:
    """A sandbox whose orders stay open for years and that rate-limits nobody."""
    config = SandboxConfig(
        order_ttl=timedelta(days=3650),
        access_token_ttl=timedelta(days=1),
        refresh_token_ttl=timedelta(days=365),
        rate_limit=100_000,
    )
    with running_sandbox(data_dir, credit_delay=5, clock=clock, config=config) as handle:
        yield handle


def prepare(
    url: str, sandbox: SandboxHandle, clock: ManualClock, *, orders: int, unsent: int
) -> list[int]:
    """The database at `url` migrated and synced with `orders` open orders made at the
    sandbox, plus `unsent` orders journalled but never sent (a desktop that crashed between
    the journal and the request): every open order's local id."""
    store = open_store(url)
    try:
        with ProviderClient(sandbox.url) as client:
            client.login(sandbox.email, sandbox.password)
            make_many_orders(client, orders, clock)
            clock.advance(timedelta(days=32))  # a new month: the caps take the unsent ones
            SyncService(client, store, now=clock).sync_all()
        with store.session() as session:
            for i in range(unsent):
                journal_order(
                    session,
                    idempotency_key=f"fleet-unsent-{i}",
                    card_id=UNSENT_CARD,
                    quote=quote("5.00", "GBP"),
                    now=clock(),
                )
        with store.session(readonly=True) as session:
            return sorted(r.local_id for r in queries.non_final_orders(session))
    finally:
        store.dispose()


@dataclass
class Desktop:
    process: subprocess.Popen[bytes]
    out: Path
    killed_at: float | None = None

    def cycles(self) -> list[dict[str, Any]]:
        if not self.out.exists():
            return []
        lines = self.out.read_text(encoding="utf-8").splitlines()
        return [c for c in map(json.loads, lines) if "ended" in c]

    def errors(self) -> list[str]:
        if not self.out.exists():
            return []
        lines = self.out.read_text(encoding="utf-8").splitlines()
        return [c["error"] for c in map(json.loads, lines) if "error" in c]


@dataclass
class Fleet:
    url: str
    sandbox: SandboxHandle
    work_dir: Path
    pace: float
    share: bool = True
    desktops: list[Desktop] = field(default_factory=list)

    def start(self, count: int) -> list[Desktop]:
        started = []
        for _ in range(count):
            out = self.work_dir / f"desktop-{len(self.desktops)}.jsonl"
            command = [
                sys.executable,
                "-m",
                "tests.support.fleet_desktop",
                "--db",
                self.url,
                "--provider",
                self.sandbox.url,
                "--login",
                self.sandbox.email,
                "--password",
                self.sandbox.password,
                "--pace",
                str(self.pace),
                "--out",
                str(out),
            ]
            if not self.share:
                command.append("--no-share")
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            with out.with_suffix(".err").open("wb") as err:
                process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=err)
            desktop = Desktop(process, out)
            self.desktops.append(desktop)
            started.append(desktop)
        return started

    def kill(self, desktop: Desktop) -> float:
        """SIGKILL: no chance to leave the fleet. Returns when it was killed."""
        desktop.process.send_signal(signal.SIGKILL)
        desktop.process.wait(10)
        desktop.killed_at = time.time()
        return desktop.killed_at

    def alive(self) -> list[Desktop]:
        return [d for d in self.desktops if d.killed_at is None]

    def wait(self, condition: Callable[[], bool], timeout: float, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            for desktop in self.alive():
                if desktop.process.poll() is not None:
                    err = desktop.out.with_suffix(".err").read_text(errors="replace")
                    raise AssertionError(f"a desktop ended: {err[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or condition}")
            time.sleep(0.05)

    def covered(self, open_ids: list[int], since: float) -> tuple[float, float] | None:
        """The first cycle of a live desktop, started after `since`, after which the live
        desktops' latest such cycles held every open order between them: when it started
        (the orders were claimed) and ended (they were fetched). None: not yet."""
        latest: dict[int, set[int]] = {}
        cycles = sorted(
            ((c["started"], c["ended"], index, c) for index, d in enumerate(self.alive())
             for c in d.cycles() if c["started"] >= since and c["ids"] is not None),
            key=lambda item: item[1],
        )  # fmt: skip
        for started, ended, index, cycle in cycles:
            latest[index] = set(cycle["ids"])
            if set().union(*latest.values()) >= set(open_ids):
                return float(started), float(ended)
        return None

    def steady(self, open_ids: list[int]) -> bool:
        """Every live desktop's last cycle holds a part no larger than its share, and the
        parts are all the orders."""
        last = [d.cycles() for d in self.alive()]
        if not all(last):
            return False
        parts = [set(c[-1]["ids"] or ()) for c in last]
        if not all(parts) or any(c[-1]["desktops"] != len(last) for c in last):
            return False
        if max(map(len, parts)) > share(len(open_ids), len(parts), BATCH):
            return False  # still settling: one holds more than its share
        return sum(map(len, parts)) == len(open_ids) and set().union(*parts) == set(open_ids)

    def stop(self) -> None:
        for desktop in self.alive():
            if desktop.process.poll() is None:
                desktop.process.send_signal(signal.SIGTERM)
        for desktop in self.alive():
            try:
                desktop.process.wait(20)
            except subprocess.TimeoutExpired:
                desktop.process.kill()
                desktop.process.wait(10)

    def __enter__(self) -> Fleet:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def fetched_at_sandbox(lines: list[str]) -> list[str]:
    """The provider order ids asked for by `GET /v1/orders?ids=…`, one entry per time asked."""
    found: list[str] = []
    for line in lines:
        parts = line.split(" ")
        if len(parts) < 2 or parts[0] != "GET":
            continue
        target = urlsplit(parts[1])
        if target.path != "/v1/orders":
            continue
        for value in parse_qs(target.query).get("ids", []):
            found.extend(i for i in value.split(",") if i)
    return found
