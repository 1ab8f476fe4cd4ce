"""A load that failed, in words, with a Retry button next to it.

Every load that can fail (cards, sync, a card's balance history, the history pages, the
wizard's cards and prices) says so in a `RetryBar` where the user looks, and offers to try
again there — rather than a bare message, a log line, or an empty form:

    self.retry_bar.show_failure(self.tr("The prices could not be loaded: %1")…, self.reload)

Retry hides the bar and calls the given function once; the caller shows the bar again if
the next attempt fails too, and calls `clear()` once a load succeeds.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget


class RetryBar(QFrame):
    """A failure message and a Retry button (hidden while nothing has failed).

    Signals:
        retried(): the user pressed Retry (after the retry function was called).
    """

    retried = Signal()

    def __init__(self, parent: QWidget | None = None, *, name: str = "retry_bar") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel(self)
        self.message.setObjectName(f"{name}_message")
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName(f"{name}_button")
        self.retry_button.clicked.connect(self.retry)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button)
        self._retry: Callable[[], None] | None = None
        self._retranslate()
        self.setVisible(False)

    @property
    def failed(self) -> bool:
        """Whether a failure is shown (and Retry offered)."""
        return self._retry is not None

    def show_failure(self, text: str, retry: Callable[[], None]) -> None:
        """Say what failed (`text`, translated) and offer `retry`."""
        self._retry = retry
        self.message.setText(text)
        self.setVisible(True)

    def clear(self) -> None:
        """Nothing has failed (any more)."""
        self._retry = None
        self.message.clear()
        self.setVisible(False)

    def retry(self) -> None:
        retry = self._retry
        self.clear()
        if retry is not None:
            retry()
            self.retried.emit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.retry_button.setText(self.tr("Retry"))
