"""What changes while the app runs, brought to the screen: `LiveUpdates`.

Owns the refresher (the order follower on its own thread, `lebwallet.ui.refresher`) of the
signed-in session, and turns what the services announce into what the window shows: order,
balance and connection changes (in bursts: one timer repaints once per burst), and notices —
from the follower, support replies and autopilot steps, through the session's notification
policy — to the tray and the notice list. A click on a notice opens what it is about.
What others act on is announced by signal (see `LiveUpdates`).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    from lebwallet.services.assembly import WalletServices
    from lebwallet.services.autopilot import AutopilotStep
    from lebwallet.services.notifications import Notice
    from lebwallet.services.support_values import SupportReply
    from lebwallet.ui.main_window import MainWindow
    from lebwallet.ui.notice_center import NoticeCenter
    from lebwallet.ui.notices_panel import NoticesDialog
    from lebwallet.ui.refresher import BalancesUpdate, ConnectionUpdate, OrderUpdate, Refresher
    from lebwallet.ui.support_screens import SupportScreens
    from lebwallet.ui.tray import TrayController

_log = logging.getLogger(__name__)

REPAINT_MS: Final = 250
"""Order and balance updates within this many ms repaint the window once."""


class LiveUpdates(QObject):
    """The refresher and the changes and notices it brings (see the module docstring).
    Lives on the GUI thread.

    Signals:
        refresher_started(): the refresher follows the open orders now.
        order_changed(object): the refresher saw an order change (`OrderUpdate`), told
            before the window repaints.
        session_lost(): the provider ended the session.
        show_requested(): a notice was opened: the window comes to the front.
        order_requested(int, bool): a notice's order (local id), and whether its payment
            page opens at once.
    """

    refresher_started = Signal()
    order_changed = Signal(object)
    session_lost = Signal()
    show_requested = Signal()
    order_requested = Signal(int, bool)

    def __init__(
        self,
        window: MainWindow,
        tray: TrayController,
        notices: NoticeCenter,
        support: SupportScreens,
        services: WalletServices,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._tray = tray
        self._notices = notices
        self._support = support
        self._services = services
        self._stopped = False
        self.refresher: Refresher | None = None
        self.followed_channels: frozenset[str] = frozenset()
        """The channels whose orders the running refresher follows (empty: none runs)."""
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

        if self._stopped:
            return
        if self.refresher is not None:
            self.refresher.refresh_now()
            return
        services = self._services
        factory = services.follower_backends()
        if factory is None:
            return
        self.followed_channels = services.follower_channels
        refresher = Refresher(
            factory,
            policy=services.start_notifications(self._notices.card_name),
            pacing=Pacing(normal_seconds=services.settings.refresh_seconds),
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
        # Autopilot acts on what is due and tells what was missed; support asks for replies.
        self.refresher_started.emit()
        # Fewer long full-collection pauses on the GUI thread once start-up garbage is frozen.
        QTimer.singleShot(0, gc.freeze)

    def stop_refresher(self) -> None:
        """Stop following (sign-out, another provider, a restore): its last write lands."""
        self.followed_channels = frozenset()
        if self.refresher is not None:
            self.refresher.shutdown()
            self.refresher = None

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
        self._stopped = True
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
        self.order_changed.emit(update)
        self.orders_changed([update.local_id], cards=update.new_status.is_final)

    @Slot(object)
    def _on_balances_changed(self, update: BalancesUpdate) -> None:
        self._last_sync = update.synced_at
        self.cards_changed()

    def _repaint(self) -> None:
        window = self._window
        if self._stopped:
            return
        if self._changed_orders:
            window.history.model.refresh_orders(sorted(self._changed_orders))
            self._changed_orders.clear()
        # Orders made elsewhere (another desktop, the command line) are announced by no one.
        window.history.refresh_new()
        if self._cards_dirty:
            self._cards_dirty = False
            window.load_cards()

    @Slot(object)
    def _on_connection_changed(self, update: ConnectionUpdate) -> None:
        from lebwallet.ui.refresher import LinkState, connection_state

        state = connection_state(update.state)
        self._window.set_connection_state(state, self._last_sync)
        self._tray.set_connection(state)
        if update.state is LinkState.SIGNED_OUT:
            self.session_lost.emit()

    # --- notices ----------------------------------------------------------------------------

    @Slot(object)
    def on_notice(self, notice: Notice) -> None:
        self._tray.notify(notice)
        self._notices.add(notice)

    def on_support_replies(self, replies: list[SupportReply]) -> None:
        for reply in replies:
            policy = self._services.policy
            if policy is None:
                return
            for notice in policy.for_support_reply(
                reply.request_local_id, reply.message_local_id, reply.order_id
            ):
                self.on_notice(notice)

    def on_autopilot_steps(self, steps: list[AutopilotStep]) -> None:
        made = [step.order_local_id for step in steps if step.order_local_id is not None]
        if made:
            self.orders_changed(made)
        for step in steps:
            policy = self._services.policy
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
        self.show_requested.emit()
        return self._notices.open_dialog()

    def open_notice(self, notice: Notice) -> None:
        """A click on a notice: the card, the order, or the release page."""
        from lebwallet.services.notifications import NoticeKind

        window = self._window
        self.show_requested.emit()
        if notice.kind is NoticeKind.UPDATE and notice.url:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            url = QUrl(notice.url)
            if url.scheme() == "https":
                QDesktopServices.openUrl(url)
            return
        if notice.support_id is not None:
            self._support.open_view(select=notice.support_id)
            return
        if notice.card_id is not None:
            window.select_card(notice.card_id)
        if notice.order_id is not None:
            window.tabs.setCurrentWidget(window.history)
            window.history.ensure_loaded()
            # the order's own page: payment (said when the browser cannot open), QR, link
            pay = notice.kind is NoticeKind.ACTION_NEEDED or (
                notice.kind is NoticeKind.AUTOPILOT and notice.reason == "waits_for_payment"
            )
            self.order_requested.emit(notice.order_id, pay)
