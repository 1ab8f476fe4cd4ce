"""The wallet's tables as SQLAlchemy 2 typed ORM models.

Conventions
- Money is stored as an integer count of minor units (`*_minor`, BIGINT) next to a currency
  column; `money()` / `to_minor()` convert to and from `lebwallet.domain.money.Money`.
- Every timestamp column is `UTCDateTime`: it accepts only timezone-aware datetimes, stores
  UTC, and gives back aware UTC datetimes on every backend (SQLite has no time zones).
- Rates (FX) are exact decimal text, never floats.
- No secrets: no password, token or payment-card number is stored anywhere here; the
  eSIM activation code is the profile's public install string (shown as a QR code).
- The schema is created only by the Alembic migrations in `migrations/versions/`; a test
  checks that they produce exactly this metadata.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Final

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import DateTime, TypeDecorator

from lebwallet.domain.money import Money
from lebwallet.domain.orders import NON_FINAL_STATUSES, OrderStatus

NAMING_CONVENTION: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# An integer primary key that is a ROWID alias on SQLite and BIGINT elsewhere.
BigIntPk = BigInteger().with_variant(Integer(), "sqlite")


class NaiveDateTimeError(ValueError):
    """A naive datetime was about to be stored."""


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    Binding refuses naive values and converts aware ones to UTC; SQLite keeps them as
    ISO text without an offset (sortable), PostgreSQL as `timestamptz`. Results are always
    aware datetimes in UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDateTimeError(f"refusing to store naive datetime {value.isoformat()}")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def to_minor(money: Money) -> int:
    """`money` as an integer count of its currency's minor units."""
    return money.in_minor_units


def money(minor: int, currency: str) -> Money:
    """The Money for `minor` units of `currency` (`Money.of_minor_units`)."""
    return Money.of_minor_units(minor, currency)


def _status_enum() -> Enum:
    return Enum(
        OrderStatus,
        name="order_status",
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda statuses: [s.value for s in statuses],
        validate_strings=True,
    )


NON_FINAL_VALUES: Final = tuple(sorted(s.value for s in NON_FINAL_STATUSES))
NON_FINAL_PREDICATE: Final = "status IN ({})".format(", ".join(f"'{v}'" for v in NON_FINAL_VALUES))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012 - SQLAlchemy API


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
    status: Mapped[OrderStatus] = mapped_column(_status_enum())
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
    from_status: Mapped[OrderStatus | None] = mapped_column(_status_enum())
    to_status: Mapped[OrderStatus] = mapped_column(_status_enum())
    source: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)

    order: Mapped[OrderRow] = relationship(back_populates="events")


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


class SyncStateRow(Base):
    """Named sync cursors, e.g. `orders` -> the provider time of the last full pull."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    synced_at: Mapped[datetime | None]
    value: Mapped[str | None] = mapped_column(Text)


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
