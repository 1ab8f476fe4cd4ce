"""Step 5 — the result: credited, still crediting, or failed/cancelled/expired with the reason.

After a credit the card's new balance and deadline are read from the store, where the
service put the provider's own values when it learned of the credit (never a local sum of
the old balance and the credit: they can differ).

The order keeps being followed while the page is open; closing the wizard loses nothing:
the order is in History and the refresher follows it.

Signals:
    try_again_requested(): the user wants a new top-up of the same card.
    support_requested(int): "Contact support" about the failed order (its local id).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWizardPage

from lebwallet.domain.cards import Card
from lebwallet.domain.flow_values import Step
from lebwallet.domain.orders import OrderStatus
from lebwallet.ui.i18n_text import sentences, support_line
from lebwallet.ui.money_format import format_date, format_money
from lebwallet.ui.wizard_pages.context import WizardContext
from lebwallet.ui.wizard_pages.messages import status_text
from lebwallet.ui.wizard_pages.widgets import named, wrapped_label


class ResultPage(QWizardPage):
    step = Step.RESULT

    try_again_requested = Signal()
    support_requested = Signal(int)

    def __init__(self, context: WizardContext) -> None:
        super().__init__()
        self._ctx = context
        self.headline = wrapped_label("result_headline")
        self.details = wrapped_label("result_details")
        self.try_again_button = named(QPushButton(), "try_again")
        self.try_again_button.clicked.connect(self.try_again_requested)
        self.support_button = named(QPushButton(), "result_contact_support")
        self.support_button.clicked.connect(self._ask_support)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(self.try_again_button)
        layout.addWidget(self.support_button)
        layout.addStretch(1)
        self._card_after: tuple[int, Card] | None = None
        """The order (local id) and its card as stored after the credit."""
        self._reading: int | None = None
        self.setFinalPage(True)
        context.order_updated.connect(lambda _record: self._show())
        self._retranslate()

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self._show()

    def cleanupPage(self) -> None:  # noqa: N802 (Qt override)
        flow = self._ctx.flow
        if flow.step is Step.RESULT and flow.can_go_back:
            flow.back()

    @property
    def outcome(self) -> OrderStatus | None:
        record = self._ctx.order
        return record.status if record is not None else None

    def _show(self) -> None:
        record = self._ctx.order
        self.try_again_button.hide()
        self.support_button.setVisible(record is not None and record.status is OrderStatus.FAILED)
        if record is None:
            self.headline.clear()
            self.details.clear()
            return
        card = self._ctx.flow.card
        status = record.status
        if status is OrderStatus.CREDITED:
            self.headline.setText(
                self.tr("%1 credited.").replace("%1", format_money(record.credited))
            )
            lines = []
            stored = self._card_after
            if stored is not None and stored[0] == record.local_id:
                after = stored[1]
                if after.is_rechargeable:  # a number of the user's own: its carrier knows
                    lines.append(
                        self.tr("New balance: %1").replace("%1", format_money(after.balance))
                    )
                lines.append(
                    self.tr("Keep-alive deadline: %1").replace("%1", format_date(after.last_day))
                )
            elif card is not None:
                self._read_card(record.local_id, card.id)
            self.details.setText("\n".join(lines))
        elif not status.is_final:
            self.headline.setText(
                self.tr("Still in progress: %1").replace("%1", status_text(status))
            )
            self.details.setText(
                self.tr(
                    "Crediting can take minutes to hours. You can close this window: the "
                    "order is in History and the tray will tell you when it is credited."
                )
            )
        else:
            self.headline.setText(status_text(status))
            reason = record.failure_reason or ""
            if status is OrderStatus.FAILED and record.failure_code == "refunded":
                text = self.tr("Refunded: %1 went back to the Reloadly account balance.").replace(
                    "%1", format_money(record.total)
                )
            elif status is OrderStatus.FAILED:
                text = self.tr("Reason: %1").replace("%1", reason or self.tr("not given"))
            elif status is OrderStatus.EXPIRED:
                text = self.tr("The order was not paid in time. Nothing was charged.")
            else:
                text = self.tr("The order was cancelled. Nothing was charged.")
            if status is not OrderStatus.CANCELLED:
                text = sentences(text, support_line())
            self.details.setText(text)
            self.try_again_button.show()

    def _ask_support(self) -> None:
        record = self._ctx.order
        if record is not None:
            self.support_requested.emit(record.local_id)

    def _read_card(self, local_id: int, card_id: str) -> None:
        """The card as stored after the credit (in the background, once per order)."""
        if self._reading == local_id:
            return
        self._reading = local_id
        backend = self._ctx.backend
        self._ctx.run(
            self,
            backend.cards,
            lambda cards: self._on_cards(local_id, card_id, cards),
            lambda _error: None,  # the headline stands; the card shows in the main window
            description="recharge: the card after the credit",
        )

    def _on_cards(self, local_id: int, card_id: str, cards: list[Card]) -> None:
        card = next((c for c in cards if c.id == card_id), None)
        if card is None:
            return
        self._card_after = (local_id, card)
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Result"))
        self.try_again_button.setText(self.tr("Try again"))
        self.support_button.setText(self.tr("Contact support…"))
        self._show()
