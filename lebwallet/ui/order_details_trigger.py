"""Asks for an order's details from a table of orders: double-click, Enter, or the context
menu's "Order details…" (the history uses it; the app opens `OrderDetailsDialog`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu


class OrderDetailsTrigger(QObject):
    """Asks for an order's details from a table of orders: double-click, Enter, or the
    context menu's "Order details…". `entry_at(row)` gives the row's order (or None).

    Signals:
        requested(int): the local id of the order to show.
    """

    requested = Signal(int)

    def __init__(
        self, view: QAbstractItemView, entry_at: Callable[[int], _HasLocalId | None]
    ) -> None:
        super().__init__(view)
        self._view = view
        self._entry_at = entry_at
        self.menu: QMenu | None = None
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.doubleClicked.connect(self.request)
        view.installEventFilter(self)

    def request(self, index: QModelIndex) -> None:
        entry = self._entry_at(index.row()) if index.isValid() else None
        if entry is not None:
            self.requested.emit(entry.local_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            watched is self._view
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._view.currentIndex().isValid()
        ):
            self.request(self._view.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _context_menu(self, pos: QPoint) -> None:
        index = self._view.indexAt(pos)
        if not index.isValid():
            return
        self._view.setCurrentIndex(index)
        self.menu = QMenu(self._view)
        action = self.menu.addAction(self.tr("Order details…"))
        action.triggered.connect(lambda: self.request(index))
        self.menu.popup(self._view.viewport().mapToGlobal(pos))


class _HasLocalId(Protocol):
    @property
    def local_id(self) -> int: ...
