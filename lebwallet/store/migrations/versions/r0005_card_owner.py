"""Which provider account a card belongs to.

`cards.owner` names the provider and the account a card was listed by
(`store.owners.owner_key`). The wallet shows only the cards of the account signed in now,
and their orders and balances: switching provider (or account) never shows one account's
data as another's. Cards stored before this revision have no owner; the first account that
lists them takes them.

Revision ID: 0005
Revises: 0004_keep_alive
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004_keep_alive"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.add_column(sa.Column("owner", sa.String(length=300), nullable=True))
        batch.create_index("ix_cards_owner", ["owner"])


def downgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.drop_index("ix_cards_owner")
        batch.drop_column("owner")
