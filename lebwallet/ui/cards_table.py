"""How the cards table holds up in a small window.

The keep-alive deadline is what a person opens the wallet for: its column comes right
after the label and is never cut, at any window size. A long label is elided (its full text
is the cell's tooltip, see `CardsModel`) instead of pushing the deadline off-screen, and the
table always shows `MIN_ROWS` rows: the details pane below gives way first.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QTableView

from lebwallet.ui.cards_model import Column

MIN_ROWS: Final = 3
"""Rows the table shows at the window's minimum size."""
LABEL_MAX_CHARS: Final = 22
"""Widest label column, in average character widths; longer labels are elided."""


def prepare_cards_table(table: QTableView) -> None:
    """Order the columns (deadline second), and reserve the height of `MIN_ROWS` rows.
    Call once the table has its model."""
    header = table.horizontalHeader()
    header.moveSection(header.visualIndex(Column.DEADLINE), 1)
    rows = table.verticalHeader().defaultSectionSize() * MIN_ROWS
    chrome = header.sizeHint().height() + table.horizontalScrollBar().sizeHint().height()
    table.setMinimumHeight(rows + chrome + 2 * table.frameWidth())


def fit_cards_columns(table: QTableView) -> None:
    """Fit the columns to the rows on screen, the label no wider than `LABEL_MAX_CHARS`."""
    table.resizeColumnsToContents()
    widest = LABEL_MAX_CHARS * table.fontMetrics().averageCharWidth()
    if table.columnWidth(Column.LABEL) > widest:
        table.setColumnWidth(Column.LABEL, widest)
