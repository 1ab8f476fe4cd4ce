"""The windows of orders: `OrderWindows` opens the recharge wizard (one at a time) and the
order details (one dialog per order), builds them over the services' recharge backend, and
keeps them told of their order's changes (`on_order_changed`); the order the wizard made is
followed closely by the refresher (`LiveUpdates`) while it shows. A card of the user's own
with a phone number is topped up through the Reloadly account, in the same wizard.

Its texts keep the "WalletApp" translation context (they were the app's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QObject

if TYPE_CHECKING:
    from lebwallet.services.assembly import WalletServices
    from lebwallet.services.order_details import OrderRecord
    from lebwallet.ui.live_updates import LiveUpdates
    from lebwallet.ui.main_window import MainWindow
    from lebwallet.ui.order_details import OrderDetailsDialog
    from lebwallet.ui.recharge_wizard import RechargeWizard
    from lebwallet.ui.refresher import OrderUpdate
    from lebwallet.ui.session_flow import SessionFlow
    from lebwallet.ui.support_screens import SupportScreens
    from lebwallet.ui.tasks import TaskRunner


class OrderWindows(QObject):
    """The recharge wizard and the order details dialogs (see the module docstring).
    Lives on the GUI thread; `session` says who is signed in, `live` follows the orders."""

    def __init__(
        self,
        window: MainWindow,
        runner: TaskRunner,
        services: WalletServices,
        support: SupportScreens,
        session: SessionFlow,
        live: LiveUpdates,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._runner = runner
        self._services = services
        self._support = support
        self._session = session
        self._live = live
        self.wizard: RechargeWizard | None = None
        self.dialogs: dict[int, OrderDetailsDialog] = {}
        """The open order details dialogs, by the order's local id."""

    def _sign_in_first(self) -> None:
        self._window.status.showMessage(
            QCoreApplication.translate("WalletApp", "Sign in to the provider first."), 5000
        )

    # --- recharge -------------------------------------------------------------------------

    def open_recharge(self, card_id: str, keep_alive: bool = False) -> RechargeWizard | None:
        """The recharge wizard for `card_id` (one at a time) over every channel the wallet
        has: a provider's card through the provider (signed in, the profile complete), a
        number of the user's own through the Reloadly account (without one: a word in the
        status bar where to add it)."""
        from lebwallet.ui.recharge_wizard import RechargeWizard

        if self.wizard is not None:
            self.wizard.show()
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        card = self._window.cards_model.card(card_id) if card_id else None
        own = card is not None and not card.is_rechargeable and card.msisdn is not None
        account = self._session.account
        signed_in = self._services.signed_in and account is not None
        if own and self._services.settings.reloadly is None:
            self._window.status.showMessage(
                QCoreApplication.translate(
                    "WalletApp",
                    "To top up this card from the wallet, add a Reloadly account in Settings.",
                ),
                8000,
            )
            return None
        if not own and not signed_in:
            self._sign_in_first()
            return None
        if not own and account is not None and not account.profile_complete:
            self._session.profile_incomplete()
            return None
        channels = self._services.wizard_channels(provider=signed_in)
        wizard = RechargeWizard.for_services(
            channels.client_factory,
            channels.store,
            self._runner,
            reloadly=channels.reloadly,
            card_id=card_id or None,
            keep_alive=keep_alive,
            follow_by_refresher=self._live.refresher is not None,
            url_policy=channels.checkout,
            parent=self._window,
        )
        reloadly = channels.reloadly
        if reloadly is not None:
            wizard.finished.connect(
                lambda _code: self._runner.run(
                    self, reloadly.close, lambda _none: None, description="close Reloadly channel"
                )
            )
        wizard.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.order_created.connect(self._on_wizard_order)
        wizard.order_finished.connect(self._on_wizard_order_finished)
        wizard.finished.connect(self._on_wizard_closed)
        wizard.order_resumed.connect(self._track_order_dialog)
        wizard.result_page.support_requested.connect(self._support.open_form)
        self.wizard = wizard
        wizard.show()
        return wizard

    def recharge_selected(self) -> None:
        """The recharge of the card selected in the window (the tray's Recharge…)."""
        card = self._window.selected_card()
        self.open_recharge(card.id if card is not None else "")

    def refresher_started(self) -> None:
        """The refresher follows the orders now: the wizard stops polling its own."""
        if self.wizard is not None:
            self.wizard.set_refresher_connected(True)

    def _on_wizard_order(self, record: OrderRecord) -> None:
        self._live.follow(record.local_id)
        self._live.orders_changed([record.local_id], cards=False)

    def _on_wizard_order_finished(self, record: OrderRecord) -> None:
        self._live.unfollow(record.local_id)
        self._live.cards_changed()

    def _on_wizard_closed(self) -> None:
        wizard, self.wizard = self.wizard, None
        order = None if wizard is None else wizard.order
        if order is not None:
            self._live.unfollow(order.local_id)  # the slow cadence keeps following it

    # --- order details --------------------------------------------------------------------

    def open_order_details(
        self, local_id: int, *, open_payment: bool = False
    ) -> OrderDetailsDialog | None:
        """The details of one order (one dialog per order): breakdown, timeline, and while
        it can be paid the payment page (opened at once with `open_payment`), QR code, link
        and cancel."""
        from lebwallet.ui.checkout_opener import CheckoutOpener
        from lebwallet.ui.order_details import OrderDetailsDialog

        open_dialog = self.dialogs.get(local_id)
        if open_dialog is not None:
            open_dialog.show()
            open_dialog.raise_()
            open_dialog.activateWindow()
            if open_payment:
                open_dialog.payment.open_payment_page()
            return open_dialog
        backend = self._services.recharge_backend()
        url_policy = self._services.checkout_policy()
        if backend is None or url_policy is None:
            self._sign_in_first()
            return None
        dialog = OrderDetailsDialog(
            backend,
            self._runner,
            CheckoutOpener(url_policy),
            local_id,
            open_payment=open_payment,
            parent=self._window,
        )
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self._track_order_dialog(dialog)
        dialog.show()
        return dialog

    def _track_order_dialog(self, dialog: OrderDetailsDialog) -> None:
        local_id = dialog.local_id
        dialog.support_requested.connect(self._support.open_form)
        self.dialogs[local_id] = dialog
        dialog.finished.connect(lambda _result: self.dialogs.pop(local_id, None))
        dialog.order_changed.connect(
            lambda record: self._live.orders_changed(
                [record.local_id], cards=record.status.is_final
            )
        )

    def on_order_changed(self, update: OrderUpdate) -> None:
        """The refresher saw the order change: the wizard and its dialog show it."""
        if self.wizard is not None:
            self.wizard.on_order_changed(update)
        dialog = self.dialogs.get(update.local_id)
        if dialog is not None:
            dialog.on_order_changed(update)
