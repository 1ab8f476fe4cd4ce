"""The lines above the main window's tabs: `SandboxBanner`, `ProfileNotice`, `NoticeBar`.

The banner says that no real money moves while the provider is the embedded sandbox (or
sends sandbox cards). A first recharge needs a complete profile: while the signed-in account
lacks something, the profile notice says what, in words, with a link ("Complete the
profile…") that emits `linkActivated`. Both follow the palette (light or dark) through
`restyle`. The notice bar holds the app's panel of the newest notices, to read and dismiss.
Texts keep the "MainWindow" translation context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from lebwallet.services.wallet_api import AccountInfo


def _banner_style() -> str:
    from lebwallet.ui.theme import Tone, tone

    return (
        f"QLabel {{ background: {tone(Tone.BANNER_BACKGROUND)}; color: {tone(Tone.BANNER_TEXT)};"
        f" border-bottom: 1px solid {tone(Tone.BANNER_BORDER)};"
        " padding: 4px; font-weight: bold; qproperty-alignment: AlignCenter; }"
    )


def _style() -> str:
    from lebwallet.ui.theme import Tone, tone

    return f"QLabel {{ color: {tone(Tone.WARNING)}; padding: 4px; }}"


def _escape(text: str) -> str:
    """Plain text for a rich-text label (the `html` module costs ~2 ms before first paint)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SandboxBanner(QLabel):
    """Shown while the provider is the sandbox, or any card shown is a sandbox card."""

    def __init__(self, parent: QWidget, sandbox: bool) -> None:
        super().__init__(parent)
        self.restyle()  # centred by the style: no `Qt` yet
        self._sandbox = sandbox
        self._sandbox_cards = False
        self.setVisible(sandbox)

    def restyle(self) -> None:
        self.setStyleSheet(_banner_style())

    def set_sandbox(self, sandbox: bool) -> None:
        """Whether the provider is the embedded sandbox."""
        self._sandbox = sandbox
        self.setVisible(self._sandbox or self._sandbox_cards)

    def set_sandbox_cards(self, cards: bool) -> None:
        """Whether the provider marks a card shown as a sandbox card."""
        self._sandbox_cards = cards
        self.setVisible(self._sandbox or self._sandbox_cards)

    def retranslate(self) -> None:
        self.setText(QCoreApplication.translate("MainWindow", "Sandbox — no real money"))


class ProfileNotice(QLabel):
    """See the module docstring; `show_account` and `retranslate` keep it current."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.restyle()
        self.setVisible(False)
        self._account: AccountInfo | None = None

    def restyle(self) -> None:
        """The colours of the current palette (light or dark)."""
        self.setStyleSheet(_style())

    def show_account(self, account: AccountInfo | None) -> None:
        self._account = account
        self.retranslate()

    def retranslate(self) -> None:
        account = self._account
        if account is None or account.profile_complete:
            self.setVisible(False)
            return
        from PySide6 import QtCore

        # Here, not at load: i18n_text imports the money format (decimal, dataclasses: ~4 ms
        # before the first paint, issue 18).
        from lebwallet.ui.i18n_text import join_list, sentences

        text = QCoreApplication.translate(
            "MainWindow", "Your profile is incomplete (%1): complete it before the first recharge."
        ).replace("%1", join_list(_field_name(f) for f in account.missing_fields))
        link = QCoreApplication.translate("MainWindow", "Complete the profile…")
        self.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.setText(sentences(_escape(text), f'<a href="profile">{_escape(link)}</a>'))
        self.setVisible(True)


def _field_name(field: str) -> str:
    """A profile field the provider says is missing, in words."""
    names = {
        "name": QCoreApplication.translate("MainWindow", "your name"),
        "email": QCoreApplication.translate("MainWindow", "an e-mail address"),
        "phone": QCoreApplication.translate("MainWindow", "a phone number"),
        "contact": QCoreApplication.translate("MainWindow", "an e-mail address or phone number"),
        "default_payment_method": QCoreApplication.translate(
            "MainWindow", "a default payment method"
        ),
    }
    return names.get(field, field)


class NoticeBar(QWidget):
    """Where the app's notices panel goes (hidden until it is set; the panel hides itself
    when there is nothing to tell)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("notice_bar")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setVisible(False)

    def set_panel(self, panel: QWidget) -> None:
        self._layout.addWidget(panel)
        self.setVisible(True)
