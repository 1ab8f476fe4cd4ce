"""History text search: trigram indexes over the orders, and an index on the payment method.

SQLite: an FTS5 table `orders_fts` (tokenizer `trigram`, external content: no copy of the
text) over the provider's order id, the idempotency key and the failure reason, filled from
the orders already stored and kept current by triggers. PostgreSQL: the `pg_trgm` extension
and a GIN trigram index on each of those columns (they serve `ILIKE '%…%'`). Both: a B-tree
index `(payment_method, created_at, id)`. See `lebwallet.store.history_search`.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from lebwallet.store.history_search import search_ddl, search_drop_ddl

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_orders_method_created", "orders", ["payment_method", "created_at", "id"])
    for statement in search_ddl(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in search_drop_ddl(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_index("ix_orders_method_created", table_name="orders")
