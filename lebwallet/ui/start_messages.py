"""The message boxes the app shows on its own around the start and the sign-in.

Each is built here, not opened: `WalletApp` hands it to its `ModalQueue` so that they come
one after another (see `lebwallet.ui.modal_queue`). Their texts keep the "WalletApp" context.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from lebwallet.ui.i18n_text import keyring_name


def _box(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget) -> QMessageBox:
    box = QMessageBox(icon, title, text, parent=parent)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def keyring_box(parent: QWidget, detail: str) -> QMessageBox:
    """The system keyring cannot keep the session (`detail`: why)."""
    box = _box(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("WalletApp", "Sign-in not remembered"),
        QCoreApplication.translate(
            "WalletApp",
            "The %1 cannot be used, so the wallet cannot keep you signed in; "
            "you will be asked to sign in at each start. Secrets are never written to a "
            "file instead.",
        ).replace("%1", keyring_name()),
        parent,
    )
    box.setInformativeText(detail)
    return box


def update_question(parent: QWidget, answer: Callable[[bool], None]) -> QMessageBox:
    """May the wallet check for updates? `answer(yes)` once the user has chosen."""
    box = _box(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("WalletApp", "Updates"),
        QCoreApplication.translate(
            "WalletApp",
            "Check once a day whether a new version of LEB Wallet is out? "
            "Nothing is installed without you.",
        ),
        parent,
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.finished.connect(lambda result: answer(result == QMessageBox.StandardButton.Yes))
    return box


def settings_problem_box(parent: QWidget, problem: str) -> QMessageBox:
    """The saved settings could not be used (`problem`: what is wrong with them)."""
    box = _box(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("WalletApp", "Settings"),
        QCoreApplication.translate(
            "WalletApp", "The saved settings could not be used; the defaults are in effect."
        ),
        parent,
    )
    box.setInformativeText(problem)
    return box
