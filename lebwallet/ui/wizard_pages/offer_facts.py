"""What the amount page says about a card's offer before any amount is typed.

The allowed amounts (a range on a step, or an operator's only amounts), what is left of the
daily and monthly caps (the LEB provider's; a network has none), the keep-alive minimum, the
promotions (the provider's, or the operator's as it words them), the exchange rate, and for a
network channel the operator detected from the number, "Detect the operator again" and the
account balance that pays.

Signals:
    detect_again_requested(): the user wants the operator detected anew.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from lebwallet.domain.recharge import RechargeOptions
from lebwallet.ui.i18n_text import join_list, sentences
from lebwallet.ui.money_format import format_datetime, format_money
from lebwallet.ui.wizard_pages.widgets import named, wrapped_label


class OfferFacts(QWidget):
    detect_again_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operator_label = wrapped_label("operator")
        self.detect_button = named(QPushButton(), "detect_again")
        self.detect_button.setAutoDefault(False)
        self.balance_label = wrapped_label("channel_balance")
        self.limits_label = wrapped_label("limits")
        self.caps_label = wrapped_label("caps")
        self.keep_alive_label = wrapped_label("keep_alive")
        self.promotions_label = wrapped_label("promotions")
        self.fx_label = wrapped_label("fx")
        operator_row = QHBoxLayout()
        operator_row.addWidget(self.operator_label, 1)
        operator_row.addWidget(self.detect_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(operator_row)
        for label in (
            self.balance_label,
            self.limits_label,
            self.caps_label,
            self.keep_alive_label,
            self.promotions_label,
        ):
            layout.addWidget(label)
        self.detect_button.clicked.connect(self.detect_again_requested)
        self.retranslate()
        self.show_network(None)

    def retranslate(self) -> None:
        self.detect_button.setText(self.tr("Detect the operator again"))

    def show_options(self, options: RechargeOptions, now: datetime) -> None:
        self.show_network(options)
        limits = options.limits
        if limits.fixed_only:
            self.limits_label.setText(
                self.tr("The operator takes only these amounts: %1.").replace(
                    "%1", join_list(format_money(m) for m in limits.presets)
                )
            )
        else:
            self.limits_label.setText(
                self.tr("%1 to %2, in steps of %3")
                .replace("%1", format_money(limits.minimum))
                .replace("%2", format_money(limits.maximum))
                .replace("%3", format_money(limits.step))
            )
        self.caps_label.setVisible(limits.capped)
        self.caps_label.setText(
            self.tr("Left today: %1 (daily cap %2) · left this month: %3 (monthly cap %4)")
            .replace("%1", format_money(options.daily_left))
            .replace("%2", format_money(limits.daily_cap))
            .replace("%3", format_money(options.monthly_left))
            .replace("%4", format_money(limits.monthly_cap))
        )
        qualifying = options.minimum_qualifying_amount
        plan = options.plan
        if plan.minimum_topup.is_zero:
            text = self.tr("Keep-alive: any top-up every %1 days.").replace(
                "%1", str(plan.period_days)
            )
        else:
            text = (
                self.tr("Keep-alive: top up at least %1 every %2 days.")
                .replace("%1", format_money(plan.minimum_topup))
                .replace("%2", str(plan.period_days))
            )
        if qualifying is not None:
            text = sentences(
                text,
                self.tr("Top-ups from %1 (marked ✓) keep the number.").replace(
                    "%1", format_money(qualifying)
                ),
            )
        self.keep_alive_label.setText(text)
        self.promotions_label.setText(self._promotions_text(options, now))
        fx = options.fx_quote
        if fx is None:
            self.fx_label.clear()
        else:
            self.fx_label.setText(
                self.tr("Exchange rate: 1 %1 = %2 %3, quoted until %4")
                .replace("%1", fx.from_currency)
                .replace("%2", f"{fx.rate:f}")
                .replace("%3", fx.to_currency)
                .replace("%4", format_datetime(fx.expires_at))
            )

    def show_network(self, options: RechargeOptions | None) -> None:
        network = options.network if options is not None else None
        for widget in (self.operator_label, self.detect_button, self.balance_label):
            widget.setVisible(network is not None)
        # QWizard gives a new page's focus to the first widget of its focus chain that
        # takes focus, hidden or not: a hidden button must not take it from the amount.
        self.detect_button.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus if network is not None else Qt.FocusPolicy.NoFocus
        )
        if network is None:
            return
        self.operator_label.setText(
            self.tr("Operator: %1 (detected from the number)").replace("%1", network.operator_name)
        )
        self.balance_label.setText(
            self.tr("Paid from your Reloadly account balance, now %1.").replace(
                "%1", format_money(network.balance)
            )
        )

    def _promotions_text(self, options: RechargeOptions, now: datetime) -> str:
        lines = []
        if options.network is not None:
            for offered in options.network.promotions:
                if offered.ends is not None and offered.ends <= now:
                    continue
                line = self.tr("• %1").replace("%1", offered.title)
                if offered.description and offered.description != offered.title:
                    line = (
                        self.tr("• %1: %2")
                        .replace("%1", offered.title)
                        .replace("%2", offered.description)
                    )
                lines.append(line)
            if not lines:
                return self.tr("The operator runs no promotion now.")
            return self.tr("The operator's promotions (its own words):") + "\n" + "\n".join(lines)
        for promotion in options.promotions:
            if not promotion.is_active(now):
                continue
            if promotion.code_required:
                line = self.tr("• %1 (with a promo code)").replace("%1", promotion.title)
            else:
                line = self.tr("• %1").replace("%1", promotion.title)
            lines.append(line)
        return (
            self.tr("Promotions:") + "\n" + "\n".join(lines)
            if lines
            else self.tr("No promotion now.")
        )
