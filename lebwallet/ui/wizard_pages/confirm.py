"""Step 3 — confirm: the provider's full price breakdown and the new deadline; Back edits.

What is shown is what is charged: on entering the page the provider prices the order
(`RechargeBackend.price`); nothing is shown as the price, and Next stays off, until it has
answered. The page says which promotion the order gets and why each other one does not.
A failed price request says why and offers Retry.

Warns (without blocking) when the same card got the same amount in the last 10 minutes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from lebwallet.domain.flow_values import FlowError, Step
from lebwallet.domain.provider_price import PromotionNote, PromotionStanding, explain_promotions
from lebwallet.domain.recharge import PromotionKind, Quote
from lebwallet.ui.money_format import format_date, format_datetime, format_money
from lebwallet.ui.wizard_pages.context import WizardContext
from lebwallet.ui.wizard_pages.messages import method_name, price_error_text
from lebwallet.ui.wizard_pages.widgets import named, wrapped_label


class ConfirmPage(QWizardPage):
    step = Step.CONFIRM

    def __init__(self, context: WizardContext) -> None:
        super().__init__()
        self._ctx = context
        self.duplicate_label = wrapped_label("duplicate_warning")
        self.error_label = wrapped_label("confirm_error")
        self.pricing_label = wrapped_label("confirm_pricing")
        self.retry_button = named(QPushButton(), "confirm_retry")
        self.retry_button.hide()
        self.retry_button.clicked.connect(self._ask_price)
        self._pricing = 0
        """The number of the price request whose answer counts (older ones are ignored)."""
        self._captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self._form = form = QFormLayout()
        for key in (
            "card",
            "amount",
            "bonus",
            "discount",
            "fx_rate",
            "fee",
            "total",
            "credited",
            "promotion",
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
        layout.addWidget(self.pricing_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.retry_button)
        layout.addStretch(1)
        self._retranslate()

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self.error_label.clear()
        self._show()
        self._ask_price()

    def _ask_price(self) -> None:
        """Ask the provider for the exact price of the chosen order (in the background)."""
        flow = self._ctx.flow
        card, quote = flow.card, flow.quote
        self.retry_button.hide()
        self.error_label.clear()
        if card is None or quote is None or quote.provider_priced:
            return
        self._pricing += 1
        number, backend, card_id = self._pricing, self._ctx.backend, card.id
        self.pricing_label.setText(self.tr("Asking the provider for the exact price…"))
        self.pricing_label.show()
        self._ctx.run(
            self,
            lambda: backend.price(card_id, quote),
            lambda priced: self._on_priced(number, priced),
            lambda error: self._on_price_failed(number, error),
            description="recharge: price the order",
        )

    def _on_priced(self, number: int, priced: Quote) -> None:
        flow = self._ctx.flow
        if number != self._pricing or flow.closed or flow.step is not Step.CONFIRM:
            return
        try:
            flow.confirm_price(priced)
        except FlowError as error:
            self._on_price_failed(number, error)
            return
        self.pricing_label.clear()
        self.pricing_label.hide()
        self._show()
        self.completeChanged.emit()

    def _on_price_failed(self, number: int, error: Exception) -> None:
        if number != self._pricing or self._ctx.flow.closed:
            return
        self.pricing_label.clear()
        self.pricing_label.hide()
        self.error_label.setText(price_error_text(error))
        self.retry_button.show()
        self.completeChanged.emit()

    def cleanupPage(self) -> None:  # noqa: N802 (Qt override)
        self._pricing += 1  # an answer still on its way no longer counts
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
        options = flow.options
        notes = explain_promotions(
            options.promotions if options is not None else (),
            quote.promotion_id,
            quote.amount,
            self._ctx.now(),
            promo_code=quote.promo_code,
        )
        v["promotion"].setText(
            "\n".join(self._note_text(note) for note in notes) or self.tr("None")
        )
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
        # a price that does not run out (no exchange rate, no promotion) has no such row
        self._form.setRowVisible(self._captions["expires"], quote.expires_at is not None)
        if quote.provider_priced:
            v["expires"].setText(
                format_datetime(quote.expires_at) if quote.expires_at is not None else self.tr("—")
            )
        else:
            for key in ("bonus", "discount", "fee", "total", "credited", "promotion", "expires"):
                v[key].setText(self.tr("—"))
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

    def _note_text(self, note: PromotionNote) -> str:
        title = note.promotion.title
        match note.standing:
            case PromotionStanding.APPLIED if note.promotion.kind is PromotionKind.DISCOUNT:
                text = self.tr("“%1” applies: %2 off.")
            case PromotionStanding.APPLIED:
                text = self.tr("“%1” applies: %2 extra credit.")
            case PromotionStanding.NEEDS_CODE:
                text = self.tr("“%1” does not apply: it needs its promo code.")
            case PromotionStanding.BELOW_MINIMUM:
                text = self.tr("“%1” does not apply: it needs a top-up of at least %2.")
            case PromotionStanding.REPLACED_BY_CODE:
                text = self.tr(
                    "“%1” does not apply: an order gets one promotion, and the promo code "
                    "you entered replaces it."
                )
            case PromotionStanding.REPLACED_BY_BETTER:
                text = self.tr(
                    "“%1” does not apply: an order gets one promotion, and the one that "
                    "applies is worth more."
                )
        money = note.benefit if note.standing is PromotionStanding.APPLIED else note.minimum
        return text.replace("%2", format_money(money) if money is not None else "").replace(
            "%1", title
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Check and confirm"))
        self.setSubTitle(self.tr("Go back to change anything; nothing is ordered yet."))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Continue to payment"))
        self.retry_button.setText(self.tr("Retry"))
        captions = {
            "card": self.tr("Card"),
            "amount": self.tr("Top-up"),
            "bonus": self.tr("Bonus"),
            "discount": self.tr("Discount"),
            "fx_rate": self.tr("Exchange rate"),
            "fee": self.tr("Fee"),
            "total": self.tr("Total to pay"),
            "credited": self.tr("Credited to the card"),
            "promotion": self.tr("Promotion"),
            "method": self.tr("Payment method"),
            "deadline": self.tr("New keep-alive deadline"),
            "expires": self.tr("Price valid until"),
        }
        for key, text in captions.items():
            self._captions[key].setText(text)
        if self._ctx.flow.step is Step.CONFIRM:
            self._show()
