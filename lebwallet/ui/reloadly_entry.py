"""Where the window opens the channel dialogs (kept out of `wallet_app`, which only
delegates): Settings → Top-up channels → the Reloadly account, and the recharge wizard over
every channel the app has (a number of the user's own goes through Reloadly)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication

from lebwallet.services.reloadly_topup import ReloadlyTopUps
from lebwallet.services.settings import Settings
from lebwallet.ui.reloadly_account_dialog import ReloadlyAccountDialog

if TYPE_CHECKING:
    from lebwallet.ui.recharge_wizard import RechargeWizard
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


def open_recharge_wizard(app: WalletApp, card_id: str, keep_alive: bool) -> RechargeWizard | None:
    """The recharge wizard over every channel the app has: the provider when signed in, the
    Reloadly account when one is added. A number of the user's own needs the Reloadly
    account (without one: a word in the status bar where to add it); a provider's card
    needs the sign-in and a complete profile."""
    from lebwallet.ui.recharge_wizard import RechargeWizard

    card = app.window.cards_model.card(card_id) if card_id else None
    own = card is not None and not card.is_rechargeable and card.msisdn is not None
    parts = app.wallet.open_parts()
    signed_in = parts is not None and app.account is not None
    if own and app.settings.reloadly is None:
        app.window.status.showMessage(
            QCoreApplication.translate(
                "WalletApp",
                "To top up this card from the wallet, add a Reloadly account in Settings.",
            ),
            8000,
        )
        return None
    if not own and not signed_in:
        app.window.status.showMessage(
            QCoreApplication.translate("WalletApp", "Sign in to the provider first."), 5000
        )
        return None
    if not own and app.account is not None and not app.account.profile_complete:
        app._profile_incomplete()
        return None
    topups = (
        ReloadlyTopUps(app.settings, app.wallet.credential_store, app.wallet.store)
        if app.settings.reloadly is not None
        else None
    )
    wizard = RechargeWizard.for_services(
        app.wallet.new_client if signed_in else None,
        parts[1] if parts is not None else app.wallet.store(),
        app.runner,
        reloadly=topups,
        card_id=card_id or None,
        keep_alive=keep_alive,
        follow_by_refresher=app.refresher is not None,
        url_policy=parts[0] if parts is not None else None,
        parent=app.window,
    )
    if topups is not None:
        wizard.finished.connect(
            lambda _code: app.runner.run(
                app, topups.close, lambda _none: None, description="close Reloadly channel"
            )
        )
    return wizard
