"""Sync benchmark: a full sync of 10,000 cards from the sandbox into a fresh SQLite store.

Run: `.venv/bin/python -m tests.benchmarks.bench_sync [--runs 5]`. The sandbox is seeded
with the demo account plus generated cards (10,000 in all), then runs as its own process
(`lebwallet sandbox`) on loopback, as a provider would: its time to build each page is part
of the figure, but it does not share the wallet's interpreter. Each run
signs in, syncs into a new store (account, every card page, balances, orders) and is timed
end to end; a second, incremental sync is timed on the same store. Prints medians, the
wallet's own CPU time (`time.process_time`, both of its threads) and the load average
before and after; the target for the full sync is <= 1 s (issue #18).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from lebwallet.provider.client import ProviderClient
from lebwallet.sandbox.seed_bulk import seed_bulk
from lebwallet.sandbox.server import SandboxServer
from lebwallet.services.sync import SyncService
from lebwallet.store import default_sqlite_url, open_store

CARDS: Final = 10_000
TARGET_S: Final = 1.0


@contextmanager
def sandbox_process(data_dir: Path) -> Iterator[str]:
    """`lebwallet sandbox` in a child process; yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "lebwallet", "sandbox", "--port", "0", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("URL: "):
                yield line.removeprefix("URL: ").strip()
                break
        else:
            raise RuntimeError("the sandbox did not start")
    finally:
        process.terminate()
        process.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="lebwallet-bench-sync-") as tmp:
        root = Path(tmp)
        with SandboxServer(root / "sandbox", credit_delay=0.1) as server:
            assert server.db is not None
            seed_bulk(server.db, cards=CARDS - 3, now=datetime.now(UTC))
            credentials = server.demo_credentials
        full: list[float] = []
        full_cpu: list[float] = []
        incremental: list[float] = []
        cards = 0
        with sandbox_process(root / "sandbox") as url:
            for run in range(args.runs):
                with ProviderClient(url) as client:
                    client.login(credentials.email, credentials.password)
                    store = open_store(default_sqlite_url(root / f"wallet-{run}"))
                    try:
                        service = SyncService(client, store)
                        start, cpu = time.perf_counter(), time.process_time()
                        result = service.sync_all()
                        full.append(time.perf_counter() - start)
                        full_cpu.append(time.process_time() - cpu)
                        cards = result.cards
                        start = time.perf_counter()
                        service.sync_all()
                        incremental.append(time.perf_counter() - start)
                    finally:
                        store.dispose()
    load_after = os.getloadavg()
    median_full = statistics.median(full)
    print(f"cards synced: {cards}, runs: {args.runs}, {os.cpu_count()} CPUs")
    print(f"full sync      median {median_full:7.3f} s  (min {min(full):.3f}, max {max(full):.3f})")
    print(f"  wallet CPU   median {statistics.median(full_cpu):7.3f} s")
    print(f"incremental    median {statistics.median(incremental):7.3f} s")
    print(f"load average   {load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min)")
    verdict = "OK" if median_full <= TARGET_S else "OVER TARGET"
    print(f"target <= {TARGET_S:.1f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
