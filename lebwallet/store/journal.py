"""The exactly-once recharge journal (the write side of `orders` and `order_events`).

Every function takes a `Session` inside a write transaction (`Store.session()`); the caller's
block commits. Rows that are read to be changed are locked (`FOR UPDATE` on PostgreSQL; on
SQLite a write session holds the database's write lock from its first statement).

- `journal_order` writes the order with its idempotency key *before* the first request.
- `apply_order_update` / `merge_provider_order` bring a channel's view in (`ChannelOrder`,
  whatever the channel): a final status is never left and a status never moves backwards
  (`domain.orders.can_transition`); every status change is an `order_events` row with its
  time and source. When the channel's order contradicts the journal (card, amount,
  currency, idempotency key, provider id), the journal's values stay, `flagged_reason` says
  what differs and an event records it; the status is still taken from the channel (it says
  where the money is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from lebwallet.clock import aware_utc as _now
from lebwallet.domain.channel_orders import ChannelOrder
from lebwallet.domain.orders import OrderStatus, can_transition
from lebwallet.domain.recharge import Quote
from lebwallet.store.claims import insert_once
from lebwallet.store.models import CardRow, OrderEventRow, OrderRow, to_minor
from lebwallet.store.queries import OrderRecord, order_record

SOURCE_JOURNAL: Final = "journal"


class JournalError(ValueError):
    """An order cannot be journalled (unknown card, key already used, wrong currency)."""


class OrderNotFound(LookupError):
    """No journalled order has this local id or idempotency key."""


def _set(row: Any, name: str, value: object) -> bool:
    if getattr(row, name) == value:
        return False
    setattr(row, name, value)
    return True


def _note_top_up(session: Session, order: OrderRow, at: datetime) -> None:
    """A credited order is its card's latest top-up, unless a later one is known."""
    card = session.get(CardRow, order.card_id)
    credited_at = order.credited_at or at
    if card is not None and (card.last_topup_at is None or card.last_topup_at < credited_at):
        card.last_topup_at = credited_at


def _journalled(session: Session, order: ChannelOrder) -> OrderRow | None:
    """The journalled order for a provider's order: by its id, else by its key (locked)."""
    row = session.scalars(
        select(OrderRow).where(OrderRow.provider_id == order.provider_id).with_for_update()
    ).one_or_none()
    return row if row is not None else _locate(session, order.idempotency_key)


# --- orders ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What applying the provider's view of an order did.

    `changed`: something stored changed. `flagged`: the contradiction found now (None if
    none). `ignored_status`: the provider's status was not taken because it would downgrade
    (a final status or a step backwards). `created`: the order was new to the journal
    (`merge_provider_order` only). `skipped`: why nothing was stored at all (e.g. the card
    is not in the store).
    """

    local_id: int | None
    status: OrderStatus | None
    previous_status: OrderStatus | None
    changed: bool = False
    flagged: str | None = None
    ignored_status: OrderStatus | None = None
    created: bool = False
    skipped: str | None = None
    record: OrderRecord | None = field(default=None, compare=False)

    @property
    def status_changed(self) -> bool:
        return self.status is not None and self.status != self.previous_status


def _event(
    session: Session,
    row: OrderRow,
    at: datetime,
    from_status: OrderStatus | None,
    to_status: OrderStatus,
    source: str,
    detail: str | None = None,
) -> None:
    session.add(
        OrderEventRow(
            order_id=row.id,
            at=at,
            from_status=from_status,
            to_status=to_status,
            source=source[:32],
            detail=detail,
        )
    )


def journal_order(
    session: Session,
    *,
    idempotency_key: str,
    card_id: str,
    quote: Quote,
    payment_flow: str | None = None,
    source: str = SOURCE_JOURNAL,
    now: datetime | None = None,
    channel: str = "leb",
    channel_detail: str | None = None,
) -> OrderRecord:
    """Write a new order to the journal (status awaiting_payment, no provider id yet).

    Call it, and commit, before the first request to the provider. Raises `JournalError` if
    the key is already used, the card is unknown or the quote is not in the card's currency.
    """
    at = _now(now)
    card = session.get(CardRow, card_id)
    if card is None:
        raise JournalError(f"card {card_id} is not in the store")
    if quote.amount.currency != card.currency:
        raise JournalError(
            f"the quote is in {quote.amount.currency} but card {card_id} is in {card.currency}"
        )
    taken = session.scalar(select(OrderRow.id).where(OrderRow.idempotency_key == idempotency_key))
    if taken is not None:
        raise JournalError(f"idempotency key already used by order {taken}")
    row = OrderRow(
        idempotency_key=idempotency_key,
        provider_id=None,
        card_id=card_id,
        status=OrderStatus.AWAITING_PAYMENT,
        payment_method=quote.payment_method.value,
        payment_flow=payment_flow,
        currency=quote.amount.currency,
        amount_minor=to_minor(quote.amount),
        discount_minor=to_minor(quote.discount),
        bonus_minor=to_minor(quote.bonus),
        credited_minor=to_minor(quote.credited),
        pay_currency=quote.pay_currency,
        fee_minor=to_minor(quote.fee),
        total_minor=to_minor(quote.total),
        fx_rate=None if quote.fx_rate is None else f"{quote.fx_rate:f}",
        promotion_id=quote.promotion_id,
        promo_code=quote.promo_code,
        fx_quote_id=quote.fx_quote_id,
        channel=channel,
        channel_detail=channel_detail,
        created_at=at,
        updated_at=at,
        expires_at=quote.expires_at,
    )
    session.add(row)
    session.flush()
    _event(session, row, at, None, OrderStatus.AWAITING_PAYMENT, source, "journalled")
    session.flush()
    return order_record(row)


def _locate(session: Session, ref: int | str) -> OrderRow | None:
    query = select(OrderRow).with_for_update()
    if isinstance(ref, int) and not isinstance(ref, bool):
        query = query.where(OrderRow.id == ref)
    else:
        query = query.where(OrderRow.idempotency_key == ref)
    return session.scalars(query).one_or_none()


def _contradictions(row: OrderRow, order: ChannelOrder) -> list[str]:
    found: list[str] = []
    if order.card_id != row.card_id:
        found.append(f"card: journal {row.card_id}, provider {order.card_id}")
    amount = order.amount
    if amount.currency != row.currency:
        found.append(f"currency: journal {row.currency}, provider {amount.currency}")
    elif to_minor(amount) != row.amount_minor:
        found.append(f"amount: journal {row.amount_minor} minor units, provider {amount.to_wire()}")
    if order.idempotency_key != row.idempotency_key:
        found.append("idempotency key differs")
    if row.provider_id is not None and row.provider_id != order.provider_id:
        found.append(f"provider id: journal {row.provider_id}, provider {order.provider_id}")
    return found


def _apply(
    session: Session, row: OrderRow, order: ChannelOrder, source: str, at: datetime
) -> ApplyResult:
    previous = row.status
    requested = order.status
    changed = False
    ignored: OrderStatus | None = None
    found = _contradictions(row, order)

    if row.provider_id is None and not any(f.startswith("provider id") for f in found):
        clash = session.scalar(
            select(OrderRow.id).where(
                OrderRow.provider_id == order.provider_id, OrderRow.id != row.id
            )
        )
        if clash is None:
            row.provider_id = order.provider_id
            changed = True
        else:
            found.append(f"provider id {order.provider_id} already belongs to order {clash}")

    stale = row.provider_updated_at is not None and order.updated_at < row.provider_updated_at
    if requested != previous:
        if can_transition(previous, requested) and not stale:
            row.status = requested
            _event(session, row, at, previous, requested, source)
            changed = True
        else:
            ignored = requested

    if not stale and ignored is None:
        fields: dict[str, object] = {
            "payment_method": order.payment_method,
            "payment_flow": order.payment_flow,
            "promotion_id": order.promotion_id,
            "promo_code": order.promo_code,
            "checkout_url": order.checkout_url,
            "qr_payload": order.qr_payload,
            "next_action_url": order.next_action_url,
            "failure_code": order.failure_code,
            "failure_reason": order.failure_reason,
            "expires_at": order.expires_at,
            "paid_at": order.paid_at,
            "credited_at": order.credited_at,
            "provider_updated_at": order.updated_at,
        }
        if not found:
            fields.update(
                {
                    "discount_minor": to_minor(order.discount),
                    "bonus_minor": to_minor(order.bonus),
                    "credited_minor": to_minor(order.credited),
                    "pay_currency": order.pay_currency,
                    "fee_minor": to_minor(order.fee),
                    "total_minor": to_minor(order.total),
                    "fx_rate": order.fx_rate_text,
                }
            )
        for name, value in fields.items():
            changed |= _set(row, name, value)

    flagged: str | None = None
    if found:
        flagged = "; ".join(found)
        if row.flagged_reason is None or flagged not in row.flagged_reason:
            row.flagged_reason = (
                flagged if row.flagged_reason is None else f"{row.flagged_reason}; {flagged}"
            )
            _event(session, row, at, row.status, row.status, source, f"flagged: {flagged}")
            changed = True

    if row.status is OrderStatus.CREDITED and previous is not OrderStatus.CREDITED:
        _note_top_up(session, row, at)

    if changed:
        row.updated_at = at
    session.flush()
    return ApplyResult(
        local_id=row.id,
        status=row.status,
        previous_status=previous,
        changed=changed,
        flagged=flagged,
        ignored_status=ignored,
        record=order_record(row),
    )


def apply_order_update(
    session: Session,
    ref: int | str,
    order: ChannelOrder,
    *,
    source: str,
    now: datetime | None = None,
) -> ApplyResult:
    """Apply the provider's `order` to the journalled order `ref` (local id or idempotency
    key). Raises `OrderNotFound` when there is no such order."""
    row = _locate(session, ref)
    if row is None:
        raise OrderNotFound(f"no journalled order {ref!r}")
    return _apply(session, row, order, source, _now(now))


def merge_provider_order(
    session: Session, order: ChannelOrder, *, source: str, now: datetime | None = None
) -> ApplyResult:
    """Bring in an order seen at the provider (sync): update the journalled one with its
    provider id or idempotency key, or add it to the journal when it is new (e.g. made on
    another desktop). Skipped, not stored, when its card is not in the store."""
    at = _now(now)
    row = _journalled(session, order)
    if row is not None:
        return _apply(session, row, order, source, at)
    if session.get(CardRow, order.card_id) is None:
        return ApplyResult(None, None, None, skipped=f"card {order.card_id} is not in the store")
    new = OrderRow(
        idempotency_key=order.idempotency_key,
        provider_id=order.provider_id,
        card_id=order.card_id,
        status=order.status,
        payment_method=order.payment_method,
        payment_flow=order.payment_flow,
        currency=order.amount.currency,
        amount_minor=to_minor(order.amount),
        discount_minor=to_minor(order.discount),
        bonus_minor=to_minor(order.bonus),
        credited_minor=to_minor(order.credited),
        pay_currency=order.pay_currency,
        fee_minor=to_minor(order.fee),
        total_minor=to_minor(order.total),
        fx_rate=order.fx_rate_text,
        promotion_id=order.promotion_id,
        promo_code=order.promo_code,
        checkout_url=order.checkout_url,
        qr_payload=order.qr_payload,
        next_action_url=order.next_action_url,
        failure_code=order.failure_code,
        failure_reason=order.failure_reason,
        created_at=order.created_at,
        updated_at=at,
        provider_updated_at=order.updated_at,
        expires_at=order.expires_at,
        paid_at=order.paid_at,
        credited_at=order.credited_at,
    )
    if not insert_once(session, new):
        # Another desktop stored it meanwhile: apply to theirs.
        row = _journalled(session, order)
        if row is None:
            raise
        return _apply(session, row, order, source, at)
    _event(session, new, at, None, new.status, source, "first seen at the provider")
    if new.status is OrderStatus.CREDITED:
        _note_top_up(session, new, at)
    session.flush()
    return ApplyResult(
        local_id=new.id,
        status=new.status,
        previous_status=None,
        changed=True,
        created=True,
        record=order_record(new),
    )


def fail_unsent_order(
    session: Session,
    ref: int | str,
    *,
    reason: str,
    code: str | None = None,
    source: str,
    now: datetime | None = None,
) -> ApplyResult:
    """Close a journalled order the provider never accepted (e.g. a 422 rule violation):
    status failed with `reason`. Refused (`ValueError`) once the provider knows the order."""
    at = _now(now)
    row = _locate(session, ref)
    if row is None:
        raise OrderNotFound(f"no journalled order {ref!r}")
    if row.provider_id is not None:
        raise ValueError(f"order {row.id} exists at the provider; its status comes from there")
    previous = row.status
    if previous.is_final:
        return ApplyResult(row.id, previous, previous, record=order_record(row))
    row.status = OrderStatus.FAILED
    row.failure_code = code
    row.failure_reason = reason[:500]
    row.updated_at = at
    _event(session, row, at, previous, OrderStatus.FAILED, source, reason)
    session.flush()
    return ApplyResult(row.id, row.status, previous, changed=True, record=order_record(row))
