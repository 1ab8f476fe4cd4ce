"""The main window's line about an incomplete profile: `ProfileNotice`.

A first recharge needs a complete profile: while the signed-in account lacks something the
line says what, in words, with a link ("Complete the profile…") that emits `linkActivated`.
Hidden otherwise. Texts keep the "MainWindow" translation context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from lebwallet.ui.i18n_text import join_list, sentences

if TYPE_CHECKING:
    from lebwallet.services.wallet_api import AccountInfo


def _style() -> str:
    from lebwallet.ui.theme import Tone, tone

    return f"QLabel {{ color: {tone(Tone.WARNING)}; padding: 4px; }}"


def _escape(text: str) -> str:
    """Plain text for a rich-text label (the `html` module costs ~2 ms before first paint)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
