"""Where the wallet signs in: the built-in sandbox (no real money), or another provider at a
URL the user types (checked with the settings' rule). Part of the first-run dialog
(`lebwallet.ui.welcome_dialog`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QButtonGroup, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from lebwallet.services.settings import check_provider_url


class ProviderChoice(QWidget):
    """The sandbox or another provider's URL; the sandbox only when `sandbox_offered`.

    `use_sandbox.toggled` tells when the choice changes."""

    def __init__(
        self,
        *,
        sandbox_offered: bool,
        provider_url: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sandbox_offered = sandbox_offered
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.use_sandbox = QRadioButton(self)
        self.use_provider = QRadioButton(self)
        group = QButtonGroup(self)
        group.addButton(self.use_sandbox)
        group.addButton(self.use_provider)
        self.provider_url = QLineEdit(provider_url or "", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.use_sandbox)
        layout.addWidget(self.use_provider)
        layout.addWidget(self.provider_url)
        if provider_url is None and sandbox_offered:
            self.use_sandbox.setChecked(True)
        else:
            self.use_provider.setChecked(True)
        self.use_sandbox.toggled.connect(lambda _checked: self.set_busy(False))
        self.set_busy(False)
        self._retranslate()

    @property
    def uses_sandbox(self) -> bool:
        return self.use_sandbox.isChecked()

    def chosen_url(self) -> str | None:
        """The provider URL to use (None: the sandbox); raises `SettingsError` for a URL the
        settings refuse (`invalid_url_text` says what to type)."""
        return None if self.uses_sandbox else check_provider_url(self.provider_url.text())

    def invalid_url_text(self) -> str:
        return self.tr("Enter the provider's address, like https://provider.example.com.")

    def set_busy(self, busy: bool) -> None:
        """Nothing can be changed while the wallet is signing in."""
        self.use_sandbox.setEnabled(not busy and self._sandbox_offered)
        self.use_provider.setEnabled(not busy)
        self.provider_url.setEnabled(not busy and not self.uses_sandbox)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "LEB Wallet keeps your prepaid numbers alive. Try it with the built-in sandbox "
                "(no real money), or connect to your card provider."
            )
        )
        self.use_sandbox.setText(self.tr("Sandbox with the demo account — no real money"))
        self.use_provider.setText(self.tr("Another &provider:"))
        self.provider_url.setAccessibleName(self.tr("Provider address"))
        self.provider_url.setPlaceholderText(self.tr("https://provider.example.com"))
