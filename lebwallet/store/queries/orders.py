"""Orders as the journal holds them (`OrderRecord`): by id, key or provider id, the open
ones the refresher polls, a card's recent and payable ones, and an order's recorded changes.
`HistoryCursor` is an order's place in the newest-first history (`queries.history`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import Row, Select, select, text
from sqlalchemy.orm import Session

from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.store.models import NON_FINAL_PREDICATE, OrderEventRow, OrderRow, money
from lebwallet.store.owners import current_owner, owned_card_ids


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """One order as the journal holds it.

    `provider_id` is None until the provider has confirmed the order. `amount`, `bonus`,
    `discount`, `credited` are in the card's currency; `fee` and `total` in the pay currency.
    `created_at` is when the wallet journalled it (or the provider's time for an order first
    seen through sync). `flagged` says how the provider contradicted the journal, if it did.
    """

    local_id: int
    idempotency_key: str
    provider_id: str | None
    card_id: str
    status: OrderStatus
    amount: Money
    bonus: Money
    discount: Money
    credited: Money
    fee: Money
    total: Money
    fx_rate: Decimal | None
    payment_method: str
    payment_flow: str | None
    promotion_id: str | None
    promo_code: str | None
    checkout_url: str | None
    qr_payload: str | None
    next_action_url: str | None
    failure_code: str | None
    failure_reason: str | None
    created_at: datetime
    updated_at: datetime
    provider_updated_at: datetime | None
    expires_at: datetime | None
    paid_at: datetime | None
    credited_at: datetime | None
    flagged: str | None
    fx_quote_id: str | None = None
    """The FX quote the journalled request named (re-sent unchanged with the key)."""
    channel: str = "leb"
    """The top-up channel the order is sent through (`lebwallet.services.channels`)."""
    channel_detail: str | None = None
    """What the channel's create request names beyond the quote (re-sent unchanged)."""

    @property
    def pay_currency(self) -> str:
        return self.total.currency

    @property
    def confirmed(self) -> bool:
        """True once the provider has acknowledged the order (it has a provider id)."""
        return self.provider_id is not None

    @property
    def cursor(self) -> HistoryCursor:
        return HistoryCursor(self.created_at, self.local_id)


_ORDER_COLUMNS: Final = tuple(OrderRow.__table__.columns)


def order_columns_query() -> Select[Any]:
    """Orders as plain rows (no ORM identity map): several times faster for long lists."""
    return select(*_ORDER_COLUMNS)


def order_records(session: Session, query: Select[Any]) -> list[OrderRecord]:
    return [order_record(row) for row in session.execute(query)]


def order_record(row: OrderRow | Row[Any]) -> OrderRecord:
    """The record of an ORM order or of a row selected with all order columns."""
    return OrderRecord(
        local_id=row.id,
        idempotency_key=row.idempotency_key,
        provider_id=row.provider_id,
        card_id=row.card_id,
        status=row.status,
        amount=money(row.amount_minor, row.currency),
        bonus=money(row.bonus_minor, row.currency),
        discount=money(row.discount_minor, row.currency),
        credited=money(row.credited_minor, row.currency),
        fee=money(row.fee_minor, row.pay_currency),
        total=money(row.total_minor, row.pay_currency),
        fx_rate=None if row.fx_rate is None else Decimal(row.fx_rate),
        payment_method=row.payment_method,
        payment_flow=row.payment_flow,
        promotion_id=row.promotion_id,
        promo_code=row.promo_code,
        checkout_url=row.checkout_url,
        qr_payload=row.qr_payload,
        next_action_url=row.next_action_url,
        failure_code=row.failure_code,
        failure_reason=row.failure_reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
        provider_updated_at=row.provider_updated_at,
        expires_at=row.expires_at,
        paid_at=row.paid_at,
        credited_at=row.credited_at,
        flagged=row.flagged_reason,
        fx_quote_id=row.fx_quote_id,
        channel=row.channel,
        channel_detail=row.channel_detail,
    )


@dataclass(frozen=True, slots=True, order=True)
class HistoryCursor:
    """Where a history page ended: the last row's `(created_at, local_id)`."""

    created_at: datetime
    local_id: int


def non_final_orders(session: Session, *, limit: int | None = None) -> list[OrderRecord]:
    """Orders not yet credited/failed/cancelled/expired, oldest first (what the refresher
    polls and what reconciliation at start-up walks, journalled-but-unsent ones included)."""
    query = (
        order_columns_query()
        # The literal predicate of the partial index `ix_orders_non_final`, so the planner
        # can use it (a bound IN list cannot be matched to a partial index).
        .where(text(NON_FINAL_PREDICATE))
        .order_by(OrderRow.created_at, OrderRow.id)
    )
    owner = current_owner(session)
    if owner is not None:  # another account's open orders wait until it signs in again
        query = query.where(OrderRow.card_id.in_(owned_card_ids(owner)))
    if limit is not None:
        query = query.limit(limit)
    return order_records(session, query)


def recent_orders(
    session: Session,
    card_id: str,
    since: datetime,
    *,
    statuses: frozenset[OrderStatus] | None = None,
) -> list[OrderRecord]:
    """The card's orders created at or after `since`, newest first (duplicate warning)."""
    query = order_columns_query().where(OrderRow.card_id == card_id, OrderRow.created_at >= since)
    if statuses is not None:
        query = query.where(OrderRow.status.in_(sorted(statuses)))
    query = query.order_by(OrderRow.created_at.desc(), OrderRow.id.desc())
    return order_records(session, query)


def order_by_id(session: Session, local_id: int) -> OrderRecord | None:
    row = session.get(OrderRow, local_id)
    return None if row is None else order_record(row)


def order_by_key(session: Session, idempotency_key: str) -> OrderRecord | None:
    row = session.scalars(
        select(OrderRow).where(OrderRow.idempotency_key == idempotency_key)
    ).one_or_none()
    return None if row is None else order_record(row)


def order_by_provider_id(session: Session, provider_id: str) -> OrderRecord | None:
    row = session.scalars(select(OrderRow).where(OrderRow.provider_id == provider_id)).one_or_none()
    return None if row is None else order_record(row)


def flagged_orders(session: Session) -> list[OrderRecord]:
    query = (
        order_columns_query()
        .where(OrderRow.flagged_reason.is_not(None))
        .order_by(OrderRow.created_at.desc(), OrderRow.id.desc())
    )
    return order_records(session, query)


@dataclass(frozen=True, slots=True)
class OrderEvent:
    at: datetime
    from_status: OrderStatus | None
    to_status: OrderStatus
    source: str
    detail: str | None


def order_events(session: Session, local_id: int) -> list[OrderEvent]:
    """Every recorded change of the order, oldest first."""
    rows = session.scalars(
        select(OrderEventRow).where(OrderEventRow.order_id == local_id).order_by(OrderEventRow.id)
    )
    return [OrderEvent(r.at, r.from_status, r.to_status, r.source, r.detail) for r in rows]


def orders_by_ids(session: Session, local_ids: Sequence[int]) -> list[OrderRecord]:
    if not local_ids:
        return []
    query = order_columns_query().where(OrderRow.id.in_(list(local_ids))).order_by(OrderRow.id)
    return order_records(session, query)


def payable_order(session: Session, card_id: str) -> OrderRecord | None:
    """The card's newest order the provider holds that can still be paid (awaiting payment
    or the authentication step, not flagged), if any."""
    query = (
        order_columns_query()
        .where(
            OrderRow.card_id == card_id,
            OrderRow.status.in_([OrderStatus.AWAITING_PAYMENT, OrderStatus.REQUIRES_ACTION]),
            OrderRow.provider_id.is_not(None),
            OrderRow.flagged_reason.is_(None),
        )
        .order_by(OrderRow.created_at.desc(), OrderRow.id.desc())
        .limit(1)
    )
    records = order_records(session, query)
    return records[0] if records else None
