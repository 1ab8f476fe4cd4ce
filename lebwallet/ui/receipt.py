"""The PDF receipt of a credited order: every figure of the order, the exchange rate when
the customer paid in another currency, and on the sandbox a mark no one can miss that no
real money moved.

`receipt_document(entry, sandbox=...)` builds the receipt as a `QTextDocument` (what the
tests read); `write_receipt_pdf` prints it to a one-page A5 PDF with `QPdfWriter`.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from lebwallet.domain.orders import OrderStatus
from lebwallet.services.wallet_api import HistoryEntry
from lebwallet.ui.money_format import format_datetime, format_money
from lebwallet.ui.order_texts import payment_method_text

_SANDBOX_STYLE: Final = (
    "color: #b00020; border: 2px solid #b00020; padding: 6px; font-weight: bold; font-size: 14pt;"
)


def receipt_title() -> str:
    return QCoreApplication.translate("Receipt", "LEB Wallet receipt")


def sandbox_mark() -> str:
    return QCoreApplication.translate(
        "Receipt", "Sandbox — no real money. This receipt is not proof of a payment."
    )


def receipt_lines(entry: HistoryEntry) -> list[tuple[str, str]]:
    """(caption, value) of every line of the receipt, in order."""
    lines = [
        (QCoreApplication.translate("Receipt", "Order"), entry.provider_id or str(entry.local_id)),
        (QCoreApplication.translate("Receipt", "Card"), entry.card_name),
        (QCoreApplication.translate("Receipt", "Amount"), format_money(entry.amount)),
        (QCoreApplication.translate("Receipt", "Bonus"), format_money(entry.bonus)),
        (QCoreApplication.translate("Receipt", "Discount"), format_money(entry.discount)),
        (QCoreApplication.translate("Receipt", "Fee"), format_money(entry.fee)),
        (QCoreApplication.translate("Receipt", "Paid"), format_money(entry.total)),
    ]
    if entry.fx_rate is not None and entry.total.currency != entry.amount.currency:
        rate = f"1 {entry.amount.currency} = {entry.fx_rate:f} {entry.total.currency}"
        lines.append((QCoreApplication.translate("Receipt", "Exchange rate"), rate))
    lines += [
        (
            QCoreApplication.translate("Receipt", "Method"),
            payment_method_text(entry.payment_method),
        ),
        (QCoreApplication.translate("Receipt", "Ordered"), format_datetime(entry.created_at)),
        (
            QCoreApplication.translate("Receipt", "Credited"),
            format_datetime(entry.credited_at) if entry.credited_at else "",
        ),
    ]
    return lines


def receipt_document(entry: HistoryEntry, *, sandbox: bool) -> QTextDocument:
    """The receipt of a credited order, `sandbox` marking it as no real money."""
    if entry.status is not OrderStatus.CREDITED:
        raise ValueError("a receipt is only for a credited order")
    parts = [f"<h2>{escape(receipt_title())}</h2>"]
    if sandbox:
        parts.append(f'<p style="{_SANDBOX_STYLE}">{escape(sandbox_mark())}</p>')
    rows = "".join(
        f'<tr><td>{escape(caption)}</td><td align="right">{escape(value)}</td></tr>'
        for caption, value in receipt_lines(entry)
    )
    parts.append(f'<table width="100%" cellpadding="3">{rows}</table>')
    document = QTextDocument()
    document.setHtml("".join(parts))
    return document


def write_receipt_pdf(entry: HistoryEntry, path: Path, *, sandbox: bool) -> None:
    """Print the receipt to a one-page A5 PDF at `path`."""
    document = receipt_document(entry, sandbox=sandbox)
    writer = QPdfWriter(str(path))
    title = receipt_title()
    writer.setTitle(f"{title} — {sandbox_mark()}" if sandbox else title)
    writer.setCreator("LEB Wallet")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    document.print_(writer)
