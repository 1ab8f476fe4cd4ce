"""Desktops sharing one database share the open orders: `fleet_desktops` (who is alive) and
`order_leases` (which desktop fetches which open order).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ORDER_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "fleet_desktops",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fleet_desktops")),
    )
    op.create_table(
        "order_leases",
        sa.Column("order_id", _ORDER_ID, autoincrement=False, nullable=False),
        sa.Column("holder", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["holder"],
            ["fleet_desktops.id"],
            name=op.f("fk_order_leases_holder_fleet_desktops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_order_leases")),
    )
    with op.batch_alter_table("order_leases") as batch:
        batch.create_index("ix_order_leases_holder", ["holder", "order_id"])


def downgrade() -> None:
    op.drop_table("order_leases")
    op.drop_table("fleet_desktops")
