"""What the order follower reports and how fast it goes (`lebwallet.services.order_follower`)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from lebwallet.domain.cards import Card
from lebwallet.services.recharge import OrderChange

# --- payloads ---------------------------------------------------------------------------------


OrderUpdate = OrderChange
"""An order whose stored state changed (`services.recharge.OrderChange`; already written)."""


@dataclass(frozen=True, slots=True)
class BalancesUpdate:
    cards: int
    balance_changes: int
    synced_at: datetime


class LinkState(StrEnum):
    ONLINE = "online"
    RETRYING = "retrying"
    SIGNED_OUT = "signed_out"


@dataclass(frozen=True, slots=True)
class ConnectionUpdate:
    state: LinkState
    failures: int = 0
    """Failed cycles in a row."""
    retry_in: float | None = None
    """Seconds until the next attempt while retrying."""
    detail: str | None = None


class ErrorKind(StrEnum):
    UNAVAILABLE = "unavailable"
    """Network, 5xx, 429: retried with backoff."""
    SIGNED_OUT = "signed_out"
    PROVIDER = "provider"
    """Any other provider error (protocol error, rejected request)."""
    INTERNAL = "internal"
    """A bug or a store failure; logged with its traceback."""


@dataclass(frozen=True, slots=True)
class RefreshError:
    kind: ErrorKind
    message: str


@dataclass(frozen=True, slots=True)
class CycleReport:
    """What one cycle did (for the status bar, tests and the benchmark)."""

    ok: bool
    orders_checked: int
    changes: int
    synced: bool
    seconds: float
    next_in: float | None
    """Seconds to the next cycle; None when polling is paused (signed out, stopped)."""


@dataclass(frozen=True, slots=True)
class CardsSnapshot:
    """Result of a backend card sync: the balances update and the stored cards."""

    balances: BalancesUpdate
    cards: list[Card]


# --- pacing -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pacing:
    fast_seconds: float = 3.0
    normal_seconds: float = 60.0
    sync_seconds: float = 300.0
    backoff_base: float = 2.0
    backoff_max: float = 300.0

    def __post_init__(self) -> None:
        values = (
            self.fast_seconds,
            self.normal_seconds,
            self.sync_seconds,
            self.backoff_base,
            self.backoff_max,
        )
        if any(not v > 0 for v in values):
            raise ValueError("every pace is a number of seconds > 0")

    def backoff(self, failures: int, rng: random.Random, at_least: float | None = None) -> float:
        """Wait after `failures` (≥ 1) failed cycles in a row: base·2ⁿ⁻¹, capped, with
        "equal jitter" (between half and all of it), at least `at_least` (Retry-After)."""
        exponent = min(max(failures, 1) - 1, 30)
        ceiling: float = min(self.backoff_max, self.backoff_base * float(2**exponent))
        wait: float = ceiling / 2 + rng.uniform(0, ceiling / 2)
        if at_least is not None:
            wait = max(wait, at_least)
        return wait
