"""Sync: bring the local store in step with the provider.

One pass pulls the account, every bound card with its balance (a balance snapshot is kept
when it changed) and every order changed since the last pass (`updated_since`, paged by the
provider's cursors). Orders go through the journal rules of `store.writes`: a final status
is never downgraded and a contradiction is flagged, not overwritten.

An order that becomes credited changes its card's balance and keep-alive deadline at the
provider: `refresh_cards` fetches those cards at once and stores them (with a balance
snapshot), so no view shows the old balance next to "credited" until the next full pass.
Every path that can learn of a credit calls it: `sync_orders` here, and `RechargeService`'s
refresh, reconcile and submit.

The time recorded for the next incremental pass is the *start* of this pass minus a small
overlap, so an order changed while the pass ran is fetched again next time rather than
missed. Blocking: call it off the GUI thread.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from lebwallet.clock import utc_now
from lebwallet.domain.cards import Card
from lebwallet.domain.orders import OrderStatus
from lebwallet.provider import wire
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.convert import order_to_domain
from lebwallet.provider.errors import ProviderError
from lebwallet.services.card_rows import account_profile, prepare_card_page
from lebwallet.services.prefetch import prefetched, prefetched_batches
from lebwallet.services.stored_cards import CARDS_SYNC_KEY
from lebwallet.store.card_pages import PreparedPage
from lebwallet.store.engine import Store
from lebwallet.store.queries import cards_by_ids, last_synced_at
from lebwallet.store.writes import (
    forget_sync_cursor,
    mark_unlisted_cards_removed,
    merge_provider_order,
    set_last_synced_at,
    upsert_account,
    upsert_card_page,
    upsert_cards,
)

log = logging.getLogger(__name__)

ORDERS_KEY: Final = "orders"
CARDS_KEY: Final = CARDS_SYNC_KEY
OVERLAP: Final = timedelta(seconds=5)
"""How far back the next `updated_since` reaches before this pass started."""
SOURCE_SYNC: Final = "sync"
PREFETCH_PAGES: Final = 3
"""Pages of cards fetched and prepared ahead of those being stored, and the most pages
stored in one transaction (~60 ms of holding the write lock)."""
CARD_REFRESH_LIMIT: Final = 10
"""Above this many credited cards at once, `refresh_cards` syncs every card (two requests)
instead of asking for each."""


@dataclass(frozen=True, slots=True)
class SyncResult:
    cards: int
    """Cards the provider listed."""
    orders: int
    """Orders the provider reported changed since the last pass."""
    synced_at: datetime
    balance_changes: int = 0
    order_changes: int = 0
    rejected_cards: tuple[tuple[str, str], ...] = ()
    """(card id, why) for cards whose data broke the domain rules; they were not stored."""
    skipped_orders: int = 0
    """Orders for cards the store does not hold (e.g. unbound), left out."""


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while thousands of cards are parsed and stored: the
    objects they make survive until the page is stored, so the collector's passes find
    nothing to free and cost ~25 % of the listing's CPU. Process-wide, like the start-up's
    pause (app.py); turned back on only if it was on, so it never ends that pause early."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _prepared(pages: Iterator[list[wire.Card]]) -> Generator[PreparedPage, None, None]:
    """Each page made ready to store; closes `pages` when stopped early."""
    try:
        for page in pages:
            yield prepare_card_page(page)
    finally:
        close = getattr(pages, "close", None)
        if close is not None:
            close()


class SyncService:
    """Pulls account, cards and orders into the store. One instance per thread."""

    def __init__(
        self,
        client: ProviderClient,
        store: Store,
        *,
        now: Callable[[], datetime] = utc_now,
        page_size: int = 500,
    ) -> None:
        self._client = client
        self._store = store
        self._now = now
        self._page_size = page_size
        self.changed_orders: list[int] = []
        """Local ids of the orders the last `sync_orders` pass changed or added."""
        self._credited_cards: list[str] = []

    def sync_cards(self) -> tuple[int, int, tuple[tuple[str, str], ...]]:
        """Account and cards: returns (cards listed, balances changed, rejected cards).

        Pages of cards are stored while worker threads fetch, check and prepare the next
        ones; the pages that have come are stored in one transaction (one commit, one
        fsync), and no lock is held while the next page is on its way. Cards that the
        provider no longer lists are marked removed only once every page has come."""
        started = self._now()
        account = self._client.account()
        account_id = account.profile.id
        with self._store.session() as session:
            upsert_account(session, account_profile(account), synced_at=started)
        listed: set[str] = set()
        changes = inserted = 0
        rejected: tuple[tuple[str, str], ...] = ()
        # Three stages, each in its own thread: one fetches and parses the pages (asking
        # for the next as soon as it has the cursor), one prepares them (values, domain
        # checks), this one stores them. The GIL is free while the provider is waited for
        # and while SQLite writes and syncs, so the stages overlap.
        pages = prefetched(
            self._client.card_pages(page_size=self._page_size),
            depth=PREFETCH_PAGES,
            name="card pages",
        )
        batches = prefetched_batches(
            _prepared(pages), depth=PREFETCH_PAGES, most=PREFETCH_PAGES, name="card checks"
        )
        # Closed at once when storing fails: the workers use the client, which is not safe
        # to share, and the traceback would keep the generators (and threads) alive.
        with _collector_paused(), closing(batches):
            for batch in batches:
                with self._store.session() as session:
                    for page in batch:
                        result = upsert_card_page(
                            session, page, listed, synced_at=started, account_id=account_id
                        )
                        changes += result.balance_changes
                        inserted += result.inserted
                        rejected += result.rejected
        with self._store.session() as session:
            mark_unlisted_cards_removed(session, listed, at=started, account_id=account_id)
            set_last_synced_at(session, started, CARDS_KEY)
            if inserted:
                # An order pass that ran before these cards were stored skipped their orders
                # (unknown cards) and moved its cursor past them: the next pass starts over.
                forget_sync_cursor(session, ORDERS_KEY)
        for card_id, why in rejected:
            log.warning("card %s from the provider was not stored: %s", card_id, why)
        return len(listed), changes, rejected

    def refresh_cards(self, card_ids: Iterable[str]) -> list[Card]:
        """The provider's current state of these cards (balance, keep-alive deadline),
        stored; returns them as stored. Call it when an order of theirs was credited. More
        than `CARD_REFRESH_LIMIT` cards: one full card sync instead. A provider failure is
        logged, not raised: the credit is stored either way and the next sync catches up."""
        ids = list(dict.fromkeys(card_ids))
        if not ids:
            return []
        try:
            if len(ids) > CARD_REFRESH_LIMIT:
                self.sync_cards()
            else:
                cards = prepare_card_page([self._client.get_card(card_id) for card_id in ids])
                with self._store.session() as session:
                    upsert_cards(session, cards, synced_at=self._now(), complete=False)
        except ProviderError as error:
            log.warning("cards %s not refreshed after a credit: %s", ", ".join(ids), error)
            return []
        with self._store.session(readonly=True) as session:
            return cards_by_ids(session, ids)

    def sync_orders(self) -> tuple[int, int, int]:
        """Orders changed since the last pass: returns (seen, changed, skipped). The cards
        of orders credited since are refreshed (`refresh_cards`)."""
        started = self._now()
        self.changed_orders = []
        self._credited_cards = []
        with self._store.session(readonly=True) as session:
            since = last_synced_at(session, ORDERS_KEY)
        seen = changed = skipped = 0
        batch: list[wire.Order] = []
        for order in self._client.orders_updated_since(
            None if since is None else since - OVERLAP, limit=self._page_size
        ):
            batch.append(order)
            if len(batch) >= self._page_size:
                c, s = self._merge(batch)
                seen, changed, skipped = seen + len(batch), changed + c, skipped + s
                batch = []
        if batch:
            c, s = self._merge(batch)
            seen, changed, skipped = seen + len(batch), changed + c, skipped + s
        with self._store.session() as session:
            set_last_synced_at(session, started, ORDERS_KEY)
        self.refresh_cards(self._credited_cards)
        return seen, changed, skipped

    def _merge(self, orders: list[wire.Order]) -> tuple[int, int]:
        changed = skipped = 0
        at = self._now()
        with self._store.session() as session:
            for order in orders:
                result = merge_provider_order(
                    session, order_to_domain(order), source=SOURCE_SYNC, now=at
                )
                changed += int(result.changed)
                skipped += int(result.skipped is not None)
                if result.changed and result.local_id is not None:
                    self.changed_orders.append(result.local_id)
                if (
                    result.status is OrderStatus.CREDITED
                    and result.previous_status is not OrderStatus.CREDITED
                ):
                    self._credited_cards.append(order.card_id)
                if result.flagged:
                    log.warning("order %s flagged: %s", result.local_id, result.flagged)
        return changed, skipped

    def sync_all(self) -> SyncResult:
        """A full pass: account and cards, then orders changed since the last pass."""
        cards, balance_changes, rejected = self.sync_cards()
        seen, changed, skipped = self.sync_orders()
        return SyncResult(
            cards=cards,
            orders=seen,
            synced_at=self._now(),
            balance_changes=balance_changes,
            order_changes=changed,
            rejected_cards=rejected,
            skipped_orders=skipped,
        )
