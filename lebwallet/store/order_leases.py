"""Which desktop fetches which open order (`order_leases`), on a database several desktops
share (`lebwallet.store.fleet` says who is alive).

`claim` runs once per full refresh cycle of each desktop, in one write transaction after
`fleet.show` and `fleet.reap`: the desktop keeps its leases on orders still open, gives back
what is over its fair share (so a desktop that joins gets work), and takes free orders up to
its share. On PostgreSQL free orders are taken under a transaction advisory lock per order,
skipping the ones locked (`pg_try_advisory_xact_lock`, the `SKIP LOCKED` of advisory locks),
so desktops claiming at the same moment take different orders instead of waiting on each
other. Not `SELECT … FOR UPDATE SKIP LOCKED` on the orders themselves: their rows are also
locked by whoever stores them (another desktop's sync pass holds hundreds for a moment), and
those would be skipped for a whole cycle. The lease's primary key (the order) settles any
remaining race (`ON CONFLICT DO NOTHING … RETURNING`). A lease lasts as long as its holder's
desktop row.

The share is counted in whole batches of `unit` orders (one request per batch): with n open
orders and d desktops each holds at most ⌈⌈n/unit⌉/d⌉·unit, so the desktops together make as
few requests as one desktop alone would. Orders given back are fetched by their new holder
at its next cycle, never twice in one cycle.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Final

from sqlalchemy import BigInteger, column, delete, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lebwallet.store.models.fleet import OrderLeaseRow

_CHUNK: Final = 1000
"""Ids per IN list."""
_ORDER_LOCKS: Final = 0x1EB1 << 40
"""Advisory lock keys of orders being claimed: this plus the order id (one bigint key, so
apart from the desktops' two-key locks of `lebwallet.store.fleet`)."""
_TRY_LOCK = text(
    "SELECT c.id FROM unnest(CAST(:ids AS bigint[])) AS c(id)"
    " WHERE pg_try_advisory_xact_lock(:base + c.id) LIMIT :wanted"
).columns(column("id", BigInteger))
"""The first `wanted` candidates (in array order) this transaction could lock. No ORDER BY:
the scan stops at the limit, so no more orders than taken are locked."""


def share(open_orders: int, desktops: int, unit: int) -> int:
    """How many of `open_orders` one of `desktops` holds at most (whole batches of `unit`)."""
    batches = math.ceil(open_orders / unit)
    return math.ceil(batches / max(desktops, 1)) * unit


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def held(session: Session, desktop_id: int) -> set[int]:
    """The orders this desktop holds."""
    return set(
        session.scalars(select(OrderLeaseRow.order_id).where(OrderLeaseRow.holder == desktop_id))
    )


def _release(session: Session, desktop_id: int, ids: Sequence[int]) -> None:
    for chunk in _chunks(ids):
        session.execute(
            delete(OrderLeaseRow).where(
                OrderLeaseRow.holder == desktop_id, OrderLeaseRow.order_id.in_(chunk)
            )
        )


def _lockable(session: Session, candidates: Sequence[int], wanted: int) -> list[int]:
    """Up to `wanted` of `candidates` (in order) under this transaction's advisory locks,
    skipping those another desktop's claim holds now (PostgreSQL); elsewhere the first ones
    (a SQLite write transaction holds the whole file)."""
    if session.get_bind().dialect.name != "postgresql":
        return list(candidates[:wanted])
    return list(
        session.scalars(
            _TRY_LOCK.bindparams(ids=list(candidates), base=_ORDER_LOCKS, wanted=wanted)
        )
    )


def _take(
    session: Session, desktop_id: int, candidates: Sequence[int], wanted: int, now: datetime
) -> None:
    """Lease up to `wanted` of `candidates` (free when read)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for chunk in _chunks(candidates):
        if wanted <= 0:
            return
        locked = _lockable(session, chunk, wanted)
        if not locked:
            continue
        taken = session.scalars(
            insert(OrderLeaseRow)
            .values([{"order_id": i, "holder": desktop_id, "taken_at": now} for i in locked])
            .on_conflict_do_nothing(index_elements=["order_id"])
            .returning(OrderLeaseRow.order_id)
        )
        wanted -= len(list(taken))


def claim(
    session: Session,
    desktop_id: int,
    open_ids: Sequence[int],
    *,
    desktops: int,
    unit: int,
    now: datetime,
) -> list[int]:
    """This desktop's share of `open_ids` (the open orders it may follow), in id order."""
    open_set = set(open_ids)
    mine = held(session, desktop_id)
    stale = sorted(mine - open_set)  # final now (or not this desktop's account's)
    _release(session, desktop_id, stale)
    mine &= open_set
    most = share(len(open_set), desktops, unit)
    if len(mine) > most:  # a desktop joined: give orders back, it takes them next cycle
        extra = sorted(mine)[most:]
        _release(session, desktop_id, extra)
        mine.difference_update(extra)
    elif len(mine) < most:
        leased = set(session.scalars(select(OrderLeaseRow.order_id)))
        free = sorted(open_set - leased)
        _take(session, desktop_id, free, most - len(mine), now)
        mine = held(session, desktop_id) & open_set
    return sorted(mine)
