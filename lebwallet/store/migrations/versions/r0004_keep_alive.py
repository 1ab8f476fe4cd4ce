"""The wallet's own cards, custom keep-alive rules and keep-alive actions.

- `cards.source` (`provider` for every existing card, `local` for a card the user added) and
  `cards.rule_id` (the catalogue or custom rule of a local card);
- new table `keep_alive_rules`: the user's own rules (one may override a shipped one);
- new table `keep_alive_actions`: top-ups elsewhere, calls, SMS, data sessions, per card.

Revision ID: 0004_keep_alive
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_keep_alive"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.add_column(
            sa.Column("source", sa.String(length=10), nullable=False, server_default="provider")
        )
        batch.add_column(sa.Column("rule_id", sa.String(length=64), nullable=True))
    op.create_table(
        "keep_alive_rules",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("actions", sa.String(length=40), nullable=False),
        sa.Column("period_count", sa.Integer(), nullable=False),
        sa.Column("period_unit", sa.String(length=10), nullable=False),
        sa.Column("minimum_minor", sa.BigInteger(), nullable=True),
        sa.Column("stages", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=2048), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("confidence", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keep_alive_rules")),
    )
    op.create_table(
        "keep_alive_actions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("card_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["cards.id"],
            name=op.f("fk_keep_alive_actions_card_id_cards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keep_alive_actions")),
    )
    with op.batch_alter_table("keep_alive_actions") as batch:
        batch.create_index("ix_keep_alive_actions_card_on", ["card_id", "on", "id"])


def downgrade() -> None:
    op.drop_table("keep_alive_actions")
    op.drop_table("keep_alive_rules")
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("rule_id")
        batch.drop_column("source")
