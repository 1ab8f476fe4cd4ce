"""Keep-alive on autopilot: the cards opted in, the monthly budgets, and one run per deadline.

- `autopilot_cards`: per card, on/off, days before the deadline, a monthly budget;
- `autopilot_budgets`: the monthly budget of all cards together, per currency;
- `autopilot_runs`: what autopilot did for one (card, deadline), unique, taken before the
  top-up is sent; its `order_key` is the order's idempotency key.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "autopilot_cards",
        sa.Column("card_id", sa.String(length=64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("budget_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("card_id", name=op.f("pk_autopilot_cards")),
    )
    op.create_table(
        "autopilot_budgets",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("budget_minor", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("currency", name=op.f("pk_autopilot_budgets")),
    )
    op.create_table(
        "autopilot_runs",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("card_id", sa.String(length=64), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("order_key", sa.String(length=255), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_autopilot_runs")),
        sa.UniqueConstraint("card_id", "deadline", name=op.f("uq_autopilot_runs_card_id_deadline")),
        sa.UniqueConstraint("order_key", name=op.f("uq_autopilot_runs_order_key")),
    )
    with op.batch_alter_table("autopilot_runs") as batch:
        batch.create_index("ix_autopilot_runs_created", ["created_at", "id"])


def downgrade() -> None:
    op.drop_table("autopilot_runs")
    op.drop_table("autopilot_budgets")
    op.drop_table("autopilot_cards")
