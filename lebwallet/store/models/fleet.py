"""The tables of desktops sharing one database (`lebwallet.store.fleet`).

- `fleet_desktops`: one row per running wallet process (a desktop) that follows orders; it
  says when the desktop was last seen and until when it counts as alive without a new sign
  of life. On PostgreSQL the desktop also holds a session advisory lock keyed by its `id`
  for as long as it runs: the lock goes with its connection when the process dies.
- `order_leases`: which desktop fetches which open order (one row per leased order). A lease
  lasts as long as its holder's row: removing a desktop frees its orders.

"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from lebwallet.store.models.base import Base


class DesktopRow(Base):
    """A wallet process taking part in the shared order follow-up."""

    __tablename__ = "fleet_desktops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    """A random positive 31-bit number, also the key of the desktop's advisory lock."""
    name: Mapped[str] = mapped_column(String(200))
    """Host and process id, for people reading the table."""
    started_at: Mapped[datetime]
    seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    """Alive until then unless it shows itself again (its own pace sets it)."""


class OrderLeaseRow(Base):
    """An open order one desktop fetches for all of them."""

    __tablename__ = "order_leases"
    __table_args__ = (Index("ix_order_leases_holder", "holder", "order_id"),)

    order_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False
    )
    """`orders.id`, on purpose without a foreign key: checking one would wait for any
    transaction that holds the order row (another desktop storing it), and orders are never
    deleted (a lease whose order is gone or final is dropped by its holder)."""
    holder: Mapped[int] = mapped_column(
        Integer, ForeignKey("fleet_desktops.id", ondelete="CASCADE")
    )
    taken_at: Mapped[datetime]
