"""Desktops on one database: who is alive (`fleet_desktops`).

A wallet process that follows orders joins as a *desktop* (`join`): a random positive 31-bit
id and a row saying until when it counts as alive. Each cycle it shows itself again (`show`,
which also puts its row back if others removed it while it was paused) and removes the
desktops that are gone (`reap`); removing a desktop frees everything it held (its order
leases go with it, `lebwallet.store.order_leases`).

A desktop is gone when
- its `expires_at` has passed (it stopped showing itself: hung, paused, suspended, or on a
  machine that lost the network), on every database; or
- on PostgreSQL, the session advisory lock keyed by its id is no longer held. The desktop
  takes the lock when it joins, on a connection of its own that it keeps until it leaves;
  the server drops the lock as soon as that connection ends, so a killed process (whose
  sockets the kernel closes) is gone at once, without waiting for `expires_at`.

Join takes the lock before the row is written, and `reap` checks the locks and deletes in
one statement, so a desktop that is joining is never taken for a dead one. Times are the
desktops' own clocks (kept by NTP); expiry is several cycles long, so seconds of skew do not
matter. On SQLite (one file, normally one desktop) only the expiry applies.
"""

from __future__ import annotations

import logging
import os
import random
import socket
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import Connection, delete, func, literal, or_, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from lebwallet.store.claims import insert_once
from lebwallet.store.engine import Store
from lebwallet.store.models.fleet import DesktopRow, OrderLeaseRow

_log = logging.getLogger(__name__)

LOCK_NAMESPACE: Final = 0x1EB0
"""The first key of the desktops' `pg_advisory_lock(int, int)`; the second is the id."""
_MAX_ID: Final = 2**31 - 1
_ATTEMPTS: Final = 20

_LOCK_GONE = text(
    "NOT EXISTS (SELECT 1 FROM pg_locks AS l WHERE l.locktype = 'advisory' AND l.granted"
    f" AND l.classid = {LOCK_NAMESPACE} AND l.objsubid = 2"
    " AND l.objid::bigint = fleet_desktops.id"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))"
)
"""The desktop of the row at hand no longer holds its lock (PostgreSQL; evaluated within the
DELETE, so the rows and the locks are seen at one moment)."""


class FleetError(RuntimeError):
    """This process cannot take part in the shared follow-up (no free id, a lost lock)."""


def _name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


class Presence:
    """This process as a desktop on `store`'s database, from `join` until `leave`."""

    def __init__(self, store: Store, desktop_id: int, lock: Connection | None) -> None:
        self.store = store
        self.id = desktop_id
        self._lock = lock

    @property
    def locked(self) -> bool:
        """Whether it holds a PostgreSQL advisory lock (False on SQLite)."""
        return self._lock is not None

    def keep_lock(self) -> None:
        """Check the lock's connection; after a lost connection (a server restart), take the
        lock again on a new one. Raises `FleetError` when another session holds it."""
        if self._lock is None:
            return
        try:
            self._lock.execute(select(literal(1)))
            return
        except DBAPIError:
            _log.warning("desktop %s lost its lock connection; taking the lock again", self.id)
            self._close_lock()
        lock = _lock_connection(self.store, self.id)
        if lock is None:
            raise FleetError(f"desktop id {self.id} is locked by another session")
        self._lock = lock

    def leave(self) -> None:
        """Remove this desktop (its leases are freed at once) and drop its lock."""
        try:
            with self.store.session() as session:
                forget(session, [self.id])
        except Exception:  # the database went away: the expiry or the lock frees us anyway
            _log.warning("desktop %s could not remove itself", self.id, exc_info=True)
        finally:
            self._close_lock()

    def _close_lock(self) -> None:
        lock, self._lock = self._lock, None
        if lock is None:
            return
        try:
            lock.invalidate()  # closes the server session: the lock goes with it
        finally:
            lock.close()


def _lock_connection(store: Store, desktop_id: int) -> Connection | None:
    """A connection of its own holding the desktop's advisory lock; None if taken."""
    connection = store.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        got = connection.execute(
            select(func.pg_try_advisory_lock(LOCK_NAMESPACE, desktop_id))
        ).scalar_one()
    except BaseException:
        connection.close()
        raise
    if got:
        return connection
    connection.close()
    return None


def join(
    store: Store,
    *,
    now: datetime,
    expires_in: timedelta,
    rng: random.Random | None = None,
    name: Callable[[], str] = _name,
) -> Presence:
    """Join as a new desktop (a fresh id, its lock on PostgreSQL, its row)."""
    pick = rng if rng is not None else random.SystemRandom()
    for _ in range(_ATTEMPTS):
        desktop_id = pick.randint(1, _MAX_ID)
        lock: Connection | None = None
        if store.dialect == "postgresql":
            lock = _lock_connection(store, desktop_id)
            if lock is None:
                continue
        presence = Presence(store, desktop_id, lock)
        row = DesktopRow(
            id=desktop_id, name=name(), started_at=now, seen_at=now, expires_at=now + expires_in
        )
        with store.session() as session:
            joined = insert_once(session, row)
        if joined:
            return presence
        presence._close_lock()  # an id still in the table (a desktop not reaped yet)
    raise FleetError("no free desktop id after several attempts")


def show(session: Session, presence: Presence, *, now: datetime, expires_in: timedelta) -> None:
    """This desktop is alive until `now + expires_in`; its row comes back if it was removed."""
    presence.keep_lock()
    result = session.execute(
        update(DesktopRow)
        .where(DesktopRow.id == presence.id)
        .values(seen_at=now, expires_at=now + expires_in)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) == 1:
        return
    _log.info("desktop %s was taken for gone; it joins again", presence.id)
    session.add(
        DesktopRow(
            id=presence.id,
            name=_name(),
            started_at=now,
            seen_at=now,
            expires_at=now + expires_in,
        )
    )
    session.flush()


def reap(session: Session, *, now: datetime) -> list[int]:
    """Remove the desktops that are gone (see the module docstring); their ids."""
    gone = DesktopRow.expires_at < now
    if session.get_bind().dialect.name == "postgresql":
        gone = or_(gone, _LOCK_GONE)
    ids = list(session.scalars(delete(DesktopRow).where(gone).returning(DesktopRow.id)))
    if ids:
        _log.info("desktops gone: %s", ids)
        session.execute(delete(OrderLeaseRow).where(OrderLeaseRow.holder.in_(ids)))
    return ids


def forget(session: Session, ids: list[int]) -> None:
    """Remove these desktops and free their leases."""
    session.execute(delete(OrderLeaseRow).where(OrderLeaseRow.holder.in_(ids)))
    session.execute(delete(DesktopRow).where(DesktopRow.id.in_(ids)))


def alive(session: Session) -> list[int]:
    """The desktops in the table, by id."""
    return list(session.scalars(select(DesktopRow.id).order_by(DesktopRow.id)))
