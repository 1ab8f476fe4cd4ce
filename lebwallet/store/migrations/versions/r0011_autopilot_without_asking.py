"""Autopilot's per-card choice "go ahead without asking": where the card's channel pays from
a prepaid balance (Reloadly), autopilot tops up by itself and says afterwards what it did;
otherwise (the default) it asks first.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("autopilot_cards") as batch:
        batch.add_column(
            sa.Column("without_asking", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("autopilot_cards") as batch:
        batch.drop_column("without_asking")
