"""A token-bucket rate limiter keyed by client (access token or address), for the sandbox API."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

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
