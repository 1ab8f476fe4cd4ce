"""Complete the profile at the provider: name and default payment method.

A provider refuses a first recharge while the profile lacks them (`profile_incomplete`);
this dialog is where the user fixes that. The save runs in the background through the
`TaskRunner`; the dialog stays open and shows the provider's refusal if there is one, and
emits `profile_saved(AccountInfo)` on success.

Signals: profile_saved(object) — the account as the provider now has it (`AccountInfo`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.recharge import PaymentMethod
from lebwallet.services.problems import FieldKind, FieldProblem, ProblemClass, describe_problem
from lebwallet.services.wallet_api import AccountInfo
from lebwallet.ui.accessibility import buddy_captions
from lebwallet.ui.field_messages import FieldMessages, grow_to_fit
from lebwallet.ui.problem_text import field_problem_text, problem_text
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.theme import error_style
from lebwallet.ui.wizard_pages.messages import method_name

NAME_MAX_LENGTH: Final = 100

SaveProfile = Callable[[str, PaymentMethod], AccountInfo]
"""Blocking: sends the name and default payment method, returns the updated account."""


class ProfileDialog(QDialog):
    profile_saved = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        save: SaveProfile,
        account: AccountInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profile_dialog")
        self._runner = runner
        self._save = save
        self._saving = False
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.name = QLineEdit(account.name, self)
        self.name.setObjectName("name")
        self.name.textChanged.connect(self._validate)
        self.method = QComboBox(self)
        self.method.setObjectName("method")
        for method in PaymentMethod:
            if method is PaymentMethod.ACCOUNT_BALANCE:
                continue  # a channel account pays, not the user
            self.method.addItem(method_name(method), method.value)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(error_style())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._form = QFormLayout()
        self._name_caption = QLabel(self)
        self._method_caption = QLabel(self)
        self._form.addRow(self._name_caption, self.name)
        self._form.addRow(self._method_caption, self.method)
        buddy_captions(self._form)
        self.field_messages = FieldMessages(self._form)
        self.field_messages.attach(self.name, "name")
        self.field_messages.attach(self.method, "default_payment_method")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self._form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._retranslate()
        self._validate()

    @property
    def save_button(self) -> QWidget:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None
        return button

    def _name_problem(self) -> str | None:
        name = self.name.text().strip()
        if not name:
            return self.tr("Enter your name.")
        if len(name) > NAME_MAX_LENGTH:  # said, never cut silently
            return field_problem_text(FieldProblem("name", FieldKind.TOO_LONG, NAME_MAX_LENGTH))
        return None

    def _validate(self) -> None:
        problem = self._name_problem()
        self.field_messages.set_message(self.name, problem or "")
        self.save_button.setEnabled(problem is None and not self._saving)
        grow_to_fit(self)

    def save(self) -> None:
        if self._saving or self._name_problem() is not None:
            return
        name = self.name.text().strip()
        method = PaymentMethod(str(self.method.currentData()))
        self._saving = True
        self._validate()
        self.error.setText(self.tr("Saving…"))
        self._runner.run(
            self,
            lambda: self._save(name, method),
            self._on_saved,
            self._on_failed,
            description="save profile",
        )

    def _on_saved(self, account: AccountInfo) -> None:
        self._saving = False
        self.profile_saved.emit(account)
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self._saving = False
        self._validate()
        info = describe_problem(error)
        left = self.field_messages.show_problems(info)
        if info.problem_class is ProblemClass.REFUSED and info.fields and not left:
            self.error.setText(self.tr("The profile was not saved."))
        else:
            self.error.setText(
                self.tr("The profile was not saved: %1").replace("%1", problem_text(info))
            )
        grow_to_fit(self)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Your profile"))
        self.intro.setText(
            self.tr(
                "The provider needs your name and a default payment method before the first "
                "recharge."
            )
        )
        self._name_caption.setText(self.tr("Name"))
        self._method_caption.setText(self.tr("Default payment method"))
        for index in range(self.method.count()):
            self.method.setItemText(index, method_name(str(self.method.itemData(index))))
