"""The wallet's own keep-alive data: rules the user wrote and the actions logged."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lebwallet.store.models.base import Base, BigIntPk


class KeepAliveRuleRow(Base):
    """A keep-alive rule the user wrote (one with a shipped entry's id overrides it).

    `actions` is comma-separated action kinds; `stages` a JSON list of
    ``[count, unit, effect]``; the minimum top-up is in `currency`'s minor units."""

    __tablename__ = "keep_alive_rules"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    actions: Mapped[str] = mapped_column(String(40))
    period_count: Mapped[int] = mapped_column(Integer)
    period_unit: Mapped[str] = mapped_column(String(10))
    minimum_minor: Mapped[int | None] = mapped_column(BigInteger)
    stages: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(2048))
    checked_on: Mapped[date | None] = mapped_column(Date)
    confidence: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime]


class KeepAliveActionRow(Base):
    """Something the user did with a card on a day (top-up elsewhere, call, SMS, data)."""

    __tablename__ = "keep_alive_actions"
    __table_args__ = (Index("ix_keep_alive_actions_card_on", "card_id", "on", "id"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True, autoincrement=True)
    card_id: Mapped[str] = mapped_column(String(64), ForeignKey("cards.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
