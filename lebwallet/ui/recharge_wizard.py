"""The recharge wizard: card → amount → confirm → pay → result.

The navigation rules live in the domain's `RechargeFlow`; this `QWizard` only shows its
pages and keeps Qt's page stack in step with the flow (Back on a page calls `flow.back()`,
Next calls `flow.next()`; when the flow moves the user back by itself — an expired price,
a refused order — the wizard rewinds to the amount page). All blocking work goes through
the `TaskRunner`; nothing here waits on the network.

Following the order: the app connects the refresher's order changes to
`on_order_changed(change)` and calls `set_refresher_connected(True)`. Without a refresher
the wizard polls `RechargeBackend.refresh(local_id)` every `poll_interval_ms` (2 s) while
the order is not final. Closing the wizard never loses an order: it is journalled before
the first request and stays in History.

Build it with `RechargeWizard.for_services(client_factory, store, runner, card_id=…)`, or
pass any `RechargeBackend` to the constructor (tests).

When the chosen card already has an order waiting for payment the card page offers it;
resuming it closes the wizard and opens that order's `OrderDetailsDialog` (pay, QR code,
copy link, cancel) instead of making a second order.

Signals:
    order_created(object): the provider confirmed the order (`OrderRecord`).
    order_finished(object): the followed order reached a final status (`OrderRecord`).
    order_resumed(object): the user resumed an unpaid order: its `OrderDetailsDialog`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Final, Protocol

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QWidget, QWizard

from lebwallet.clock import utc_now
from lebwallet.domain.flow import RechargeFlow
from lebwallet.domain.flow_values import CancelOutcome, Step
from lebwallet.services.channels import LEB
from lebwallet.services.order_details import OrderRecord
from lebwallet.services.recharge_backend import (
    ClientFactory,
    RechargeBackend,
    ServiceRechargeBackend,
    Store,
)
from lebwallet.services.recharge_routes import ChannelBackend, RoutedRechargeBackend
from lebwallet.services.reloadly_recharge import ReloadlyRechargeBackend
from lebwallet.services.reloadly_topup import ReloadlyTopUps
from lebwallet.ui.checkout_opener import CheckoutOpener, CheckoutUrlPolicy
from lebwallet.ui.order_details import OrderDetailsDialog
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.wizard_pages.amount import AmountPage
from lebwallet.ui.wizard_pages.card import CardPage
from lebwallet.ui.wizard_pages.confirm import ConfirmPage
from lebwallet.ui.wizard_pages.context import WizardContext
from lebwallet.ui.wizard_pages.pay import PayPage
from lebwallet.ui.wizard_pages.result import ResultPage

_log = logging.getLogger(__name__)

POLL_INTERVAL_MS: Final = 2000
MINIMUM_SIZE: Final = (600, 640)
"""The amount page fills in its presets and payment methods after the prices load, so the
wizard cannot size itself to it when it opens: below this its rows overlap."""
PAGE_IDS: Final = {step: index for index, step in enumerate(Step)}
"""The QWizard page id of each step (in flow order)."""


class OrderChangeLike(Protocol):
    """What `on_order_changed` needs of the refresher's change (`services.recharge.OrderChange`)."""

    @property
    def local_id(self) -> int: ...

    @property
    def record(self) -> OrderRecord: ...


class _NoCheckout:
    """No provider is signed in: no checkout URL is ever allowed."""

    def checkout_url_allowed(self, url: str) -> bool:
        return False


NO_CHECKOUT: Final = _NoCheckout()


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


class RechargeWizard(QWizard):
    order_created = Signal(object)
    order_finished = Signal(object)
    order_resumed = Signal(object)

    def __init__(
        self,
        backend: RechargeBackend,
        runner: TaskRunner,
        url_policy: CheckoutUrlPolicy,
        *,
        card_id: str | None = None,
        keep_alive: bool = False,
        open_url: Callable[[QUrl], bool] | None = None,
        follow_by_refresher: bool = False,
        refresher_channels: frozenset[str] = frozenset({LEB}),
        poll_interval_ms: int = POLL_INTERVAL_MS,
        now: Callable[[], datetime] = utc_now,
        new_key: Callable[[], str] = new_idempotency_key,
        on_close: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recharge_wizard")
        self.setMinimumSize(*MINIMUM_SIZE)
        self._new_key = new_key
        self._on_close = on_close
        self._refresher_connected = follow_by_refresher
        self._refresher_channels = refresher_channels
        self._polling = False
        self._finished_reported = False
        self.context = WizardContext(
            RechargeFlow(new_key, provider_prices=True),
            backend,
            runner,
            CheckoutOpener(url_policy, open_url),
            now,
            preselected_card_id=card_id,
            keep_alive=keep_alive,
            parent=self,
        )
        self.card_page = CardPage(self.context)
        self.amount_page = AmountPage(self.context)
        self.confirm_page = ConfirmPage(self.context)
        self.pay_page = PayPage(self.context)
        self.result_page = ResultPage(self.context)
        for page in (
            self.card_page,
            self.amount_page,
            self.confirm_page,
            self.pay_page,
            self.result_page,
        ):
            self.setPage(PAGE_IDS[page.step], page)
        self.setStartId(PAGE_IDS[Step.CARD])
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(poll_interval_ms)
        self._poll_timer.timeout.connect(self.poll_now)
        self.context.order_updated.connect(self._on_order_updated)
        self.context.rewind_requested.connect(
            self._rewind_to_amount, Qt.ConnectionType.QueuedConnection
        )
        self.pay_page.order_started.connect(self._on_order_started)
        self.pay_page.completeChanged.connect(self._update_buttons)
        self.result_page.try_again_requested.connect(self.try_again)
        self.context.resume_requested.connect(self._resume_order)
        self.resumed_dialog: OrderDetailsDialog | None = None
        self.currentIdChanged.connect(lambda _id: self._update_buttons())
        self._retranslate()

    @classmethod
    def for_services(
        cls,
        client_factory: ClientFactory | None,
        store: Store,
        runner: TaskRunner,
        *,
        reloadly: ReloadlyTopUps | None = None,
        card_id: str | None = None,
        keep_alive: bool = False,
        follow_by_refresher: bool = False,
        url_policy: CheckoutUrlPolicy | None = None,
        parent: QWidget | None = None,
    ) -> RechargeWizard:
        """The wizard over the real services: the provider's cards through `client_factory`
        (None: not signed in), numbers of the user's own through `reloadly` (None: no
        Reloadly account).

        `client_factory` returns a **new** signed-in `ProviderClient` for each background
        call (the backend closes it). It must not block: it is also called once here, on the
        GUI thread, for the client that checks checkout URLs (closed with the wizard) unless
        `url_policy` (e.g. the app's shared client) is given. Without a provider nothing
        opens a checkout (a Reloadly top-up has none).
        """
        on_close: Callable[[], None] | None = None
        if url_policy is None and client_factory is not None:
            policy_client = client_factory()
            url_policy, on_close = policy_client, policy_client.close
        channels: list[ChannelBackend] = []
        if client_factory is not None:
            channels.append(ServiceRechargeBackend(client_factory, store))
        if reloadly is not None:
            channels.append(ReloadlyRechargeBackend(reloadly, store))
        return cls(
            RoutedRechargeBackend(store, channels),
            runner,
            url_policy or NO_CHECKOUT,
            card_id=card_id,
            keep_alive=keep_alive,
            follow_by_refresher=follow_by_refresher,
            on_close=on_close,
            parent=parent,
        )

    # --- state ----------------------------------------------------------------------------

    @property
    def flow(self) -> RechargeFlow:
        return self.context.flow

    @property
    def order(self) -> OrderRecord | None:
        return self.context.order

    @property
    def is_polling(self) -> bool:
        return self._poll_timer.isActive()

    # --- following the order --------------------------------------------------------------

    def set_refresher_connected(self, connected: bool) -> None:
        """True when the refresher pushes order changes into `on_order_changed`; the
        wizard then stops its own polling."""
        self._refresher_connected = connected
        self._update_polling()

    @Slot(object)
    def on_order_changed(self, change: OrderChangeLike) -> None:
        """An order changed (from the refresher): show it if it is this wizard's order."""
        current = self.context.order
        if current is not None and change.local_id == current.local_id:
            self.context.set_order(change.record)

    def _on_order_started(self, record: OrderRecord) -> None:
        self.order_created.emit(record)
        self._update_polling()
        self._update_buttons()

    def _update_polling(self) -> None:
        record = self.context.order
        wanted = (
            record is not None
            and not record.status.is_final
            and not (self._refresher_connected and record.channel in self._refresher_channels)
        )
        if wanted and not self._poll_timer.isActive():
            self._poll_timer.start()
        elif not wanted:
            self._poll_timer.stop()

    def poll_now(self) -> None:
        """Ask the provider about the order now (one request in flight at most)."""
        record = self.context.order
        if record is None or record.status.is_final or self._polling:
            return
        backend, local_id = self.context.backend, record.local_id
        self._polling = self.context.run(
            self,
            lambda: backend.refresh(local_id),
            self._on_polled,
            self._on_poll_failed,
            description="recharge wizard: follow order",
        )
        if not self._polling:  # the app is quitting
            self._poll_timer.stop()

    def _on_polled(self, record: OrderRecord | None) -> None:
        self._polling = False
        if record is not None:
            self.context.set_order(record)

    def _on_poll_failed(self, error: Exception) -> None:
        self._polling = False
        _log.info("following the order failed (will retry): %s", error)

    def _on_order_updated(self, record: OrderRecord) -> None:
        self._update_polling()
        self._update_buttons()
        if record.status.is_final:
            if not self._finished_reported:
                self._finished_reported = True
                self.order_finished.emit(record)
            if self.currentId() == PAGE_IDS[Step.PAY] and self.flow.step is Step.PAY:
                self.next()

    def _resume_order(self, record: OrderRecord) -> None:
        """Show the card's unpaid order instead of making a new one; the wizard closes."""
        ctx = self.context
        dialog = OrderDetailsDialog(
            ctx.backend, ctx.runner, ctx.opener, record.local_id, parent=self.parentWidget()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resumed_dialog = dialog
        dialog.show()
        self.order_resumed.emit(dialog)
        self.reject()

    # --- navigation -----------------------------------------------------------------------

    def _rewind_to_amount(self) -> None:
        target = PAGE_IDS[Step.AMOUNT]
        while self.currentId() > target:
            self.back()
        self.amount_page.show_notice()
        self.amount_page.reload_options()

    def try_again(self) -> None:
        """Start a new top-up of the same card."""
        card = self.flow.card
        self._poll_timer.stop()
        self.context.flow = RechargeFlow(self._new_key, provider_prices=True)
        self.context.order = None
        self._finished_reported = False
        self.context.preselected_card_id = card.id if card is not None else None
        self.restart()

    def _settle_default_button(self) -> None:
        """Enter does the page's forward action (Next, Pay, Finish), whatever has the focus.

        A focused push button of a dialog otherwise becomes the Enter key's button: with
        nothing else to focus on *confirm*, that was Back. No button takes the default by
        focus here; Qt marks Next or Finish as the default, the pay page its Pay button.
        """
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Enter on the pay page before the order exists pays (Next cannot go on yet)."""
        pay = self.pay_page.pay_button
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.currentId() == PAGE_IDS[Step.PAY]
            and pay.isVisibleTo(self.pay_page)
            and pay.isEnabled()
        ):
            event.accept()
            pay.click()
            return
        super().keyPressEvent(event)

    def _update_buttons(self) -> None:
        self._settle_default_button()
        on_pay = self.currentId() == PAGE_IDS[Step.PAY]
        locked = on_pay and (self.context.order is not None or self.pay_page.submitting)
        layout = [QWizard.WizardButton.Stretch]
        if not locked:
            layout.append(QWizard.WizardButton.BackButton)
        layout += [
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ]
        self.setButtonLayout(layout)
        ordered = self.context.order is not None
        self.setButtonText(
            QWizard.WizardButton.CancelButton, self.tr("Close") if ordered else self.tr("Cancel")
        )

    def done(self, result: int) -> None:
        """Close the wizard: nothing ordered is discarded, an order goes on."""
        self._poll_timer.stop()
        flow = self.context.flow
        if not flow.closed:
            outcome = flow.cancel()
            if outcome is CancelOutcome.ORDER_CONTINUES:
                _log.info("recharge wizard closed; the order goes on and is followed")
        if self._on_close is not None:
            on_close, self._on_close = self._on_close, None
            on_close()
        super().done(result)

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Top up a card"))
