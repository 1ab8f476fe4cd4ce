"""Step 4 — pay: journal and create the order once, then pay at the provider.

"Pay" journals the order with the flow's idempotency key and creates it (in the
background); a double click, a retry or Back-then-Pay with unchanged details reuses the key,
so the provider holds one order. Card and PayPal open the hosted checkout in the browser
(through `CheckoutOpener`, which refuses any URL that is not the provider's); Alipay and
WeChat Pay show the QR code here, with "Pay on this computer". The page then follows the
order: waiting, authentication needed, paid, crediting. The `PaymentPanel` ("Open payment
page again", "Copy link", and a message when the browser could not be opened) and "Cancel
order" stay available while the order can still be paid.

Signals:
    order_started(object): the provider confirmed the order (`OrderRecord`).
    rejected(): the provider refused the order for good; the flow is back at *amount*.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWizard, QWizardPage

from lebwallet.domain.flow_values import FlowError, Step
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.payment_options import PaymentMethod
from lebwallet.services.errors import RuleViolation, ValidationFailed
from lebwallet.services.order_details import OrderRecord
from lebwallet.services.recharge import PriceChanged
from lebwallet.services.reloadly_topup import BalanceTooLow, OfferChanged
from lebwallet.ui.i18n_text import sentences
from lebwallet.ui.money_format import format_datetime, format_money
from lebwallet.ui.payment_panel import PAYABLE, PaymentPanel
from lebwallet.ui.wizard_pages.context import WizardContext
from lebwallet.ui.wizard_pages.messages import method_name, provider_error_text, status_text
from lebwallet.ui.wizard_pages.widgets import named, wrapped_label

_log = logging.getLogger(__name__)
_PAYABLE = PAYABLE


class PayPage(QWizardPage):
    step = Step.PAY

    order_started = Signal(object)
    rejected = Signal()

    def __init__(self, context: WizardContext) -> None:
        super().__init__()
        self._ctx = context
        self._submitting = False
        self.submit_count = 0
        """How many create requests this page started (for tests and logs)."""

        self.summary_label = wrapped_label("pay_summary")
        self.pay_button = named(QPushButton(), "pay")
        self.status_label = wrapped_label("pay_status")
        self.hint_label = wrapped_label("pay_hint")
        self.payment = PaymentPanel(context.opener)
        self.payment.setObjectName("payment_panel")
        self.qr_widget = self.payment.qr_widget
        self.open_again_button = self.payment.open_button
        self.copy_link_button = self.payment.copy_button
        self.cancel_order_button = named(QPushButton(), "cancel_order")
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_order_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.pay_button)
        layout.addWidget(self.status_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.payment)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.pay_button.clicked.connect(self.pay)
        self.cancel_order_button.clicked.connect(self.cancel_order)
        context.order_updated.connect(self._on_order_updated)
        self._retranslate()

    # --- QWizardPage ----------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self._show()

    def cleanupPage(self) -> None:  # noqa: N802 (Qt override)
        flow = self._ctx.flow
        if flow.step is Step.PAY and flow.can_go_back and not self._submitting:
            flow.back()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        flow = self._ctx.flow
        return flow.step is Step.PAY and flow.can_go_next

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            return self._ctx.flow.next(self._ctx.now()) is Step.RESULT
        except FlowError:
            return False

    @property
    def submitting(self) -> bool:
        return self._submitting

    # --- pay ------------------------------------------------------------------------------

    def pay(self) -> None:
        """Journal and create the order (once; a second click while it runs does nothing)."""
        flow = self._ctx.flow
        if self._submitting or flow.step is not Step.PAY or flow.order_id is not None:
            return
        card, quote, key = flow.card, flow.quote, flow.idempotency_key
        if card is None or quote is None or key is None:
            return
        self._submitting = True
        self.submit_count += 1
        self.pay_button.setEnabled(False)
        self.status_label.setText(self.tr("Creating the order…"))
        self.completeChanged.emit()
        backend, card_id = self._ctx.backend, card.id
        started = self._ctx.run(
            self,
            lambda: backend.submit(card_id, quote, key),
            self._on_submitted,
            self._on_submit_failed,
            description="recharge: create order",
        )
        if not started:  # the app is quitting: nothing was sent
            self._submitting = False
            self.pay_button.setEnabled(True)
            self.status_label.clear()

    def _on_submitted(self, record: OrderRecord) -> None:
        self._submitting = False
        flow = self._ctx.flow
        if flow.closed:
            return
        if record.provider_id is None:
            self._on_submit_failed(RuntimeError(self.tr("the provider did not confirm the order")))
            return
        flow.order_created(record.provider_id)
        self._ctx.order = None
        self._ctx.set_order(record)
        self.order_started.emit(record)
        if record.flagged:
            # The provider holds something else under this key than the user confirmed:
            # never send them to pay it.
            self.hint_label.setText(self._flagged_text(record.flagged))
        elif record.payment_flow != "qr" and record.status in _PAYABLE:
            self.open_payment_page()
        self.completeChanged.emit()

    def _price_changed_text(self, error: PriceChanged) -> str:
        record = error.record
        if record.status is OrderStatus.CANCELLED:
            text = self.tr(
                "The provider's order asked %1 and credited %2, not the %3 and %4 you "
                "confirmed. It was cancelled and nothing was charged. Check the new price."
            )
        else:
            text = self.tr(
                "The provider's order asks %1 and credits %2, not the %3 and %4 you "
                "confirmed. Do not pay it: cancel it in the history."
            )
        return (
            text.replace("%1", format_money(record.total))
            .replace("%2", format_money(record.credited))
            .replace("%3", format_money(error.confirmed.total))
            .replace("%4", format_money(error.confirmed.credited))
        )

    def _flagged_text(self, why: str) -> str:
        return self.tr(
            "The provider's order does not match what you confirmed (%1). It is not opened "
            "for payment: cancel it and start again."
        ).replace("%1", why)

    def _on_submit_failed(self, error: Exception) -> None:
        self._submitting = False
        flow = self._ctx.flow
        if flow.closed:
            return
        if isinstance(error, PriceChanged | OfferChanged | BalanceTooLow):
            flow.price_changed(
                self._price_changed_text(error)
                if isinstance(error, PriceChanged)
                else provider_error_text(error)
            )
            self.pay_button.setEnabled(True)
            self.rejected.emit()
            self._ctx.rewind_requested.emit()
            return
        if isinstance(error, RuleViolation | ValidationFailed):
            flow.order_rejected(provider_error_text(error))  # in words, never raw
            self.pay_button.setEnabled(True)
            self.rejected.emit()
            self._ctx.rewind_requested.emit()
            return
        self.pay_button.setEnabled(True)
        self.pay_button.setText(self.tr("Try again"))
        self.status_label.setText(
            sentences(
                self.tr("The order could not be confirmed: %1").replace(
                    "%1", provider_error_text(error)
                ),
                self.tr(
                    "It is saved and will not be charged twice: try again, or close the wizard "
                    "and the wallet will finish it."
                ),
            )
        )
        self.completeChanged.emit()

    # --- after the order exists -----------------------------------------------------------

    def payment_url(self) -> str | None:
        """Where the user pays now: the authentication step when it is due, else the
        hosted checkout."""
        return self.payment.payment_url()

    def open_payment_page(self) -> bool:
        order = self._ctx.order
        if order is not None and order.flagged:
            self.hint_label.setText(self._flagged_text(order.flagged))
            return False
        return self.payment.open_payment_page()

    def cancel_order(self) -> None:
        record = self._ctx.order
        if record is None or record.status not in _PAYABLE:
            return
        self.cancel_order_button.setEnabled(False)
        self.status_label.setText(self.tr("Cancelling the order…"))
        backend, local_id = self._ctx.backend, record.local_id
        self._ctx.run(
            self,
            lambda: backend.cancel(local_id),
            self._ctx.set_order,
            self._on_cancel_failed,
            description="recharge: cancel order",
        )

    def _on_cancel_failed(self, error: Exception) -> None:
        self.cancel_order_button.setEnabled(True)
        self.status_label.setText(
            self.tr("The order could not be cancelled: %1").replace(
                "%1", provider_error_text(error)
            )
        )

    def _on_order_updated(self, _record: object) -> None:
        self._show()
        self.completeChanged.emit()

    def _from_balance(self) -> bool:
        """Paid from a channel account's balance (Reloadly): nothing for the user to pay."""
        shown = self._ctx.order or self._ctx.flow.quote
        return shown is not None and shown.payment_method == PaymentMethod.ACCOUNT_BALANCE

    def _show(self) -> None:
        flow = self._ctx.flow
        quote, record = flow.quote, self._ctx.order
        balance = self._from_balance()
        self.pay_button.setText(self.tr("Top up now") if balance else self.tr("Pay"))
        self.setSubTitle(
            self.tr("The Reloadly account balance pays; nothing is charged to you here.")
            if balance
            else self.tr("Payment happens at the provider; the wallet never sees card numbers.")
        )
        if record is not None:  # the provider's price is the one that counts
            self.summary_label.setText(
                self.tr("%1 with %2")
                .replace("%1", format_money(record.total))
                .replace("%2", method_name(record.payment_method))
            )
        elif quote is not None:
            self.summary_label.setText(
                self.tr("%1 with %2")
                .replace("%1", format_money(quote.total))
                .replace("%2", method_name(quote.payment_method))
            )
        if record is None:
            self.pay_button.setVisible(True)
            self.pay_button.setEnabled(not self._submitting)
            self.payment.set_order(None)
            self.cancel_order_button.hide()
            if not self._submitting:
                self.status_label.setText(
                    self.tr("Nothing is taken from the balance until you press “Top up now”.")
                    if balance
                    else self.tr("Nothing is charged until you pay.")
                )
            return
        self.pay_button.hide()
        payable = record.status in _PAYABLE
        self.status_label.setText(status_text(record.status))
        is_qr = record.payment_flow == "qr"
        self.cancel_order_button.setVisible(payable)
        self.cancel_order_button.setEnabled(payable)
        self.payment.set_order(record)
        if record.status is OrderStatus.REQUIRES_ACTION:
            self.hint_label.setText(self.tr("Finish the verification in your browser."))
        elif is_qr and payable:
            self.hint_label.setText(
                self.tr(
                    "Scan the code with the %1 app on your phone, or pay on this computer."
                ).replace("%1", method_name(record.payment_method))
            )
        elif payable:
            hint = self.tr("Pay on the provider's page in your browser.")
            if record.expires_at is not None:
                hint = sentences(
                    hint,
                    self.tr("Unpaid orders expire at %1.").replace(
                        "%1", format_datetime(record.expires_at)
                    ),
                )
            self.hint_label.setText(hint)
        else:
            self.hint_label.clear()

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Pay"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Show result"))
        self.cancel_order_button.setText(self.tr("Cancel order"))
        self._show()
