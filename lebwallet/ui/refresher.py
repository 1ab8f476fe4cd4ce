"""The order refresher: a worker `QObject` on its own `QThread` that keeps every non-final
order moving to credited / failed, and balances and the account current.

    refresher = Refresher(services_backend_factory(url, store, token_source=tokens.get,
                                                    on_tokens=tokens.set), policy=policy)
    refresher.worker.order_changed.connect(window.on_order_changed)   # queued, GUI thread
    refresher.start()
    refresher.follow(local_id)      # the wizard waits on this order: poll it every few s
    refresher.refresh_now()
    refresher.shutdown()            # on quit: stop, quit, wait (no "destroyed while running")

Signals of `RefresherWorker` (payloads are frozen dataclasses). They are emitted on the
worker thread: connect them to *bound methods of QObjects living on the GUI thread* (queued,
run on the GUI thread). A lambda or plain function has no thread and runs on the worker
thread — never touch a widget from one.

- `order_changed(OrderUpdate)`: an order's stored status changed (already written).
- `balances_changed(BalancesUpdate)`: a sync of account, cards and balances finished.
- `connection_changed(ConnectionUpdate)`: online / retrying (with the wait) / signed out.
- `error(RefreshError)`: a cycle failed (the refresher keeps going, with backoff).
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

All provider and store work happens on the worker thread through a `RefresherBackend`
that the worker builds there from the factory (its own `ProviderClient`, its own sessions).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Final, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from lebwallet.clock import utc_now
from lebwallet.domain.cards import Card
from lebwallet.domain.orders import OrderStatus
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.wire import TokenPair
from lebwallet.services.errors import (
    AuthenticationRequired,
    ProviderError,
    RateLimited,
)
from lebwallet.services.notifications import NotificationPolicy
from lebwallet.services.order_details import OrderRecord
from lebwallet.services.recharge import OrderChange, RechargeService
from lebwallet.services.sync import SyncService
from lebwallet.services.update_check import UpdateChecker, UpdateInfo
from lebwallet.store import queries
from lebwallet.store.engine import Store
from lebwallet.ui.icons import ConnectionState

_log = logging.getLogger(__name__)

BATCH: Final = 100
"""Orders per `GET /v1/orders?ids=…` (the contract's maximum)."""
_SLACK: Final = 0.02


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

    @property
    def connection(self) -> ConnectionState:
        """What the status bar icon shows."""
        return ConnectionState.ONLINE if self is LinkState.ONLINE else ConnectionState.OFFLINE


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


# --- the backend: provider + store work, on the worker thread ---------------------------------


class RefresherBackend(Protocol):
    def refresh_orders(self, local_ids: Sequence[int] | None) -> tuple[int, list[OrderUpdate]]:
        """Fetch non-final orders (all when None) in batches and store them; returns
        (orders checked, changes)."""
        ...

    def sync_orders(self) -> list[OrderUpdate]:
        """Orders changed at the provider since the last pass (`updated_since`)."""
        ...

    def sync_cards(self) -> CardsSnapshot:
        """Account, cards and balances."""
        ...

    def check_update(self) -> UpdateInfo | None:
        """The daily update check when due (None: not due, not enabled, or up to date)."""
        ...

    def close(self) -> None: ...


BackendFactory = Callable[[threading.Event], RefresherBackend]
"""Builds the backend on the worker thread; the event is set when the refresher stops
(a backend should stop between batches)."""


class ServicesBackend:
    """The real backend: its own `ProviderClient`, the shared `Store`, `SyncService`."""

    def __init__(
        self,
        client: ProviderClient,
        store: Store,
        *,
        cancelled: threading.Event | None = None,
        token_source: Callable[[], TokenPair | None] | None = None,
        updates: UpdateChecker | None = None,
        check_updates: Callable[[], bool] = lambda: False,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.client = client
        self.store = store
        self._cancelled = cancelled if cancelled is not None else threading.Event()
        self._token_source = token_source
        self._sync = SyncService(client, store, now=now)
        self._recharge = RechargeService(client, store, now=now)
        self._now = now
        self._updates = updates
        self._known: dict[int, OrderStatus] | None = None
        """Statuses read by the last full refresh; the sync after it diffs against them."""
        self._check_updates = check_updates
        """Read on every check: true while the user allows them (`Settings.check_updates`)."""

    def _take_tokens(self) -> None:
        """Use the app's current tokens (a sign-in or another client's refresh)."""
        if self._token_source is None:
            return
        current = self._token_source()
        if current is not None and current != self.client.tokens:
            self.client.tokens = current

    def refresh_orders(self, local_ids: Sequence[int] | None) -> tuple[int, list[OrderUpdate]]:
        self._take_tokens()
        with self.store.session(readonly=True) as session:
            if local_ids is None:
                records = queries.non_final_orders(session)
            else:
                records = queries.orders_by_ids(session, list(local_ids))
        pending = [r.local_id for r in records if not r.status.is_final]
        if local_ids is None:
            self._known = {r.local_id: r.status for r in records}
        checked = 0
        changes: list[OrderUpdate] = []
        # one RechargeService.refresh per batch: one GET per ≤ 100 orders, a stop between
        for start in range(0, len(pending), BATCH):
            if self._cancelled.is_set():
                break
            chunk = pending[start : start + BATCH]
            changes.extend(self._recharge.refresh(chunk))
            checked += len(chunk)
        if local_ids is None and self._known is not None:
            self._known.update((c.local_id, c.new_status) for c in changes)
        return checked, changes

    def sync_orders(self) -> list[OrderUpdate]:
        self._take_tokens()
        before = self._known
        if before is None:
            with self.store.session(readonly=True) as session:
                before = {r.local_id: r.status for r in queries.non_final_orders(session)}
        self._known = None
        _seen, changed, _skipped = self._sync.sync_orders()
        if not changed:
            return []
        # Open orders whose status moved, and orders new to this desktop (made on another one,
        # or history first seen now): both repaint the history; only a status this desktop
        # saw move is told (a new order carries its status as the old one: no notice flood
        # when a desktop first meets years of history).
        ids = list(dict.fromkeys([*before, *self._sync.changed_orders]))
        with self.store.session(readonly=True) as session:
            after = queries.orders_by_ids(session, ids)
        return [
            _update(before.get(r.local_id, r.status), r)
            for r in after
            if r.local_id not in before or r.status != before[r.local_id]
        ]

    def sync_cards(self) -> CardsSnapshot:
        self._take_tokens()
        count, balance_changes, _rejected = self._sync.sync_cards()
        with self.store.session(readonly=True) as session:
            cards = queries.list_cards(session)
        return CardsSnapshot(BalancesUpdate(count, balance_changes, self._now()), cards)

    def check_update(self) -> UpdateInfo | None:
        if self._updates is None or not self._check_updates():
            return None
        return self._updates.check_if_due()

    def close(self) -> None:
        self.client.close()


def _update(
    old: OrderStatus | None, record: OrderRecord, flagged: str | None = None
) -> OrderUpdate:
    return OrderUpdate(
        local_id=record.local_id,
        provider_id=record.provider_id,
        card_id=record.card_id,
        old_status=old,
        new_status=record.status,
        record=record,
        flagged=flagged,
    )


def services_backend_factory(
    base_url: str,
    store: Store,
    *,
    token_source: Callable[[], TokenPair | None],
    on_tokens: Callable[[TokenPair | None], None] | None = None,
    timeout: tuple[float, float] = (3.05, 15.0),
    retries: int = 2,
    data_dir: Path | None = None,
    check_updates: Callable[[], bool] = lambda: False,
    now: Callable[[], datetime] = utc_now,
    language: Callable[[], str] = lambda: "en",
) -> BackendFactory:
    """A factory for `Refresher`: the client is built on the worker thread, with the app's
    tokens; `on_tokens` hands a refreshed pair back (it runs on the worker thread).
    With `data_dir`, the slow cadence also runs the daily update check while
    `check_updates()` is true (read on every slow tick: `Settings.check_updates is True`).
    `language()` gives the user's language tag for `Accept-Language` (read per request)."""

    def build(cancelled: threading.Event) -> RefresherBackend:
        client = ProviderClient(
            base_url,
            tokens=token_source(),
            on_tokens=on_tokens,
            timeout=timeout,
            retries=retries,
            language=language,
        )
        updates = None if data_dir is None else UpdateChecker(client, data_dir)
        return ServicesBackend(
            client,
            store,
            cancelled=cancelled,
            token_source=token_source,
            updates=updates,
            check_updates=check_updates,
            now=now,
        )

    return build


# --- the worker -------------------------------------------------------------------------------


class RefresherWorker(QObject):
    """Lives on the refresher thread; drive it through its slots (queued from the GUI).

    Signals: order_changed(OrderUpdate), balances_changed(BalancesUpdate),
    connection_changed(ConnectionUpdate), error(RefreshError), notice(Notice),
    update_available(UpdateInfo), cycle_finished(CycleReport), stopped().
    """

    order_changed = Signal(object)
    balances_changed = Signal(object)
    connection_changed = Signal(object)
    error = Signal(object)
    notice = Signal(object)
    update_available = Signal(object)
    cycle_finished = Signal(object)
    stopped = Signal()

    def __init__(
        self,
        factory: BackendFactory,
        *,
        pacing: Pacing | None = None,
        policy: NotificationPolicy | None = None,
        rng: random.Random | None = None,
        cancelled: threading.Event | None = None,
    ) -> None:
        super().__init__()
        self._factory = factory
        self.pacing = pacing if pacing is not None else Pacing()
        self._policy = policy
        self._rng = rng if rng is not None else random.Random()
        self.cancelled = cancelled if cancelled is not None else threading.Event()
        self._backend: RefresherBackend | None = None
        self._timer: QTimer | None = None
        self._followed: set[int] = set()
        self._failures = 0
        self._state: LinkState | None = None
        self._paused = False
        self._next_full = 0.0
        self._next_sync = 0.0
        self._running = False
        self.quit_thread_on_stop = False
        """Set by `Refresher`: `stop()` also ends the worker's thread."""

    # --- slots (worker thread) ---

    @Slot()
    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self.cancelled.clear()
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._cycle)
        self._next_full = self._next_sync = 0.0
        self._schedule(0.0)

    @Slot()
    def stop(self) -> None:
        """Stop polling and close the backend; then quit this thread's event loop."""
        self._running = False
        if self._timer is not None:
            self._timer.stop()
        if self._backend is not None:
            try:
                self._backend.close()
            finally:
                self._backend = None
        self.stopped.emit()
        if self.quit_thread_on_stop:
            self.thread().quit()

    @Slot()
    def refresh_now(self) -> None:
        """Everything now: all non-final orders and a sync; clears a sign-out pause."""
        if not self._running:
            return
        self._paused = False
        self._next_full = self._next_sync = 0.0
        self._schedule(0.0)

    @Slot(int)
    def follow(self, local_id: int) -> None:
        """Poll this order fast until it is final (a wizard waits on it)."""
        self._followed.add(local_id)
        if self._running and not self._paused and self._failures == 0:
            self._schedule(0.0)

    @Slot(int)
    def unfollow(self, local_id: int) -> None:
        self._followed.discard(local_id)

    @Slot(float)
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

    def _schedule(self, seconds: float) -> None:
        if self._timer is not None and self._running:
            self._timer.start(max(0, round(seconds * 1000)))

    def _set_state(self, update: ConnectionUpdate) -> None:
        if update.state is not self._state or update.state is LinkState.RETRYING:
            self._state = update.state
            self.connection_changed.emit(update)

    @Slot()
    def _cycle(self) -> None:
        if not self._running or self._paused:
            return
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
                self.balances_changed.emit(snapshot.balances)
                if self._policy is not None:
                    for notice in self._policy.for_cards(snapshot.cards):
                        self.notice.emit(notice)
                self._check_update(self._backend)
        except AuthenticationRequired as exc:
            self._paused = True
            self._failures = 0
            self._set_state(ConnectionUpdate(LinkState.SIGNED_OUT, detail=str(exc)))
            self.error.emit(RefreshError(ErrorKind.SIGNED_OUT, str(exc)))
            self._finish(False, checked, changes, synced, started, None)
            return
        except ProviderError as exc:
            self._fail(exc, checked, changes, synced, started)
            return
        except Exception as exc:  # a bug or the store: log, tell, back off, keep going
            _log.exception("refresher cycle failed")
            self._fail(exc, checked, changes, synced, started)
            return
        self._failures = 0
        self._set_state(ConnectionUpdate(LinkState.ONLINE))
        self._finish(True, checked, changes, synced, started, self._next_delay())

    def _check_update(self, backend: RefresherBackend) -> None:
        """A failed update check is logged and tried again on the next slow tick."""
        try:
            info = backend.check_update()
        except ProviderError as exc:
            _log.info("update check failed: %s", exc)
            return
        if info is None:
            return
        self.update_available.emit(info)
        if self._policy is not None:
            for notice in self._policy.for_update(info.version, info.download_url):
                self.notice.emit(notice)

    def _fail(
        self,
        exc: Exception,
        checked: int,
        changes: list[OrderUpdate],
        synced: bool,
        started: float,
    ) -> None:
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
        self.error.emit(RefreshError(kind, str(exc)))
        self._finish(False, checked, changes, synced, started, wait)

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
    ) -> None:
        if next_in is not None and self._running:
            self._schedule(next_in)
        self.cycle_finished.emit(
            CycleReport(
                ok=ok,
                orders_checked=checked,
                changes=len(changes),
                synced=synced,
                seconds=time.monotonic() - started,
                next_in=next_in if self._running else None,
            )
        )

    def _publish(self, changes: Sequence[OrderUpdate]) -> None:
        for change in changes:
            if change.new_status.is_final:
                self._followed.discard(change.local_id)
            self.order_changed.emit(change)
            if self._policy is not None:
                record = change.record
                credited = change.new_status is OrderStatus.CREDITED
                amount = record.credited if credited else record.amount
                reason = record.failure_reason
                for notice in self._policy.for_order_change(change, amount=amount, reason=reason):
                    self.notice.emit(notice)


# --- the GUI-side owner -----------------------------------------------------------------------


class Refresher(QObject):
    """Owns the refresher thread and its worker; call these methods on the GUI thread.

    Connect to `worker`'s signals (see `RefresherWorker`). `shutdown()` must run before
    the application exits (it is also connected to `aboutToQuit`).
    """

    _start_requested = Signal()
    _stop_requested = Signal()
    _refresh_requested = Signal()
    _follow_requested = Signal(int)
    _unfollow_requested = Signal(int)
    _interval_requested = Signal(float)

    def __init__(
        self,
        factory: BackendFactory,
        *,
        pacing: Pacing | None = None,
        policy: NotificationPolicy | None = None,
        rng: random.Random | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("lebwallet-refresher")
        self.worker = RefresherWorker(factory, pacing=pacing, policy=policy, rng=rng)
        self.worker.quit_thread_on_stop = True
        self.worker.moveToThread(self._thread)
        self._thread.finished.connect(self.worker.deleteLater)
        self._start_requested.connect(self.worker.start)
        self._stop_requested.connect(self.worker.stop)
        self._refresh_requested.connect(self.worker.refresh_now)
        self._follow_requested.connect(self.worker.follow)
        self._unfollow_requested.connect(self.worker.unfollow)
        self._interval_requested.connect(self.worker.set_normal_seconds)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._shut_down = False

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def start(self) -> None:
        if self._shut_down:
            raise RuntimeError("the refresher was shut down")
        if not self._thread.isRunning():
            self._thread.start()
        self._start_requested.emit()

    def refresh_now(self) -> None:
        self._refresh_requested.emit()

    def follow(self, local_id: int) -> None:
        self._follow_requested.emit(local_id)

    def unfollow(self, local_id: int) -> None:
        self._unfollow_requested.emit(local_id)

    def set_normal_seconds(self, seconds: float) -> None:
        self._interval_requested.emit(float(seconds))

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Stop the worker (a cycle in flight ends after its current batch, its writes
        committed), quit the thread and wait for it. True when the thread has ended."""
        if self._shut_down:
            return not self._thread.isRunning()
        self._shut_down = True
        self.worker.cancelled.set()
        if self._thread.isRunning():
            self._stop_requested.emit()  # queued: runs after the cycle in flight
            if not self._thread.wait(timeout_ms):
                _log.error("the refresher thread did not stop in %d ms", timeout_ms)
                return False
        return True


__all__ = [
    "BATCH",
    "BackendFactory",
    "BalancesUpdate",
    "CardsSnapshot",
    "ConnectionUpdate",
    "CycleReport",
    "ErrorKind",
    "LinkState",
    "OrderUpdate",
    "Pacing",
    "RefreshError",
    "Refresher",
    "RefresherBackend",
    "RefresherWorker",
    "ServicesBackend",
    "services_backend_factory",
]
