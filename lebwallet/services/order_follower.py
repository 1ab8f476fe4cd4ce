"""The order follower: keeps every non-final order moving to credited / failed, and balances
and the account current. Qt-free: `OrderFollower` decides what to fetch and when; a driver
(the UI's `ui.refresher.RefresherWorker` on its QThread, or a plain loop) calls `cycle()`
when the delay it returned has passed and turns the events into signals.

    follower = OrderFollower(factory, events, pacing=Pacing(), policy=policy)
    delay = follower.start()            # seconds until the first cycle
    delay = follower.cycle()            # one cycle; the next delay (None: paused/stopped)
    follower.follow(local_id)           # a wizard waits on this order: poll it fast
    follower.refresh_now(); follower.stop()

One follower per order: the wizard asks the app's follower to `follow` its order instead of
polling it itself.

Events (`FollowerEvents`; payloads are frozen dataclasses):
- `order_changed(OrderUpdate)`: an order's stored status changed (already written).
- `balances_changed(BalancesUpdate)`: a sync of account, cards and balances finished.
- `connection_changed(ConnectionUpdate)`: online / retrying (with the wait) / signed out.
- `error(RefreshError)`: a cycle failed (the follower keeps going, with backoff).
- `notice(Notice)`: something to tell the user (`services.notifications` decided).
- `update_available(UpdateInfo)`: the daily check found a newer release.
- `cycle_finished(CycleReport)`: after every cycle (status bar "last refreshed", tests).

Pace (`Pacing`): while `follow()`ed orders are open, only those are fetched every
`fast_seconds` (one request). Every `normal_seconds` a full order cycle: every non-final
order in batches (`GET /v1/orders?ids=…`, ≤ 100 ids each) plus one incremental
`updated_since` pass (orders made or changed elsewhere): ⌈n/100⌉ + 1 requests. Every
`sync_seconds` the account, cards and balances (two requests), then keep-alive and
low-balance notices, and — when enabled — the daily update check. While the provider fails:
exponential backoff (`backoff_base` · 2ⁿ, at most `backoff_max`) with jitter, a 429's
`Retry-After` respected; the first success goes back to the normal pace. A 401 that a token
refresh cannot fix stops polling until `refresh_now()` (after sign-in).

All provider and store work happens on the driver's thread through a `RefresherBackend`
that the follower builds there from the factory (its own `ProviderClient`, its own sessions).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Sequence
from typing import Final, Protocol

from lebwallet.domain.orders import OrderStatus
from lebwallet.services.errors import AuthenticationRequired, ProviderError, RateLimited
from lebwallet.services.follow_backend import (
    BATCH,
    BackendFactory,
    RefresherBackend,
    ServicesBackend,
    services_backend_factory,
)
from lebwallet.services.follow_values import (
    BalancesUpdate,
    CardsSnapshot,
    ConnectionUpdate,
    CycleReport,
    ErrorKind,
    LinkState,
    OrderUpdate,
    Pacing,
    RefreshError,
)
from lebwallet.services.notifications import Notice, NotificationPolicy
from lebwallet.services.update_check import UpdateInfo

_log = logging.getLogger(__name__)
_SLACK: Final = 0.02
"""A timer may fire a little early."""

# --- the follower -----------------------------------------------------------------------------


class FollowerEvents(Protocol):
    """Where an `OrderFollower` reports (called on the driver's thread)."""

    def order_changed(self, update: OrderUpdate) -> None: ...
    def balances_changed(self, update: BalancesUpdate) -> None: ...
    def connection_changed(self, update: ConnectionUpdate) -> None: ...
    def error(self, error: RefreshError) -> None: ...
    def notice(self, notice: Notice) -> None: ...
    def update_available(self, info: UpdateInfo) -> None: ...
    def cycle_finished(self, report: CycleReport) -> None: ...


class OrderFollower:
    """Batching, pacing, backoff and the status diff of the order follow-up. Not thread-safe:
    drive it from one thread."""

    def __init__(
        self,
        factory: BackendFactory,
        events: FollowerEvents,
        *,
        pacing: Pacing | None = None,
        policy: NotificationPolicy | None = None,
        rng: random.Random | None = None,
        cancelled: threading.Event | None = None,
    ) -> None:
        self._factory = factory
        self._events = events
        self.pacing = pacing if pacing is not None else Pacing()
        self._policy = policy
        self._rng = rng if rng is not None else random.Random()
        self.cancelled = cancelled if cancelled is not None else threading.Event()
        self._backend: RefresherBackend | None = None
        self._followed: set[int] = set()
        self._failures = 0
        self._state: LinkState | None = None
        self._paused = False
        self._next_full = 0.0
        self._next_sync = 0.0
        self.running = False

    # --- commands: each returns the delay to the next cycle (None: nothing to schedule) ---

    def start(self) -> float | None:
        if self.running:
            return None
        self.running = True
        self.cancelled.clear()
        self._next_full = self._next_sync = 0.0
        return 0.0

    def stop(self) -> None:
        """Stop polling and close the backend."""
        self.running = False
        if self._backend is not None:
            try:
                self._backend.close()
            finally:
                self._backend = None

    def refresh_now(self) -> float | None:
        """Everything now: all non-final orders and a sync; clears a sign-out pause."""
        if not self.running:
            return None
        self._paused = False
        self._next_full = self._next_sync = 0.0
        return 0.0

    def follow(self, local_id: int) -> float | None:
        """Poll this order fast until it is final (a wizard waits on it)."""
        self._followed.add(local_id)
        if self.running and not self._paused and self._failures == 0:
            return 0.0
        return None

    def unfollow(self, local_id: int) -> None:
        self._followed.discard(local_id)

    def set_normal_seconds(self, seconds: float) -> None:
        """The background pace (`Settings.refresh_seconds`)."""
        self.pacing = Pacing(
            self.pacing.fast_seconds,
            seconds,
            max(self.pacing.sync_seconds, seconds),
            self.pacing.backoff_base,
            self.pacing.backoff_max,
        )

    @property
    def followed(self) -> frozenset[int]:
        return frozenset(self._followed)

    # --- the cycle ---

    def _set_state(self, update: ConnectionUpdate) -> None:
        if update.state is not self._state or update.state is LinkState.RETRYING:
            self._state = update.state
            self._events.connection_changed(update)

    def cycle(self) -> float | None:
        """One cycle; the delay to the next (None: paused or stopped)."""
        if not self.running or self._paused:
            return None
        started = time.monotonic()
        checked = 0
        changes: list[OrderUpdate] = []
        synced = False
        try:
            if self._backend is None:
                self._backend = self._factory(self.cancelled)
            now = time.monotonic() + _SLACK  # a timer may fire a little early
            full = now >= self._next_full
            if full or self._followed:
                ids = None if full else sorted(self._followed)
                checked, changes = self._backend.refresh_orders(ids)
                self._publish(changes)
            if full and not self.cancelled.is_set():
                elsewhere = self._backend.sync_orders()
                self._publish(elsewhere)
                changes.extend(elsewhere)
                self._next_full = time.monotonic() + self.pacing.normal_seconds
            if time.monotonic() + _SLACK >= self._next_sync and not self.cancelled.is_set():
                snapshot = self._backend.sync_cards()
                synced = True
                self._next_sync = time.monotonic() + self.pacing.sync_seconds
                self._events.balances_changed(snapshot.balances)
                if self._policy is not None:
                    for notice in self._policy.for_cards(snapshot.cards):
                        self._events.notice(notice)
                self._check_update(self._backend)
        except AuthenticationRequired as exc:
            self._paused = True
            self._failures = 0
            self._set_state(ConnectionUpdate(LinkState.SIGNED_OUT, detail=str(exc)))
            self._events.error(RefreshError(ErrorKind.SIGNED_OUT, str(exc)))
            return self._finish(False, checked, changes, synced, started, None)
        except ProviderError as exc:
            return self._fail(exc, checked, changes, synced, started)
        except Exception as exc:  # a bug or the store: log, tell, back off, keep going
            _log.exception("refresher cycle failed")
            return self._fail(exc, checked, changes, synced, started)
        self._failures = 0
        self._set_state(ConnectionUpdate(LinkState.ONLINE))
        return self._finish(True, checked, changes, synced, started, self._next_delay())

    def _check_update(self, backend: RefresherBackend) -> None:
        """A failed update check is logged and tried again on the next slow tick."""
        try:
            info = backend.check_update()
        except ProviderError as exc:
            _log.info("update check failed: %s", exc)
            return
        if info is None:
            return
        self._events.update_available(info)
        if self._policy is not None:
            for notice in self._policy.for_update(info.version, info.download_url):
                self._events.notice(notice)

    def _fail(
        self,
        exc: Exception,
        checked: int,
        changes: list[OrderUpdate],
        synced: bool,
        started: float,
    ) -> float | None:
        self._failures += 1
        retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
        wait = self.pacing.backoff(self._failures, self._rng, retry_after)
        if isinstance(exc, ProviderError):
            kind = ErrorKind.UNAVAILABLE if exc.retryable else ErrorKind.PROVIDER
        else:
            kind = ErrorKind.INTERNAL
        _log.info("refresh failed (%s), retrying in %.1f s: %s", kind, wait, exc)
        self._set_state(
            ConnectionUpdate(LinkState.RETRYING, self._failures, round(wait, 3), str(exc))
        )
        self._events.error(RefreshError(kind, str(exc)))
        return self._finish(False, checked, changes, synced, started, wait)

    def _next_delay(self) -> float:
        now = time.monotonic()
        due = [self._next_full, self._next_sync]
        if self._followed:
            due.append(now + self.pacing.fast_seconds)
        return max(0.0, min(due) - now)

    def _finish(
        self,
        ok: bool,
        checked: int,
        changes: list[OrderUpdate],
        synced: bool,
        started: float,
        next_in: float | None,
    ) -> float | None:
        next_in = next_in if self.running else None
        self._events.cycle_finished(
            CycleReport(
                ok=ok,
                orders_checked=checked,
                changes=len(changes),
                synced=synced,
                seconds=time.monotonic() - started,
                next_in=next_in,
            )
        )
        return next_in

    def _publish(self, changes: Sequence[OrderUpdate]) -> None:
        for change in changes:
            if change.new_status.is_final:
                self._followed.discard(change.local_id)
            self._events.order_changed(change)
            if self._policy is not None:
                record = change.record
                credited = change.new_status is OrderStatus.CREDITED
                amount = record.credited if credited else record.amount
                reason = record.failure_reason
                for notice in self._policy.for_order_change(change, amount=amount, reason=reason):
                    self._events.notice(notice)


__all__ = [
    "BATCH",
    "BackendFactory",
    "BalancesUpdate",
    "CardsSnapshot",
    "ConnectionUpdate",
    "CycleReport",
    "ErrorKind",
    "FollowerEvents",
    "LinkState",
    "OrderFollower",
    "OrderUpdate",
    "Pacing",
    "RefreshError",
    "RefresherBackend",
    "ServicesBackend",
    "services_backend_factory",
]
