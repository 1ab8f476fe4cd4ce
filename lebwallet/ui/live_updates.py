"""What changes while the app runs, brought to the screen: `LiveUpdates`.

Owns the refresher (the order follower on its own thread, `lebwallet.ui.refresher`) of the
signed-in session, and turns what the services announce into what the window shows: order,
balance and connection changes (in bursts: one timer repaints once per burst), and notices —
from the follower, support replies and autopilot steps, through the session's notification
policy — to the tray and the notice list. A click on a notice opens what it is about.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer, Slot

if TYPE_CHECKING:
    from lebwallet.services.autopilot import AutopilotStep
    from lebwallet.services.notifications import Notice
    from lebwallet.services.support_values import SupportReply
    from lebwallet.ui.notices_panel import NoticesDialog
    from lebwallet.ui.refresher import BalancesUpdate, ConnectionUpdate, OrderUpdate, Refresher
    from lebwallet.ui.wallet_app import WalletApp

_log = logging.getLogger(__name__)

REPAINT_MS: Final = 250
"""Order and balance updates within this many ms repaint the window once."""


class LiveUpdates(QObject):
    """The refresher and the changes and notices it brings (see the module docstring).
    Lives on the GUI thread; `app` gives it the window, the tray and its sibling parts."""

    def __init__(self, app: WalletApp) -> None:
        super().__init__(app)
        self._app = app
        self.refresher: Refresher | None = None
        # Order and balance updates come in bursts: one timer repaints once per burst.
        self._changed_orders: set[int] = set()
        self._last_sync: datetime | None = None
        self._cards_dirty = False
        self._repaint_timer = QTimer(self)
        self._repaint_timer.setSingleShot(True)
        self._repaint_timer.setInterval(REPAINT_MS)
        self._repaint_timer.timeout.connect(self._repaint)

    # --- the refresher --------------------------------------------------------------------

    def start_refresher(self) -> None:
        """Follow every open order and keep balances current in a background thread."""
        from lebwallet.ui.refresher import Pacing, Refresher

        app = self._app
        if app.shut_down:
            return
        if self.refresher is not None:
            self.refresher.refresh_now()
            return
        factory = app.services.follower_backends()
        if factory is None:
            return
        refresher = Refresher(
            factory,
            policy=app.services.start_notifications(app.notices.card_name),
            pacing=Pacing(normal_seconds=app.settings.refresh_seconds),
            parent=self,
        )
        worker = refresher.worker
        # Bound methods of this GUI-thread object: the slots run on the GUI thread.
        worker.order_changed.connect(self._on_order_changed)
        worker.balances_changed.connect(self._on_balances_changed)
        worker.connection_changed.connect(self._on_connection_changed)
        worker.notice.connect(self.on_notice)
        self.refresher = refresher
        refresher.start()
        app.autopilot.run_pass()  # at start: acts on what is due, tells what was missed
        app.support.poll_now()
        app.orders.refresher_started()
        # Fewer long full-collection pauses on the GUI thread once start-up garbage is frozen.
        QTimer.singleShot(0, gc.freeze)

    def stop_refresher(self) -> None:
        """Stop following (sign-out, another provider, a restore): its last write lands."""
        if self.refresher is not None:
            self.refresher.shutdown()
            self.refresher = None

    def refresh_now(self) -> None:
        app = self._app
        if self.refresher is not None:
            self.refresher.refresh_now()
        elif app.session.account is None and app.wallet.login is not None:
            app.session.reconnect_now()
        else:
            app.window.sync()

    def follow(self, local_id: int) -> None:
        """Follow this order closely (the wizard shows it)."""
        if self.refresher is not None:
            self.refresher.follow(local_id)

    def unfollow(self, local_id: int) -> None:
        """Back to the slow cadence for this order."""
        if self.refresher is not None:
            self.refresher.unfollow(local_id)

    def set_normal_seconds(self, seconds: float) -> None:
        if self.refresher is not None:
            self.refresher.set_normal_seconds(seconds)

    def stop(self) -> None:
        """At shutdown: no repaint, and the refresher stops first (before the store)."""
        self._repaint_timer.stop()
        if self.refresher is not None:
            self.refresher.shutdown()

    # --- changes, repainted once per burst --------------------------------------------------

    def orders_changed(self, local_ids: Iterable[int], *, cards: bool = True) -> None:
        """These orders changed (and with `cards`, maybe the cards' balances and deadlines)."""
        self._changed_orders.update(local_ids)
        self._cards_dirty = self._cards_dirty or cards
        self._repaint_timer.start()

    def cards_changed(self) -> None:
        self._cards_dirty = True
        self._repaint_timer.start()

    @Slot(object)
    def _on_order_changed(self, update: OrderUpdate) -> None:
        self._app.orders.on_order_changed(update)
        self.orders_changed([update.local_id], cards=update.new_status.is_final)

    @Slot(object)
    def _on_balances_changed(self, update: BalancesUpdate) -> None:
        self._last_sync = update.synced_at
        self.cards_changed()

    def _repaint(self) -> None:
        window = self._app.window
        if self._app.shut_down:
            return
        if self._changed_orders:
            window.history.model.refresh_orders(sorted(self._changed_orders))
            self._changed_orders.clear()
        if self._cards_dirty:
            self._cards_dirty = False
            window.load_cards()

    @Slot(object)
    def _on_connection_changed(self, update: ConnectionUpdate) -> None:
        from lebwallet.ui.refresher import LinkState, connection_state

        state = connection_state(update.state)
        self._app.window.set_connection_state(state, self._last_sync)
        self._app.tray.set_connection(state)
        if update.state is LinkState.SIGNED_OUT:
            self._app.session.open_welcome()

    # --- notices ----------------------------------------------------------------------------

    @Slot(object)
    def on_notice(self, notice: Notice) -> None:
        self._app.tray.notify(notice)
        self._app.notices.add(notice)

    def on_support_replies(self, replies: list[SupportReply]) -> None:
        for reply in replies:
            policy = self._app.services.policy
            if policy is None:
                return
            for notice in policy.for_support_reply(
                reply.request_local_id, reply.message_local_id, reply.order_id
            ):
                self.on_notice(notice)

    def on_autopilot_steps(self, steps: list[AutopilotStep]) -> None:
        for step in steps:
            policy = self._app.services.policy
            if policy is None:
                return
            for notice in policy.for_autopilot(
                step.kind.value,
                card_id=step.card_id,
                card_name=step.card_name,
                deadline=step.deadline,
                amount=step.amount,
                order_id=step.order_local_id,
            ):
                self.on_notice(notice)

    def open_notices(self) -> NoticesDialog:
        """Every notice not dismissed, in a dialog (from the toolbar and the tray)."""
        self._app.show_window()
        return self._app.notices.open_dialog()

    def open_notice(self, notice: Notice) -> None:
        """A click on a notice: the card, the order, or the release page."""
        from lebwallet.services.notifications import NoticeKind

        app = self._app
        app.show_window()
        if notice.kind is NoticeKind.UPDATE and notice.url:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            url = QUrl(notice.url)
            if url.scheme() == "https":
                QDesktopServices.openUrl(url)
            return
        if notice.support_id is not None:
            app.support.open_view(select=notice.support_id)
            return
        if notice.card_id is not None:
            app.window.select_card(notice.card_id)
        if notice.order_id is not None:
            app.window.tabs.setCurrentWidget(app.window.history)
            app.window.history.ensure_loaded()
            # the order's own page: payment (said when the browser cannot open), QR, link
            pay = notice.kind is NoticeKind.ACTION_NEEDED or (
                notice.kind is NoticeKind.AUTOPILOT and notice.reason == "waits_for_payment"
            )
            app.orders.open_order_details(notice.order_id, open_payment=pay)
