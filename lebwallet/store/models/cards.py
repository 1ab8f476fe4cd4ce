"""The provider account, its cards, their balance over time, and the sync cursors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lebwallet.store.models.base import Base, BigIntPk


class AccountRow(Base):
    """The provider account's profile as last synced (no password, no tokens)."""

    __tablename__ = "account"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    default_payment_method: Mapped[str | None] = mapped_column(String(20))
    profile_complete: Mapped[bool] = mapped_column(Boolean)
    missing_fields: Mapped[str] = mapped_column(Text, default="")
    """Comma-separated names of profile fields still missing."""
    created_at: Mapped[datetime]
    synced_at: Mapped[datetime]
    login: Mapped[str | None] = mapped_column(String(254))
    """The e-mail or phone the user signs in with (pre-fills the sign-in form)."""


class CardRow(Base):
    """A bound card as the provider last reported it; `removed_at` is set once it is unbound."""

    __tablename__ = "cards"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[str | None] = mapped_column(String(40))
    iccid: Mapped[str | None] = mapped_column(String(22), index=True)
    msisdn: Mapped[str | None] = mapped_column(String(20), index=True)
    carrier: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    balance_minor: Mapped[int] = mapped_column(BigInteger)
    is_esim: Mapped[bool] = mapped_column(Boolean)
    activation_code: Mapped[str | None] = mapped_column(String(255))
    keep_alive_minimum_minor: Mapped[int] = mapped_column(BigInteger)
    keep_alive_period_days: Mapped[int] = mapped_column(Integer)
    min_balance_minor: Mapped[int | None] = mapped_column(BigInteger)
    last_qualifying_topup_at: Mapped[datetime | None]
    deadline: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20))
    sandbox: Mapped[bool] = mapped_column(Boolean, default=False)
    last_topup_at: Mapped[datetime | None]
    """When an order for this card was last credited (as far as this wallet knows)."""
    provider_updated_at: Mapped[datetime]
    synced_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]
    source: Mapped[str] = mapped_column(String(10), server_default="provider")
    """`provider` (synced) or `local` (added by the user; a sync never touches it)."""
    rule_id: Mapped[str | None] = mapped_column(String(64))
    """A local card's keep-alive rule: a custom rule's id, else a shipped catalogue entry's."""
    owner: Mapped[str | None] = mapped_column(String(300), index=True)
    """The provider account that lists this card (`store.owners.owner_key`); None for a
    card stored before owners were kept."""


class BalanceSnapshotRow(Base):
    """A card's balance at one moment; written only when the balance changes."""

    __tablename__ = "balance_snapshots"
    __table_args__ = (Index("ix_balance_snapshots_card_at", "card_id", "at"),)

    id: Mapped[int] = mapped_column(BigIntPk, primary_key=True, autoincrement=True)
    card_id: Mapped[str] = mapped_column(String(64), ForeignKey("cards.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    balance_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))


class SyncStateRow(Base):
    """Named sync cursors, e.g. `orders` -> the provider time of the last full pull."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    synced_at: Mapped[datetime | None]
    value: Mapped[str | None] = mapped_column(Text)
