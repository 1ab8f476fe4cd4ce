""" "Keep this number alive for me": one card's autopilot settings — on or off, how many days
before the deadline, an optional monthly budget in the card's currency, and for a card of
your own with a phone number (topped up from the Reloadly balance) whether to go ahead
without asking first. A card no channel tops up, or whose rule counts calls or texts, is
only reminded: the dialog says so (and asks for no budget). Read and saved
through the `ServiceAutopilotBackend` on the `TaskRunner`; bad input is said in the dialog
and changes nothing.

Signals:
    saved(object): the settings were stored (`AutopilotCard`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Protocol

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.cards import Card
from lebwallet.domain.money import Money, MoneyError
from lebwallet.services.autopilot import (
    DEFAULT_DAYS_BEFORE,
    MAX_DAYS_BEFORE,
    AutopilotCard,
    RemindsOnly,
)
from lebwallet.ui.tasks import TaskRunner


def paid_from_balance(card: Card) -> bool:
    """A card of your own with a phone number: autopilot tops it up through the Reloadly
    account (when one is added), paid from its balance."""
    return card.is_own_number


class AutopilotSettingsBackend(Protocol):
    def settings(self, card_id: str) -> AutopilotCard | None: ...

    def reminds_only(self, card_id: str) -> RemindsOnly | None: ...

    def save(
        self,
        card_id: str,
        *,
        enabled: bool,
        days_before: int,
        budget: Money | None,
        without_asking: bool = False,
    ) -> AutopilotCard: ...


class AutopilotDialog(QDialog):
    """See the module docstring."""

    saved = Signal(object)

    def __init__(
        self,
        backend: AutopilotSettingsBackend,
        runner: TaskRunner,
        card: Card,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("autopilot_dialog")
        self.card = card
        self._backend = backend
        self._runner = runner
        self._reminds_only: RemindsOnly | None = None
        self.enabled = QCheckBox(self)
        self.enabled.setObjectName("autopilot_enabled")
        self.days = QSpinBox(self)
        self.days.setObjectName("autopilot_days")
        self.days.setRange(1, MAX_DAYS_BEFORE)
        self.days.setValue(DEFAULT_DAYS_BEFORE)
        self.budget = QLineEdit(self)
        self.budget.setObjectName("autopilot_budget")
        self.without_asking = QCheckBox(self)
        self.without_asking.setObjectName("autopilot_without_asking")
        self.without_asking.setVisible(paid_from_balance(card))
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("autopilot_message")
        self.message_label.setWordWrap(True)
        self._days_caption = QLabel(self)
        self._budget_caption = QLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = self._form = QFormLayout()
        form.addRow(self._days_caption, self.days)
        form.addRow(self._budget_caption, self.budget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.enabled)
        layout.addLayout(form)
        layout.addWidget(self.without_asking)
        layout.addWidget(self.explain)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self._retranslate()
        card_id = card.id
        runner.run(
            self,
            lambda: (backend.settings(card_id), backend.reminds_only(card_id)),
            self._on_settings,
            lambda error: self._say(str(error)),
            description="autopilot: read settings",
        )

    def _on_settings(self, read: tuple[AutopilotCard | None, RemindsOnly | None]) -> None:
        settings, self._reminds_only = read
        reminds = self._reminds_only is not None
        self._form.setRowVisible(self.budget, not reminds)  # a reminder costs nothing
        self.without_asking.setVisible(paid_from_balance(self.card) and not reminds)
        self._retranslate()
        self._fit()
        if settings is None:
            return
        self.enabled.setChecked(settings.enabled)
        self.days.setValue(settings.days_before)
        self.budget.setText("" if settings.budget is None else f"{settings.budget.amount:f}")
        self.without_asking.setChecked(settings.without_asking)

    def _budget(self) -> Money | None:
        text = self.budget.text().strip()
        if not text or self._reminds_only is not None:
            return None
        try:
            budget = Money.of(Decimal(text), self.card.currency)
        except (InvalidOperation, MoneyError, ValueError):
            budget = None
        if budget is None or not budget.is_positive:
            raise ValueError(text)
        return budget

    def save(self) -> None:
        try:
            budget = self._budget()
        except ValueError:
            self._say(
                self.tr(
                    "Enter a monthly budget like 20 or 20.50 in %1, or leave it empty."
                ).replace("%1", self.card.currency)
            )
            return
        self.buttons.setEnabled(False)
        backend, card_id = self._backend, self.card.id
        enabled, days = self.enabled.isChecked(), self.days.value()
        without_asking = not self.without_asking.isHidden() and self.without_asking.isChecked()
        self._runner.run(
            self,
            lambda: backend.save(
                card_id,
                enabled=enabled,
                days_before=days,
                budget=budget,
                without_asking=without_asking,
            ),
            self._on_saved,
            self._on_failed,
            description="autopilot: save settings",
        )

    def _on_saved(self, settings: AutopilotCard) -> None:
        self.saved.emit(settings)
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self._say(self.tr("Not saved: %1").replace("%1", str(error)))

    def _say(self, text: str) -> None:
        """Show a message under the explanation; the dialog grows to hold both whole."""
        self.message_label.setText(text)
        self._fit()

    def _fit(self) -> None:
        # wrapped labels need their height for the dialog's width: a layout's minimum size
        # does not count it, so the dialog is grown to its height for width by hand
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)
        self.setMinimumHeight(needed)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._fit()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        if self._reminds_only is not None:
            self._retranslate_reminder(self._reminds_only)
            return
        self.setWindowTitle(
            self.tr("Keep alive automatically: %1").replace("%1", self.card.display_name)
        )
        self.enabled.setText(self.tr("Keep this number alive for me"))
        self._days_caption.setText(self.tr("Days before the deadline"))
        self._budget_caption.setText(
            self.tr("Monthly budget (%1, optional)").replace("%1", self.card.currency)
        )
        self.without_asking.setText(
            self.tr("Top up from the Reloadly balance without asking me first")
        )
        if paid_from_balance(self.card):
            self.explain.setText(
                self.tr(
                    "Before the deadline the wallet tops this number up with the smallest "
                    "amount its rule counts, paid from your Reloadly balance: it asks you "
                    "first, or goes ahead and tells you afterwards. It never makes two for "
                    "one deadline."
                )
            )
            return
        self.explain.setText(
            self.tr(
                "Before the deadline the wallet prepares a top-up of the rule's minimum and "
                "asks you to pay it; it never makes two for one deadline. A card whose rule "
                "counts calls or texts is only reminded."
            )
        )

    def _retranslate_reminder(self, why: RemindsOnly) -> None:
        self.setWindowTitle(self.tr("Deadline reminder: %1").replace("%1", self.card.display_name))
        self.enabled.setText(self.tr("Remind me before the deadline"))
        self._days_caption.setText(self.tr("Days before the deadline"))
        if why is RemindsOnly.RULE:
            self.explain.setText(
                self.tr(
                    "This card's rule counts calls or texts, which only you can make: the "
                    "wallet reminds you before the deadline and tops nothing up."
                )
            )
            return
        self.explain.setText(
            self.tr(
                "The wallet has no way to top this card up by itself (a card of your own "
                "needs a phone number and a Reloadly account for that): it reminds you before "
                "the deadline and tops nothing up."
            )
        )
