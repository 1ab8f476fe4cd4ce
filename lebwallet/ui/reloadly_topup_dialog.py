"""Top up via Reloadly: one card with a phone number, paid from the Reloadly account balance.

The operator is detected from the number (once per card; "Detect again" asks anew), its
FIXED amounts are offered in a list or its RANGE as a typed amount, the price paid from the
balance, the exchange rate and the operator's promotions shown. "Top up" prices again and
checks the balance first (too low: a message, nothing sent), then the order is followed here
until it ends. Every call goes through `services.reloadly_topup.ReloadlyTopUps` on the
`TaskRunner`; none on the GUI thread.

Signals:
    order_finished(object): the followed `OrderRecord` reached a final status.
"""

from __future__ import annotations

import uuid
from typing import Final

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.topup_offers import FixedAmounts
from lebwallet.services.order_details import OrderRecord
from lebwallet.services.reloadly_topup import (
    BalanceTooLow,
    ReloadlyOffer,
    ReloadlyPrice,
    ReloadlyTopUps,
)
from lebwallet.ui.history_model import order_status_text
from lebwallet.ui.money_format import format_decimal, format_money, parse_money
from lebwallet.ui.problem_text import error_text
from lebwallet.ui.tasks import TaskRunner

_ERROR_STYLE: Final = "color: #c62828;"
FOLLOW_MS: Final = 1000


class ReloadlyTopUpDialog(QDialog):
    """Top up one card through Reloadly (see the module docstring)."""

    order_finished = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        topups: ReloadlyTopUps,
        card_id: str,
        parent: QWidget | None = None,
        *,
        follow_ms: int = FOLLOW_MS,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._topups = topups
        self._card_id = card_id
        self._offer: ReloadlyOffer | None = None
        self._price: ReloadlyPrice | None = None
        self._asked = 0
        """Which price request is the latest: an older answer is dropped."""
        self.order: OrderRecord | None = None
        self._key = f"window-{uuid.uuid4().hex}"
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(follow_ms)
        self._follow.timeout.connect(self._ask_order)
        self.operator = QLabel(self)
        self.detect_button = QPushButton(self)
        self.detect_button.clicked.connect(lambda: self.load(detect_again=True))
        self.fixed_amounts = QComboBox(self)
        self.range_amount = QLineEdit(self)
        self.range_hint = QLabel(self)
        self.price_text = QLabel(self)
        self.price_text.setWordWrap(True)
        self.promotions = QLabel(self)
        self.promotions.setWordWrap(True)
        self.balance = QLabel(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR_STYLE)
        self.topup_button = QPushButton(self)
        self.topup_button.setEnabled(False)
        self.topup_button.clicked.connect(self.submit)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self._buttons.rejected.connect(self.reject)
        self._captions = [QLabel(self) for _ in range(4)]
        form = QFormLayout()
        form.addRow(self._captions[0], self.operator)
        form.addRow("", self.detect_button)
        form.addRow(self._captions[1], self.fixed_amounts)
        form.addRow(self._captions[2], self.range_amount)
        form.addRow("", self.range_hint)
        form.addRow(self._captions[3], self.balance)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.price_text)
        layout.addWidget(self.promotions)
        layout.addWidget(self.message)
        layout.addWidget(self.status)
        layout.addWidget(self.topup_button)
        layout.addWidget(self._buttons)
        self.fixed_amounts.currentIndexChanged.connect(lambda _i: self._amount_changed())
        self.range_amount.editingFinished.connect(self._amount_changed)
        self._show_offer_rows(fixed=True)
        self._retranslate()
        self.load()

    # --- the offer ----------------------------------------------------------------------

    def load(self, *, detect_again: bool = False) -> None:
        """Detect (or recall) the card's operator and read the balance, on the runner."""
        self._busy(True)
        self.operator.setText(self.tr("Detecting the operator…"))
        card_id, topups = self._card_id, self._topups
        self._runner.run(
            self,
            lambda: topups.offer(card_id, detect_again=detect_again),
            self._loaded,
            self._failed,
            description="Reloadly offer",
        )

    def _loaded(self, offer: ReloadlyOffer) -> None:
        self._offer = offer
        self._busy(False)
        self.message.clear()
        self.operator.setText(
            self.tr("%1 (%2)")
            .replace("%1", offer.offer.operator_name)
            .replace("%2", offer.offer.country or "?")
        )
        self.balance.setText(format_money(offer.balance))
        amounts = offer.amounts
        if isinstance(amounts, FixedAmounts):
            self.fixed_amounts.blockSignals(True)
            self.fixed_amounts.clear()
            for amount in amounts.amounts:
                self.fixed_amounts.addItem(format_money(amount), amount)
            self.fixed_amounts.blockSignals(False)
            self._show_offer_rows(fixed=True)
        else:
            self.range_hint.setText(
                self.tr("From %1 to %2, in steps of %3.")
                .replace("%1", format_money(amounts.minimum))
                .replace("%2", format_money(amounts.maximum))
                .replace("%3", format_money(amounts.step))
            )
            if not self.range_amount.text():
                self.range_amount.setText(format_decimal(amounts.minimum.amount))
            self._show_offer_rows(fixed=False)
        promotions = [p.title for p in offer.offer.promotions]
        self.promotions.setText(
            self.tr("Promotions of the operator: %1").replace("%1", self.tr("; ").join(promotions))
            if promotions
            else ""
        )
        self._amount_changed()

    def _show_offer_rows(self, *, fixed: bool) -> None:
        shown: list[QWidget] = [self.fixed_amounts, self._captions[1]]
        hidden: list[QWidget] = [self.range_amount, self.range_hint, self._captions[2]]
        if not fixed:
            shown, hidden = hidden, shown
        for widget in shown:
            widget.setVisible(True)
        for widget in hidden:
            widget.setVisible(False)

    def amount(self) -> Money | None:
        """The chosen amount in the card's currency; None (with a message) when unreadable."""
        if self._offer is None:
            return None
        if isinstance(self._offer.amounts, FixedAmounts):
            chosen = self.fixed_amounts.currentData()
            return chosen if isinstance(chosen, Money) else None
        try:
            return parse_money(self.range_amount.text(), self._offer.card.currency)
        except ValueError:
            self.message.setText(self.tr("Enter an amount like 10.00."))
            return None

    def _amount_changed(self) -> None:
        self._asked += 1
        self._price = None
        self.topup_button.setEnabled(False)
        self.price_text.clear()
        amount = self.amount()
        if amount is None or self.order is not None:
            return
        self.message.clear()
        card_id, topups, asked = self._card_id, self._topups, self._asked
        self._runner.run(
            self,
            lambda: topups.price(card_id, amount),
            lambda price: self._priced(price, asked),
            lambda error: self._failed(error) if asked == self._asked else None,
            description="Reloadly price",
        )

    def _priced(self, price: ReloadlyPrice, asked: int) -> None:
        if asked != self._asked:
            return  # the amount changed meanwhile
        self._price = price
        quote = price.quote
        self.balance.setText(format_money(price.balance))
        if quote.fx_rate is None:
            text = self.tr("Paid from the Reloadly account balance: %1.").replace(
                "%1", format_money(quote.total)
            )
        else:
            text = (
                self.tr("Paid from the Reloadly account balance: %1 (1 %2 = %3 %4).")
                .replace("%1", format_money(quote.total))
                .replace("%2", quote.amount.currency)
                .replace("%3", format_decimal(quote.fx_rate))
                .replace("%4", quote.pay_currency)
            )
        self.price_text.setText(text)
        if not price.covered:
            self.message.setText(self._too_low(price.balance, quote.total))
        self.topup_button.setEnabled(price.covered and self.order is None)

    # --- submit and follow ----------------------------------------------------------------

    def submit(self) -> None:
        amount = self.amount()
        if amount is None or self._price is None or self.order is not None:
            return
        self._busy(True)
        self.topup_button.setEnabled(False)
        card_id, topups, key = self._card_id, self._topups, self._key
        self._runner.run(
            self,
            lambda: topups.submit(card_id, amount, key),
            self._submitted,
            self._failed,
            description="Reloadly top-up",
        )

    def _submitted(self, record: OrderRecord) -> None:
        self._busy(False)
        self.topup_button.setEnabled(False)
        self.fixed_amounts.setEnabled(False)
        self.range_amount.setEnabled(False)
        self._show_order(record)

    def _ask_order(self) -> None:
        if self.order is None:
            return
        local_id, topups = self.order.local_id, self._topups
        self._runner.run(
            self,
            lambda: topups.follow(local_id),
            self._followed,
            self._follow_failed,
            description="follow Reloadly order",
        )

    def _followed(self, record: OrderRecord | None) -> None:
        if record is not None:
            self._show_order(record)

    def _follow_failed(self, _error: Exception) -> None:
        self._follow.start()  # the order is journalled: asked again later

    def _show_order(self, record: OrderRecord) -> None:
        self.order = record
        status = record.status
        if status is OrderStatus.CREDITED:
            text = self.tr("Credited: %1 is on the card.").replace(
                "%1", format_money(record.credited)
            )
        elif status is OrderStatus.FAILED and record.failure_code == "refunded":
            text = self.tr("Refunded: %1 went back to the Reloadly account balance.").replace(
                "%1", format_money(record.total)
            )
        elif status.is_final:
            text = self.tr("The top-up did not go through (%1); nothing was taken.").replace(
                "%1", order_status_text(status)
            )
        else:
            text = (
                self.tr("Order %1: %2…")
                .replace("%1", str(record.local_id))
                .replace("%2", order_status_text(status))
            )
        self.status.setText(text)
        if status.is_final:
            self.order_finished.emit(record)
        else:
            self._follow.start()

    # --- errors and state -----------------------------------------------------------------

    def _too_low(self, balance: Money, total: Money) -> str:
        return (
            self.tr(
                "The Reloadly account balance (%1) does not cover %2. Add money to the "
                "account first; nothing was sent."
            )
            .replace("%1", format_money(balance))
            .replace("%2", format_money(total))
        )

    def _failed(self, error: Exception) -> None:
        self._busy(False)
        if isinstance(error, BalanceTooLow):
            self.message.setText(self._too_low(error.balance, error.total))
            return
        if isinstance(error, ValueError):  # AmountNotOffered, no phone number, ...
            self.message.setText(self.tr("The operator does not take this amount; choose another."))
            return
        self.message.setText(error_text(error))

    def _busy(self, busy: bool) -> None:
        self.detect_button.setEnabled(not busy and self.order is None)
        if busy:
            self.topup_button.setEnabled(False)

    def done(self, result: int) -> None:  # the order stays in the journal when closed
        self._follow.stop()
        super().done(result)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Top up via Reloadly"))
        self._captions[0].setText(self.tr("Operator:"))
        self._captions[1].setText(self.tr("Amount:"))
        self._captions[2].setText(self.tr("Amount:"))
        self._captions[3].setText(self.tr("Reloadly balance:"))
        self.detect_button.setText(self.tr("Detect the operator again"))
        self.topup_button.setText(self.tr("Top up from the Reloadly balance"))
        self.fixed_amounts.setAccessibleName(self.tr("Amount"))
        self.range_amount.setAccessibleName(self.tr("Amount"))
