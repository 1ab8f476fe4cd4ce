"""The top-up channel of an order and what its create request names at that channel.

Every order is sent through one channel (`lebwallet.services.channels`): `leb` (the LEB
provider, every order before this revision) or an account at a network such as Reloadly
(`reloadly`). A journalled order is re-sent with its key through the same channel with the
same request, so the journal also keeps what the channel's request names beyond the quote
(`channel_detail`, e.g. Reloadly's operator id and whether the amount is local).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(
            sa.Column("channel", sa.String(length=32), nullable=False, server_default="leb")
        )
        batch.add_column(sa.Column("channel_detail", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("channel_detail")
        batch.drop_column("channel")
