"""The cards table: one row per bound card, updated in place by card id.

`CardsModel.set_cards(cards)` compares the new list with the rows it has: a card already
shown has its row updated (`dataChanged`), a new card is appended, a card that is gone is
removed. Rows are never reset, so a view's selection and scroll position survive a sync.

Sorted by `CardsModel.sort` (days as numbers, balances grouped by currency then by exact
amount, text case-folded; the `SORT_ROLE` values), which orders the rows with one key per
card and keeps them in order as cards change; `CardsSortProxy` hands its sort to the model
and filters by free text. (The proxy's own sort asked the model for two keys per comparison,
each a call from Qt into Python: 230-380 ms for 1,000 cards at the start.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush

from lebwallet.clock import utc_today
from lebwallet.domain.cards import Card, CardSource, CardStatus, KeepAliveState
from lebwallet.ui.i18n_text import carrier_name, deadline_text
from lebwallet.ui.icons import keep_alive_icon
from lebwallet.ui.money_format import format_date, format_money
from lebwallet.ui.theme import keep_alive_text

ModelIndex = QModelIndex | QPersistentModelIndex

CARD_ID_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
"""The card id of a row (any column)."""
SORT_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 2
"""A value that sorts the column naturally (numbers for amounts and days)."""
STATE_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 3
"""The row's `KeepAliveState`."""


class Column(IntEnum):
    LABEL = 0
    NUMBER = 1
    CARRIER = 2
    BALANCE = 3
    DEADLINE = 4
    LAST_TOPUP = 5  # the last qualifying action: a top-up, or a call/SMS/data on own cards
    STATUS = 6


_DISPLAY: Final = int(Qt.ItemDataRole.DisplayRole)
_DECORATION: Final = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND: Final = int(Qt.ItemDataRole.ForegroundRole)
_DESCRIPTION: Final = int(Qt.ItemDataRole.AccessibleDescriptionRole)
_TOOLTIP: Final = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT: Final = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT: Final = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_COLUMNS: Final = len(Column)
_DEADLINE: Final = int(Column.DEADLINE)
_BALANCE: Final = int(Column.BALANCE)
_LABEL: Final = int(Column.LABEL)


@dataclass(frozen=True, slots=True)
class _RowCache:
    texts: tuple[str, ...]
    sort_keys: tuple[Any, ...]
    state: KeepAliveState


class CardsModel(QAbstractTableModel):
    """A table over domain `Card`s (see the module docstring)."""

    def __init__(
        self, parent: QObject | None = None, *, today: Callable[[], date] = utc_today
    ) -> None:
        super().__init__(parent)
        self._cards: list[Card] = []
        self._rows: dict[str, int] = {}
        self._today = today
        self._headers: dict[Column, str] = {}
        # Display texts per card id, built once per card version: views ask for the same
        # cells many times (painting, sorting, size hints), formatting is not free.
        self._texts: dict[str, _RowCache] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        """The column and order the rows are kept in (`sort`), if any."""
        self._arrival: dict[str, int] = {}
        """When each card first came, for `cards`: the rows themselves may be sorted."""
        self._arrivals = 0
        self._retranslate()

    # --- data in --------------------------------------------------------------------------

    @property
    def cards(self) -> tuple[Card, ...]:
        """The cards in the order they first came (`set_cards`), whatever the rows' sort."""
        return tuple(sorted(self._cards, key=lambda card: self._arrival[card.id]))

    def card(self, card_id: str) -> Card | None:
        row = self._rows.get(card_id)
        return None if row is None else self._cards[row]

    def row_of(self, card_id: str) -> int | None:
        return self._rows.get(card_id)

    def set_cards(self, cards: Sequence[Card]) -> None:
        """Show exactly `cards`, updating rows in place (see the module docstring)."""
        wanted = {card.id: card for card in cards}
        # Remove rows whose card is gone, from the bottom up so row numbers stay valid.
        for row in range(len(self._cards) - 1, -1, -1):
            if self._cards[row].id not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._cards[row]
                self._reindex()
                self.endRemoveRows()
        last_column = _COLUMNS - 1
        for row, current in enumerate(self._cards):
            new = wanted[current.id]
            if new != current:
                self._cards[row] = new
                self._texts.pop(new.id, None)
                self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
        new_cards = [card for card in cards if card.id not in self._rows]
        if new_cards:
            first = len(self._cards)
            self.beginInsertRows(QModelIndex(), first, first + len(new_cards) - 1)
            self._cards.extend(new_cards)
            for new in new_cards:
                self._arrival[new.id] = self._arrivals
                self._arrivals += 1
            self._reindex()
            self.endInsertRows()
        self._resort()

    def update_card(self, card: Card) -> None:
        """Replace one card (or add it) without touching the other rows."""
        row = self._rows.get(card.id)
        if row is None:
            self.set_cards([*self._cards, card])
            return
        self._cards[row] = card
        self._texts.pop(card.id, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, _COLUMNS - 1))
        self._resort()

    def remove_card(self, card_id: str) -> None:
        self.set_cards([c for c in self._cards if c.id != card_id])

    def refresh_days(self) -> None:
        """Recompute day counts and colours (call when the date changes)."""
        self._texts.clear()
        if self._cards:
            self.dataChanged.emit(
                self.index(0, Column.DEADLINE), self.index(len(self._cards) - 1, Column.DEADLINE)
            )
        self._resort()

    def _reindex(self) -> None:
        self._rows = {card.id: row for row, card in enumerate(self._cards)}
        self._texts = {k: v for k, v in self._texts.items() if k in self._rows}
        self._arrival = {k: v for k, v in self._arrival.items() if k in self._rows}

    def _row(self, card: Card) -> _RowCache:
        cached = self._texts.get(card.id)
        if cached is None:
            today = self._today()
            texts = tuple(self._display(card, column) for column in Column)
            sort_keys = tuple(self._sort_value(card, column, texts, today) for column in Column)
            cached = _RowCache(texts, sort_keys, card.keep_alive_state(today))
            self._texts[card.id] = cached
        return cached

    # --- sorting --------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by `column`'s `SORT_ROLE` values (a stable sort, as Qt's), and keep
        them so as cards change; a column of -1 leaves the rows as they are from now on."""
        self._sort = (column, order) if 0 <= column < _COLUMNS else None
        self._resort()

    def _sort_key(self, card: Card, column: int, today: date) -> Any:
        if column == _DEADLINE:  # the default sort: no need to format the row for it
            return card.days_left(today)
        return self._row(card).sort_keys[column]

    def _resort(self) -> None:
        if self._sort is None or len(self._cards) < 2:
            return
        column, order = self._sort
        today = self._today()
        keys = [self._sort_key(card, column, today) for card in self._cards]
        descending = order == Qt.SortOrder.DescendingOrder
        rows = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
        if rows == list(range(len(rows))):
            return
        self.layoutAboutToBeChanged.emit()
        new_row = [0] * len(rows)
        for new, old in enumerate(rows):
            new_row[old] = new
        self._cards = [self._cards[old] for old in rows]
        self._rows = {card.id: row for row, card in enumerate(self._cards)}
        held = self.persistentIndexList()
        self.changePersistentIndexList(
            held, [self.index(new_row[index.row()], index.column()) for index in held]
        )
        self.layoutChanged.emit()

    # --- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._cards)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else _COLUMNS

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        try:
            return self._headers[Column(section)]
        except ValueError:
            return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Hot path (painting, and the proxy's sort asks twice per comparison): plain ints.
        row_number = index.row()
        if row_number < 0 or row_number >= len(self._cards) or not index.isValid():
            return None
        card = self._cards[row_number]
        column = index.column()
        if role == _DISPLAY:
            return self._row(card).texts[column]
        if role == SORT_ROLE:
            return self._row(card).sort_keys[column]
        if role == CARD_ID_ROLE:
            return card.id
        if column == _LABEL and role == _TOOLTIP:
            return card.label  # the full label, when the column elides it
        state = self._row(card).state
        if role == STATE_ROLE:
            return state.value
        if column == _DEADLINE:
            if role == _DECORATION:
                return keep_alive_icon(state)
            if role == _FOREGROUND:  # readable on the palette's base, light or dark
                colour = keep_alive_text(state)
                return QBrush(colour) if colour is not None else None
            if role in (_TOOLTIP, _DESCRIPTION):  # the state in words, not only colour
                return self._state_text(state)
        elif column == _BALANCE and role == _ALIGNMENT:
            return _RIGHT
        return None

    def _display(self, card: Card, column: Column) -> str:
        if column is Column.LABEL:
            return card.label or self.tr("(no label)")
        if column is Column.NUMBER:
            return card.masked_number
        if column is Column.CARRIER:
            return f"{carrier_name(card)} · {card.region}"
        if column is Column.BALANCE:
            if card.source is CardSource.LOCAL:
                return "—"  # a card of the user's own: the wallet does not know its balance
            return format_money(card.balance)
        if column is Column.DEADLINE:
            days = card.days_left(self._today())
            return deadline_text(card.last_day, days)
        if column is Column.LAST_TOPUP:
            last = card.last_qualifying_topup
            return format_date(last.date()) if last is not None else self.tr("never")
        return self._status_text(card.status)

    def _sort_value(self, card: Card, column: Column, texts: tuple[str, ...], today: date) -> Any:
        if column is Column.BALANCE:
            # Group by currency, then by amount; the amount as text keeps Decimal exact.
            return f"{card.currency}{card.balance.amount:020.4f}"
        if column is Column.DEADLINE:
            return card.days_left(today)
        if column is Column.LAST_TOPUP:
            last = card.last_qualifying_topup
            return last.isoformat() if last is not None else ""
        return texts[column].casefold()

    def _status_text(self, status: CardStatus) -> str:
        return {
            CardStatus.PENDING_ACTIVATION: self.tr("Pending activation"),
            CardStatus.ACTIVE: self.tr("Active"),
            CardStatus.SUSPENDED: self.tr("Suspended"),
            CardStatus.RECYCLED: self.tr("Recycled"),
        }[status]

    def _state_text(self, state: KeepAliveState) -> str:
        return {
            KeepAliveState.OK: self.tr("Keep-alive deadline is far away"),
            KeepAliveState.DUE_SOON: self.tr("The deadline is near: top up soon"),
            KeepAliveState.URGENT: self.tr("Top up this week or lose the number"),
            KeepAliveState.LAPSED: self.tr("The deadline has passed"),
        }[state]

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-read every text (called by the window on a language change)."""
        self._retranslate()
        self._texts.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, _COLUMNS - 1)
        if self._cards:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._cards) - 1, _COLUMNS - 1))
        self._resort()

    def _retranslate(self) -> None:
        self._headers = {
            Column.LABEL: self.tr("Label"),
            Column.NUMBER: self.tr("Number"),
            Column.CARRIER: self.tr("Carrier"),
            Column.BALANCE: self.tr("Balance"),
            Column.DEADLINE: self.tr("Keep alive by"),
            Column.LAST_TOPUP: self.tr("Last qualifying action"),
            Column.STATUS: self.tr("Status"),
        }


class CardsSortProxy(QSortFilterProxyModel):
    """Filters `CardsModel` rows by free text; its sort is the model's (`CardsModel.sort`),
    so the proxy itself keeps the model's order. Over another model it sorts by `SORT_ROLE`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, CardsModel):
            source.sort(column, order)
        else:
            super().sort(column, order)
