"""Token-bucket rate limiters of the sandbox: the API's, keyed by client address (a header
the client chooses, such as `Authorization`, would give a fresh allowance each time), and the
sign-in throttle (`LoginThrottle`), keyed by account and by address."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

MAX_CLIENTS = 10_000
"""Buckets kept at most; the least recently used are dropped beyond this."""


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class TokenBucketLimiter:
    """Each key may make `rate` requests per second on average and `burst` at once.

    `acquire(key)` takes one token and returns 0, or returns the whole seconds (≥ 1) to wait
    before a token is available (the `Retry-After` value) and takes nothing.
    """

    def __init__(
        self, rate: float, burst: float | None = None, monotonic: Callable[[], float] | None = None
    ) -> None:
        if not rate > 0:
            raise ValueError(f"a rate limit is above zero requests per second, not {rate}")
        self.rate = rate
        self.burst = burst if burst is not None else max(1.0, rate)
        if self.burst < 1:
            raise ValueError(f"the burst must allow at least one request, not {self.burst}")
        self._monotonic = monotonic or time.monotonic
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def wait(self, key: str) -> int:
        """What `acquire` would answer, taking nothing."""
        now = self._monotonic()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                return 0
            tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            return 0 if tokens >= 1 else max(1, math.ceil((1 - tokens) / self.rate))

    def acquire(self, key: str) -> int:
        now = self._monotonic()
        with self._lock:
            bucket = self._buckets.pop(key, None)
            if bucket is None:
                bucket = _Bucket(self.burst, now)
            else:
                bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
                bucket.updated = now
            self._buckets[key] = bucket  # re-insert: most recently used last
            if len(self._buckets) > MAX_CLIENTS:
                del self._buckets[next(iter(self._buckets))]
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0
            return max(1, math.ceil((1 - bucket.tokens) / self.rate))


ACCOUNT_FAILURES: Final = 5
"""Failed sign-ins to one account allowed at once; then one per `ACCOUNT_EVERY` seconds."""
ACCOUNT_EVERY: Final = 30.0
ADDRESS_FAILURES: Final = 20
"""Failed sign-ins from one client address (to any accounts) at once; then one per
`ADDRESS_EVERY` seconds."""
ADDRESS_EVERY: Final = 3.0


class LoginThrottle:
    """Failed sign-ins, counted by account and by client address. While either has used its
    allowance, every sign-in to that account or from that address — the right password too —
    is refused with the seconds to wait (429 with `Retry-After`). Good sign-ins cost nothing."""

    def __init__(self, monotonic: Callable[[], float] | None = None) -> None:
        self._accounts = TokenBucketLimiter(1 / ACCOUNT_EVERY, ACCOUNT_FAILURES, monotonic)
        self._addresses = TokenBucketLimiter(1 / ADDRESS_EVERY, ADDRESS_FAILURES, monotonic)

    @staticmethod
    def _account(login: str) -> str:
        return login.strip().lower()

    def wait(self, login: str, address: str) -> int:
        """0, or the whole seconds to wait before this sign-in may be tried."""
        return max(self._accounts.wait(self._account(login)), self._addresses.wait(address))

    def failed(self, login: str, address: str) -> None:
        self._accounts.acquire(self._account(login))
        self._addresses.acquire(address)
