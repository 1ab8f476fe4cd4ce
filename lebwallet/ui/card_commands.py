"""What the user does to cards from the main window: `CardCommands`.

Add a card (or an eSIM profile's card), rename, unbind, log a keep-alive action: each asks
in a dialog, runs the backend call on the window's task runner, and puts the result in the
window's cards, details and history (or says why it failed, changing nothing). Texts keep
the "MainWindow" translation context.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QObject

if TYPE_CHECKING:
    from lebwallet.domain.cards import Card
    from lebwallet.domain.keepalive import ActionKind
    from lebwallet.euicc.profiles import EuiccProfile
    from lebwallet.ui.add_card_dialog import AddCardDialog
    from lebwallet.ui.main_window import MainWindow

_log = logging.getLogger(__name__)


class CardCommands(QObject):
    """The card commands of `window` (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    # --- add --------------------------------------------------------------------------------

    def add_card(self) -> AddCardDialog:
        from lebwallet.ui.add_card_dialog import AddCardDialog

        window = self._window
        dialog = AddCardDialog(window.require_runner(), window.require_backend(), window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.card_bound.connect(self._on_card_bound)
        dialog.open()
        return dialog

    def add_card_for_profile(self, profile: EuiccProfile) -> AddCardDialog:
        """Offer an eSIM profile with no wallet card as a new card (the user confirms)."""
        dialog = self.add_card()
        dialog.offer_profile(profile)
        return dialog

    def _on_card_bound(self, card: Card) -> None:
        window = self._window
        window.cards_model.update_card(card)
        window.history.set_cards(window.cards_model.cards)
        window.select_card(card.id)
        window.status.showMessage(
            QCoreApplication.translate("MainWindow", "Card %1 added").replace(
                "%1", card.display_name
            ),
            5000,
        )
        window.cards_changed.emit(window.cards_model.cards)

    # --- keep-alive ---------------------------------------------------------------------------

    def log_keep_alive_action(self, *, kind: ActionKind | None = None) -> None:
        """Open the "log keep-alive action" dialog for the selected card (today, `kind`)."""
        window = self._window
        if not window.attached or window.selected_card() is None:
            return
        from lebwallet.domain.keepalive import ActionKind as Kind

        window.keep_alive_panel.open_log_dialog(kind=kind or Kind.CALL)

    # --- rename -------------------------------------------------------------------------------

    def rename_selected(self) -> None:
        window = self._window
        card = window.selected_card()
        if card is None:
            return
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            window,
            QCoreApplication.translate("MainWindow", "Rename card"),
            QCoreApplication.translate("MainWindow", "Label for %1 (empty to remove it):").replace(
                "%1", card.masked_number
            ),
            text=card.label or "",
        )
        if ok:
            from lebwallet.domain.cards import LabelError, normalize_label
            from lebwallet.ui.problem_text import label_problem_text

            try:
                label = normalize_label(text)  # never cut: a refused label is explained
            except LabelError as error:
                self._show_message(
                    QCoreApplication.translate("MainWindow", "The card was not renamed."),
                    label_problem_text(error),
                )
                return
            self.rename_card(card.id, label)

    def rename_card(self, card_id: str, label: str | None) -> None:
        window = self._window
        backend = window.require_backend()
        window.require_runner().run(
            self,
            lambda: backend.rename_card(card_id, label),
            self.on_card_updated,
            lambda error: self._show_error(
                QCoreApplication.translate("MainWindow", "The card could not be renamed."), error
            ),
            description="rename card",
        )

    def on_card_updated(self, card: Card) -> None:
        """A card changed (renamed, an action logged): shown everywhere."""
        window = self._window
        window.cards_model.update_card(card)
        if window.details.card is not None and window.details.card.id == card.id:
            window.details.show_card(card)
        window.history.set_cards(window.cards_model.cards)
        window.cards_changed.emit(window.cards_model.cards)

    # --- unbind -------------------------------------------------------------------------------

    def unbind_selected(self) -> None:
        window = self._window
        card = window.selected_card()
        if card is None:
            return
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            window,
            QCoreApplication.translate("MainWindow", "Unbind card"),
            QCoreApplication.translate(
                "MainWindow",
                "Unbind %1? The wallet stops showing it and its deadline; the number itself "
                "is not cancelled.",
            ).replace("%1", card.display_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.unbind_card(card.id)

    def unbind_card(self, card_id: str) -> None:
        window = self._window
        backend = window.require_backend()
        window.require_runner().run(
            self,
            lambda: backend.unbind_card(card_id),
            lambda _none: self._on_card_unbound(card_id),
            lambda error: self._show_error(
                QCoreApplication.translate("MainWindow", "The card could not be unbound."), error
            ),
            description="unbind card",
        )

    def _on_card_unbound(self, card_id: str) -> None:
        window = self._window
        window.cards_model.remove_card(card_id)
        window.history.set_cards(window.cards_model.cards)
        if window.details.card is not None and window.details.card.id == card_id:
            window.details.show_card(window.selected_card())
        window.update_actions()
        window.cards_changed.emit(window.cards_model.cards)

    # --- problems -----------------------------------------------------------------------------

    def _show_error(self, headline: str, error: Exception) -> None:
        from lebwallet.ui.problem_text import error_text

        _log.warning("%s %s", headline, error)
        self._show_message(headline, error_text(error))

    def _show_message(self, headline: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        window = self._window
        box = QMessageBox(QMessageBox.Icon.Warning, window.windowTitle(), headline, parent=window)
        box.setObjectName("problem_box")
        box.setInformativeText(text)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
