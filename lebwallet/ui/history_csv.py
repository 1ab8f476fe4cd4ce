"""The history as a CSV file: every order matching the filters, paged from the backend.

The column headers are in the user's language (context "HistoryCsv"); the fields are
spreadsheet-friendly: amounts as plain decimals beside their currency codes, times in UTC
(ISO 8601). The file is UTF-8 with a BOM, written to a ``.part`` file and renamed when done.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from datetime import UTC
from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication

from lebwallet.services.wallet_api import HistoryEntry, HistoryQuery, WalletBackend
from lebwallet.ui.order_texts import charge_word, order_status_text, payment_method_text

EXPORT_PAGE: Final = 500


def export_csv(
    backend: WalletBackend,
    query: HistoryQuery,
    path: Path,
    headers: Sequence[str],
    row_of: Callable[[HistoryEntry], Sequence[str]],
) -> int:
    """Write every order matching `query` to `path` as CSV (UTF-8 with BOM for spreadsheets).

    Blocking: run it in the background. Returns the number of orders written.
    """
    count = 0
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        cursor: object | None = None
        while True:
            chunk = backend.history_page(query, cursor, EXPORT_PAGE)
            for entry in chunk.entries:
                writer.writerow(row_of(entry))
            count += len(chunk.entries)
            cursor = chunk.cursor
            if cursor is None:
                break
    tmp.replace(path)
    return count


def csv_headers() -> list[str]:
    """The column headers of `csv_row`, in the user's language (read on the GUI thread)."""
    # Literal context and text in every call, so that pyside6-lupdate extracts them.
    return [
        QCoreApplication.translate("HistoryCsv", "Order"),
        QCoreApplication.translate("HistoryCsv", "Provider reference"),
        QCoreApplication.translate("HistoryCsv", "Card"),
        QCoreApplication.translate("HistoryCsv", "Status"),
        QCoreApplication.translate("HistoryCsv", "Amount"),
        QCoreApplication.translate("HistoryCsv", "Currency"),
        QCoreApplication.translate("HistoryCsv", "Bonus"),
        QCoreApplication.translate("HistoryCsv", "Total"),
        QCoreApplication.translate("HistoryCsv", "Total currency"),
        QCoreApplication.translate("HistoryCsv", "Payment"),
        QCoreApplication.translate("HistoryCsv", "Method"),
        QCoreApplication.translate("HistoryCsv", "Ordered (UTC)"),
        QCoreApplication.translate("HistoryCsv", "Credited (UTC)"),
        QCoreApplication.translate("HistoryCsv", "Note"),
    ]


def csv_row(entry: HistoryEntry) -> list[str]:
    """One order as CSV fields: amounts as plain decimals with their currency codes."""
    return [
        str(entry.local_id),
        entry.provider_id or "",
        entry.card_name,
        order_status_text(entry.status),
        str(entry.amount.amount),
        entry.amount.currency,
        str(entry.bonus.amount),
        str(entry.total.amount),
        entry.total.currency,
        charge_word(entry.charge),
        payment_method_text(entry.payment_method),
        entry.created_at.astimezone(UTC).isoformat(),
        entry.credited_at.astimezone(UTC).isoformat() if entry.credited_at else "",
        entry.failure_reason or "",
    ]
