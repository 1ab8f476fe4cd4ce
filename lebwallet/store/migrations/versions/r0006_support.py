"""Support requests about orders and their messages (the support journal).

- `support_requests`: one per request, journalled with its idempotency key before it is sent
  (`provider_id` NULL until the provider has it);
- `support_messages`: the thread, the user's replies with their own keys, the provider's
  messages with `unread` and `announced` (told once as a notice).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "support_requests",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=True),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("card_id", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_requests")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_support_requests_idempotency_key")),
        sa.UniqueConstraint("provider_id", name=op.f("uq_support_requests_provider_id")),
    )
    with op.batch_alter_table("support_requests") as batch:
        batch.create_index("ix_support_requests_activity", ["last_activity_at", "id"])
        batch.create_index(op.f("ix_support_requests_order_id"), ["order_id"])
    op.create_table(
        "support_messages",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("request_id", _ID, nullable=False),
        sa.Column("provider_id", sa.String(length=64), nullable=True),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("author", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unread", sa.Boolean(), nullable=False),
        sa.Column("announced", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["support_requests.id"],
            name=op.f("fk_support_messages_request_id_support_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_messages")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_support_messages_idempotency_key")),
        sa.UniqueConstraint("provider_id", name=op.f("uq_support_messages_provider_id")),
    )
    with op.batch_alter_table("support_messages") as batch:
        batch.create_index("ix_support_messages_request", ["request_id", "id"])


def downgrade() -> None:
    op.drop_table("support_messages")
    op.drop_table("support_requests")
