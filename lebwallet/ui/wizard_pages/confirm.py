"""Step 3 — confirm: the full price breakdown and the new deadline; Back edits.

Warns (without blocking) when the same card got the same amount in the last 10 minutes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWizard, QWizardPage

from lebwallet.domain.flow import FlowError, Step
from lebwallet.ui.money_format import format_date, format_datetime, format_money
from lebwallet.ui.wizard_pages.context import WizardContext
from lebwallet.ui.wizard_pages.messages import method_name
from lebwallet.ui.wizard_pages.widgets import wrapped_label


class ConfirmPage(QWizardPage):
    step = Step.CONFIRM

    def __init__(self, context: WizardContext) -> None:
        super().__init__()
        self._ctx = context
        self.duplicate_label = wrapped_label("duplicate_warning")
        self.error_label = wrapped_label("confirm_error")
        self._captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for key in (
            "card",
            "amount",
            "bonus",
            "discount",
            "fx_rate",
            "fee",
            "total",
            "credited",
            "method",
            "deadline",
            "expires",
        ):
            caption = QLabel()
            value = wrapped_label(f"confirm_{key}")
            self._captions[key] = caption
            self.values[key] = value
            form.addRow(caption, value)
        layout = QVBoxLayout(self)
        layout.addWidget(self.duplicate_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self._retranslate()

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self.error_label.clear()
        self._show()

    def cleanupPage(self) -> None:  # noqa: N802 (Qt override)
        flow = self._ctx.flow
        if flow.step is Step.CONFIRM and flow.can_go_back:
            flow.back()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        flow = self._ctx.flow
        return flow.step is Step.CONFIRM and flow.can_go_next

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            step = self._ctx.flow.next(self._ctx.now())
        except FlowError as error:
            self.error_label.setText(str(error))
            return False
        if step is Step.PAY:
            return True
        self._ctx.rewind_requested.emit()  # the price expired: back to the amount step
        return False

    def _show(self) -> None:
        flow = self._ctx.flow
        card, quote = flow.card, flow.quote
        if card is None or quote is None:
            return
        v = self.values
        v["card"].setText(f"{card.display_name} · {card.masked_number} · {card.carrier}")
        v["amount"].setText(format_money(quote.amount))
        v["bonus"].setText(format_money(quote.bonus, always_sign=True))
        v["discount"].setText(
            format_money(-quote.discount)
            if quote.discount.is_positive
            else format_money(quote.discount)
        )
        if quote.fx_rate is None:
            v["fx_rate"].setText(self.tr("none (same currency)"))
        else:
            v["fx_rate"].setText(f"1 {quote.currency} = {quote.fx_rate:f} {quote.pay_currency}")
        v["fee"].setText(format_money(quote.fee))
        v["total"].setText(format_money(quote.total))
        v["credited"].setText(format_money(quote.credited))
        v["method"].setText(method_name(quote.payment_method))
        after = card.with_topup(quote.amount, quote.credited, self._ctx.now())
        if after.keep_alive_deadline > card.keep_alive_deadline:
            v["deadline"].setText(
                self.tr("%1 (was %2)")
                .replace("%1", format_date(after.last_day))
                .replace("%2", format_date(card.last_day))
            )
        else:
            v["deadline"].setText(
                self.tr("%1 (unchanged: this amount does not keep the number alive)").replace(
                    "%1", format_date(card.last_day)
                )
            )
        v["expires"].setText(
            format_datetime(quote.expires_at) if quote.expires_at is not None else self.tr("—")
        )
        duplicate = flow.duplicate_of
        if duplicate is None:
            self.duplicate_label.clear()
            self.duplicate_label.hide()
        else:
            self.duplicate_label.setText(
                self.tr(
                    "Careful: this card already got %1 at %2 (order %3). "
                    "You can still go on if you mean to top it up twice."
                )
                .replace("%1", format_money(duplicate.amount))
                .replace("%2", format_datetime(duplicate.created_at))
                .replace("%3", duplicate.order_id)
            )
            self.duplicate_label.show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Check and confirm"))
        self.setSubTitle(self.tr("Go back to change anything; nothing is ordered yet."))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Continue to payment"))
        captions = {
            "card": self.tr("Card"),
            "amount": self.tr("Top-up"),
            "bonus": self.tr("Bonus"),
            "discount": self.tr("Discount"),
            "fx_rate": self.tr("Exchange rate"),
            "fee": self.tr("Fee"),
            "total": self.tr("Total to pay"),
            "credited": self.tr("Credited to the card"),
            "method": self.tr("Payment method"),
            "deadline": self.tr("New keep-alive deadline"),
            "expires": self.tr("Price valid until"),
        }
        for key, text in captions.items():
            self._captions[key].setText(text)
        if self._ctx.flow.step is Step.CONFIRM:
            self._show()
