"""Cyclic garbage collection on the GUI thread only.

CPython runs an automatic collection in whichever thread happens to allocate past the
collector's threshold. When that is a worker thread (the task runner, the order refresher)
and the garbage holds a Qt object made on the GUI thread — a dialog or a lambda connected to
a widget, caught in a reference cycle — the object is destroyed in the wrong thread, and Qt
crashes the process (seen: a segfault in a task runner thread, "Garbage-collecting"). So,
as qutebrowser does, automatic collection stays off for the life of the app and a timer on
the GUI thread runs whichever generation is due, by the collector's own thresholds.

    collector = GuiThreadCollector(app)   # turns automatic collection off
    collect_due()                         # what the timer does (also used by the tests)

Once work calms down after a burst (a tick with nothing due after ticks that collected), and
at most every `TRIM_EVERY_S`, the collector also hands the free heap back to the OS
(`lebwallet.memory.release_free_memory`: a sync leaves ~50 MiB of freed heap resident).
An idle app has nothing due: no trim, and each tick costs only a look at the counts.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QObject, QTimer

from lebwallet.memory import release_free_memory

INTERVAL_MS: Final = 1_000
TRIM_EVERY_S: Final = 30.0


def collect_due() -> int | None:
    """Collect the oldest generation whose count has passed its threshold (as the automatic
    collector would); returns the generation collected, or None when none was due."""
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    due = None
    for generation, (count, threshold) in enumerate(zip(counts, thresholds, strict=True)):
        if threshold and count > threshold:
            due = generation
    if due is not None:
        gc.collect(due)
    return due


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects what is due every `interval_ms` on the
    thread this object lives in (make it on the GUI thread); hands free heap back after a
    burst (see the module docstring; `trim` is `release_free_memory` unless given)."""

    def __init__(
        self,
        parent: QObject | None = None,
        interval_ms: int = INTERVAL_MS,
        *,
        trim_every_s: float = TRIM_EVERY_S,
        trim: Callable[[], bool] = release_free_memory,
    ) -> None:
        super().__init__(parent)
        gc.disable()
        self._trim = trim
        self._trim_every_s = trim_every_s
        self._worked = False
        """Collections were due since the last trim."""
        self._trimmed_at = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        if collect_due() is not None:
            self._worked = True
            return
        now = time.monotonic()
        if self._worked and now - self._trimmed_at >= self._trim_every_s:
            self._worked = False
            self._trimmed_at = now
            self._trim()
