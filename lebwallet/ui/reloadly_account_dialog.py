"""Settings → Channels → Reloadly account: client id and secret, sandbox or live, the hosts.

The same service as `lebwallet channels add reloadly` (`services.channel_accounts`): "Test
connection" asks Reloadly for the account's balance with what is typed (nothing kept), "Save"
keeps the secret in the keyring only and the rest in the settings file. Both run on the
`TaskRunner` (keyring and network never on the GUI thread). Bad input is refused with a
message and nothing is sent or kept.

Signals:
    account_saved(object): the saved `Settings` (with the new `reloadly` account).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from pydantic import ValidationError
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.money import Money
from lebwallet.services.channel_accounts import (
    ReloadlyAccount,
    add_reloadly,
    check_reloadly,
    checked_account,
)
from lebwallet.services.credentials import CredentialStore, CredentialsUnavailable
from lebwallet.services.problems import ProblemClass, describe_problem
from lebwallet.services.settings import Settings
from lebwallet.ui.money_format import format_money
from lebwallet.ui.problem_text import error_text
from lebwallet.ui.tasks import TaskRunner

_ERROR_STYLE: Final = "color: #c62828;"


class FormProblem(ValueError):
    """What is wrong in the form, in the user's language."""


class ReloadlyAccountDialog(QDialog):
    """Add or replace the Reloadly account (see the module docstring)."""

    account_saved = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        data_dir: Path,
        credentials: CredentialStore,
        account: ReloadlyAccount | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._data_dir = data_dir
        self._credentials = credentials
        self.client_id = QLineEdit(account.client_id if account else "", self)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.sandbox = QRadioButton(self)
        self.live = QRadioButton(self)
        (self.sandbox if account is None or account.sandbox else self.live).setChecked(True)
        self.advanced = QGroupBox(self)
        self.advanced.setCheckable(True)
        self.auth_url = QLineEdit((account.auth_url or "") if account else "", self.advanced)
        self.api_url = QLineEdit((account.api_url or "") if account else "", self.advanced)
        self.advanced.setChecked(bool(self.auth_url.text() or self.api_url.text()))
        hosts = QFormLayout(self.advanced)
        self._captions = [QLabel(self) for _ in range(5)]
        hosts.addRow(self._captions[3], self.auth_url)
        hosts.addRow(self._captions[4], self.api_url)
        self.test_button = QPushButton(self)
        self.test_button.clicked.connect(self.test_connection)
        self.connection = QLabel(self)
        self.connection.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR_STYLE)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons.accepted.connect(self.save)
        self._buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self._captions[0], self.client_id)
        form.addRow(self._captions[1], self.secret)
        form.addRow(self._captions[2], self.sandbox)
        form.addRow("", self.live)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.advanced)
        layout.addWidget(self.test_button)
        layout.addWidget(self.connection)
        layout.addWidget(self.message)
        layout.addWidget(self._buttons)
        for field in (self.client_id, self.secret, self.auth_url, self.api_url):
            field.textChanged.connect(self._edited)
        self._retranslate()
        self.resize(520, self.sizeHint().height())

    # --- the form -----------------------------------------------------------------------

    def collect(self) -> tuple[ReloadlyAccount, str]:
        """The account and secret in the form; `FormProblem` says what is wrong."""
        client_id = self.client_id.text().strip()
        secret = self.secret.text().strip()
        if not client_id:
            raise FormProblem(self.tr("Enter the client id of your Reloadly account."))
        if not secret:
            raise FormProblem(self.tr("Enter the client secret of your Reloadly account."))
        advanced = self.advanced.isChecked()
        try:
            account = ReloadlyAccount(
                client_id=client_id,
                sandbox=self.sandbox.isChecked(),
                auth_url=(self.auth_url.text().strip() or None) if advanced else None,
                api_url=(self.api_url.text().strip() or None) if advanced else None,
            )
        except ValidationError as error:
            raise FormProblem(self.tr("A client id has no spaces; copy it again.")) from error
        try:
            return checked_account(account), secret
        except ValueError as error:
            raise FormProblem(
                self.tr(
                    "Write each host as https://host.example.com (plain http only for this "
                    "computer), with no ?query or #fragment."
                )
            ) from error

    def test_connection(self) -> None:
        """Ask Reloadly for the balance of the typed account, on the runner."""
        try:
            account, secret = self.collect()
        except FormProblem as problem:
            self._show_problem(str(problem))
            return
        self._busy(True)
        self.connection.setText(self.tr("Connecting to Reloadly…"))
        self._runner.run(
            self,
            lambda: check_reloadly(account, secret),
            self._tested,
            self._failed,
            description="test the Reloadly account",
        )

    def save(self) -> None:
        """Keep the secret in the keyring and the account in the settings, on the runner."""
        try:
            account, secret = self.collect()
        except FormProblem as problem:
            self._show_problem(str(problem))
            return
        self._busy(True)
        data_dir, credentials = self._data_dir, self._credentials
        self._runner.run(
            self,
            lambda: add_reloadly(data_dir, credentials, account, secret),
            self._saved,
            self._failed,
            description="save the Reloadly account",
        )

    # --- results ------------------------------------------------------------------------

    def _tested(self, balance: Money) -> None:
        self._busy(False)
        self.message.clear()
        self.connection.setText(
            self.tr("Connected. The account balance is %1.").replace("%1", format_money(balance))
        )

    def _saved(self, settings: Settings) -> None:
        self._busy(False)
        self.account_saved.emit(settings)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self._busy(False)
        self.connection.clear()
        self._show_problem(self._error_text(error))

    def _error_text(self, error: Exception) -> str:
        if isinstance(error, CredentialsUnavailable):
            return self.tr(
                "The system keyring cannot keep the secret right now; unlock it and try again."
            )
        if isinstance(error, ValueError):
            return self.tr("Reloadly did not accept these details; check them and try again.")
        info = describe_problem(error)
        if info.problem_class in (ProblemClass.WRONG_CREDENTIALS, ProblemClass.SIGNED_OUT):
            return self.tr("Reloadly did not accept this client id and secret.")
        if info.problem_class is ProblemClass.UNREACHABLE:
            return self.tr("Reloadly cannot be reached right now. Check the network and the hosts.")
        return error_text(error)

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)

    def _busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy)
        self._buttons.setEnabled(not busy)

    def _edited(self, _text: str) -> None:
        self.message.clear()
        self.connection.clear()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Reloadly account"))
        self._captions[0].setText(self.tr("Client id:"))
        self._captions[1].setText(self.tr("Client secret:"))
        self._captions[2].setText(self.tr("Mode:"))
        self._captions[3].setText(self.tr("Auth URL:"))
        self._captions[4].setText(self.tr("Airtime API URL:"))
        self.secret.setPlaceholderText(self.tr("kept in the system keyring only"))
        self.sandbox.setText(self.tr("Sandbox (test account, no real money)"))
        self.live.setText(self.tr("Live (real top-ups, paid from the account balance)"))
        self.advanced.setTitle(self.tr("Advanced: other hosts (for testing or a proxy)"))
        self.auth_url.setPlaceholderText(self.tr("empty: Reloadly's own host"))
        self.api_url.setPlaceholderText(self.tr("empty: Reloadly's own host"))
        self.test_button.setText(self.tr("Test connection"))
        self.client_id.setAccessibleName(self.tr("Client id"))
        self.secret.setAccessibleName(self.tr("Client secret"))
        self.auth_url.setAccessibleName(self.tr("Auth URL"))
        self.api_url.setAccessibleName(self.tr("Airtime API URL"))
