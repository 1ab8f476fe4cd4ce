"""The order refresher: a thin Qt adapter that runs the Qt-free `OrderFollower`
(`lebwallet.services.order_follower`: batching, pacing, backoff, the status diff) on its own
`QThread` and turns its events into signals.

    refresher = Refresher(services_backend_factory(url, store, token_source=tokens.get,
                                                    on_tokens=tokens.set), policy=policy)
    refresher.worker.order_changed.connect(window.on_order_changed)   # queued, GUI thread
    refresher.start()
    refresher.follow(local_id)      # the wizard waits on this order: poll it every few s
    refresher.refresh_now()
    refresher.shutdown()            # on quit: stop, quit, wait (no "destroyed while running")

Signals of `RefresherWorker` (the follower's events; payloads are frozen dataclasses). They
are emitted on the worker thread: connect them to *bound methods of QObjects living on the
GUI thread* (queued, run on the GUI thread). A lambda or plain function has no thread and
runs on the worker thread — never touch a widget from one.
"""

from __future__ import annotations

import logging
import random
import threading

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from lebwallet.services.notifications import Notice, NotificationPolicy
from lebwallet.services.order_follower import (
    BATCH,
    BackendFactory,
    BalancesUpdate,
    CardsSnapshot,
    ConnectionUpdate,
    CycleReport,
    ErrorKind,
    LinkState,
    OrderFollower,
    OrderUpdate,
    Pacing,
    RefresherBackend,
    RefreshError,
    ServicesBackend,
    services_backend_factory,
)
from lebwallet.services.update_check import UpdateInfo
from lebwallet.ui.icons import ConnectionState

_log = logging.getLogger(__name__)


def connection_state(state: LinkState) -> ConnectionState:
    """What the status bar icon shows for the follower's link state."""
    return ConnectionState.ONLINE if state is LinkState.ONLINE else ConnectionState.OFFLINE


class _Signals:
    """The follower's events as the worker's signals."""

    def __init__(self, worker: RefresherWorker) -> None:
        self._worker = worker

    def order_changed(self, update: OrderUpdate) -> None:
        self._worker.order_changed.emit(update)

    def balances_changed(self, update: BalancesUpdate) -> None:
        self._worker.balances_changed.emit(update)

    def connection_changed(self, update: ConnectionUpdate) -> None:
        self._worker.connection_changed.emit(update)

    def error(self, error: RefreshError) -> None:
        self._worker.error.emit(error)

    def notice(self, notice: Notice) -> None:
        self._worker.notice.emit(notice)

    def update_available(self, info: UpdateInfo) -> None:
        self._worker.update_available.emit(info)

    def cycle_finished(self, report: CycleReport) -> None:
        self._worker.cycle_finished.emit(report)


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
        self.follower = OrderFollower(
            factory, _Signals(self), pacing=pacing, policy=policy, rng=rng, cancelled=cancelled
        )
        self.cancelled = self.follower.cancelled
        self._timer: QTimer | None = None
        self.quit_thread_on_stop = False
        """Set by `Refresher`: `stop()` also ends the worker's thread."""

    @property
    def pacing(self) -> Pacing:
        return self.follower.pacing

    @pacing.setter
    def pacing(self, value: Pacing) -> None:
        self.follower.pacing = value

    @property
    def followed(self) -> frozenset[int]:
        return self.follower.followed

    def _schedule(self, seconds: float | None) -> None:
        if seconds is not None and self._timer is not None and self.follower.running:
            self._timer.start(max(0, round(seconds * 1000)))

    # --- slots (worker thread) ---

    @Slot()
    def start(self) -> None:
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._cycle)
        self._schedule(self.follower.start())

    @Slot()
    def stop(self) -> None:
        """Stop polling and close the backend; then quit this thread's event loop."""
        if self._timer is not None:
            self._timer.stop()
        try:
            self.follower.stop()
        finally:
            self.stopped.emit()
            if self.quit_thread_on_stop:
                self.thread().quit()

    @Slot()
    def refresh_now(self) -> None:
        """Everything now: all non-final orders and a sync; clears a sign-out pause."""
        self._schedule(self.follower.refresh_now())

    @Slot(int)
    def follow(self, local_id: int) -> None:
        """Poll this order fast until it is final (a wizard waits on it)."""
        self._schedule(self.follower.follow(local_id))

    @Slot(int)
    def unfollow(self, local_id: int) -> None:
        self.follower.unfollow(local_id)

    @Slot(float)
    def set_normal_seconds(self, seconds: float) -> None:
        """The background pace (`Settings.refresh_seconds`)."""
        self.follower.set_normal_seconds(seconds)

    @Slot()
    def _cycle(self) -> None:
        self._schedule(self.follower.cycle())


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
    "connection_state",
    "services_backend_factory",
]
