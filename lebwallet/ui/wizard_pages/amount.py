"""Step 2 — the amount: presets or a custom amount, checked live against the card's rules.

Shows up front: the allowed range and step, what is left of the daily and monthly caps,
the keep-alive minimum (presets that keep the number alive are marked), running promotions
and a promo-code field, the payment method and currency, and the exchange rate with its
expiry. Every change prices the top-up again through `RechargeFlow.set_amount`; a broken
rule is named exactly and keeps Next disabled.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from lebwallet.domain.flow_values import FlowError, RecentOrder, Step
from lebwallet.domain.money import Money, MoneyParseError
from lebwallet.domain.recharge import PaymentMethod, RechargeOptions, RechargeRuleError
from lebwallet.ui.accessibility import buddy_captions
from lebwallet.ui.money_format import CurrencyDisplay, format_money, parse_money
from lebwallet.ui.retry_bar import RetryBar
from lebwallet.ui.wizard_pages.context import WizardContext
from lebwallet.ui.wizard_pages.messages import (
    method_label,
    provider_error_text,
    quote_summary,
    rule_error_text,
)
from lebwallet.ui.wizard_pages.offer_facts import OfferFacts
from lebwallet.ui.wizard_pages.widgets import named, wrapped_label


class AmountPage(QWizardPage):
    step = Step.AMOUNT

    def __init__(self, context: WizardContext) -> None:
        super().__init__()
        self._ctx = context
        self._loading = False
        self._valid = False
        self._method: PaymentMethod = PaymentMethod.BANK_CARD
        self._loaded_for: str | None = None

        self.notice_label = wrapped_label("notice")
        self.facts = OfferFacts()
        self.limits_label = self.facts.limits_label
        self.caps_label = self.facts.caps_label
        self.keep_alive_label = self.facts.keep_alive_label
        self.promotions_label = self.facts.promotions_label
        self.fx_label = self.facts.fx_label
        self.presets_box = QWidget()
        self._presets_layout = QHBoxLayout(self.presets_box)
        self._presets_layout.setContentsMargins(0, 0, 0, 0)
        self.preset_buttons: list[QPushButton] = []
        self.amount_edit = named(QLineEdit(), "amount")
        self.promo_edit = named(QLineEdit(), "promo_code")
        self.pay_currency_combo = named(QComboBox(), "pay_currency")
        self.methods_box = QWidget()
        self._methods_layout = QVBoxLayout(self.methods_box)
        self._methods_layout.setContentsMargins(0, 0, 0, 0)
        self.method_group = QButtonGroup(self)
        self.method_buttons: dict[PaymentMethod, QRadioButton] = {}
        self.error_label = wrapped_label("amount_error")
        self.quote_label = wrapped_label("quote_summary")
        self.retry_bar = RetryBar(name="amount_retry")
        self._requested_currency: str | None = None

        self._amount_caption = QLabel()
        self._promo_caption = QLabel()
        self._currency_caption = QLabel()
        self._method_caption = QLabel()
        form = QFormLayout()
        form.addRow(self._amount_caption, self.amount_edit)
        form.addRow(self._promo_caption, self.promo_edit)
        form.addRow(self._currency_caption, self.pay_currency_combo)
        form.addRow(self._method_caption, self.methods_box)
        buddy_captions(form)
        layout = QVBoxLayout(self)
        for widget in (self.notice_label, self.facts, self.presets_box):
            layout.addWidget(widget)
        layout.addLayout(form)
        for widget in (self.fx_label, self.error_label, self.retry_bar, self.quote_label):
            layout.addWidget(widget)
        layout.addStretch(1)

        self.amount_edit.textChanged.connect(self.reprice)
        self.promo_edit.textChanged.connect(self.reprice)
        self.pay_currency_combo.activated.connect(self._on_pay_currency_chosen)
        self.method_group.buttonClicked.connect(self._on_method_clicked)
        self.facts.detect_again_requested.connect(self.detect_again)
        QWidget.setTabOrder(self.amount_edit, self.facts.detect_button)  # the amount first
        self._retranslate()

    # --- QWizardPage ----------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        card = self._ctx.flow.card
        assert card is not None
        self.show_notice()
        if self._loaded_for != card.id:
            self.amount_edit.clear()
            self.promo_edit.clear()
            self._load_options(None)
        elif self._ctx.flow.options is None:
            self._load_options(self._current_pay_currency())
        else:
            self.reprice()

    def cleanupPage(self) -> None:  # noqa: N802 (Qt override)
        flow = self._ctx.flow
        if flow.step is Step.AMOUNT and flow.can_go_back:
            flow.back()

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        flow = self._ctx.flow
        return flow.step is Step.AMOUNT and not self._loading and self._valid and flow.can_go_next

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            step = self._ctx.flow.next(self._ctx.now())
        except FlowError as error:
            self.error_label.setText(str(error))
            return False
        if step is not Step.CONFIRM:  # the price expired: get a new one
            self.show_notice()
            self._load_options(
                None if self._ctx.flow.options is None else self._ctx.flow.options.pay_currency
            )
            return False
        return True

    # --- options --------------------------------------------------------------------------

    def show_notice(self) -> None:
        """Show why the flow sent the user back here (expired price, refused order)."""
        notice = self._ctx.flow.notice
        if notice is None:
            self.notice_label.clear()
            self.notice_label.hide()
            return
        if notice.kind.value == "quote_expired":
            text = self.tr(
                "The price has expired (exchange rate or promotion). Check the new price."
            )
        elif notice.kind.value == "price_changed":
            text = notice.message  # already in the user's language (the pay page wrote it)
        else:
            text = self.tr("The provider refused the order: %1").replace("%1", notice.message)
        self.notice_label.setText(text)
        self.notice_label.show()

    def reload_options(self) -> None:
        """Load the card's options again (after a refusal or an expired price)."""
        self._load_options(self._current_pay_currency())

    def _current_pay_currency(self) -> str | None:
        options = self._ctx.flow.options
        return options.pay_currency if options is not None else None

    def detect_again(self) -> None:
        """Detect the card's operator anew (a network channel), then load its offer."""
        self._load_options(self._current_pay_currency(), detect_again=True)

    def _load_options(self, pay_currency: str | None, *, detect_again: bool = False) -> None:
        card = self._ctx.flow.card
        assert card is not None
        self._loading = True
        self._valid = False
        self._requested_currency = pay_currency
        self.completeChanged.emit()
        self.retry_bar.clear()
        self.error_label.setText(self.tr("Loading the prices…"))
        backend = self._ctx.backend
        card_id = card.id
        now = self._ctx.now()

        def work() -> tuple[RechargeOptions, list[RecentOrder]]:
            if detect_again:
                options = backend.detect_again(card_id)
            else:
                options = backend.recharge_options(card_id, pay_currency)
            recent = backend.recent_orders(card_id, now)
            return options, recent

        self._ctx.run(
            self, work, self._on_options, self._on_options_failed, description="recharge options"
        )

    def _on_options(self, loaded: tuple[RechargeOptions, list[RecentOrder]]) -> None:
        options, recent = loaded
        self._loading = False
        flow = self._ctx.flow
        if (
            flow.closed
            or flow.step is not Step.AMOUNT
            or flow.card is None
            or flow.card.id != options.card_id
        ):
            return  # the user moved on; these options are not needed any more
        self._ctx.recent_orders = recent
        flow.set_options(options)
        self._loaded_for = options.card_id
        self.error_label.clear()
        self._show_options(options)
        self.reprice()

    def _on_options_failed(self, error: Exception) -> None:
        self._loading = False
        self.error_label.clear()
        self.retry_bar.show_failure(
            self.tr("The prices could not be loaded: %1").replace("%1", provider_error_text(error)),
            lambda: self._load_options(self._requested_currency),
        )
        self.completeChanged.emit()

    def _show_options(self, options: RechargeOptions) -> None:
        self.facts.show_options(options, self._ctx.now())
        qualifying = options.minimum_qualifying_amount
        network = options.network is not None
        self.promo_edit.setVisible(not network)  # an operator's promotions take no code
        self._promo_caption.setVisible(not network)
        # presets
        for button in self.preset_buttons:
            self._presets_layout.removeWidget(button)
            button.deleteLater()
        self.preset_buttons = []
        for preset in options.presets:
            label = format_money(preset)
            if options.plan.qualifies(preset):
                label += " ✓"
            button = QPushButton(label)
            button.setObjectName(f"preset_{preset.to_wire()}")
            button.setAutoDefault(False)  # Enter goes forward, not to the focused preset
            button.clicked.connect(lambda _=False, p=preset: self.choose_preset(p))
            self._presets_layout.addWidget(button)
            self.preset_buttons.append(button)
        # pay currencies
        currencies = [options.currency]
        for method in options.payment_methods:
            currencies.extend(sorted(method.pay_currencies))
        currencies.append(options.pay_currency)
        unique = list(dict.fromkeys(currencies))
        self.pay_currency_combo.blockSignals(True)
        self.pay_currency_combo.clear()
        self.pay_currency_combo.addItems(unique)
        self.pay_currency_combo.setCurrentText(options.pay_currency)
        self.pay_currency_combo.setEnabled(len(unique) > 1)
        self.pay_currency_combo.blockSignals(False)
        # methods
        for old in self.method_buttons.values():
            self.method_group.removeButton(old)
            self._methods_layout.removeWidget(old)
            old.deleteLater()
        self.method_buttons = {}
        available = [m.method for m in options.payment_methods if m.available]
        if self._method not in available and available:
            self._method = available[0]
        for option in options.payment_methods:
            radio = QRadioButton(method_label(option))
            radio.setObjectName(f"method_{option.method.value}")
            self.method_group.addButton(radio)
            self._methods_layout.addWidget(radio)
            self.method_buttons[option.method] = radio
            radio.setChecked(option.method is self._method)
        if self._ctx.keep_alive and qualifying is not None and not self.amount_edit.text():
            self.choose_preset(qualifying)  # "Keep alive": start at the minimum that counts

    # --- input ----------------------------------------------------------------------------

    def choose_preset(self, amount: Money) -> None:
        self.amount_edit.setText(format_money(amount, display=CurrencyDisplay.NONE))

    def choose_method(self, method: PaymentMethod) -> None:
        """Pick a payment method (as a click would); switches the pay currency if needed."""
        button = self.method_buttons.get(method)
        if button is not None:
            button.setChecked(True)
        self._set_method(method)

    def _on_method_clicked(self, button: QAbstractButton) -> None:
        for method, candidate in self.method_buttons.items():
            if candidate is button:
                self._set_method(method)
                return

    def _set_method(self, method: PaymentMethod) -> None:
        self._method = method
        options = self._ctx.flow.options
        if options is None:
            return
        option = options.payment_method(method)
        if options.pay_currency not in option.pay_currencies and option.pay_currencies:
            self._load_options(sorted(option.pay_currencies)[0])
            return
        self.reprice()

    def _on_pay_currency_chosen(self, _index: int) -> None:
        currency = self.pay_currency_combo.currentText()
        if currency and currency != self._current_pay_currency():
            self._load_options(currency)

    def reprice(self) -> None:
        """Price the amount typed now; show the exact rule it breaks, if any."""
        flow = self._ctx.flow
        options = flow.options
        self._valid = False
        if options is None or flow.step is not Step.AMOUNT:
            self.completeChanged.emit()
            return
        text = self.amount_edit.text().strip()
        self.quote_label.clear()
        if not text:
            self.error_label.setText(self.tr("Choose or enter an amount."))
            self.completeChanged.emit()
            return
        code = self.promo_edit.text().strip() or None
        try:
            amount = parse_money(text, options.currency)
            quote = flow.set_amount(
                amount,
                self._method,
                now=self._ctx.now(),
                promo_code=code,
                recent_orders=self._ctx.recent_orders,
            )
        except (RechargeRuleError, MoneyParseError) as error:
            self.error_label.setText(rule_error_text(error))
            self.completeChanged.emit()
            return
        except FlowError as error:
            self.error_label.setText(str(error))
            self.completeChanged.emit()
            return
        self._valid = True
        self.error_label.clear()
        summary = quote_summary(quote)
        self.quote_label.setText(summary)
        self.completeChanged.emit()

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setTitle(self.tr("How much?"))
        self.setSubTitle(self.tr("Choose a preset or enter an amount."))
        self._amount_caption.setText(self.tr("Amount"))
        self._promo_caption.setText(self.tr("Promo code"))
        self._currency_caption.setText(self.tr("Pay in"))
        self._method_caption.setText(self.tr("Pay with"))
        self.amount_edit.setPlaceholderText(self.tr("e.g. 20"))
        self.promo_edit.setPlaceholderText(self.tr("optional"))
        self.facts.retranslate()
        options = self._ctx.flow.options
        if options is not None and self._ctx.flow.step is Step.AMOUNT:
            self._show_options(options)
            self.reprice()
