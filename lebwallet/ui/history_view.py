"""The History tab: filters over the lazily loaded order table, CSV export, PDF receipts.

Filters (card, status, date range, text) rebuild the `HistoryQuery`; typing in the search
box waits for a short pause before querying. "Export CSV…" writes every order that matches
the filters (`lebwallet.ui.history_csv`: paged in the background, not only the rows loaded so
far). "PDF receipt…" writes a one-page receipt of the selected credited order
(`lebwallet.ui.receipt`). Both ask where to save in the folder of `save_folder`
(`lebwallet.ui.save_location`). Double-click, Enter or the context menu asks for the order's
details (`order_details_requested`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from PySide6.QtCore import QDate, QEvent, QLocale, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.cards import Card
from lebwallet.domain.orders import OrderStatus
from lebwallet.services.wallet_api import HistoryEntry, HistoryQuery, WalletBackend
from lebwallet.ui.history_csv import csv_headers, csv_row, export_csv
from lebwallet.ui.history_model import HistoryColumn, HistoryModel, payment_methods_named
from lebwallet.ui.order_details_trigger import OrderDetailsTrigger
from lebwallet.ui.order_texts import order_status_text
from lebwallet.ui.receipt import write_receipt_pdf
from lebwallet.ui.retry_bar import RetryBar
from lebwallet.ui.save_location import SaveFolder, ask_save_path
from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)

SEARCH_DELAY_MS: Final = 300


class HistoryView(QWidget):
    """The History tab (see the module docstring).

    Signals:
        exported(str, int): a CSV file was written: its path and the number of orders.
        receipt_written(str): a PDF receipt was written to this path.
        order_details_requested(int): show the details of the order with this local id.
    """

    exported = Signal(str, int)
    receipt_written = Signal(str)
    order_details_requested = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        backend: WalletBackend,
        parent: QWidget | None = None,
        *,
        save_folder: SaveFolder | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend = backend
        self.save_folder = save_folder if save_folder is not None else SaveFolder(parent=self)
        self.model = HistoryModel(runner, backend, self)

        self.card_filter = QComboBox(self)
        self.status_filter = QComboBox(self)
        self.date_filter = QCheckBox(self)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addMonths(-1), self)
        self.date_to = QDateEdit(today, self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setEnabled(False)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.export_button = QPushButton(self)
        self.receipt_button = QPushButton(self)
        self.message = QLabel(self)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.details_trigger = OrderDetailsTrigger(self.table, self.model.entry_at)
        self.details_trigger.requested.connect(self.order_details_requested)
        # Fixed widths: ResizeToContents would measure every row on each page.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (HistoryColumn.STATUS, 150),
            (HistoryColumn.CARD, 160),
            (HistoryColumn.AMOUNT, 150),
            (HistoryColumn.TOTAL, 110),
            (HistoryColumn.METHOD, 100),
            (HistoryColumn.CREATED, 140),
            (HistoryColumn.UPDATED, 140),
        ):
            header.resizeSection(column, width)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)

        filters = QHBoxLayout()
        filters.addWidget(self.card_filter)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.date_filter)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.receipt_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.retry_bar = RetryBar(self, name="history_retry")
        layout.addWidget(self.retry_bar)
        layout.addLayout(buttons)

        self._cards: tuple[Card, ...] = ()
        self._shown_rows: int | None = None
        self._retranslate()
        self.card_filter.currentIndexChanged.connect(self.apply_filters)
        self.status_filter.currentIndexChanged.connect(self.apply_filters)
        self.date_filter.toggled.connect(self._on_date_toggled)
        self.date_from.dateChanged.connect(self.apply_filters)
        self.date_to.dateChanged.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.export_button.clicked.connect(self._choose_export_path)
        self.receipt_button.clicked.connect(self._choose_receipt_path)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.page_loaded.connect(self._on_page_loaded)
        self.model.rowsInserted.connect(lambda *_args: self._on_rows_changed())
        self.model.rowsRemoved.connect(lambda *_args: self._on_rows_changed())
        self.model.load_failed.connect(self._on_load_failed)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    # --- filters --------------------------------------------------------------------------

    def set_cards(self, cards: Sequence[Card]) -> None:
        """The cards offered in the card filter (the selection is kept when possible)."""
        self._cards = tuple(cards)
        current = self.card_filter.currentData()
        self.card_filter.blockSignals(True)
        self.card_filter.clear()
        self.card_filter.addItem(self.tr("All cards"), None)
        for card in self._cards:
            self.card_filter.addItem(card.display_name, card.id)
        index = self.card_filter.findData(current) if current is not None else 0
        self.card_filter.setCurrentIndex(max(index, 0))
        self.card_filter.blockSignals(False)
        if current is not None and index < 0:
            self.apply_filters()

    def ensure_loaded(self) -> None:
        """Load the first page the first time the tab is shown; later, add the orders made
        since (by autopilot, another desktop or the command line)."""
        if not self.model.started:
            self.apply_filters()
        else:
            self.model.refresh_new()

    def refresh_new(self) -> None:
        """Add the orders made since the newest one shown (once the history was loaded)."""
        self.model.refresh_new()

    def reload(self) -> None:
        self.model.reload()

    def current_query(self) -> HistoryQuery:
        card_id = self.card_filter.currentData()
        status = self.status_filter.currentData()
        statuses = None if status is None else frozenset({OrderStatus(status)})
        start = end = None
        if self.date_filter.isChecked():
            start = _start_of(self.date_from.date())
            end = _start_of(self.date_to.date()) + timedelta(days=1)
        text = self.search.text().strip() or None
        return HistoryQuery(
            card_id=card_id if isinstance(card_id, str) else None,
            statuses=statuses,
            start=start,
            end=end,
            text=text,
            payment_methods=payment_methods_named(text or ""),
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.retry_bar.clear()
        self.message.setText(self.tr("Loading…"))
        self.model.set_query(self.current_query())

    def _on_date_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(checked)
        self.date_to.setEnabled(checked)
        self.apply_filters()

    def _on_rows_changed(self) -> None:
        """Rows added or taken away in place (an order refreshed into view): the count
        follows the rows, not the last page."""
        if self._shown_rows is not None and not self.model.is_fetching:
            self._on_page_loaded(self.model.rowCount())

    def _on_page_loaded(self, rows: int) -> None:
        self._shown_rows = rows
        if rows == 0 and self.model.is_fetching:  # a short text: the next window is on its way
            self.message.setText(self.tr("Loading…"))
        elif rows == 0:
            self.message.setText(self.tr("No orders match these filters."))
        else:
            self.message.setText(self.tr("%n order(s) shown", "", rows))

    def _on_load_failed(self, reason: str) -> None:
        self.retry_bar.show_failure(
            self.tr("The history could not be read: %1").replace("%1", reason),
            self.model.retry,
        )

    # --- export and receipts --------------------------------------------------------------

    def selected_entry(self) -> HistoryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        self.receipt_button.setEnabled(entry is not None and entry.status is OrderStatus.CREDITED)

    def _choose_export_path(self) -> None:
        path = ask_save_path(
            self,
            self.save_folder,
            self.tr("Export history"),
            "lebwallet-history.csv",
            self.tr("CSV files (*.csv)"),
        )
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the filtered history to `path` in the background; `exported` when done."""
        query, headers, backend = self.current_query(), csv_headers(), self._backend
        self.export_button.setEnabled(False)
        self.message.setText(self.tr("Exporting…"))
        self._runner.run(
            self,
            lambda: export_csv(backend, query, path, headers, csv_row),
            lambda count: self._on_exported(path, count),
            self._on_export_failed,
            description="export history",
        )

    def _on_exported(self, path: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(
            self.tr("%n order(s) exported to %1", "", count).replace("%1", str(path))
        )
        self.exported.emit(str(path), count)

    def _on_export_failed(self, error: Exception) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(self.tr("The export failed: %1").replace("%1", str(error)))

    def _choose_receipt_path(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        name = f"lebwallet-receipt-{entry.provider_id or entry.local_id}.pdf"
        path = ask_save_path(
            self, self.save_folder, self.tr("Save receipt"), name, self.tr("PDF files (*.pdf)")
        )
        if path is not None:
            self.write_receipt(entry, path)

    def write_receipt(self, entry: HistoryEntry, path: Path) -> None:
        """A one-page PDF receipt of a credited order (marked on the sandbox)."""
        card = next((c for c in self._cards if c.id == entry.card_id), None)
        sandbox = self._backend.uses_sandbox or (card is not None and card.sandbox)
        write_receipt_pdf(entry, path, sandbox=sandbox)
        self.receipt_written.emit(str(path))
        self.message.setText(self.tr("Receipt saved to %1").replace("%1", str(path)))

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.model.retranslate()
            if self._shown_rows is not None and not self.model.is_fetching:
                self._on_page_loaded(self._shown_rows)
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.set_cards(self._cards)
        current_status = self.status_filter.currentData()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(self.tr("Any status"), None)
        for status in OrderStatus:
            self.status_filter.addItem(order_status_text(status), status.value)
        index = self.status_filter.findData(current_status) if current_status else 0
        self.status_filter.setCurrentIndex(max(index, 0))
        self.status_filter.blockSignals(False)
        date_format = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
        for edit in (self.date_from, self.date_to):
            edit.setLocale(QLocale())
            edit.setDisplayFormat(date_format)
        self.date_filter.setText(self.tr("From"))
        self.search.setPlaceholderText(self.tr("Search order, card or note"))
        self.export_button.setText(self.tr("Export CSV…"))
        self.receipt_button.setText(self.tr("PDF receipt…"))
        self.card_filter.setAccessibleName(self.tr("Card filter"))
        self.card_filter.setAccessibleDescription(self.tr("Shows only the orders of this card"))
        self.status_filter.setAccessibleName(self.tr("Status filter"))
        self.status_filter.setAccessibleDescription(
            self.tr("Shows only the orders with this status")
        )
        self.date_from.setAccessibleName(self.tr("First day"))
        self.date_to.setAccessibleName(self.tr("Last day"))
        for edit in (self.date_from, self.date_to):
            edit.setAccessibleDescription(self.tr("Shows only the orders of these days"))
        self.search.setAccessibleName(self.tr("Search the history"))
        self.search.setAccessibleDescription(
            self.tr("Shows only the orders whose order number, card or note contains the text")
        )
        self.table.setAccessibleName(self.tr("Order history"))


def _start_of(day: QDate) -> datetime:
    """Midnight at the start of `day` on this computer, as an aware datetime."""
    local = datetime(day.year(), day.month(), day.day()).astimezone()
    return local.astimezone(UTC)
