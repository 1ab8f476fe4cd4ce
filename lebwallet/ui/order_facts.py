"""The facts of one order, as a form: reference, card, status, the full price breakdown
(top-up, bonus, discount, exchange rate, fee, total, credited), payment method, times and a
note. Part of the order details dialog (`lebwallet.ui.order_details`).
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from lebwallet.domain.orders import charge_of
from lebwallet.services.order_details import OrderDetails, OrderRecord
from lebwallet.ui.money_format import format_datetime, format_money
from lebwallet.ui.order_texts import (
    credited_text,
    order_status_text,
    payment_method_text,
    total_text,
)
from lebwallet.ui.payment_panel import is_payable

FIELDS: Final = (
    "order",
    "card",
    "status",
    "amount",
    "bonus",
    "discount",
    "fx_rate",
    "fee",
    "total",
    "credited",
    "method",
    "created",
    "expires",
    "credited_at",
    "note",
)


class OrderFacts(QWidget):
    """One caption and one selectable value a field of `FIELDS` (`values[field]`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for key in FIELDS:
            caption, value = QLabel(self), QLabel(self)
            value.setObjectName(f"details_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._captions[key] = caption
            self.values[key] = value
            form.addRow(caption, value)
        self._retranslate()

    def show_order(self, details: OrderDetails) -> None:
        record = details.record
        payable = is_payable(record)
        v = self.values
        v["order"].setText(record.provider_id or self.tr("not confirmed by the provider yet"))
        v["card"].setText(details.card_name)
        v["status"].setText(order_status_text(record.status))
        v["amount"].setText(format_money(record.amount))
        v["bonus"].setText(format_money(record.bonus, always_sign=True))
        v["discount"].setText(
            format_money(-record.discount) if record.discount.is_positive else "—"
        )
        v["fx_rate"].setText(
            "—"
            if record.fx_rate is None
            else f"1 {record.amount.currency} = {record.fx_rate:f} {record.pay_currency}"
        )
        v["fee"].setText(format_money(record.fee))
        charge = charge_of(record.status, paid_at=record.paid_at, failure_code=record.failure_code)
        v["total"].setText(total_text(charge, record.total))
        v["credited"].setText(credited_text(charge, record.credited))
        v["method"].setText(payment_method_text(record.payment_method))
        v["created"].setText(format_datetime(record.created_at))
        v["expires"].setText(
            format_datetime(record.expires_at) if record.expires_at is not None and payable else "—"
        )
        v["credited_at"].setText(
            format_datetime(record.credited_at) if record.credited_at is not None else "—"
        )
        v["note"].setText(self._note(record))

    def _note(self, record: OrderRecord) -> str:
        if record.flagged:
            return self.tr(
                "The provider's order does not match what was confirmed; it is not offered "
                "for payment."
            )
        if record.failure_reason:
            return record.failure_reason
        if is_payable(record):
            return self.tr("Waiting for payment. Nothing is charged until you pay.")
        return "—"

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        captions = {
            "order": self.tr("Order"),
            "card": self.tr("Card"),
            "status": self.tr("Status"),
            "amount": self.tr("Top-up"),
            "bonus": self.tr("Bonus"),
            "discount": self.tr("Discount"),
            "fx_rate": self.tr("Exchange rate"),
            "fee": self.tr("Fee"),
            "total": self.tr("Total"),
            "credited": self.tr("Credited to the card"),
            "method": self.tr("Payment method"),
            "created": self.tr("Ordered"),
            "expires": self.tr("Pay by"),
            "credited_at": self.tr("Credited"),
            "note": self.tr("Note"),
        }
        for key, text in captions.items():
            self._captions[key].setText(text)
