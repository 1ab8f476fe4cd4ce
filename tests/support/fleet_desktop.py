"""One desktop of a fleet, as its own process: the order follower (Qt-free, the real
`ServicesBackend` with its `OrderShare`) on a shared database, against a provider on loopback.

    python -m tests.support.fleet_desktop --db URL --provider URL --login L --password P \
        --pace 2 --out cycles.jsonl [--no-share]

It signs in, then runs `OrderFollower.cycle()` at the pace of a full order cycle every
`--pace` seconds until SIGTERM (then it stops the follower, which leaves the fleet) or
SIGKILL (then it leaves nothing behind but what a killed desktop leaves). After each cycle it
appends one JSON line to `--out`: its desktop id, when the cycle started and ended, the local
ids of the orders it fetched (its share; null with `--no-share`, where it fetches them all),
the requests it made (counted by a response hook on its own client's sessions) and whether
the cycle went well. Used by tests/services/test_fleet_processes.py and
tests/benchmarks/bench_fleet.py.
"""

from __future__ import annotations

import argparse
import json
import signal
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from lebwallet.provider.client import ProviderClient
from lebwallet.services.fleet import OrderShare
from lebwallet.services.follow_backend import BATCH, RefresherBackend, ServicesBackend
from lebwallet.services.follow_values import (
    BalancesUpdate,
    ConnectionUpdate,
    CycleReport,
    OrderUpdate,
    Pacing,
    RefreshError,
)
from lebwallet.services.notifications import Notice
from lebwallet.services.order_follower import OrderFollower
from lebwallet.services.update_check import UpdateInfo
from lebwallet.store import open_store
from tests.support.wallet_env import TokenHolder


class RecordingShare(OrderShare):
    """The real share, remembering what it handed out last."""

    last: list[int] | None = None

    def mine(self, open_ids: Sequence[int]) -> list[int]:
        self.last = super().mine(open_ids)
        return self.last


class Lines:
    """The follower's events; one JSON line per finished cycle."""

    def __init__(self, out: TextIO, requests: list[int]) -> None:
        self._out = out
        self._requests = requests
        self._counted = 0
        self.share: RecordingShare | None = None

    def cycle_finished(self, report: CycleReport) -> None:
        ended = time.time()
        made, self._counted = self._requests[0] - self._counted, self._requests[0]
        share = self.share
        line = {
            "desktop": None if share is None else share.desktop_id,
            "started": ended - report.seconds,
            "ended": ended,
            "ids": None if share is None else share.last,
            "desktops": None if share is None else share.desktops,
            "requests": made,
            "checked": report.orders_checked,
            "ok": report.ok,
        }
        if share is not None:
            share.last = None
        self._out.write(json.dumps(line) + "\n")
        self._out.flush()

    def order_changed(self, update: OrderUpdate) -> None:
        pass

    def balances_changed(self, update: BalancesUpdate) -> None:
        pass

    def connection_changed(self, update: ConnectionUpdate) -> None:
        pass

    def error(self, error: RefreshError) -> None:
        self._out.write(json.dumps({"error": error.message}) + "\n")
        self._out.flush()

    def notice(self, notice: Notice) -> None:
        pass

    def update_available(self, info: UpdateInfo) -> None:
        pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--provider", required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--pace", type=float, default=2.0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--no-share", action="store_true")
    args = parser.parse_args(argv)

    stop = threading.Event()

    def _terminate(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _terminate)
    store = open_store(args.db)
    tokens = TokenHolder()
    with ProviderClient(args.provider, on_tokens=tokens.set) as login:
        tokens.set(login.login(args.login, args.password))
    requests = [0]

    def count(response: Any, *_args: Any, **_kwargs: Any) -> None:
        requests[0] += 1

    with args.out.open("a", encoding="utf-8") as out:
        lines = Lines(out, requests)

        def factory(cancelled: threading.Event) -> RefresherBackend:
            client = ProviderClient(
                args.provider, tokens=tokens.get(), on_tokens=tokens.set, retries=0
            )
            for session in (client._safe, client._plain):
                session.hooks["response"].append(count)
            share = None if args.no_share else RecordingShare(store, unit=BATCH)
            lines.share = share
            return ServicesBackend(
                client, store, cancelled=cancelled, token_source=tokens.get, share=share
            )

        pacing = Pacing(normal_seconds=args.pace, sync_seconds=3600)
        follower = OrderFollower(factory, lines, pacing=pacing)
        delay = follower.start()
        try:
            while delay is not None and not stop.wait(delay):
                delay = follower.cycle()
        finally:
            follower.stop()
            store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
