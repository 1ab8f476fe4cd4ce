"""What the support service hands out and takes in: the channel, the thread, the reply event,
the send report, its errors — the provider's support documents as journal values, and the
facts of an order as the wallet's own journal knows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.support import (
    OrderFacts,
    StatusChange,
    SupportAuthor,
    SupportState,
    SupportTopic,
)
from lebwallet.provider import wire
from lebwallet.store.engine import Store
from lebwallet.store.queries import card_listing, order_by_id, order_events
from lebwallet.store.support import ProviderMessage, SupportMessageRecord
from lebwallet.store.support import SupportRecord as SupportRecord  # for the UI


@dataclass(frozen=True, slots=True)
class SupportChannel:
    """The channel an order went through, as support sees it: with a support API (the LEB
    provider) requests travel as cases; without one (e.g. Reloadly) a mail draft to
    `support_email` carries the order's facts instead."""

    name: str
    has_support_api: bool
    support_email: str | None = None


LEB_PROVIDER: Final = SupportChannel("LEB provider", has_support_api=True)


@dataclass(frozen=True, slots=True)
class SupportThread:
    request: SupportRecord
    messages: tuple[SupportMessageRecord, ...]


@dataclass(frozen=True, slots=True)
class SupportReply:
    """A new reply of the provider (the "support reply" notice)."""

    request_local_id: int
    message_local_id: int
    order_id: str
    topic: SupportTopic
    body: str
    at: datetime
    closed: bool


@dataclass(frozen=True, slots=True)
class SendReport:
    sent_requests: int = 0
    sent_replies: int = 0
    failures: list[str] = field(default_factory=list)
    """What could not be sent now (it waits in the journal and is tried again)."""


class SupportUnknown(LookupError):
    """No support request (or order) has that local id."""


class SupportNotPossible(ValueError):
    """The order cannot be asked about through its channel yet (the provider never confirmed
    it, or the channel has neither a support API nor a support address)."""


SupportListener = Callable[[SupportReply], None]


# --- facts ------------------------------------------------------------------------------------


def facts_from_wire(facts: wire.OrderFacts) -> OrderFacts:
    return OrderFacts(
        order_id=facts.order_id,
        card_id=facts.card_id,
        card_number=facts.card_number,
        carrier=facts.carrier,
        status=OrderStatus(facts.status.value),
        timeline=tuple(
            StatusChange(OrderStatus(step.status.value), step.at) for step in facts.timeline
        ),
        payment_method=facts.payment_method.value,
        amount=facts.amount.to_domain(),
        credited=facts.credited_amount.to_domain(),
        total=facts.total.to_domain(),
        created_at=facts.created_at,
        updated_at=facts.updated_at,
        paid_at=facts.paid_at,
        credited_at=facts.credited_at,
        failure_code=facts.failure_code.value if facts.failure_code is not None else None,
        failure_reason=facts.failure_reason,
    )


CASE_STATES: Final[dict[wire.SupportCaseStatus, SupportState]] = {
    wire.SupportCaseStatus.OPEN: SupportState.OPEN,
    wire.SupportCaseStatus.ANSWERED: SupportState.ANSWERED,
    wire.SupportCaseStatus.CLOSED: SupportState.CLOSED,
}


def provider_message(message: wire.SupportMessage) -> ProviderMessage:
    return ProviderMessage(
        provider_id=message.id,
        author=SupportAuthor(message.author.value),
        body=message.body,
        created_at=message.created_at,
        unread=message.unread,
        idempotency_key=message.idempotency_key,
    )


def local_order_facts(store: Store, order_local_id: int) -> OrderFacts:
    """The order's facts as the wallet knows them (for the mail draft and the journal)."""
    with store.session(readonly=True) as session:
        order = order_by_id(session, order_local_id)
        if order is None:
            raise SupportUnknown(f"no order {order_local_id}")
        listing = card_listing(session, order.card_id)
        events = order_events(session, order_local_id)
    timeline = [StatusChange(OrderStatus.AWAITING_PAYMENT, order.created_at)]
    timeline += [StatusChange(e.to_status, e.at) for e in events if e.from_status != e.to_status]
    return OrderFacts(
        order_id=order.provider_id or f"local-{order.local_id}",
        card_id=order.card_id,
        card_number=listing.card.masked_number if listing is not None else order.card_id,
        carrier=listing.card.carrier if listing is not None else "-",
        status=order.status,
        timeline=tuple(timeline),
        payment_method=order.payment_method,
        amount=order.amount,
        credited=order.credited,
        total=order.total,
        created_at=order.created_at,
        updated_at=order.updated_at,
        paid_at=order.paid_at,
        credited_at=order.credited_at,
        failure_code=order.failure_code,
        failure_reason=order.failure_reason,
    )
