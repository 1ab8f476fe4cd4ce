"""The state one recharge wizard run shares between its pages.

`WizardContext` holds the domain's `RechargeFlow` (the only place where navigation rules
live), the blocking `RechargeBackend` (used only through the `TaskRunner`), the checkout
opener, the clock and what was loaded (cards, options, recent orders, the order). Pages read
it and call the flow; they never decide navigation themselves.

Signals:
    order_updated(object): the followed `OrderRecord` changed (GUI thread).
    cards_loaded(): `cards` was (re)loaded.
    rewind_requested(): the flow went back to *amount* by itself (expired price, refused
        order); the wizard shows that page again.
    resume_requested(object): the user chose to resume the card's unpaid `OrderRecord`
        instead of making a new order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from lebwallet.domain.cards import Card
from lebwallet.domain.flow import RechargeFlow
from lebwallet.domain.flow_values import RecentOrder
from lebwallet.services.order_details import OrderRecord
from lebwallet.services.recharge_backend import RechargeBackend
from lebwallet.ui.checkout_opener import CheckoutOpener
from lebwallet.ui.tasks import TaskRunner

T = TypeVar("T")


class WizardContext(QObject):
    order_updated = Signal(object)
    cards_loaded = Signal()
    rewind_requested = Signal()
    resume_requested = Signal(object)

    def __init__(
        self,
        flow: RechargeFlow,
        backend: RechargeBackend,
        runner: TaskRunner,
        opener: CheckoutOpener,
        now: Callable[[], datetime],
        *,
        preselected_card_id: str | None = None,
        keep_alive: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.flow = flow
        self.backend = backend
        self.runner = runner
        self.opener = opener
        self.now = now
        self.preselected_card_id = preselected_card_id
        self.keep_alive = keep_alive
        """Started by "Keep alive": the amount starts at the minimum qualifying top-up."""
        self.cards: list[Card] = []
        self.channels: dict[str, str | None] = {}
        """The channel that tops each listed card up (None: none does)."""
        self.recent_orders: list[RecentOrder] = []
        self.order: OrderRecord | None = None

    def run(
        self,
        owner: QObject,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[Exception], None],
        description: str,
    ) -> bool:
        """Start background work through the runner; False (nothing started) once the
        runner is shut down (the app is quitting)."""
        if self.runner.is_shut_down:
            return False
        self.runner.run(owner, work, on_success, on_failure, description=description)
        return True

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)

    def set_order(self, record: OrderRecord) -> None:
        """Keep the newest state of the followed order and tell the pages."""
        current = self.order
        if current is not None and current.local_id != record.local_id:
            return
        if current is not None and current.status.is_final and not record.status.is_final:
            return  # a final status is never downgraded on screen either
        self.order = record
        self.order_updated.emit(record)
