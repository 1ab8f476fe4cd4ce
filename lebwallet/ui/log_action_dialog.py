"""Record a keep-alive action for a card: a top-up elsewhere, a call, an SMS, a data session.

The day is today (UTC) by default and cannot be in the future; a top-up may carry its amount
in the card's currency. The dialog stores the action in the background through the wallet's
`KeepAliveService` (or replaces `editing`, an action logged before) and closes with `logged`
emitted; it stays open with the reason when the input is refused. Whether the card's rule
counts the action is in the emitted `LoggedAction` (`counted`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lebwallet.clock import utc_today
from lebwallet.domain.cards import Card
from lebwallet.domain.keepalive import NOTE_MAX_LENGTH, ActionKind, KeepAliveAction
from lebwallet.domain.money import Money, MoneyError
from lebwallet.services.wallet_api import WalletBackend
from lebwallet.ui.accessibility import buddy_captions
from lebwallet.ui.i18n_text import currency_name
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.theme import error_style


def action_kind_text(kind: ActionKind) -> str:
    """The translated name of an action kind."""
    from PySide6.QtCore import QCoreApplication

    texts = {
        ActionKind.TOPUP: QCoreApplication.translate("LogActionDialog", "Topped up elsewhere"),
        ActionKind.CALL: QCoreApplication.translate("LogActionDialog", "Made a call"),
        ActionKind.SMS: QCoreApplication.translate("LogActionDialog", "Sent an SMS"),
        ActionKind.DATA: QCoreApplication.translate("LogActionDialog", "Used mobile data"),
    }
    return texts[kind]


class LogActionDialog(QDialog):
    """See the module docstring.

    Signals:
        logged(object): the stored action; a `LoggedAction` (new) or `CardKeepAlive` (edited).
    """

    logged = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        backend: WalletBackend,
        card: Card,
        parent: QWidget | None = None,
        *,
        editing: KeepAliveAction | None = None,
        kind: ActionKind = ActionKind.CALL,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend = backend
        self._card = card
        self._editing = editing
        today = today or utc_today()
        self.kind = QComboBox(self)
        for each in ActionKind:
            self.kind.addItem("", each.value)
        chosen = editing.kind if editing is not None else kind
        self.kind.setCurrentIndex(self.kind.findData(chosen.value))
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        # No maximum date: QDateEdit would turn a typed later day into another day (31 into
        # 03). A day after today is refused in words instead (`_day_changed`, `collect`).
        self._today = today
        shown = editing.on if editing is not None else today
        self.day.setDate(QDate(shown.year, shown.month, shown.day))
        self.amount = QLineEdit(self)
        if editing is not None and editing.amount is not None:
            self.amount.setText(editing.amount.to_wire())
        self.note = QLineEdit(self)
        self.note.setMaxLength(NOTE_MAX_LENGTH)
        if editing is not None and editing.note:
            self.note.setText(editing.note)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self._captions = [QLabel(self) for _ in range(4)]
        self._card_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self._captions[0], self.kind)
        form.addRow(self._captions[1], self.day)
        form.addRow(self._captions[2], self.amount)
        form.addRow(self._captions[3], self.note)
        buddy_captions(form)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons.accepted.connect(self.submit)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._card_label)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self._buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.amount.textChanged.connect(lambda _text: self.message.clear())
        self.day.dateChanged.connect(lambda _day: self._day_changed())
        self._retranslate()
        self._kind_changed()

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def selected_kind(self) -> ActionKind:
        return ActionKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        topup = self.selected_kind() is ActionKind.TOPUP
        self.amount.setEnabled(topup)
        if not topup:
            self.amount.clear()

    def _chosen_day(self) -> date:
        qdate = self.day.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def _refuse_future_day(self) -> bool:
        """Say so when the day is after today; whether it is."""
        on = self._chosen_day()
        if on <= self._today:
            return False
        self._error(
            self.tr("%1 is after today (%2): log an action you have already done.")
            .replace("%1", on.isoformat())
            .replace("%2", self._today.isoformat())
        )
        return True

    def _day_changed(self) -> None:
        if not self._refuse_future_day():
            self.message.clear()

    def collect(self) -> KeepAliveAction | None:
        """The action in the form, or None with the reason shown."""
        kind = self.selected_kind()
        if self._refuse_future_day():
            return None
        on = self._chosen_day()
        amount: Money | None = None
        text = self.amount.text().strip()
        if kind is ActionKind.TOPUP and text:
            try:
                amount = Money.parse_user(text, self._card.currency)
            except MoneyError:
                self._error(
                    self.tr("Type the amount in %1, like 10.00.").replace(
                        "%1", currency_name(self._card.currency)
                    )
                )
                return None
            if not amount.is_positive:
                self._error(self.tr("A top-up amount is more than zero."))
                return None
        note = self.note.text().strip() or None
        if note is not None and not note.isprintable():
            self._error(self.tr("The note cannot contain control characters."))
            return None
        action_id = None if self._editing is None else self._editing.id
        return KeepAliveAction(kind, on, amount, note, id=action_id)

    def submit(self) -> None:
        action = self.collect()
        if action is None:
            return
        self.ok_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saving…"))
        card_id = self._card.id
        backend = self._backend
        editing = self._editing is not None

        def work() -> object:
            service = backend.keep_alive()
            if editing:
                return service.update_action(card_id, action)
            return service.log_action(card_id, action)

        self._runner.run(self, work, self._done, self._failed, description="log action")

    def _done(self, result: object) -> None:
        self.logged.emit(result)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.ok_button.setEnabled(True)
        self._error(self.tr("The action was not saved: %1").replace("%1", str(error)))

    def _error(self, text: str) -> None:
        self.message.setStyleSheet(error_style())
        self.message.setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("Log keep-alive action") if self._editing is None else self.tr("Edit action")
        )
        self._card_label.setText(
            self.tr("What did you do with %1?").replace("%1", self._card.display_name)
        )
        self._captions[0].setText(self.tr("Action:"))
        self._captions[1].setText(self.tr("Day (UTC):"))
        self._captions[2].setText(self.tr("Amount (%1):").replace("%1", self._card.currency))
        self._captions[3].setText(self.tr("Note (optional):"))
        for index in range(self.kind.count()):
            self.kind.setItemText(index, action_kind_text(ActionKind(self.kind.itemData(index))))
