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
"""

from __future__ import annotations

import gc
from typing import Final

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS: Final = 1_000


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
    thread this object lives in (make it on the GUI thread)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(collect_due)
        self.timer.start()
