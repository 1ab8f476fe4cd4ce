"""Desktops on one database share the open orders (`OrderShare`): each full cycle of the
order follower fetches only this desktop's share, so every open order is fetched by one
desktop per cycle.

    share = OrderShare(store)
    mine = share.mine(open_ids)   # once per full cycle: show, reap the gone, claim
    share.close()                 # leave: this desktop's orders are free at once

The desktop joins on its first cycle (`lebwallet.store.fleet`: a random id, on PostgreSQL an
advisory lock on a connection of its own, a row). It counts as alive for three of its own
cycles (at least `min_expiry`); on PostgreSQL a killed desktop is gone as soon as its
connection is, so the others take its orders over at their next cycle. Leases:
`lebwallet.store.order_leases`.

On SQLite (one desktop's own file) a desktop simply takes all and writes nothing: there is
no lock to tell a killed process from a live one, so a wallet restarted after a crash would
otherwise share with its own ghost until that expired. Qt-free and blocking: call it on the
follower's thread.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Final

from lebwallet.clock import utc_now
from lebwallet.store import fleet, order_leases
from lebwallet.store.engine import Store

MIN_EXPIRY: Final = timedelta(minutes=3)
"""A desktop that stops showing itself is gone after this long at the least (three cycles
of the default pace)."""
CYCLES_ALIVE: Final = 3
"""…or after three of its own cycles, when it goes slower."""


class OrderShare:
    """This desktop's share of the open orders. Not thread-safe: one follower thread."""

    def __init__(
        self,
        store: Store,
        *,
        unit: int = 100,
        now: Callable[[], datetime] = utc_now,
        min_expiry: timedelta = MIN_EXPIRY,
        rng: random.Random | None = None,
    ) -> None:
        self._store = store
        self._unit = unit
        self._now = now
        self._min_expiry = min_expiry
        self._rng = rng
        self._presence: fleet.Presence | None = None
        self._last: datetime | None = None
        self.desktops = 1
        """How many desktops shared the orders at the last claim."""

    @property
    def desktop_id(self) -> int | None:
        return None if self._presence is None else self._presence.id

    def _expiry(self, now: datetime) -> timedelta:
        if self._last is None or now <= self._last:
            return self._min_expiry
        return max(self._min_expiry, CYCLES_ALIVE * (now - self._last))

    def mine(self, open_ids: Sequence[int]) -> list[int]:
        """This desktop's share of `open_ids` for this cycle (shows it alive, frees the
        orders of desktops that are gone, gives back or takes orders)."""
        if self._store.dialect != "postgresql":
            return list(open_ids)
        now = self._now()
        expires_in = self._expiry(now)
        if self._presence is None:
            self._presence = fleet.join(self._store, now=now, expires_in=expires_in, rng=self._rng)
        with self._store.session() as session:
            fleet.show(session, self._presence, now=now, expires_in=expires_in)
            fleet.reap(session, now=now)
            self.desktops = len(fleet.alive(session))
            ids = order_leases.claim(
                session,
                self._presence.id,
                open_ids,
                desktops=self.desktops,
                unit=self._unit,
                now=now,
            )
        self._last = now
        return ids

    def close(self) -> None:
        """Leave: the orders this desktop held are free for the others' next cycle."""
        presence, self._presence = self._presence, None
        if presence is not None:
            presence.leave()
