"""Initial schema: account, cards, orders journal, order events, sync state.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = (
    "awaiting_payment",
    "requires_action",
    "paid",
    "crediting",
    "credited",
    "failed",
    "cancelled",
    "expired",
)


def _status() -> sa.Enum:
    return sa.Enum(*_STATUSES, name="order_status", native_enum=False, length=20)


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _pk() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("default_payment_method", sa.String(length=20), nullable=True),
        sa.Column("profile_complete", sa.Boolean(), nullable=False),
        sa.Column("missing_fields", sa.Text(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("synced_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("synced_at", _ts(), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=True),
        sa.Column("label", sa.String(length=40), nullable=True),
        sa.Column("iccid", sa.String(length=22), nullable=True),
        sa.Column("msisdn", sa.String(length=20), nullable=True),
        sa.Column("carrier", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("balance_minor", sa.BigInteger(), nullable=False),
        sa.Column("is_esim", sa.Boolean(), nullable=False),
        sa.Column("activation_code", sa.String(length=255), nullable=True),
        sa.Column("keep_alive_minimum_minor", sa.BigInteger(), nullable=False),
        sa.Column("keep_alive_period_days", sa.Integer(), nullable=False),
        sa.Column("min_balance_minor", sa.BigInteger(), nullable=True),
        sa.Column("last_qualifying_topup_at", _ts(), nullable=True),
        sa.Column("deadline", _ts(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sandbox", sa.Boolean(), nullable=False),
        sa.Column("provider_updated_at", _ts(), nullable=False),
        sa.Column("synced_at", _ts(), nullable=False),
        sa.Column("removed_at", _ts(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_cards_account_id_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
    )
    with op.batch_alter_table("cards") as batch_op:
        batch_op.create_index(batch_op.f("ix_cards_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cards_iccid"), ["iccid"], unique=False)
        batch_op.create_index(batch_op.f("ix_cards_msisdn"), ["msisdn"], unique=False)

    op.create_table(
        "orders",
        sa.Column("id", _pk(), autoincrement=True, nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=True),
        sa.Column("card_id", sa.String(length=64), nullable=False),
        sa.Column("status", _status(), nullable=False),
        sa.Column("payment_method", sa.String(length=20), nullable=False),
        sa.Column("payment_flow", sa.String(length=20), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("discount_minor", sa.BigInteger(), nullable=False),
        sa.Column("bonus_minor", sa.BigInteger(), nullable=False),
        sa.Column("credited_minor", sa.BigInteger(), nullable=False),
        sa.Column("pay_currency", sa.String(length=3), nullable=False),
        sa.Column("fee_minor", sa.BigInteger(), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("fx_rate", sa.String(length=40), nullable=True),
        sa.Column("promotion_id", sa.String(length=64), nullable=True),
        sa.Column("promo_code", sa.String(length=64), nullable=True),
        sa.Column("checkout_url", sa.String(length=2048), nullable=True),
        sa.Column("qr_payload", sa.String(length=2048), nullable=True),
        sa.Column("failure_code", sa.String(length=40), nullable=True),
        sa.Column("failure_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.Column("provider_updated_at", _ts(), nullable=True),
        sa.Column("expires_at", _ts(), nullable=True),
        sa.Column("paid_at", _ts(), nullable=True),
        sa.Column("credited_at", _ts(), nullable=True),
        sa.ForeignKeyConstraint(["card_id"], ["cards.id"], name=op.f("fk_orders_card_id_cards")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_orders_idempotency_key")),
        sa.UniqueConstraint("provider_id", name=op.f("uq_orders_provider_id")),
    )
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_index("ix_orders_card_created", ["card_id", "created_at", "id"])
        batch_op.create_index("ix_orders_created", ["created_at", "id"])
        batch_op.create_index("ix_orders_status_created", ["status", "created_at", "id"])

    op.create_table(
        "order_events",
        sa.Column("id", _pk(), autoincrement=True, nullable=False),
        sa.Column("order_id", _pk(), nullable=False),
        sa.Column("at", _ts(), nullable=False),
        sa.Column("from_status", _status(), nullable=True),
        sa.Column("to_status", _status(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_order_events_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_events")),
    )
    with op.batch_alter_table("order_events") as batch_op:
        batch_op.create_index("ix_order_events_order", ["order_id", "id"])


def downgrade() -> None:
    op.drop_table("order_events")
    op.drop_table("orders")
    op.drop_table("cards")
    op.drop_table("sync_state")
    op.drop_table("account")
