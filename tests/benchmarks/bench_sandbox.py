"""Sandbox latency over loopback: p50 / p99 of the endpoints the wallet calls most.

Run: `.venv/bin/python -m tests.benchmarks.bench_sandbox [--runs 5] [--requests 200]
[--history 0]` (or `.venv/bin/pytest tests/benchmarks/bench_sandbox.py -s` for a short run).

A fresh sandbox (threaded Werkzeug server, SQLite in a temp dir, no faults, rate limit out of
the way) is started in this process; one `requests.Session` (keep-alive) of the demo account
sends the requests one at a time. Each run times `--requests` calls of every endpoint:

- `GET /v1/cards` (the demo account's first page)
- `GET /v1/cards/{id}/recharge-options` (same currency: no FX quote)
- `POST /v1/orders` (a new `Idempotency-Key` each; the order is cancelled right after, timed
  as `POST /v1/orders/{id}/cancel`, so the daily cap never stops the run)
- `GET /v1/orders/{id}`
- `GET /v1/orders?ids=…` (a batch of 100 ids)

The table gives, per endpoint, the median over the runs of each run's p50 and p99 (and the
spread of the p99s). `--history N` first adds N final orders to the demo account
(`seed_bulk`), to see how a long history changes the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

import requests

from lebwallet.sandbox.config import SandboxConfig
from lebwallet.sandbox.seed_bulk import seed_bulk
from lebwallet.sandbox.server import SandboxServer

TIMEOUT: Final = 10
BATCH: Final = 100
ORDER: Final = {
    "card_id": "card_demo_uk",
    "amount": {"value": "10.00", "currency": "GBP"},
    "payment_method": "bank_card",
    "pay_currency": "GBP",
}

Call = Callable[[], requests.Response]


def _percentile(sorted_ms: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted values."""
    rank = max(1, round(fraction * len(sorted_ms) + 0.5))
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


class Bench:
    def __init__(self, url: str, session: requests.Session) -> None:
        self.url = url
        self.session = session
        self.order_ids: list[str] = []
        self.samples: dict[str, list[float]] = {}

    def timed(self, name: str, call: Call, expect: int) -> requests.Response:
        started = time.perf_counter()
        response = call()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != expect:
            raise RuntimeError(f"{name}: {response.status_code} {response.text[:300]}")
        self.samples.setdefault(name, []).append(elapsed)
        return response

    def get(self, path: str, **params: str) -> Call:
        return lambda: self.session.get(self.url + path, params=params, timeout=TIMEOUT)

    def create_and_cancel(self) -> None:
        key = str(uuid.uuid4())
        created = self.timed(
            "POST /v1/orders",
            lambda: self.session.post(
                f"{self.url}/v1/orders",
                json=ORDER,
                headers={"Idempotency-Key": key},
                timeout=TIMEOUT,
            ),
            201,
        )
        order_id = created.json()["id"]
        self.order_ids.append(order_id)
        self.timed(
            "POST /v1/orders/{id}/cancel",
            lambda: self.session.post(f"{self.url}/v1/orders/{order_id}/cancel", timeout=TIMEOUT),
            200,
        )

    def run(self, requests_per_endpoint: int) -> dict[str, tuple[float, float]]:
        """One run: every endpoint `requests_per_endpoint` times; returns (p50, p99) in ms."""
        self.samples = {}
        for _ in range(requests_per_endpoint):
            self.create_and_cancel()
        ids = self.order_ids[-BATCH:]
        for n in range(requests_per_endpoint):
            self.timed("GET /v1/cards", self.get("/v1/cards"), 200)
            self.timed(
                "GET /v1/cards/{id}/recharge-options",
                self.get("/v1/cards/card_demo_uk/recharge-options"),
                200,
            )
            self.timed("GET /v1/orders/{id}", self.get(f"/v1/orders/{ids[n % len(ids)]}"), 200)
            self.timed(
                f"GET /v1/orders?ids=({BATCH} ids)", self.get("/v1/orders", ids=",".join(ids)), 200
            )
        result = {}
        for name, values in self.samples.items():
            ordered = sorted(values)
            result[name] = (_percentile(ordered, 0.50), _percentile(ordered, 0.99))
        return result


def measure(
    runs: int, requests_per_endpoint: int, history: int
) -> dict[str, list[tuple[float, float]]]:
    """Start a sandbox, warm it up, and time `runs` runs; returns per endpoint the (p50, p99)
    of each run."""
    config = SandboxConfig(rate_limit=1e9, access_token_ttl=timedelta(hours=12))
    with (
        tempfile.TemporaryDirectory(prefix="lebwallet-bench-sandbox-") as tmp,
        SandboxServer(Path(tmp), credit_delay=3600, config=config) as server,
        requests.Session() as session,
    ):
        if history:
            assert server.db is not None
            seed_bulk(server.db, cards=0, orders=history, now=datetime.now(UTC))
        credentials = server.demo_credentials
        login = session.post(
            f"{server.url}/v1/auth/login",
            json={"login": credentials.email, "password": credentials.password},
            timeout=TIMEOUT,
        )
        login.raise_for_status()
        session.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        bench = Bench(server.url, session)
        for _ in range(BATCH):  # orders for the batch (and a warm-up of the write path)
            bench.create_and_cancel()
        bench.run(max(10, requests_per_endpoint // 10))  # warm-up of the rest
        per_run: dict[str, list[tuple[float, float]]] = {}
        for _ in range(runs):
            for name, figures in bench.run(requests_per_endpoint).items():
                per_run.setdefault(name, []).append(figures)
        return per_run


def table(per_run: dict[str, list[tuple[float, float]]]) -> str:
    header = f"{'endpoint':<38} {'p50 ms':>8} {'p99 ms':>8} {'p99 min..max':>16}"
    lines = [header, "-" * len(header)]
    for name, figures in per_run.items():
        p50 = statistics.median(f[0] for f in figures)
        p99s = [f[1] for f in figures]
        spread = f"{min(p99s):.2f}..{max(p99s):.2f}"
        lines.append(f"{name:<38} {p50:>8.2f} {statistics.median(p99s):>8.2f} {spread:>16}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="runs (default: %(default)s)")
    parser.add_argument(
        "--requests",
        type=int,
        default=200,
        help="calls per endpoint per run (default: %(default)s)",
    )
    parser.add_argument(
        "--history", type=int, default=0, help="extra final orders on the demo account first"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.requests < 1 or args.history < 0:
        parser.error("--runs and --requests are at least 1, --history at least 0")
    started = time.monotonic()
    per_run = measure(args.runs, args.requests, args.history)
    print(
        f"sandbox over loopback: {args.runs} runs x {args.requests} calls per endpoint, "
        f"history +{args.history} orders; medians over the runs"
    )
    print(table(per_run))
    print(f"({time.monotonic() - started:.1f} s)")
    return 0


def test_sandbox_latency() -> None:
    """A short run under pytest (`pytest tests/benchmarks/bench_sandbox.py -s`)."""
    per_run = measure(runs=2, requests_per_endpoint=30, history=0)
    print()
    print(table(per_run))
    assert len(per_run) == 6


if __name__ == "__main__":
    sys.exit(main())
