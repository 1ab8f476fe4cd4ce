"""What the order details view shows: the order, its card's name and its status timeline.

Qt-free. The timeline is the journal's own events (`store.queries.order_events`: every
change the wallet saw, with who saw it) completed by what the provider's order says
happened (the contract's `created_at`, `paid_at`, `credited_at`): a wallet that was closed
while the order was paid and credited still shows when each step happened. Steps the
provider dated but the wallet never saw are marked `source="provider"`.

    details = order_details(store, local_id)      # blocking: off the GUI thread
    order = payable_order(store, card_id)          # an unpaid order to offer before a new one
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from lebwallet.domain.orders import OrderStatus
from lebwallet.store import queries
from lebwallet.store.engine import Store
from lebwallet.store.queries import OrderEvent, OrderRecord

SOURCE_PROVIDER: Final = "provider"
"""A step the provider dated that the wallet did not see happen."""


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One step of an order: it reached `status` at `at` (as seen by `source`)."""

    at: datetime
    status: OrderStatus
    source: str
    detail: str | None = None
    flagged: bool = False
    """The status did not change: the provider contradicted the journal (see `detail`)."""


@dataclass(frozen=True, slots=True)
class OrderDetails:
    record: OrderRecord
    card_name: str
    timeline: tuple[TimelineEntry, ...]


def timeline(record: OrderRecord, events: Sequence[OrderEvent]) -> tuple[TimelineEntry, ...]:
    """The order's steps, oldest first: the journal's events plus the provider's dated
    steps (paid, credited) the journal has no event for."""
    entries = [
        TimelineEntry(
            at=event.at,
            status=event.to_status,
            source=event.source,
            detail=event.detail,
            flagged=event.from_status == event.to_status,
        )
        for event in events
    ]
    seen = {entry.status for entry in entries}
    if not entries:
        entries.append(TimelineEntry(record.created_at, OrderStatus.AWAITING_PAYMENT, "journal"))
    if record.paid_at is not None and OrderStatus.PAID not in seen:
        entries.append(TimelineEntry(record.paid_at, OrderStatus.PAID, SOURCE_PROVIDER))
    if record.credited_at is not None and OrderStatus.CREDITED not in seen:
        entries.append(TimelineEntry(record.credited_at, OrderStatus.CREDITED, SOURCE_PROVIDER))
    return tuple(sorted(entries, key=lambda entry: entry.at))


def order_details(store: Store, local_id: int) -> OrderDetails | None:
    """The order, its card's name and timeline; None for an unknown order. Blocking."""
    with store.session(readonly=True) as session:
        record = queries.order_by_id(session, local_id)
        if record is None:
            return None
        card = queries.card(session, record.card_id)
        events = queries.order_events(session, local_id)
    name = card.display_name if card is not None else record.card_id
    return OrderDetails(record, name, timeline(record, events))


def payable_order(store: Store, card_id: str) -> OrderRecord | None:
    """The card's newest order that can still be paid, if any. Blocking."""
    with store.session(readonly=True) as session:
        return queries.payable_order(session, card_id)


__all__ = [
    "OrderDetails",
    "OrderRecord",
    "TimelineEntry",
    "order_details",
    "payable_order",
    "timeline",
]
