"""Where the window opens the Reloadly dialogs (kept out of `wallet_app`, which only
delegates): Settings → Top-up channels → the account, and a card of the user's own with a
phone number → "Top up via Reloadly"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication

from lebwallet.services.settings import Settings
from lebwallet.ui.reloadly_account_dialog import ReloadlyAccountDialog
from lebwallet.ui.reloadly_topup_dialog import ReloadlyTopUpDialog

if TYPE_CHECKING:
    from lebwallet.ui.settings_dialog import SettingsDialog
    from lebwallet.ui.wallet_app import WalletApp


def open_reloadly_account(app: WalletApp, settings_dialog: SettingsDialog) -> ReloadlyAccountDialog:
    """The Reloadly account dialog over the settings dialog. It saves the account itself
    (`channel_accounts.add_reloadly`); the app and the open settings dialog then keep it, so
    that the settings dialog's "OK" does not drop it."""
    dialog = ReloadlyAccountDialog(
        app.runner,
        app.data_dir,
        app.wallet.credential_store,
        app.settings.reloadly,
        settings_dialog,
    )

    def saved(new: object) -> None:
        if isinstance(new, Settings):
            app.settings = app.settings.model_copy(update={"reloadly": new.reloadly})
            settings_dialog.set_reloadly(new.reloadly)

    dialog.account_saved.connect(saved)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_reloadly_topup(app: WalletApp, card_id: str) -> ReloadlyTopUpDialog | None:
    """Top up a card with a phone number through the Reloadly account; without an account,
    a word in the status bar where to add one."""
    topups = app.services.reloadly_topups()
    if topups is None:
        app.window.status.showMessage(
            QCoreApplication.translate(
                "WalletApp",
                "To top up this card from the wallet, add a Reloadly account in Settings.",
            ),
            8000,
        )
        return None
    dialog = ReloadlyTopUpDialog(app.runner, topups, card_id, app.window)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.order_finished.connect(lambda _record: app.window.load_cards())
    dialog.finished.connect(
        lambda _code: app.runner.run(
            app, topups.close, lambda _none: None, description="close Reloadly channel"
        )
    )
    dialog.open()
    return dialog
