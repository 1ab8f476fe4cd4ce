"""Order history as a lazily filled table: keyset pages fetched in the background.

`HistoryModel.set_query(query)` starts over with new filters: the model is reset and the
first page is requested. A view asks for more rows through `canFetchMore` / `fetchMore`
when it scrolls near the end; each call starts at most one background page request, and
the page's rows are inserted when it arrives. Results of an older query are dropped, so
typing in the search box never mixes rows of two filters.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from lebwallet.domain.recharge import PaymentMethod
from lebwallet.services.wallet_api import HistoryChunk, HistoryEntry, HistoryQuery, WalletBackend
from lebwallet.ui.icons import order_status_icon
from lebwallet.ui.money_format import format_datetime, format_money
from lebwallet.ui.order_texts import order_status_text, payment_method_text, total_text
from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE: Final = 200
LOCAL_ID_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
STATUS_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 2
# `data` is the hot path of painting (about eight roles per cell): plain ints, no enums.
_DISPLAY: Final = int(Qt.ItemDataRole.DisplayRole)
_DECORATION: Final = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP: Final = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT: Final = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT: Final = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class HistoryColumn(IntEnum):
    STATUS = 0
    CARD = 1
    AMOUNT = 2
    TOTAL = 3
    METHOD = 4
    CREATED = 5
    UPDATED = 6
    NOTE = 7


def matches(entry: HistoryEntry, query: HistoryQuery) -> bool | None:
    """Whether `entry` belongs under `query`'s filters; None when only the store can tell
    (a search text)."""
    if query.card_id is not None and entry.card_id != query.card_id:
        return False
    if query.statuses is not None and entry.status not in query.statuses:
        return False
    if query.start is not None and entry.created_at < query.start:
        return False
    if query.end is not None and entry.created_at >= query.end:
        return False
    return None if query.text else True


def payment_methods_named(text: str) -> frozenset[str]:
    """The codes of the methods whose name, in the current language, contains `text`."""
    folded = text.strip().casefold()
    if not folded:
        return frozenset()
    return frozenset(
        m.value for m in PaymentMethod if folded in payment_method_text(m.value).casefold()
    )


class HistoryModel(QAbstractTableModel):
    """Orders, newest first, loaded page by page (see the module docstring).

    Signals:
        page_loaded(int): a page arrived; the argument is the number of rows now held.
        load_failed(str): a page could not be loaded; the reason.
    """

    page_loaded = Signal(int)
    load_failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        backend: WalletBackend,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend = backend
        self._page_size = page_size
        self._query = HistoryQuery()
        self._entries: list[HistoryEntry] = []
        self._cursor: object | None = None
        self._exhausted = True
        self._fetching = False
        self._failed = False
        """The last page request failed (`retry` asks again)."""
        self._generation = 0
        self._started = False
        self._headers: dict[HistoryColumn, str] = {}
        self._texts: dict[int, tuple[str, ...]] = {}
        """Display texts of the rows painted so far, by order id (computed once per row)."""
        self.retranslate()

    # --- queries --------------------------------------------------------------------------

    @property
    def query(self) -> HistoryQuery:
        return self._query

    @property
    def is_fetching(self) -> bool:
        return self._fetching

    @property
    def started(self) -> bool:
        return self._started

    def entry_at(self, row: int) -> HistoryEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def set_query(self, query: HistoryQuery) -> None:
        """Start over with `query`; the first page is requested at once."""
        self.beginResetModel()
        self._query = query
        self._entries = []
        self._texts = {}
        self._cursor = None
        self._exhausted = False
        self._fetching = False
        self._failed = False
        self._generation += 1
        self._started = True
        self.endResetModel()
        self._request_page()

    def reload(self) -> None:
        if self._started:
            self.set_query(self._query)

    def refresh_orders(self, local_ids: Sequence[int]) -> None:
        """Bring these orders' rows up to date in place (selection and scroll stay). A row
        that no longer matches the filters (its status moved) leaves; an order not loaded
        yet is added on top when it matches them (with a search text, the next reload
        shows it: only the store knows what the text matches)."""
        if not self._started or not local_ids:
            return
        generation, ids = self._generation, tuple(local_ids)
        self._runner.run(
            self,
            lambda: self._backend.history_entries(ids),
            lambda entries: self._on_entries(generation, entries),
            lambda error: _log.warning("history rows not refreshed: %s", error),
            description="history rows",
        )

    def refresh_new(self) -> None:
        """Add the orders made since the newest row shown that match the filters, wherever
        they were made (autopilot, another desktop, the command line): nothing announces
        those, so the store is asked. More than a page of them: the history starts over."""
        if not self._started or self._fetching:
            return
        newest = self._entries[0] if self._entries else None
        query = self._query
        if newest is not None and (query.start is None or query.start < newest.created_at):
            query = replace(query, start=newest.created_at)
        generation, limit = self._generation, self._page_size
        self._runner.run(
            self,
            lambda: self._backend.history_page(query, None, limit),
            lambda chunk: self._on_new(generation, chunk),
            lambda error: _log.warning("new history rows not read: %s", error),
            description="new history rows",
        )

    def _on_new(self, generation: int, chunk: HistoryChunk) -> None:
        if generation != self._generation or self._fetching:
            return
        if chunk.cursor is not None:
            self.reload()  # more new orders than a page: read the history again
            return
        self._on_entries(generation, chunk.entries, matching=True)

    def _on_entries(
        self, generation: int, entries: tuple[HistoryEntry, ...], *, matching: bool = False
    ) -> None:
        """Update the rows of `entries`, add the ones not shown that match the filters
        (`matching`: the store found them under the filters, search text included)."""
        if generation != self._generation:
            return
        rows = {entry.local_id: row for row, entry in enumerate(self._entries)}
        fresh: list[HistoryEntry] = []
        last_column = self.columnCount() - 1
        gone: list[int] = []
        for entry in entries:
            row = rows.get(entry.local_id)
            if row is None:
                if matching or matches(entry, self._query):
                    fresh.append(entry)
                continue
            self._entries[row] = entry
            self._texts.pop(entry.local_id, None)
            if matches(entry, self._query) is False:
                gone.append(row)
                continue
            self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
        for row in sorted(gone, reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._entries[row]
            self.endRemoveRows()
        if fresh:
            fresh.sort(key=lambda e: (e.created_at, e.local_id), reverse=True)
            self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
            self._entries[0:0] = fresh
            self.endInsertRows()

    # --- lazy loading ---------------------------------------------------------------------

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._request_page()

    def _request_page(self) -> None:
        if self._fetching or self._exhausted:
            return
        self._fetching = True
        generation, query, cursor, limit = (
            self._generation,
            self._query,
            self._cursor,
            self._page_size,
        )
        self._runner.run(
            self,
            lambda: self._backend.history_page(query, cursor, limit),
            lambda chunk: self._on_page(generation, chunk),
            lambda error: self._on_failed(generation, error),
            description="history page",
        )

    def _on_page(self, generation: int, chunk: HistoryChunk) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._cursor = chunk.cursor
        self._exhausted = chunk.cursor is None
        if chunk.entries:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(chunk.entries) - 1)
            self._entries.extend(chunk.entries)
            self.endInsertRows()
        if chunk.cursor is not None and len(chunk.entries) < self._page_size:
            # A short text is searched a bounded window per page: go on to the next window
            # (the view asks for more only when rows arrive).
            self._request_page()
        self.page_loaded.emit(len(self._entries))

    def _on_failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._exhausted = True
        self._failed = True
        _log.warning("history page not loaded: %s", error)
        self.load_failed.emit(str(error))

    def retry(self) -> None:
        """Ask again for the page that could not be read."""
        if self._started and self._failed:
            self._failed = False
            self._exhausted = False
            self._request_page()

    # --- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HistoryColumn)

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        try:
            return self._headers[HistoryColumn(section)]
        except ValueError:
            return None

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        row = index.row()
        if row < 0 or row >= len(self._entries) or not index.isValid():
            return None
        entry = self._entries[row]
        column = index.column()
        if role == _DISPLAY:
            texts = self._texts.get(entry.local_id)
            if texts is None:
                texts = tuple(self.display_text(entry, c) for c in HistoryColumn)
                self._texts[entry.local_id] = texts
            return texts[column] if 0 <= column < len(texts) else None
        if role == LOCAL_ID_ROLE:
            return entry.local_id
        if role == STATUS_ROLE:
            return entry.status.value
        if role == _DECORATION and column == HistoryColumn.STATUS:
            return order_status_icon(entry.status)
        if role == _TOOLTIP and column == HistoryColumn.NOTE:
            return entry.failure_reason
        if role == _ALIGNMENT and column in (HistoryColumn.AMOUNT, HistoryColumn.TOTAL):
            return _RIGHT
        return None

    def display_text(self, entry: HistoryEntry, column: HistoryColumn) -> str:
        if column is HistoryColumn.STATUS:
            return order_status_text(entry.status)
        if column is HistoryColumn.CARD:
            return entry.card_name
        if column is HistoryColumn.AMOUNT:
            text = format_money(entry.amount)
            if entry.bonus.is_positive:
                bonus = format_money(entry.bonus, always_sign=True)
                return self.tr("%1 (%2 bonus)").replace("%1", text).replace("%2", bonus)
            return text
        if column is HistoryColumn.TOTAL:
            return total_text(entry.charge, entry.total)
        if column is HistoryColumn.METHOD:
            return payment_method_text(entry.payment_method)
        if column is HistoryColumn.CREATED:
            return format_datetime(entry.created_at)
        if column is HistoryColumn.UPDATED:
            return format_datetime(entry.credited_at or entry.updated_at)
        if entry.automatic and not entry.failure_reason:
            return self.tr("Automatic keep-alive top-up")
        return entry.failure_reason or ""

    def retranslate(self) -> None:
        self._headers = {
            HistoryColumn.STATUS: self.tr("Status"),
            HistoryColumn.CARD: self.tr("Card"),
            HistoryColumn.AMOUNT: self.tr("Amount"),
            HistoryColumn.TOTAL: self.tr("Total"),
            HistoryColumn.METHOD: self.tr("Method"),
            HistoryColumn.CREATED: self.tr("Ordered"),
            HistoryColumn.UPDATED: self.tr("Updated"),
            HistoryColumn.NOTE: self.tr("Note"),
        }
        self._texts = {}
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HistoryColumn) - 1)
        if self._entries:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._entries) - 1, len(HistoryColumn) - 1)
            )
