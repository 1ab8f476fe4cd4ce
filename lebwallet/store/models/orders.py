"""Recharge orders as the journal holds them, and every change of each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lebwallet.domain.orders import OrderStatus
from lebwallet.store.models.base import NON_FINAL_PREDICATE, Base, BigIntPk, status_enum


class OrderRow(Base):
    """A recharge order: journalled before the first request, then updated from the provider.

    `currency` is the card's currency (amount, discount, bonus, credited); `pay_currency` is
    what the customer pays in (fee, total). `provider_id` is NULL until the provider has
    confirmed the order. `flagged_reason` is set when the provider contradicts the journal.
    """

    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_created", "created_at", "id"),
        Index("ix_orders_card_created", "card_id", "created_at", "id"),
        Index("ix_orders_status_created", "status", "created_at", "id"),
        Index("ix_orders_method_created", "payment_method", "created_at", "id"),
        Index(
            "ix_orders_non_final",
            "created_at",
            "id",
            sqlite_where=text(NON_FINAL_PREDICATE),
            postgresql_where=text(NON_FINAL_PREDICATE),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    provider_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    card_id: Mapped[str] = mapped_column(String(64), ForeignKey("cards.id"))
    status: Mapped[OrderStatus] = mapped_column(status_enum())
    payment_method: Mapped[str] = mapped_column(String(20))
    payment_flow: Mapped[str | None] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    discount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    bonus_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    credited_minor: Mapped[int] = mapped_column(BigInteger)
    pay_currency: Mapped[str] = mapped_column(String(3))
    fee_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    total_minor: Mapped[int] = mapped_column(BigInteger)
    fx_rate: Mapped[str | None] = mapped_column(String(40))
    promotion_id: Mapped[str | None] = mapped_column(String(64))
    promo_code: Mapped[str | None] = mapped_column(String(64))
    fx_quote_id: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(32), default="leb", server_default="leb")
    channel_detail: Mapped[str | None] = mapped_column(String(255))
    checkout_url: Mapped[str | None] = mapped_column(String(2048))
    qr_payload: Mapped[str | None] = mapped_column(String(2048))
    next_action_url: Mapped[str | None] = mapped_column(String(2048))
    failure_code: Mapped[str | None] = mapped_column(String(40))
    failure_reason: Mapped[str | None] = mapped_column(String(500))
    flagged_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    provider_updated_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    paid_at: Mapped[datetime | None]
    credited_at: Mapped[datetime | None]

    events: Mapped[list[OrderEventRow]] = relationship(
        back_populates="order", order_by="OrderEventRow.id", passive_deletes=True
    )


class OrderEventRow(Base):
    """One change of an order: status from/to (equal when only flagged), when, and by whom."""

    __tablename__ = "order_events"
    __table_args__ = (Index("ix_order_events_order", "order_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True, autoincrement=True)
    order_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"),
        ForeignKey("orders.id", ondelete="CASCADE"),
    )
    at: Mapped[datetime]
    from_status: Mapped[OrderStatus | None] = mapped_column(status_enum())
    to_status: Mapped[OrderStatus] = mapped_column(status_enum())
    source: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)

    order: Mapped[OrderRow] = relationship(back_populates="events")
