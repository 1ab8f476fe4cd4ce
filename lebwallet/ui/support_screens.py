"""Support's screens in the running app: "Contact support" forms (one per order) and the
Support view (one), plus the window's menu entry for it. The app creates one
`SupportScreens` and hands it order ids; this keeps the app's wiring to a few lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QStatusBar, QWidget

from lebwallet.ui.tasks import TaskRunner

# The dialogs (and the store's types they name) are imported when first opened.
_log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from lebwallet.services.support_backend import SupportBackend
    from lebwallet.services.support_values import SupportReply
    from lebwallet.ui.support_form import SupportFormDialog
    from lebwallet.ui.support_view import SupportDialog


POLL_MS = 60_000


class SupportScreens(QObject):
    """See the module docstring. `backend` gives None while no provider is signed in.

    Every `poll_ms` it asks the provider for replies on the `TaskRunner` (never on the GUI
    thread); the same poll sends what was written offline, once.

    Signals:
        replies_arrived(object): new replies (`list[SupportReply]`), each told once.
    """

    replies_arrived = Signal(object)

    def __init__(
        self,
        backend: Callable[[], SupportBackend | None],
        runner: TaskRunner,
        window: QMainWindow,
        menu: QMenu | None = None,
        *,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(window)
        self._polling = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll_now)
        if poll_ms > 0:
            self._timer.start()
        self._backend = backend
        self._runner = runner
        self._window = window
        self._forms: dict[int, SupportFormDialog] = {}
        self.view: SupportDialog | None = None
        self.action = QAction(window)
        self.action.setObjectName("support_action")
        self.action.triggered.connect(lambda: self.open_view())
        if menu is not None:
            first = menu.actions()
            if first:
                menu.insertAction(first[0], self.action)
            else:
                menu.addAction(self.action)
        window.installEventFilter(self)
        self._retranslate()

    def _signed_in_backend(self) -> SupportBackend | None:
        backend = self._backend()
        if backend is None:
            status = self._window.statusBar()
            if isinstance(status, QStatusBar):
                status.showMessage(self.tr("Sign in to the provider first."), 5000)
        return backend

    def open_form(
        self, order_local_id: int, parent: QWidget | None = None
    ) -> SupportFormDialog | None:
        """The "Contact support" form about one order (one per order)."""
        from lebwallet.ui.support_form import SupportFormDialog

        form = self._forms.get(order_local_id)
        if form is None:
            backend = self._signed_in_backend()
            if backend is None:
                return None
            form = SupportFormDialog(
                backend, self._runner, order_local_id, parent=parent or self._window
            )
            form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self._forms[order_local_id] = form
            form.finished.connect(lambda _r: self._forms.pop(order_local_id, None))
            form.sent.connect(lambda _result: self._refresh_view())
        form.show()
        form.raise_()
        form.activateWindow()
        return form

    def open_view(self, select: int | None = None) -> SupportDialog | None:
        """The Support view (one), with the request `select` chosen."""
        from lebwallet.ui.support_view import SupportDialog

        if self.view is None:
            backend = self._signed_in_backend()
            if backend is None:
                return None
            view = SupportDialog(backend, self._runner, parent=self._window)
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.finished.connect(lambda _r: self._forget_view())
            self.view = view
        if select is not None:
            self.view.select(select)
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        return self.view

    def poll_now(self) -> None:
        """Send what waits and fetch new replies, in the background."""
        if self._polling or self._runner.is_shut_down:
            return
        backend = self._backend()
        if backend is None:
            return
        self._polling = True
        self._runner.run(
            self, backend.poll, self._on_polled, self._on_poll_failed, description="support: poll"
        )

    def _on_polled(self, replies: list[SupportReply]) -> None:
        self._polling = False
        if replies:
            self._refresh_view()
            self.replies_arrived.emit(replies)

    def _on_poll_failed(self, error: Exception) -> None:
        self._polling = False
        _log.info("support: poll failed (tried again later): %s", error)

    def _forget_view(self) -> None:
        self.view = None

    def _refresh_view(self) -> None:
        if self.view is not None:
            self.view.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if watched is self._window and event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        return False

    def _retranslate(self) -> None:
        self.action.setText(self.tr("Support…"))
        self.action.setToolTip(self.tr("Your support requests about orders and their answers"))
