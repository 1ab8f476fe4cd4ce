"""Support requests about an order and their messages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lebwallet.store.models.base import Base, BigIntPk


class SupportRequestRow(Base):
    """A support request about an order: journalled with its idempotency key before it is
    sent; `provider_id` is NULL until the provider has the case. `facts` is the order's facts
    as JSON (the provider's once sent, the journal's until then)."""

    __tablename__ = "support_requests"
    __table_args__ = (Index("ix_support_requests_activity", "last_activity_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    provider_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    order_id: Mapped[str] = mapped_column(String(64), index=True)
    card_id: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(16))
    facts: Mapped[str] = mapped_column(Text)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    last_activity_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class SupportMessageRow(Base):
    """One message of a support request. The user's replies carry their own idempotency key
    (the opening message goes with the request's); `sent_at` is NULL until the provider has
    it. `unread` marks the provider's messages the user has not read; `announced` those told
    as a notice already (told once)."""

    __tablename__ = "support_messages"
    __table_args__ = (Index("ix_support_messages_request", "request_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"),
        ForeignKey("support_requests.id", ondelete="CASCADE"),
    )
    provider_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    author: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    unread: Mapped[bool] = mapped_column(Boolean, default=False)
    announced: Mapped[bool] = mapped_column(Boolean, default=False)
