"""First run: choose the provider, then sign in or create an account (with a verification code).

The sandbox is offered first, with its demo account filled in. Choosing "another provider"
asks for its URL (`lebwallet.ui.provider_choice`). Signing in, registering and verifying
run in the background through the `WalletBackend`; errors are shown in the dialog, which
stays open until the user is signed in or cancels.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.text import normalize_typed
from lebwallet.services.errors import VerificationRequired
from lebwallet.services.problems import FieldKind, FieldProblem, ProblemClass, describe_problem
from lebwallet.services.settings import SettingsError
from lebwallet.services.wallet_api import AccountInfo, PendingCode, WalletBackend
from lebwallet.ui.accessibility import buddy_captions
from lebwallet.ui.field_messages import FieldMessages, grow_to_fit
from lebwallet.ui.i18n_text import keyring_name, sentences
from lebwallet.ui.problem_text import field_problem_text, problem_text
from lebwallet.ui.provider_choice import ProviderChoice
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.theme import error_style


class WelcomeDialog(QDialog):
    """Provider choice and sign-in (see the module docstring).

    Signals:
        provider_chosen(object): the provider URL to use (None: the sandbox); emitted
            before the first request so the caller can point the wallet at it.
        signed_in(object): the `AccountInfo` of the signed-in account.
    """

    provider_chosen = Signal(object)
    signed_in = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        backend: WalletBackend,
        *,
        demo: tuple[str, str] | None,
        provider_url: str | None = None,
        login: str | None = None,
        keyring_problem: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`keyring_problem`: why the system keyring cannot keep the session (known before
        the sign-in); "remember" is then not offered and the dialog says why."""
        super().__init__(parent)
        self._runner = runner
        self._backend = backend
        self._demo = demo
        self._pending: PendingCode | None = None
        self._busy = False
        self._registering = False
        self.account: AccountInfo | None = None

        self.provider_choice = ProviderChoice(
            sandbox_offered=demo is not None, provider_url=provider_url, parent=self
        )
        self.use_sandbox = self.provider_choice.use_sandbox
        self.use_provider = self.provider_choice.use_provider
        self.provider_url = self.provider_choice.provider_url
        self.login = QLineEdit(self)
        self.login.setObjectName("login")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self)
        self.remember.setObjectName("remember_password")
        self.keyring_note = QLabel(self)
        self.keyring_note.setObjectName("keyring_note")
        self.keyring_note.setWordWrap(True)
        self._keyring_problem = keyring_problem
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.code = QLineEdit(self)
        self.code.setObjectName("code")
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.sign_in_button = QPushButton(self)
        self.sign_in_button.setDefault(True)
        self.register_button = QPushButton(self)
        self.verify_button = QPushButton(self)
        self.cancel_button = QPushButton(self)

        self._captions = [QLabel(self) for _ in range(4)]
        form = QFormLayout()
        form.addRow(self._captions[0], self.login)
        form.addRow(self._captions[1], self.password)
        form.addRow("", self.remember)
        form.addRow("", self.keyring_note)
        form.addRow(self._captions[2], self.name)
        form.addRow(self._captions[3], self.code)
        buddy_captions(form)
        self._form = form
        self.field_messages = FieldMessages(form)
        self.field_messages.attach(self.login, "email", "phone", "login")
        self.field_messages.attach(self.password, "password")
        self.field_messages.attach(self.name, "name")
        self.field_messages.attach(self.code, "code", "verification_id")
        buttons = QHBoxLayout()
        buttons.addWidget(self.register_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.provider_choice)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        if login:
            self.login.setText(login)
        self.use_sandbox.toggled.connect(self._on_provider_toggled)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.register_button.clicked.connect(self.register)
        self.verify_button.clicked.connect(self.verify)
        self.cancel_button.clicked.connect(self.reject)
        self._retranslate()
        self._show_keyring_state()
        self._on_provider_toggled(self.provider_choice.uses_sandbox)
        self._set_mode(registering=False)
        self.resize(500, self.sizeHint().height())

    # --- state ----------------------------------------------------------------------------

    def _on_provider_toggled(self, sandbox: bool) -> None:
        if sandbox and self._demo is not None:
            self.login.setText(self._demo[0])
            self.password.setText(self._demo[1])
        elif not sandbox and self._demo is not None and self.login.text() == self._demo[0]:
            self.login.clear()
            self.password.clear()

    def _set_mode(self, *, registering: bool) -> None:
        self._registering = registering
        self.name.setVisible(registering)
        self._captions[2].setVisible(registering)
        waiting_code = self._pending is not None
        self.code.setVisible(waiting_code)
        self._captions[3].setVisible(waiting_code)
        self.verify_button.setVisible(waiting_code)
        self.sign_in_button.setVisible(not waiting_code)
        self._retranslate_buttons()

    def _show_keyring_state(self) -> None:
        unusable = self._keyring_problem is not None
        if unusable:
            self.remember.setChecked(False)
        self.remember.setEnabled(not unusable)
        self.keyring_note.setVisible(unusable)
        self.keyring_note.setToolTip(self._keyring_problem or "")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (
            self.sign_in_button,
            self.register_button,
            self.verify_button,
            self.login,
            self.password,
            self.remember,
            self.name,
            self.code,
        ):
            widget.setEnabled(not busy)
        self.provider_choice.set_busy(busy)
        if not busy:
            self.remember.setEnabled(self._keyring_problem is None)

    def _show(self, text: str, *, error: bool = False) -> None:
        if not error:
            self.field_messages.clear()
        self.message.setStyleSheet(error_style() if error else "")
        self.message.setText(text)
        grow_to_fit(self)

    def _choose_provider(self) -> bool:
        try:
            url = self.provider_choice.chosen_url()
        except SettingsError:
            self._show(self.provider_choice.invalid_url_text(), error=True)
            return False
        self.provider_chosen.emit(url)
        return True

    def _login(self) -> str:
        """The e-mail or phone number as typed on a plain keyboard (full-width forms of an
        input method folded); the password is never changed."""
        return normalize_typed(self.login.text())

    def _credentials(self) -> tuple[str, str] | None:
        login, password = self._login(), self.password.text()
        if not login or not password:
            self._show(self.tr("Enter your e-mail or phone number and your password."), error=True)
            return None
        return login, password

    # --- actions --------------------------------------------------------------------------

    def sign_in(self) -> None:
        if self._busy:
            return
        if self._registering:
            self._set_mode(registering=False)
        credentials = self._credentials()
        if credentials is None or not self._choose_provider():
            return
        login, password = credentials
        remember = self.remember.isChecked()
        self._set_busy(True)
        self._show(self.tr("Signing in…"))
        self._runner.run(
            self,
            lambda: self._backend.sign_in(login, password, remember=remember),
            self._on_signed_in,
            self._on_failed,
            description="sign in",
        )

    def register(self) -> None:
        if self._busy:
            return
        if not self._registering:
            self._set_mode(registering=True)
            self._show(self.tr("Choose a password of at least 8 characters and enter your name."))
            return
        credentials = self._credentials()
        name = self.name.text().strip()
        if credentials is None:
            return
        if not name:
            self.field_messages.clear()
            self.field_messages.set_message(self.name, self.tr("Enter your name."))
            self._show("", error=True)
            return
        if not self._choose_provider():
            return
        login, password = credentials
        self._set_busy(True)
        self._show(self.tr("Creating the account…"))
        self._runner.run(
            self,
            lambda: self._backend.register(login, password, name),
            self._on_code_sent,
            self._on_failed,
            description="register",
        )

    def verify(self) -> None:
        pending = self._pending
        code = "".join(normalize_typed(self.code.text()).split())
        if self._busy or pending is None:
            return
        if not code:
            self._show(self.tr("Enter the verification code."), error=True)
            return
        if not (len(code) == 6 and all("0" <= c <= "9" for c in code)):
            self.field_messages.clear()
            self.field_messages.set_message(
                self.code, field_problem_text(FieldProblem("code", FieldKind.FORMAT)) or ""
            )
            self._show("", error=True)
            return
        self._set_busy(True)
        self._show(self.tr("Checking the code…"))
        login, password = self._login(), self.password.text()
        remember = self.remember.isChecked()

        def work() -> AccountInfo:
            self._backend.verify(pending.verification_id, code)
            return self._backend.sign_in(login, password, remember=remember)

        self._runner.run(self, work, self._on_signed_in, self._on_failed, description="verify")

    def _on_code_sent(self, pending: PendingCode) -> None:
        self._set_busy(False)
        self._pending = pending
        self._set_mode(registering=self._registering)
        text = self.tr("A verification code was sent to %1.").replace("%1", pending.destination)
        if pending.sandbox_code:
            text = sentences(text, self.tr("Sandbox code: %1.").replace("%1", pending.sandbox_code))
            self.code.setText(pending.sandbox_code)
        self._show(text)

    def _on_signed_in(self, account: AccountInfo) -> None:
        self._set_busy(False)
        self.account = account
        self.signed_in.emit(account)
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self._set_busy(False)
        info = describe_problem(error)
        text = problem_text(info)
        if info.problem_class is ProblemClass.REFUSED:
            # the refused fields, and the codes that concern one field, go next to it
            left = self.field_messages.show_problems(info)
            at = {"account_exists": self.login, "invalid_verification_code": self.code}
            widget = at.get(info.code or "")
            if widget is not None:
                self.field_messages.set_message(widget, text)
                text = ""
            elif info.fields and not left:
                text = ""
        else:
            self.field_messages.clear()
        if isinstance(error, VerificationRequired):
            verification = error.verification
            if verification is not None:
                self._on_code_sent(
                    PendingCode(
                        verification.verification_id,
                        verification.destination,
                        verification.sandbox_code,
                    )
                )
        elif info.problem_class is ProblemClass.UNREACHABLE:
            text = self.tr("The provider cannot be reached. Check the address and the network.")
        self._show(text, error=True)

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Welcome to LEB Wallet"))
        self._captions[0].setText(self.tr("&E-mail or phone:"))
        self._captions[1].setText(self.tr("Pass&word:"))
        self.remember.setText(
            self.tr("Remember my password (in the %1 only)").replace("%1", keyring_name())
        )
        self.keyring_note.setText(
            self.tr(
                "The %1 cannot be used, so the wallet cannot keep you signed in: "
                "you will be asked to sign in at each start. Secrets are never written to a "
                "file instead."
            ).replace("%1", keyring_name())
        )
        self._captions[2].setText(self.tr("&Name:"))
        self._captions[3].setText(self.tr("Verification &code:"))
        self._retranslate_buttons()

    def _retranslate_buttons(self) -> None:
        self.sign_in_button.setText(self.tr("&Sign in"))
        self.register_button.setText(
            self.tr("Create &account") if self._registering else self.tr("Create &an account…")
        )
        self.verify_button.setText(self.tr("&Verify"))
        self.cancel_button.setText(self.tr("Cancel"))
