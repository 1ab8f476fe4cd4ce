"""The sandbox's settings (`SandboxConfig`) and its clock (`Clock`, `ManualClock`).

Everything time-dependent in the sandbox reads the injected clock, never `datetime.now()`
directly, so tests can move time forward to expire tokens, quotes and orders.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Final

from packaging.version import Version

from lebwallet import __version__
from lebwallet.clock import utc_now
from lebwallet.sandbox.faults import FaultSpec

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware, in UTC."""

DEFAULT_SUPPORT_DELAY: Final = 30.0
"""Seconds from a customer's support message to the sandbox agent's answer."""
MAX_SUPPORT_DELAY: Final = 30 * 86400.0

DEFAULT_RATE_LIMIT: Final = 1000.0
"""Requests per second per client when `--faults` sets no `rate_limit` (generous)."""


system_clock: Final[Clock] = utc_now
"""The sandbox's clock outside tests: the wall clock."""


class ManualClock:
    """A clock that stands still until told to move (thread-safe). For tests and demos."""

    def __init__(self, start: datetime | None = None) -> None:
        start = start if start is not None else utc_now()
        if start.tzinfo is None:
            raise ValueError("a ManualClock starts at a timezone-aware datetime")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, by: timedelta | float) -> datetime:
        """Move forward by a timedelta or a number of seconds; returns the new time."""
        step = by if isinstance(by, timedelta) else timedelta(seconds=by)
        if step < timedelta(0):
            raise ValueError("a clock does not go backwards")
        with self._lock:
            self._now += step
            return self._now


def _next_minor_release() -> str:
    current = Version(__version__)
    return f"{current.major}.{current.minor + 1}.0"


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    """How the sandbox behaves. Durations are `timedelta`s, `credit_delay` in seconds."""

    credit_delay: float = 5.0
    """Seconds from payment to credit; the order is `crediting` for the second half."""
    order_ttl: timedelta = timedelta(minutes=30)
    """An unpaid order expires this long after it was created."""
    access_token_ttl: timedelta = timedelta(minutes=15)
    refresh_token_ttl: timedelta = timedelta(days=30)
    verification_ttl: timedelta = timedelta(minutes=10)
    fx_quote_ttl: timedelta = timedelta(minutes=10)
    faults: FaultSpec = field(default_factory=FaultSpec)
    support_delay: float = DEFAULT_SUPPORT_DELAY
    """Seconds from a customer's support message to the agent's answer."""
    rate_limit: float = DEFAULT_RATE_LIMIT
    """Requests per second per client; `faults.rate_limit` overrides it."""
    release_version: str = field(default_factory=_next_minor_release)
    """The version `GET /v1/app/latest` announces (default: the next minor release)."""
    minimum_supported_version: str = "0.1.0"

    def __post_init__(self) -> None:
        if not self.credit_delay >= 0:
            raise ValueError(f"the credit delay is seconds ≥ 0, not {self.credit_delay}")
        if not 0 <= self.support_delay <= MAX_SUPPORT_DELAY:
            raise ValueError(
                f"the support delay is 0 to {MAX_SUPPORT_DELAY:g} seconds (30 days), "
                f"not {self.support_delay:g}"
            )
        for name in ("order_ttl", "access_token_ttl", "refresh_token_ttl", "verification_ttl"):
            if getattr(self, name) <= timedelta(0):
                raise ValueError(f"{name} must be positive")
        if self.fx_quote_ttl <= timedelta(0):
            raise ValueError("fx_quote_ttl must be positive")
        if not 1 <= self.access_token_ttl.total_seconds() <= 86400:
            raise ValueError("access_token_ttl is 1 s to 1 day (the contract's expires_in)")
        Version(self.release_version)  # raises InvalidVersion with a clear message

    @property
    def effective_rate_limit(self) -> float:
        return self.faults.rate_limit if self.faults.rate_limit is not None else self.rate_limit
