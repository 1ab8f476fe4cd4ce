"""Balance snapshots, last top-up per card, flagged orders, next-action URL.

- new table `balance_snapshots`, seeded with each card's current balance;
- `cards.last_topup_at`, filled from the newest credited order of each card;
- `orders.flagged_reason` (a provider answer that contradicts the journal) and
  `orders.next_action_url` (the authentication step of a payment);
- a partial index on non-final orders (what the refresher polls).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NON_FINAL = "status IN ('awaiting_payment', 'crediting', 'paid', 'requires_action')"


def upgrade() -> None:
    op.create_table(
        "balance_snapshots",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("card_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("balance_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["cards.id"],
            name=op.f("fk_balance_snapshots_card_id_cards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_balance_snapshots")),
    )
    with op.batch_alter_table("balance_snapshots") as batch_op:
        batch_op.create_index("ix_balance_snapshots_card_at", ["card_id", "at"])
    op.execute(
        "INSERT INTO balance_snapshots (card_id, at, balance_minor, currency) "
        "SELECT id, synced_at, balance_minor, currency FROM cards"
    )

    with op.batch_alter_table("cards") as batch_op:
        batch_op.add_column(sa.Column("last_topup_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE cards SET last_topup_at = (SELECT MAX(o.credited_at) FROM orders o "
        "WHERE o.card_id = cards.id AND o.status = 'credited')"
    )

    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("next_action_url", sa.String(length=2048), nullable=True))
        batch_op.add_column(sa.Column("flagged_reason", sa.Text(), nullable=True))
        batch_op.create_index(
            "ix_orders_non_final",
            ["created_at", "id"],
            sqlite_where=sa.text(_NON_FINAL),
            postgresql_where=sa.text(_NON_FINAL),
        )


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_non_final")
        batch_op.drop_column("flagged_reason")
        batch_op.drop_column("next_action_url")
    with op.batch_alter_table("cards") as batch_op:
        batch_op.drop_column("last_topup_at")
    op.drop_table("balance_snapshots")
