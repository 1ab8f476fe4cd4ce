"""The wallet's order history as the window shows it: pages of `HistoryEntry`s read from the
store, each with its card's display name (`CardNames`, read only for cards not known yet)
and whether autopilot made it (`AUTOPILOT_KEY_PREFIX`).

Like `lebwallet.services.wallet`, this module imports no SQLAlchemy at import time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from lebwallet.services.wallet_api import HistoryChunk, HistoryEntry, HistoryQuery

if TYPE_CHECKING:
    from lebwallet.store.engine import Store
    from lebwallet.store.queries import OrderRecord

__all__ = [
    "AUTOPILOT_KEY_PREFIX",
    "CardNames",
    "history_entries",
    "history_entry",
    "history_page",
]

AUTOPILOT_KEY_PREFIX = "autopilot-"
"""The idempotency keys of autopilot's top-ups begin so (`services.autopilot.order_key`)."""


class CardNames:
    """Display names of cards (and of all asked for before), read only for the cards not
    known yet, so a page of history reads at most its own cards, never every card (a
    reseller's 10,000 cards as domain objects take ~1 s of a pool thread, and the GIL).
    `forget()` when cards may have been renamed, or the store or the account changed."""

    def __init__(self) -> None:
        self._names: dict[str, str] | None = None

    def forget(self) -> None:
        self._names = None

    def of(self, store: Store, card_ids: Iterable[str]) -> dict[str, str]:
        from lebwallet.store.queries import cards_by_ids

        names = self._names
        if names is None:
            names = self._names = {}
        missing = sorted({card_id for card_id in card_ids if card_id not in names})
        if missing:
            # One query for the page's unknown cards (removed ones included).
            with store.session(readonly=True) as session:
                for card in cards_by_ids(session, missing):
                    names[card.id] = card.display_name
        return names


def history_page(
    store: Store, names: CardNames, query: HistoryQuery, cursor: object | None, limit: int
) -> HistoryChunk:
    """The entries matching `query` after `cursor` (a page's `next_cursor`, or None)."""
    from lebwallet.store.queries import HistoryCursor, HistoryFilter
    from lebwallet.store.queries import history_page as stored_history_page

    flt = HistoryFilter(
        card_id=query.card_id,
        statuses=query.statuses,
        start=query.start,
        end=query.end,
        text=query.text,
        payment_methods=query.payment_methods,
    )
    after = cursor if isinstance(cursor, HistoryCursor) else None
    with store.session(readonly=True) as session:
        page = stored_history_page(session, flt, after=after, limit=limit)
    known = names.of(store, (row.card_id for row in page.rows))
    return HistoryChunk(tuple(history_entry(row, known) for row in page.rows), page.next_cursor)


def history_entries(
    store: Store, names: CardNames, local_ids: Sequence[int]
) -> tuple[HistoryEntry, ...]:
    """The entries of these orders (by the store's local id)."""
    from lebwallet.store.queries import orders_by_ids

    with store.session(readonly=True) as session:
        rows = orders_by_ids(session, local_ids)
    known = names.of(store, (row.card_id for row in rows))
    return tuple(history_entry(row, known) for row in rows)


def history_entry(row: OrderRecord, names: dict[str, str]) -> HistoryEntry:
    """The window's entry of a stored order; `names` maps card ids to display names."""
    return HistoryEntry(
        local_id=row.local_id,
        provider_id=row.provider_id,
        card_id=row.card_id,
        card_name=names.get(row.card_id, row.card_id),
        status=row.status,
        amount=row.amount,
        bonus=row.bonus,
        discount=row.discount,
        fee=row.fee,
        total=row.total,
        payment_method=row.payment_method,
        failure_reason=row.failure_reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
        credited_at=row.credited_at,
        fx_rate=row.fx_rate,
        automatic=row.idempotency_key.startswith(AUTOPILOT_KEY_PREFIX),
        paid_at=row.paid_at,
        failure_code=row.failure_code,
    )
