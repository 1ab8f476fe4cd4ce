"""How to pay an order that can still be paid: shared by the wizard's pay page and the
history's order details.

A QR flow (Alipay, WeChat Pay) shows the QR code with "Pay on this computer" next to it (a
phone cannot open a loopback sandbox, and someone at a desktop may not have the phone at
hand): it opens the provider's hosted checkout, which shows the same code with its own way
to pay. A redirect flow has "Open payment page again" (the authentication step while it is
due). Every payment link has "Copy link". When the browser cannot be opened the panel says
so and stays saying so (order updates do not wipe it) until a later open succeeds.

Only URLs the `CheckoutOpener` accepts are opened or copied.

    panel = PaymentPanel(CheckoutOpener(policy, open_url))
    panel.set_order(record)      # None or an order that cannot be paid: the panel hides

Signals:
    opened(str): the payment page was handed to the browser.
    copied(str): the payment link was put on the clipboard.
"""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lebwallet.domain.orders import OrderStatus
from lebwallet.services.order_details import OrderRecord
from lebwallet.ui.checkout_opener import CheckoutOpener, OpenResult
from lebwallet.ui.qr_widget import QrCodeWidget, QrPayloadError

_log = logging.getLogger(__name__)

PAYABLE: Final = frozenset({OrderStatus.AWAITING_PAYMENT, OrderStatus.REQUIRES_ACTION})
"""Statuses in which an order can still be paid."""
QR_SIDE_PX: Final = 180


def is_payable(record: OrderRecord | None) -> bool:
    """True when the user can still pay `record` (payable status, not flagged)."""
    return record is not None and record.status in PAYABLE and not record.flagged


def payment_url(record: OrderRecord | None) -> str | None:
    """Where the user pays now: the authentication step when it is due, else the checkout."""
    if record is None:
        return None
    if record.status is OrderStatus.REQUIRES_ACTION and record.next_action_url:
        return record.next_action_url
    return record.checkout_url


class PaymentPanel(QWidget):
    """QR code, "Pay on this computer" / "Open payment page again", "Copy link" and a
    message when the browser could not be opened (see the module docstring)."""

    opened = Signal(str)
    copied = Signal(str)

    def __init__(self, opener: CheckoutOpener, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._opener = opener
        self._record: OrderRecord | None = None
        self._problem: OpenResult | None = None
        self._copied = False
        self.qr_widget = QrCodeWidget(parent=self)
        self.qr_widget.setObjectName("pay_qr")
        self.qr_widget.setMinimumSize(QR_SIDE_PX, QR_SIDE_PX)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open_again")
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copy_link")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("payment_message")
        self.message_label.setWordWrap(True)
        self.message_label.setMaximumWidth(QR_SIDE_PX * 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.qr_widget)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        self.open_button.clicked.connect(self.open_payment_page)
        self.copy_button.clicked.connect(self.copy_link)
        self._retranslate()
        self.set_order(None)

    @property
    def record(self) -> OrderRecord | None:
        return self._record

    def payment_url(self) -> str | None:
        return payment_url(self._record)

    def set_order(self, record: OrderRecord | None) -> None:
        """Show how to pay `record`; hide everything when it cannot be paid."""
        if record is None or self._record is None or record.local_id != self._record.local_id:
            self._problem = None
            self._copied = False
        self._record = record
        payable = is_payable(record)
        is_qr = payable and record is not None and record.payment_flow == "qr"
        shown_qr = False
        if is_qr and record is not None and record.qr_payload:
            try:
                self.qr_widget.set_payload(record.qr_payload)
                shown_qr = True
            except QrPayloadError:
                _log.warning("order %s: the QR payload cannot be shown", record.local_id)
        self.qr_widget.setVisible(shown_qr)
        url = self.payment_url() if payable else None
        self.open_button.setVisible(url is not None)
        self.copy_button.setVisible(url is not None)
        self._retranslate()

    def open_payment_page(self) -> bool:
        """Open where the user pays now in the browser; say so when it cannot be opened."""
        url = self.payment_url() if is_payable(self._record) else None
        result = self._opener.open_checkout(url)
        self._problem = None if result is OpenResult.OPENED else result
        self._copied = False
        self._show_message()
        if result is OpenResult.OPENED and url is not None:
            self.opened.emit(url)
        return result is OpenResult.OPENED

    def copy_link(self) -> bool:
        """Put the payment link on the clipboard (only the provider's own address)."""
        url = self.payment_url() if is_payable(self._record) else None
        if url is None or not self._opener.allowed(url):
            self._problem = OpenResult.REFUSED
            self._show_message()
            return False
        QGuiApplication.clipboard().setText(url)
        self._copied = True
        self._show_message()
        self.copied.emit(url)
        return True

    def _show_message(self) -> None:
        if self._problem is OpenResult.REFUSED:
            text = self.tr("The payment page was not opened: it is not the provider's address.")
        elif self._problem is OpenResult.NO_BROWSER:
            text = self.tr(
                "The browser could not be opened. Copy the link and open it in a browser yourself."
            )
        elif self._copied:
            text = self.tr("Link copied. Open it in a browser to pay.")
        else:
            text = ""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        record = self._record
        if record is not None and record.payment_flow == "qr":
            self.open_button.setText(self.tr("Pay on this computer"))
            self.open_button.setToolTip(
                self.tr("Open the provider's payment page in the browser on this computer.")
            )
        else:
            self.open_button.setText(self.tr("Open payment page again"))
            self.open_button.setToolTip("")
        self.copy_button.setText(self.tr("Copy link"))
        self._show_message()
