"""Write your own keep-alive rule for a card's carrier (and so override a shipped one).

The form starts from the card's current rule: which actions count (top-up, call, SMS, data),
the period in days or calendar months and the minimum top-up in the carrier's currency. Saved
as the user's rule under the same id, it replaces the catalogue's rule for every card of
that carrier (the dialog says so) and the deadlines are counted again. Your own rule has no
source: the app says it is yours.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.catalogue import CarrierEntry
from lebwallet.domain.keepalive import (
    ActionKind,
    KeepAliveError,
    KeepAliveRule,
    Period,
    PeriodUnit,
)
from lebwallet.domain.money import Money, MoneyError
from lebwallet.services.wallet_api import WalletBackend
from lebwallet.ui.accessibility import buddy_captions
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.theme import error_style

_MAX: Final = {PeriodUnit.DAYS: 3650, PeriodUnit.MONTHS: 120}


class RuleDialog(QDialog):
    """See the module docstring.

    Signals:
        saved(object): the saved `CarrierEntry`.
    """

    saved = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        backend: WalletBackend,
        entry: CarrierEntry,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend = backend
        self._entry = entry
        rule = entry.rule
        self.action_boxes: dict[ActionKind, QCheckBox] = {}
        actions_row = QHBoxLayout()
        for kind in ActionKind:
            box = QCheckBox(self)
            box.setChecked(kind in rule.actions)
            box.toggled.connect(lambda _on: self._update())
            actions_row.addWidget(box)
            self.action_boxes[kind] = box
        self.every = QSpinBox(self)
        self.unit = QComboBox(self)
        self.unit.addItem("", PeriodUnit.DAYS.value)
        self.unit.addItem("", PeriodUnit.MONTHS.value)
        self.unit.setCurrentIndex(self.unit.findData(rule.period.unit.value))
        self.every.setRange(1, _MAX[rule.period.unit])
        self.every.setValue(rule.period.count)
        self.unit.currentIndexChanged.connect(
            lambda _i: self.every.setMaximum(_MAX[PeriodUnit(self.unit.currentData())])
        )
        period_row = QHBoxLayout()
        period_row.addWidget(self.every)
        period_row.addWidget(self.unit, 1)
        self.minimum = QLineEdit(self)
        if rule.minimum_topup is not None:
            self.minimum.setText(rule.minimum_topup.to_wire())
        self.scope = QLabel(self)
        self.scope.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(error_style())
        self._captions = [QLabel(self) for _ in range(3)]
        form = QFormLayout()
        form.addRow(self._captions[0], actions_row)
        form.addRow(self._captions[1], period_row)
        form.addRow(self._captions[2], self.minimum)
        buddy_captions(form)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons.accepted.connect(self.submit)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self._buttons)
        self._retranslate()
        self._update()

    @property
    def save_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Save)

    def _update(self) -> None:
        self.minimum.setEnabled(self.action_boxes[ActionKind.TOPUP].isChecked())
        self.message.clear()

    def collect(self) -> CarrierEntry | None:
        """The user's rule in the form, or None with the reason shown."""
        kinds = frozenset(kind for kind, box in self.action_boxes.items() if box.isChecked())
        if not kinds:
            self.message.setText(self.tr("Tick at least one action that keeps the number."))
            return None
        minimum: Money | None = None
        text = self.minimum.text().strip()
        if ActionKind.TOPUP in kinds and text:
            try:
                minimum = Money.parse_user(text, self._entry.currency)
            except MoneyError:
                self.message.setText(
                    self.tr("Type the minimum top-up in %1, like 10.00.").replace(
                        "%1", self._entry.currency
                    )
                )
                return None
        period = Period(self.every.value(), PeriodUnit(self.unit.currentData()))
        try:
            rule = KeepAliveRule(
                actions=kinds, period=period, minimum_topup=minimum, stages=self._entry.rule.stages
            )
        except KeepAliveError:
            self.message.setText(self.tr("This rule is not consistent; check the period."))
            return None
        entry = self._entry
        return CarrierEntry(
            entry.id,
            entry.name,
            entry.country,
            entry.currency,
            rule,
            entry.source_title,
            None,
            True,
        )

    def submit(self) -> None:
        entry = self.collect()
        if entry is None:
            return
        self.save_button.setEnabled(False)
        backend = self._backend
        self._runner.run(
            self,
            lambda: backend.keep_alive().save_rule(entry),
            lambda _none: self._done(entry),
            self._failed,
            description="save rule",
        )

    def _done(self, entry: CarrierEntry) -> None:
        self.saved.emit(entry)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(self.tr("The rule was not saved: %1").replace("%1", str(error)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Your own keep-alive rule"))
        if self._entry.custom:
            scope = self.tr("Your rule for %1.")
        else:
            scope = self.tr(
                "Your rule replaces the catalogue's rule for %1 on every card of yours with "
                "this carrier. It has no source: check it with the carrier."
            )
        self.scope.setText(scope.replace("%1", self._entry.name))
        self._captions[0].setText(self.tr("Keeps the number:"))
        self._captions[1].setText(self.tr("At least once every:"))
        self._captions[2].setText(
            self.tr("Minimum top-up (%1, optional):").replace("%1", self._entry.currency)
        )
        names = {
            ActionKind.TOPUP: self.tr("Top-up"),
            ActionKind.CALL: self.tr("Call"),
            ActionKind.SMS: self.tr("SMS"),
            ActionKind.DATA: self.tr("Data"),
        }
        for kind, box in self.action_boxes.items():
            box.setText(names[kind])
        self.unit.setItemText(0, self.tr("days"))
        self.unit.setItemText(1, self.tr("months"))
