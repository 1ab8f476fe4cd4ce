"""Autopilot: the cards it keeps alive, the monthly budgets, and what it did per deadline."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from lebwallet.store.models.base import Base, BigIntPk


class AutopilotCardRow(Base):
    """A card the user asked the wallet to keep alive: `days_before` its deadline, top up the
    rule's minimum, within `budget_minor` (the card's currency) a calendar month (UTC)."""

    __tablename__ = "autopilot_cards"

    card_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    days_before: Mapped[int] = mapped_column(Integer)
    budget_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    updated_at: Mapped[datetime]
    without_asking: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """A channel that pays from a prepaid balance (Reloadly) goes ahead without asking."""


class AutopilotBudgetRow(Base):
    """The monthly budget of every autopilot top-up in one currency, all cards together."""

    __tablename__ = "autopilot_budgets"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    budget_minor: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]


class AutopilotRunRow(Base):
    """What autopilot did for one deadline of one card: one row per (card, deadline), taken
    before anything is sent, so two desktops or a restart never act twice for it.
    `kind` is `topup`, `remind` or `missed`; a top-up's `state` goes `claimed` → `ordered` →
    `done` or `failed`; `order_key` is the idempotency key of its order."""

    __tablename__ = "autopilot_runs"
    __table_args__ = (
        UniqueConstraint("card_id", "deadline"),
        Index("ix_autopilot_runs_created", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True, autoincrement=True)
    card_id: Mapped[str] = mapped_column(String(64))
    deadline: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10))
    order_key: Mapped[str] = mapped_column(String(255), unique=True)
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
