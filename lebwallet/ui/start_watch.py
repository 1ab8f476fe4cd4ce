"""Watching the app's start: `StartWatch`.

Logs the window's first paint and the stored cards shown, with their time (for the start-up
benchmark; when `lebwallet.app` built the window it logs and times these itself), freezes
the start-up's garbage once the store has been read, and with ``--quit-when-ready`` exits 0
once the window is ready — the stored cards painted, and the store itself opened and read —
or 1 when it is not ready in `READY_TIMEOUT_MS`.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from lebwallet.ui.main_window import MainWindow

_log = logging.getLogger(__name__)

READY_TIMEOUT_MS: Final = 60_000
"""--quit-when-ready gives up (exit 1) when the window is not ready in this time."""


class StartWatch(QObject):
    """See the module docstring. `stopped()` says the app is shutting down (no exit then)."""

    def __init__(
        self,
        qt_app: QApplication,
        window: MainWindow,
        stopped: Callable[[], bool],
        *,
        quit_when_ready: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._qt_app = qt_app
        self._window = window
        self._stopped = stopped
        self._quit_when_ready = quit_when_ready
        self.exit_code = 0
        self.store_read = False
        window.store_read.connect(self._on_store_read)

    def watch(self, *, log_paints: bool) -> None:
        """From `WalletApp.start`: `log_paints` when the app built the window itself."""
        window = self._window
        if log_paints:
            window.first_painted.connect(self._first_paint)
            window.cards_painted.connect(self._shown)
        if self._quit_when_ready:
            window.cards_painted.connect(self._ready)
            window.store_read.connect(self._ready)
            if log_paints:
                QTimer.singleShot(READY_TIMEOUT_MS, self._not_ready)

    def _first_paint(self) -> None:
        _log.info("main window first paint (t=%.3f)", time.time())

    def _shown(self) -> None:
        _log.info(
            "main window shown with %d stored cards (t=%.3f)",
            self._window.cards_model.rowCount(),
            time.time(),
        )

    def _ready(self) -> None:
        if self._stopped() or not (self._window.cards_shown and self.store_read):
            return
        _log.info("main window ready (--quit-when-ready)")
        self.exit_code = 0
        self._qt_app.exit(0)

    def _on_store_read(self) -> None:
        if not self.store_read:
            # The start-up's objects (modules, the store's mappings, the cards) will live as
            # long as the app: keep the collector's full passes — which stop every thread —
            # off them, so that they stay short while the user scrolls (see also the
            # refresher's start).
            gc.collect()
            gc.freeze()
        self.store_read = True

    def _not_ready(self) -> None:
        if not self._stopped():
            _log.error("the main window did not become ready in time")
            self.exit_code = 1
            self._qt_app.exit(1)
