"""A wallet against a running sandbox for refresher tests and benchmarks: a store synced with
the demo account, shared tokens, orders made at the provider, and a count of the requests the
sandbox served (from its own request log, no change to the sandbox).

    with running_sandbox(tmp_path / "sb") as sandbox, wallet(sandbox, tmp_path) as env:
        orders = env.make_orders(3)                   # awaiting payment, synced into the store
        with RequestLog() as requests_seen:
            ...
        requests_seen.count("GET", "/v1/orders?ids=")
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

from lebwallet.clock import utc_now
from lebwallet.provider import wire
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.wire import TokenPair
from lebwallet.sandbox.config import ManualClock
from lebwallet.services.sync import SyncService
from lebwallet.store import Store, default_sqlite_url, open_store, queries
from lebwallet.store.queries import OrderRecord
from tests.support.checkout_forms import post_checkout_form
from tests.support.sandbox import SandboxHandle

TIMEOUT = 10

# Per currency: the smallest amount, and how many orders of it fit in a day and in a month of
# the sandbox's recharge caps (see lebwallet/sandbox/catalog.py).
_CAPACITY = {
    "card_demo_uk": ("GBP", "5.00", 30, 80),
    "card_demo_us": ("USD", "5.00", 40, 100),
    "card_demo_hk": ("HKD", "50.00", 30, 80),
}


class TokenHolder:
    """The app's current tokens, shared between threads (a tiny stand-in for the app's)."""

    def __init__(self, tokens: TokenPair | None = None) -> None:
        self._tokens = tokens
        self._lock = threading.Lock()

    def get(self) -> TokenPair | None:
        with self._lock:
            return self._tokens

    def set(self, tokens: TokenPair | None) -> None:
        with self._lock:
            self._tokens = tokens


@dataclass
class WalletEnv:
    sandbox: SandboxHandle
    store: Store
    tokens: TokenHolder
    client: ProviderClient
    """A client for the test's own set-up calls (not the refresher's)."""
    now: Callable[[], datetime] = utc_now
    """The wallet's clock (the sandbox's `ManualClock` when the test moves time)."""

    def sync(self) -> None:
        SyncService(self.client, self.store, now=self.now).sync_all()

    def make_orders(
        self, count: int, *, card_id: str = "card_demo_uk", amount: str | None = None
    ) -> list[OrderRecord]:
        """`count` orders awaiting payment, made at the provider and synced into the store."""
        currency, smallest, _day, _month = _CAPACITY[card_id]
        made = [
            self.client.create_order(
                wire.CreateOrderRequest.model_validate(
                    {
                        "card_id": card_id,
                        "amount": {"value": amount or smallest, "currency": currency},
                        "payment_method": "bank_card",
                        "pay_currency": currency,
                    }
                ),
                idempotency_key=str(uuid.uuid4()),
            )
            for i in range(count)
        ]
        self.sync()
        with self.store.session(readonly=True) as session:
            found = [queries.order_by_provider_id(session, order.id) for order in made]
        assert all(r is not None for r in found)
        return [r for r in found if r is not None]

    def records(self) -> list[OrderRecord]:
        with self.store.session(readonly=True) as session:
            return queries.non_final_orders(session)

    def record(self, local_id: int) -> OrderRecord:
        with self.store.session(readonly=True) as session:
            found = queries.order_by_id(session, local_id)
        assert found is not None
        return found

    def pay(self, record: OrderRecord, card_number: str = "4242424242424242") -> None:
        """Pay at the hosted checkout as a browser would."""
        assert record.provider_id is not None
        order = self.client.get_order(record.provider_id)
        assert order.checkout_url is not None
        response = post_checkout_form(
            f"{order.checkout_url}/pay",
            {"card_number": card_number},
            timeout=TIMEOUT,
        )
        assert response.status_code in (302, 303), response.text


@contextmanager
def wallet(
    sandbox: SandboxHandle, data_dir: Path, *, now: Callable[[], datetime] = utc_now
) -> Iterator[WalletEnv]:
    """A store in `data_dir`, signed in as the demo user, synced once."""
    store = open_store(default_sqlite_url(data_dir))
    tokens = TokenHolder()
    client = ProviderClient(sandbox.url, on_tokens=tokens.set)
    try:
        tokens.set(client.login(sandbox.email, sandbox.password))
        env = WalletEnv(sandbox, store, tokens, client, now)
        env.sync()
        yield env
    finally:
        client.close()
        store.dispose()


def make_many_orders(client: ProviderClient, count: int, clock: ManualClock) -> int:
    """`count` orders awaiting payment across the demo cards, moving `clock` on by days and
    months so the sandbox's daily and monthly caps allow them (the sandbox's `order_ttl` must
    be long enough for them to stay open). Returns how many were made."""
    made = 0
    while made < count:
        for _day in range(4):
            for card_id, (currency, smallest, per_day, _per_month) in _CAPACITY.items():
                for _ in range(per_day):
                    if made >= count:
                        return made
                    try:
                        client.create_order(
                            wire.CreateOrderRequest.model_validate(
                                {
                                    "card_id": card_id,
                                    "amount": {"value": smallest, "currency": currency},
                                    "payment_method": "bank_card",
                                    "pay_currency": currency,
                                }
                            ),
                            idempotency_key=f"bulk-{made:06d}-{card_id}",
                        )
                    except Exception as exc:  # a cap reached: next card / day
                        if "cap" in str(exc).lower() or "limit" in str(exc).lower():
                            break
                        raise
                    made += 1
            clock.advance(timedelta(days=1))
        clock.advance(timedelta(days=31))
    return made


class RequestLog(logging.Handler):
    """Counts the requests the sandbox served, from its request log (logger
    ``lebwallet.sandbox``, DEBUG lines `"GET /path HTTP/1.1" 200 123`)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.statuses: list[str] = []
        self._guard = threading.Lock()
        self._logger = logging.getLogger("lebwallet.sandbox")
        self._previous = self._logger.level

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple) and record.msg.startswith('"%s"'):
            with self._guard:
                self.lines.append(str(record.args[0]))
                self.statuses.append(str(record.args[1]) if len(record.args) > 1 else "")

    def __enter__(self) -> RequestLog:
        self._logger.addHandler(self)
        self._logger.setLevel(logging.DEBUG)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._logger.removeHandler(self)
        self._logger.setLevel(self._previous)

    def count(self, method: str = "", prefix: str = "") -> int:
        """Requests whose line starts with `method` and whose path starts with `prefix`."""
        with self._guard:
            lines = list(self.lines)
        found = 0
        for line in lines:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[0].startswith(method) and parts[1].startswith(prefix):
                found += 1
        return found

    def failed(self) -> int:
        """Requests answered with a 5xx status."""
        with self._guard:
            return sum(code.startswith("5") for code in self.statuses)

    def clear(self) -> None:
        with self._guard:
            self.lines.clear()
            self.statuses.clear()
