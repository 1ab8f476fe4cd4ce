"""Background work for the GUI: run a callable on a thread pool, get its result by signal.

The GUI thread never waits on the network, the keyring or a slow query. Everything other than
the order refresher (its own worker thread) goes through `TaskRunner.run`:

    runner.run(self, lambda: service.load_cards(), on_success=self.show_cards,
               on_failure=self.show_error)

- `work` runs on the runner's `QThreadPool`; it must not touch widgets.
- Exactly one of `on_success(result)` / `on_failure(exception)` is called, on the GUI thread
  (the runner's thread), through a queued signal — or neither, if the task was cancelled,
  the runner was shut down, or `owner` was destroyed before the result arrived (no call into
  a deleted widget).
- Only `Exception` is caught; `on_failure` defaults to logging the exception.
- At shutdown, `TaskRunner.shutdown()` drops pending results and waits for running work.

One runner is built by the composition root (app.py) and passed to the screens that need it;
it must be shut down (e.g. on `QCoreApplication.aboutToQuit`) before it is destroyed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QThreadPool, Signal, Slot

T = TypeVar("T")

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Succeeded(Generic[T]):
    value: T


@dataclass(frozen=True, slots=True)
class _Failed:
    error: Exception


class BackgroundTask(Generic[T]):
    """One piece of work handed to a `TaskRunner`; a handle to cancel its result.

    Built only by `TaskRunner.run`. Cancelling does not interrupt `work` (Python threads
    cannot be interrupted safely); it only guarantees that no callback will run.
    """

    def __init__(
        self,
        owner: QObject,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[Exception], None] | None,
        description: str,
    ) -> None:
        self._owner: QObject | None = owner
        self._work: Callable[[], T] | None = work
        self._on_success: Callable[[T], None] | None = on_success
        self._on_failure: Callable[[Exception], None] | None = on_failure
        self._outcome: _Succeeded[T] | _Failed | None = None
        self._done = False
        self._cancelled = False
        self.description = description

    def __repr__(self) -> str:
        state = "cancelled" if self._cancelled else "done" if self._done else "pending"
        return f"<BackgroundTask {self.description!r} {state}>"

    @property
    def done(self) -> bool:
        """True once a callback ran, or the result was dropped (cancelled, owner gone)."""
        return self._done

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """Drop the result: neither callback will run. Call on the GUI thread."""
        if not self._done:
            self._cancelled = True
            self._finish()

    # --- called by TaskRunner ----------------------------------------------------------

    def _execute(self) -> None:
        """Run `work` on a pool thread and keep the outcome for the GUI thread."""
        work = self._work
        if work is None or self._cancelled:
            return
        try:
            self._outcome = _Succeeded(work())
        except Exception as error:
            self._outcome = _Failed(error)

    def _deliver(self) -> None:
        """On the GUI thread: call exactly one callback, unless dropped."""
        if self._done:
            return
        owner, outcome = self._owner, self._outcome
        on_success, on_failure = self._on_success, self._on_failure
        self._finish()
        if owner is None or not shiboken6.isValid(owner) or outcome is None:
            return
        if isinstance(outcome, _Succeeded):
            assert on_success is not None
            on_success(outcome.value)
        elif on_failure is not None:
            on_failure(outcome.error)
        else:
            error = outcome.error
            _log.error(
                "background task %r failed",
                self.description,
                exc_info=(type(error), error, error.__traceback__),
            )

    def _finish(self) -> None:
        """Mark done and let go of the owner, callbacks and result."""
        self._done = True
        self._owner = None
        self._work = None
        self._on_success = None
        self._on_failure = None
        self._outcome = None


class TaskRunner(QObject):
    """Runs callables on its own thread pool and delivers their outcome on the GUI thread.

    Signals:
        idle: emitted on the GUI thread when the outcome of the last outstanding task has
            come back (delivered or dropped); handy for tests and a busy indicator.
    """

    idle = Signal()
    _completed = Signal(object)  # a BackgroundTask, emitted from a pool thread

    def __init__(self, parent: QObject | None = None, *, max_threads: int | None = None) -> None:
        super().__init__(parent)
        if max_threads is not None and max_threads < 1:
            raise ValueError(f"max_threads must be at least 1, not {max_threads}")
        # Not a child of `self`: the pool must outlive any emission from its threads, and
        # shutdown() waits for it explicitly.
        self._pool = QThreadPool()
        if max_threads is not None:
            self._pool.setMaxThreadCount(max_threads)
        self._active: set[BackgroundTask[Any]] = set()
        self._closed = False
        self._completed.connect(self._on_completed, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        owner: QObject,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[Exception], None] | None = None,
        *,
        description: str = "",
    ) -> BackgroundTask[T]:
        """Start `work` on the pool; deliver its outcome to the callbacks on this thread.

        `owner` gates delivery: once it is destroyed, the outcome is dropped. Raises
        `RuntimeError` if called off the GUI thread or after `shutdown()`.
        """
        if QThread.currentThread() is not self.thread():
            raise RuntimeError("TaskRunner.run() must be called on the thread that owns it")
        if self._closed:
            raise RuntimeError("the task runner is shut down; no new background work")
        if not shiboken6.isValid(owner):
            raise RuntimeError("the owner of a background task is already deleted")
        task = BackgroundTask(
            owner, work, on_success, on_failure, description or getattr(work, "__name__", "")
        )
        self._active.add(task)
        self._pool.start(partial(self._execute, task))
        return task

    def active_count(self) -> int:
        """Tasks started whose outcome has not come back to this thread yet."""
        return len(self._active)

    def wait_for_all(self, timeout_ms: int = -1) -> bool:
        """Block until every started `work` has returned (results arrive by the event loop).

        Returns False if `timeout_ms` passed first. Meant for shutdown and tests, never for
        the GUI thread during normal operation.
        """
        return bool(self._pool.waitForDone(timeout_ms))

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Refuse new tasks, drop every pending result, and wait for running work.

        Work not yet started is not started. Returns False if running work was still busy
        after `timeout_ms`.
        """
        self._closed = True
        self._pool.clear()
        for task in list(self._active):
            task.cancel()
        self._active.clear()
        return self.wait_for_all(timeout_ms)

    @property
    def is_shut_down(self) -> bool:
        return self._closed

    def _execute(self, task: BackgroundTask[Any]) -> None:
        task._execute()
        self._completed.emit(task)

    @Slot(object)
    def _on_completed(self, task: BackgroundTask[Any]) -> None:
        self._active.discard(task)
        try:
            task._deliver()
        finally:
            if not self._active:
                self.idle.emit()
