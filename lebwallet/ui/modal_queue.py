"""Modal dialogs one at a time: a question asked while another is open waits its turn.

At start several things may want the user's attention at once (a broken settings file, the
sign-in, a keyring that cannot keep the session, the update question). Opened directly they
stack, each window-modal over the last, and the one behind cannot be answered. Every modal
the app opens on its own goes through one `ModalQueue` instead:

    app.modals.show(box)   # opens now, or once the dialog before it has closed

A dialog that is deleted before its turn (its parent closed) is dropped from the queue.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog


class ModalQueue(QObject):
    """Opens the dialogs it is given one after another, in the order given."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._current: QDialog | None = None
        self._waiting: list[QDialog] = []

    @property
    def current(self) -> QDialog | None:
        """The dialog open now, if any."""
        if self._current is not None and not shiboken6.isValid(self._current):
            self._current = None
        return self._current

    @property
    def waiting(self) -> tuple[QDialog, ...]:
        """The dialogs waiting for their turn, first first."""
        self._waiting = [dialog for dialog in self._waiting if shiboken6.isValid(dialog)]
        return tuple(self._waiting)

    def show(self, dialog: QDialog) -> None:
        """Open `dialog` (window-modal) now if no other is open, else after the others."""
        if dialog is self.current or dialog in self.waiting:
            return
        dialog.finished.connect(lambda _result, shown=dialog: self._closed(shown))
        dialog.destroyed.connect(lambda _obj=None, gone=dialog: self._closed(gone))
        self._waiting.append(dialog)
        self._next()

    def is_queued(self, dialog: QDialog) -> bool:
        """True while `dialog` is open or waiting."""
        return dialog is self.current or dialog in self.waiting

    def _closed(self, dialog: QDialog) -> None:
        if dialog is self._current:
            self._current = None
        else:
            self._waiting = [waiting for waiting in self._waiting if waiting is not dialog]
        self._next()

    def _next(self) -> None:
        if self.current is not None:
            return
        for dialog in self.waiting:
            self._waiting.remove(dialog)
            self._current = dialog
            dialog.open()
            return
