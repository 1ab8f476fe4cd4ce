"""The order follower's backend: the provider and store work of one cycle, on the driver's
thread (`lebwallet.services.order_follower`).

`ServicesBackend` refreshes non-final orders in batches of `BATCH` through `RechargeService`
(one GET per batch, a stop between batches), diffs the statuses a sync brings in against
those it saw, and syncs account, cards and balances. With an `OrderShare` (the default of
`services_backend_factory`), a full refresh fetches only this desktop's share of the open
orders: desktops on one database split them (`lebwallet.services.fleet`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Final, Protocol

from lebwallet.clock import utc_now
from lebwallet.domain.orders import OrderStatus
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.wire import TokenPair
from lebwallet.services.fleet import OrderShare
from lebwallet.services.follow_values import BalancesUpdate, CardsSnapshot, OrderUpdate
from lebwallet.services.order_details import OrderRecord
from lebwallet.services.recharge import RechargeService
from lebwallet.services.sync import SyncService
from lebwallet.services.update_check import UpdateChecker, UpdateInfo
from lebwallet.store import queries
from lebwallet.store.engine import Store

BATCH: Final = 100
"""Orders per `GET /v1/orders?ids=…` (the contract's maximum)."""

# --- the backend: provider + store work, on the worker thread ---------------------------------


class RefresherBackend(Protocol):
    def refresh_orders(self, local_ids: Sequence[int] | None) -> tuple[int, list[OrderUpdate]]:
        """Fetch non-final orders (all when None) in batches and store them; returns
        (orders checked, changes)."""
        ...

    def sync_orders(self) -> list[OrderUpdate]:
        """Orders changed at the provider since the last pass (`updated_since`)."""
        ...

    def sync_cards(self) -> CardsSnapshot:
        """Account, cards and balances."""
        ...

    def check_update(self) -> UpdateInfo | None:
        """The daily update check when due (None: not due, not enabled, or up to date)."""
        ...

    def close(self) -> None: ...


BackendFactory = Callable[[threading.Event], RefresherBackend]
"""Builds the backend on the worker thread; the event is set when the refresher stops
(a backend should stop between batches)."""


class ServicesBackend:
    """The real backend: its own `ProviderClient`, the shared `Store`, `SyncService`."""

    def __init__(
        self,
        client: ProviderClient,
        store: Store,
        *,
        cancelled: threading.Event | None = None,
        token_source: Callable[[], TokenPair | None] | None = None,
        updates: UpdateChecker | None = None,
        check_updates: Callable[[], bool] = lambda: False,
        now: Callable[[], datetime] = utc_now,
        share: OrderShare | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.share = share
        """This desktop's share of the open orders (None: it fetches them all)."""
        self._cancelled = cancelled if cancelled is not None else threading.Event()
        self._token_source = token_source
        self._sync = SyncService(client, store, now=now)
        self._recharge = RechargeService(client, store, now=now)
        self._now = now
        self._updates = updates
        self._known: dict[int, OrderStatus] | None = None
        """Statuses read by the last full refresh; the sync after it diffs against them."""
        self._seen: dict[int, OrderStatus] | None = None
        """With a share: the open orders' statuses as this desktop last knew them (read or
        changed); while other desktops share them, the next full refresh tells what they
        moved since (alone, changes made outside the follower are not told again)."""
        self._check_updates = check_updates
        """Read on every check: true while the user allows them (`Settings.check_updates`)."""

    def _take_tokens(self) -> None:
        """Use the app's current tokens (a sign-in or another client's refresh)."""
        if self._token_source is None:
            return
        current = self._token_source()
        if current is not None and current != self.client.tokens:
            self.client.tokens = current

    def refresh_orders(self, local_ids: Sequence[int] | None) -> tuple[int, list[OrderUpdate]]:
        self._take_tokens()
        with self.store.session(readonly=True) as session:
            if local_ids is None:
                records = queries.non_final_orders(session)
            else:
                records = queries.orders_by_ids(session, list(local_ids))
        pending = [r.local_id for r in records if not r.status.is_final]
        changes: list[OrderUpdate] = []
        if local_ids is None:
            self._known = {r.local_id: r.status for r in records}
            if self.share is not None:
                pending = self.share.mine(pending)
                if self.share.desktops > 1:  # alone, nobody else moves them
                    changes.extend(self._moved_elsewhere(self._known))
                self._seen = dict(self._known)
        checked = 0
        # one RechargeService.refresh per batch: one GET per ≤ 100 orders, a stop between
        for start in range(0, len(pending), BATCH):
            if self._cancelled.is_set():
                break
            chunk = pending[start : start + BATCH]
            changes.extend(self._recharge.refresh(chunk))
            checked += len(chunk)
        if local_ids is None and self._known is not None:
            self._known.update((c.local_id, c.new_status) for c in changes)
        self._saw(changes)
        return checked, changes

    def _saw(self, changes: Sequence[OrderUpdate]) -> None:
        if self._seen is not None:
            self._seen.update((c.local_id, c.new_status) for c in changes)

    def _moved_elsewhere(self, now_open: dict[int, OrderStatus]) -> list[OrderUpdate]:
        """Orders another desktop moved since this one last knew them (it fetched them, or
        a recharge on it did): the history repaints them and the notices tell them here too."""
        before = self._seen
        if before is None:
            return []
        moved = [i for i, status in before.items() if now_open.get(i) is not status]
        if not moved:
            return []
        with self.store.session(readonly=True) as session:
            after = queries.orders_by_ids(session, moved)
        return [_update(before[r.local_id], r) for r in after if r.status is not before[r.local_id]]

    def sync_orders(self) -> list[OrderUpdate]:
        self._take_tokens()
        before = self._known
        if before is None:
            with self.store.session(readonly=True) as session:
                before = {r.local_id: r.status for r in queries.non_final_orders(session)}
        self._known = None
        _new, changed, _skipped = self._sync.sync_orders()
        if not changed:
            return []
        # Open orders whose status moved, and orders new to this desktop (made on another one,
        # or history first seen now): both repaint the history; only a status this desktop
        # saw move is told (a new order carries its status as the old one: no notice flood
        # when a desktop first meets years of history).
        ids = list(dict.fromkeys([*before, *self._sync.changed_orders]))
        with self.store.session(readonly=True) as session:
            after = queries.orders_by_ids(session, ids)
        updates = [
            _update(before.get(r.local_id, r.status), r)
            for r in after
            if r.local_id not in before or r.status != before[r.local_id]
        ]
        self._saw(updates)
        return updates

    def sync_cards(self) -> CardsSnapshot:
        self._take_tokens()
        count, balance_changes, _rejected = self._sync.sync_cards()
        with self.store.session(readonly=True) as session:
            cards = queries.list_cards(session)
        return CardsSnapshot(BalancesUpdate(count, balance_changes, self._now()), cards)

    def check_update(self) -> UpdateInfo | None:
        if self._updates is None or not self._check_updates():
            return None
        return self._updates.check_if_due()

    def close(self) -> None:
        try:
            if self.share is not None:
                self.share.close()
        finally:
            self.client.close()


def _update(
    old: OrderStatus | None, record: OrderRecord, flagged: str | None = None
) -> OrderUpdate:
    return OrderUpdate(
        local_id=record.local_id,
        provider_id=record.provider_id,
        card_id=record.card_id,
        old_status=old,
        new_status=record.status,
        record=record,
        flagged=flagged,
    )


def services_backend_factory(
    base_url: str,
    store: Store,
    *,
    token_source: Callable[[], TokenPair | None],
    on_tokens: Callable[[TokenPair | None], None] | None = None,
    timeout: tuple[float, float] = (3.05, 15.0),
    retries: int = 2,
    data_dir: Path | None = None,
    check_updates: Callable[[], bool] = lambda: False,
    now: Callable[[], datetime] = utc_now,
    language: Callable[[], str] = lambda: "en",
    share_orders: bool = True,
) -> BackendFactory:
    """A factory for `Refresher`: the client is built on the worker thread, with the app's
    tokens; `on_tokens` hands a refreshed pair back (it runs on the worker thread).
    With `data_dir`, the slow cadence also runs the daily update check while
    `check_updates()` is true (read on every slow tick: `Settings.check_updates is True`).
    `language()` gives the user's language tag for `Accept-Language` (read per request).
    `share_orders`: the backend takes part in sharing the open orders between desktops on
    one database (`OrderShare`; alone on its database, a desktop takes them all)."""

    def build(cancelled: threading.Event) -> RefresherBackend:
        client = ProviderClient(
            base_url,
            tokens=token_source(),
            on_tokens=on_tokens,
            timeout=timeout,
            retries=retries,
            language=language,
        )
        updates = None if data_dir is None else UpdateChecker(client, data_dir)
        return ServicesBackend(
            client,
            store,
            cancelled=cancelled,
            token_source=token_source,
            updates=updates,
            check_updates=check_updates,
            now=now,
            share=OrderShare(store, unit=BATCH, now=now) if share_orders else None,
        )

    return build
