"""Where the window opens the Reloadly account dialog (kept out of `wallet_app`, which only
delegates): Settings → Top-up channels → the Reloadly account. The recharge wizard over
every channel the app has is opened by `lebwallet.ui.order_windows`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore

from lebwallet.services.settings import Settings
from lebwallet.ui.reloadly_account_dialog import ReloadlyAccountDialog

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
