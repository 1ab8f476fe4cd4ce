"""Step 1 — choose the card to top up (pre-selected when the wizard starts from a card).

When the chosen card already has an order waiting for payment, the page offers that order
first ("Resume this order": `WizardContext.resume_requested`) before a second one is made.
"""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from lebwallet.domain.cards import Card, CardStatus
from lebwallet.domain.flow_values import FlowError, Step
from lebwallet.services.channels import RELOADLY
from lebwallet.services.order_details import OrderRecord
from lebwallet.ui.i18n_text import deadline_text
from lebwallet.ui.money_format import (
    format_datetime,
    format_money,
)
from lebwallet.ui.retry_bar import RetryBar
from lebwallet.ui.wizard_pages.context import WizardContext
from lebwallet.ui.wizard_pages.messages import method_name, provider_error_text
from lebwallet.ui.wizard_pages.widgets import named, wrapped_label

_CARD_ID_ROLE = Qt.ItemDataRole.UserRole


class CardPage(QWizardPage):
    """Lists the bound cards with balance and keep-alive deadline."""

    step = Step.CARD

    def __init__(self, context: WizardContext) -> None:
        super().__init__()
        self._ctx = context
        self.cards_list = QListWidget()
        self.cards_list.setObjectName("cards")
        self.details = QLabel()
        self.details.setObjectName("card_details")
        self.details.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("card_error")
        self.error_label.setWordWrap(True)
        self.pending_label = wrapped_label("pending_order")
        self.resume_button = named(QPushButton(), "resume_order")
        self.resume_button.setAutoDefault(False)
        self.pending_order: OrderRecord | None = None
        pending = QHBoxLayout()
        pending.addWidget(self.pending_label, 1)
        pending.addWidget(self.resume_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.cards_list)
        layout.addWidget(self.details)
        layout.addLayout(pending)
        layout.addWidget(self.error_label)
        self.retry_bar = RetryBar(name="cards_retry")
        layout.addWidget(self.retry_bar)
        self.cards_list.currentItemChanged.connect(self._on_current_changed)
        self.resume_button.clicked.connect(self._resume)
        self._loading = False
        self._show_pending(None)
        self._retranslate()

    # --- QWizardPage ----------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self._load()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        flow = self._ctx.flow
        current = self.cards_list.currentItem()
        return (
            flow.step is Step.CARD
            and flow.card is not None
            and not self._loading
            and current is not None
            and current.data(_CARD_ID_ROLE) == flow.card.id
        )

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            return self._ctx.flow.next(self._ctx.now()) is Step.AMOUNT
        except FlowError as error:
            self.error_label.setText(str(error))
            return False

    # --- loading --------------------------------------------------------------------------

    def _load(self) -> None:
        self._loading = True
        self.retry_bar.clear()
        self.error_label.setText(self.tr("Loading your cards…"))
        backend = self._ctx.backend
        self._ctx.run(
            self,
            lambda: [(card, backend.channel_of(card)) for card in backend.cards()],
            self._on_loaded,
            self._on_failed,
            description="recharge wizard: cards",
        )

    def _on_loaded(self, listed: list[tuple[Card, str | None]]) -> None:
        self._loading = False
        self.error_label.clear()
        cards = [card for card, _channel in listed]
        self._ctx.cards = cards
        self._ctx.channels = {card.id: channel for card, channel in listed}
        self._ctx.cards_loaded.emit()
        chosen = self._ctx.flow.card.id if self._ctx.flow.card else self._ctx.preselected_card_id
        self.cards_list.blockSignals(True)
        self.cards_list.clear()
        for card in cards:
            item = QListWidgetItem(self._card_line(card))
            item.setData(_CARD_ID_ROLE, card.id)
            if self._ctx.channels.get(card.id) is None:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.cards_list.addItem(item)
        self.cards_list.blockSignals(False)
        if not cards:
            self.error_label.setText(self.tr("No card is bound yet. Add a card first."))
        for row in range(self.cards_list.count()):
            item = self.cards_list.item(row)
            if item.data(_CARD_ID_ROLE) == chosen:
                self.cards_list.setCurrentItem(item)
                break
        self.completeChanged.emit()

    def _on_failed(self, error: Exception) -> None:
        self._loading = False
        self.error_label.clear()
        self.retry_bar.show_failure(
            self.tr("Your cards could not be loaded: %1").replace("%1", provider_error_text(error)),
            self._load,
        )
        self.completeChanged.emit()

    # --- selection ------------------------------------------------------------------------

    def select_card(self, card_id: str) -> bool:
        """Select a card by id (as a click would); False if it is not listed."""
        for row in range(self.cards_list.count()):
            item = self.cards_list.item(row)
            if item.data(_CARD_ID_ROLE) == card_id:
                self.cards_list.setCurrentItem(item)
                return True
        return False

    def _on_current_changed(self, current: QListWidgetItem | None, _prev: object) -> None:
        if current is None:
            return
        card = self._ctx.card(str(current.data(_CARD_ID_ROLE)))
        if card is None:
            return
        if self._ctx.channels.get(card.id) is None and card.status is not CardStatus.RECYCLED:
            self.error_label.setText(
                self.tr(
                    "The wallet cannot top up %1: it is a number of your own. Add a Reloadly "
                    "account in Settings to top it up from here, or top it up at its carrier."
                ).replace("%1", card.display_name)
            )
            self.details.setText(self._card_details(card))
            self.completeChanged.emit()
            return
        try:
            self._ctx.flow.select_card(card)
        except FlowError:
            self.error_label.setText(
                self.tr("%1 is recycled and cannot be topped up.").replace("%1", card.display_name)
            )
        else:
            self.error_label.clear()
        self.details.setText(self._card_details(card))
        self.completeChanged.emit()
        self._look_for_pending(card.id)

    # --- an order already waiting for payment ---------------------------------------------

    def _look_for_pending(self, card_id: str) -> None:
        self._show_pending(None)
        backend = self._ctx.backend
        self._ctx.run(
            self,
            lambda: backend.payable_order(card_id),
            self._on_pending,
            lambda _error: None,  # the offer is a help, not a step: nothing to tell
            description="recharge wizard: unpaid order of the card",
        )

    def _on_pending(self, record: OrderRecord | None) -> None:
        card = self._ctx.flow.card
        if record is not None and (card is None or record.card_id != card.id):
            return  # another card was chosen meanwhile
        self._show_pending(record)

    def _show_pending(self, record: OrderRecord | None) -> None:
        self.pending_order = record
        self.pending_label.setVisible(record is not None)
        self.resume_button.setVisible(record is not None)
        if record is None:
            self.pending_label.clear()
            return
        self.pending_label.setText(
            self.tr(
                "This card already has an order waiting for payment: %1 by %2, ordered %3. "
                "Resume it rather than order twice, or go on for a new top-up."
            )
            .replace("%1", format_money(record.total))
            .replace("%2", method_name(record.payment_method))
            .replace("%3", format_datetime(record.created_at))
        )

    def _resume(self) -> None:
        if self.pending_order is not None:
            self._ctx.resume_requested.emit(self.pending_order)

    def _card_line(self, card: Card) -> str:
        line = f"{card.display_name} · {card.masked_number} · {card.carrier}"
        if card.is_rechargeable:  # a number of the user's own: its carrier knows the balance
            line += " · " + format_money(card.balance)
        if self._ctx.channels.get(card.id) == RELOADLY:
            line = self.tr("%1 · via Reloadly").replace("%1", line)
        return line

    def _card_details(self, card: Card) -> str:
        today = self._ctx.now().astimezone(UTC).date()
        deadline = self.tr("Keep-alive deadline: %1").replace(
            "%1", deadline_text(card.last_day, card.days_left(today))
        )
        if not card.is_rechargeable:  # a number of the user's own: no balance the wallet knows
            return deadline
        return self.tr("Balance: %1").replace("%1", format_money(card.balance)) + "\n" + deadline

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Which card?"))
        self.setSubTitle(self.tr("Choose the card to top up."))
        self.resume_button.setText(self.tr("Resume this order"))
        self.cards_list.setAccessibleName(self.tr("Cards"))
        self._show_pending(self.pending_order)
        card = self._ctx.flow.card
        if card is not None:
            self.details.setText(self._card_details(card))
