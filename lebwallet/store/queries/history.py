"""Order history, paged by keyset, newest first: the cursor is the last row's
`(created_at, local_id)`, so a page costs the same at the start and deep in a million
orders, and rows inserted meanwhile never shift a page. Indexes: `(created_at, id)`,
`(card_id, created_at, id)`, `(status, created_at, id)` (see `lebwallet.store.models`).
A text search scans a bounded window, then the indexes of `lebwallet.store.history_search`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select
from sqlalchemy.orm import Session

from lebwallet.domain.orders import OrderStatus
from lebwallet.store import history_search
from lebwallet.store.models import OrderRow
from lebwallet.store.owners import current_owner, owned_card_ids
from lebwallet.store.queries.orders import (
    HistoryCursor,
    OrderRecord,
    order_columns_query,
    order_records,
)

MAX_PAGE: int = 500


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """Which orders the history shows. `start` is inclusive, `end` exclusive (UTC instants).

    `text` matches (case-insensitively, as a substring) the card's label, ICCID or phone
    number, the provider's order id, the idempotency key or the failure reason, or equals
    the local order id; it also matches the orders paid by one of `payment_methods`: the
    codes of the methods whose name, as the user reads it, contains the text (the caller
    maps it; the store knows no translations). See `history_search`.
    """

    card_id: str | None = None
    statuses: frozenset[OrderStatus] | None = None
    start: datetime | None = None
    end: datetime | None = None
    text: str | None = None
    payment_methods: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class HistoryPage:
    rows: list[OrderRecord]
    next_cursor: HistoryCursor | None
    """Pass as `after` for the next page; None when this is the last page. A search for a
    text of one or two characters may return fewer rows than asked (even none) with a
    cursor: each such page scans a bounded window of the history."""


def _filter_conditions(flt: HistoryFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if flt.card_id is not None:
        conditions.append(OrderRow.card_id == flt.card_id)
    if flt.statuses is not None:
        if not flt.statuses:
            conditions.append(false())
        else:
            conditions.append(OrderRow.status.in_(sorted(flt.statuses)))
    if flt.start is not None:
        conditions.append(OrderRow.created_at >= flt.start)
    if flt.end is not None:
        conditions.append(OrderRow.created_at < flt.end)
    return conditions


def _before(cursor: HistoryCursor) -> ColumnElement[bool]:
    # Written so both SQLite and PostgreSQL use the index range on created_at.
    return and_(
        OrderRow.created_at <= cursor.created_at,
        or_(OrderRow.created_at < cursor.created_at, OrderRow.id < cursor.local_id),
    )


def _newest_first(query: Select[Any]) -> Select[Any]:
    return query.order_by(OrderRow.created_at.desc(), OrderRow.id.desc())


def _at_or_after(cursor: HistoryCursor) -> ColumnElement[bool]:
    # The complement of `_before`, written so that it, too, is an index range.
    return and_(
        OrderRow.created_at >= cursor.created_at,
        or_(OrderRow.created_at > cursor.created_at, OrderRow.id >= cursor.local_id),
    )


def history_page(
    session: Session,
    flt: HistoryFilter,
    *,
    after: HistoryCursor | None = None,
    limit: int = 100,
) -> HistoryPage:
    """One page of order history, newest first, after `after` (None: the first page)."""
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"a history page has 1 to {MAX_PAGE} rows, not {limit}")
    conditions = _filter_conditions(flt)
    owner = current_owner(session)
    if owner is not None:  # never another provider account's orders
        conditions.append(OrderRow.card_id.in_(owned_card_ids(owner)))
    if after is not None:
        conditions.append(_before(after))
    text = (flt.text or "").strip()
    if text:
        return _text_page(session, conditions, text, flt.payment_methods, limit)
    records = order_records(
        session, _newest_first(order_columns_query().where(*conditions)).limit(limit + 1)
    )
    more = len(records) > limit
    records = records[:limit]
    return HistoryPage(records, records[-1].cursor if more else None)


def _text_page(
    session: Session,
    conditions: list[ColumnElement[bool]],
    text: str,
    methods: frozenset[str],
    limit: int,
) -> HistoryPage:
    """A page of a text search: a bounded scan, then the indexes (see `history_search`)."""
    search = history_search.prepare_search(session, text, sorted(methods))
    matches = history_search.text_condition(search)
    window_end = session.execute(
        select(OrderRow.created_at, OrderRow.id)
        .where(*conditions)
        .order_by(OrderRow.created_at.desc(), OrderRow.id.desc())
        .offset(history_search.SCAN_WINDOW - 1)
        .limit(1)
    ).first()
    last = None if window_end is None else HistoryCursor(window_end.created_at, window_end.id)
    scanned = [*conditions, matches] + ([] if last is None else [_at_or_after(last)])
    records = order_records(
        session, _newest_first(order_columns_query().where(*scanned)).limit(limit + 1)
    )
    if len(records) <= limit and last is not None:
        if not history_search.uses_trigrams(text):
            return HistoryPage(records, last)  # a short text: the next window on the next page
        candidates = history_search.candidate_ids(search)
        # Read the ids first: joined to them, PostgreSQL's planner prefers a sequential scan
        # of the orders to a few hundred primary-key lookups.
        ids = session.scalars(candidates.limit(history_search.MAX_CANDIDATE_IDS + 1)).all()
        chosen = candidates if len(ids) > history_search.MAX_CANDIDATE_IDS else ids
        older = order_columns_query().where(
            OrderRow.id.in_(chosen), *conditions, _before(last), matches
        )
        records += order_records(session, _newest_first(older).limit(limit + 1 - len(records)))
    more = len(records) > limit
    records = records[:limit]
    return HistoryPage(records, records[-1].cursor if more else None)
