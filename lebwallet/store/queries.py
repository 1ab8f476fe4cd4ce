"""Read side of the store: functions that take a `Session` and return domain values.

Order history is paged by keyset, newest first: the cursor is the last row's
`(created_at, local_id)`, so a page costs the same at the start and deep in a million
orders, and rows inserted meanwhile never shift a page. Indexes: `(created_at, id)`,
`(card_id, created_at, id)`, `(status, created_at, id)` and a partial index on non-final
orders (see models.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import ColumnElement, Row, Select, and_, false, func, or_, select, text
from sqlalchemy.orm import Session

from lebwallet.domain.cards import Card, CardSource, CardStatus, KeepAlivePlan
from lebwallet.domain.identifiers import ActivationCode, Iccid, Msisdn
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.store import history_search
from lebwallet.store.models import (
    NON_FINAL_PREDICATE,
    AccountRow,
    BalanceSnapshotRow,
    CardRow,
    OrderEventRow,
    OrderRow,
    SyncStateRow,
    money,
)
from lebwallet.store.owners import current_owner, owned_card_ids

MAX_PAGE: int = 500


# --- cards -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardListing:
    """A card plus what the store knows about it beyond the domain card."""

    card: Card
    synced_at: datetime
    provider_updated_at: datetime
    last_topup_at: datetime | None
    removed_at: datetime | None


def card_from_row(row: CardRow) -> Card:
    """The domain card of a stored row (raises `CardError`/`InvalidIdentifier` if invalid)."""
    plan = KeepAlivePlan(
        minimum_topup=money(row.keep_alive_minimum_minor, row.currency),
        period_days=row.keep_alive_period_days,
        min_balance=(
            None if row.min_balance_minor is None else money(row.min_balance_minor, row.currency)
        ),
    )
    return Card(
        id=row.id,
        label=row.label,
        iccid=Iccid(row.iccid) if row.iccid else None,
        msisdn=Msisdn(row.msisdn) if row.msisdn else None,
        carrier=row.carrier,
        region=row.region,
        currency=row.currency,
        balance=money(row.balance_minor, row.currency),
        is_esim=row.is_esim,
        activation_code=ActivationCode.parse(row.activation_code) if row.activation_code else None,
        plan=plan,
        last_qualifying_topup=row.last_qualifying_topup_at,
        deadline=row.deadline,
        status=CardStatus(row.status),
        sandbox=row.sandbox,
        source=CardSource(row.source or CardSource.PROVIDER),
    )


def _listing(row: CardRow) -> CardListing:
    return CardListing(
        card=card_from_row(row),
        synced_at=row.synced_at,
        provider_updated_at=row.provider_updated_at,
        last_topup_at=row.last_topup_at,
        removed_at=row.removed_at,
    )


def _cards_query(
    include_removed: bool, account_id: str | None, owner: str | None = None
) -> Select[CardRow]:
    query = select(CardRow)
    if owner is not None:  # the user's own cards belong to no provider account
        query = query.where(or_(CardRow.owner == owner, CardRow.source == CardSource.LOCAL.value))
    if not include_removed:
        query = query.where(CardRow.removed_at.is_(None))
    if account_id is not None:
        query = query.where(CardRow.account_id == account_id)
    return query.order_by(CardRow.label.is_(None), func.lower(CardRow.label), CardRow.id)


def card_listings(
    session: Session, *, include_removed: bool = False, account_id: str | None = None
) -> list[CardListing]:
    """Every bound card of the current owner (by label, then id) with its sync information."""
    rows = session.scalars(_cards_query(include_removed, account_id, current_owner(session)))
    return [_listing(row) for row in rows]


def list_cards(
    session: Session, *, include_removed: bool = False, account_id: str | None = None
) -> list[Card]:
    """Every bound card of the current owner (`store.owners`) as a domain `Card`, ordered
    by label then id."""
    rows = session.scalars(_cards_query(include_removed, account_id, current_owner(session)))
    return [card_from_row(row) for row in rows]


def card(session: Session, card_id: str) -> Card | None:
    row = session.get(CardRow, card_id)
    return None if row is None else card_from_row(row)


def cards_by_ids(session: Session, card_ids: Sequence[str]) -> list[Card]:
    """These cards (unbound ones included), in one query; unknown ids are left out."""
    if not card_ids:
        return []
    rows = session.scalars(select(CardRow).where(CardRow.id.in_(list(card_ids))))
    return [card_from_row(row) for row in rows]


def card_listing(session: Session, card_id: str) -> CardListing | None:
    row = session.get(CardRow, card_id)
    return None if row is None else _listing(row)


def balance_series(
    session: Session, card_id: str, *, since: datetime | None = None
) -> list[tuple[datetime, Money]]:
    """The card's balance over time (one point per change), oldest first."""
    query = select(BalanceSnapshotRow).where(BalanceSnapshotRow.card_id == card_id)
    if since is not None:
        query = query.where(BalanceSnapshotRow.at >= since)
    query = query.order_by(BalanceSnapshotRow.at, BalanceSnapshotRow.id)
    return [(row.at, money(row.balance_minor, row.currency)) for row in session.scalars(query)]


# --- account and sync --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccountRecord:
    id: str
    name: str
    email: str | None
    phone: str | None
    default_payment_method: str | None
    profile_complete: bool
    missing_fields: tuple[str, ...]
    created_at: datetime
    synced_at: datetime
    login: str | None = None
    """What the user signs in with (pre-fills the sign-in form)."""


def account(session: Session) -> AccountRecord | None:
    """The account last synced (the newest if several were), or None."""
    row = session.scalars(select(AccountRow).order_by(AccountRow.synced_at.desc())).first()
    if row is None:
        return None
    return AccountRecord(
        id=row.id,
        name=row.name,
        email=row.email,
        phone=row.phone,
        default_payment_method=row.default_payment_method,
        profile_complete=row.profile_complete,
        missing_fields=tuple(f for f in row.missing_fields.split(",") if f),
        created_at=row.created_at,
        synced_at=row.synced_at,
        login=row.login,
    )


def last_synced_at(session: Session, key: str = "orders") -> datetime | None:
    row = session.get(SyncStateRow, key)
    return None if row is None else row.synced_at


# --- orders ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """One order as the journal holds it.

    `provider_id` is None until the provider has confirmed the order. `amount`, `bonus`,
    `discount`, `credited` are in the card's currency; `fee` and `total` in the pay currency.
    `created_at` is when the wallet journalled it (or the provider's time for an order first
    seen through sync). `flagged` says how the provider contradicted the journal, if it did.
    """

    local_id: int
    idempotency_key: str
    provider_id: str | None
    card_id: str
    status: OrderStatus
    amount: Money
    bonus: Money
    discount: Money
    credited: Money
    fee: Money
    total: Money
    fx_rate: Decimal | None
    payment_method: str
    payment_flow: str | None
    promotion_id: str | None
    promo_code: str | None
    checkout_url: str | None
    qr_payload: str | None
    next_action_url: str | None
    failure_code: str | None
    failure_reason: str | None
    created_at: datetime
    updated_at: datetime
    provider_updated_at: datetime | None
    expires_at: datetime | None
    paid_at: datetime | None
    credited_at: datetime | None
    flagged: str | None
    fx_quote_id: str | None = None
    """The FX quote the journalled request named (re-sent unchanged with the key)."""

    @property
    def pay_currency(self) -> str:
        return self.total.currency

    @property
    def confirmed(self) -> bool:
        """True once the provider has acknowledged the order (it has a provider id)."""
        return self.provider_id is not None

    @property
    def cursor(self) -> HistoryCursor:
        return HistoryCursor(self.created_at, self.local_id)


_ORDER_COLUMNS: Final = tuple(OrderRow.__table__.columns)


def _order_query() -> Select[Any]:
    """Orders as plain rows (no ORM identity map): several times faster for long lists."""
    return select(*_ORDER_COLUMNS)


def _records(session: Session, query: Select[Any]) -> list[OrderRecord]:
    return [order_record(row) for row in session.execute(query)]


def order_record(row: OrderRow | Row[Any]) -> OrderRecord:
    """The record of an ORM order or of a row selected with all order columns."""
    return OrderRecord(
        local_id=row.id,
        idempotency_key=row.idempotency_key,
        provider_id=row.provider_id,
        card_id=row.card_id,
        status=row.status,
        amount=money(row.amount_minor, row.currency),
        bonus=money(row.bonus_minor, row.currency),
        discount=money(row.discount_minor, row.currency),
        credited=money(row.credited_minor, row.currency),
        fee=money(row.fee_minor, row.pay_currency),
        total=money(row.total_minor, row.pay_currency),
        fx_rate=None if row.fx_rate is None else Decimal(row.fx_rate),
        payment_method=row.payment_method,
        payment_flow=row.payment_flow,
        promotion_id=row.promotion_id,
        promo_code=row.promo_code,
        checkout_url=row.checkout_url,
        qr_payload=row.qr_payload,
        next_action_url=row.next_action_url,
        failure_code=row.failure_code,
        failure_reason=row.failure_reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
        provider_updated_at=row.provider_updated_at,
        expires_at=row.expires_at,
        paid_at=row.paid_at,
        credited_at=row.credited_at,
        flagged=row.flagged_reason,
        fx_quote_id=row.fx_quote_id,
    )


@dataclass(frozen=True, slots=True, order=True)
class HistoryCursor:
    """Where a history page ended: the last row's `(created_at, local_id)`."""

    created_at: datetime
    local_id: int


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
    records = _records(session, _newest_first(_order_query().where(*conditions)).limit(limit + 1))
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
    records = _records(session, _newest_first(_order_query().where(*scanned)).limit(limit + 1))
    if len(records) <= limit and last is not None:
        if not history_search.uses_trigrams(text):
            return HistoryPage(records, last)  # a short text: the next window on the next page
        candidates = history_search.candidate_ids(search)
        # Read the ids first: joined to them, PostgreSQL's planner prefers a sequential scan
        # of the orders to a few hundred primary-key lookups.
        ids = session.scalars(candidates.limit(history_search.MAX_CANDIDATE_IDS + 1)).all()
        chosen = candidates if len(ids) > history_search.MAX_CANDIDATE_IDS else ids
        older = _order_query().where(OrderRow.id.in_(chosen), *conditions, _before(last), matches)
        records += _records(session, _newest_first(older).limit(limit + 1 - len(records)))
    more = len(records) > limit
    records = records[:limit]
    return HistoryPage(records, records[-1].cursor if more else None)


def non_final_orders(session: Session, *, limit: int | None = None) -> list[OrderRecord]:
    """Orders not yet credited/failed/cancelled/expired, oldest first (what the refresher
    polls and what reconciliation at start-up walks, journalled-but-unsent ones included)."""
    query = (
        _order_query()
        # The literal predicate of the partial index `ix_orders_non_final`, so the planner
        # can use it (a bound IN list cannot be matched to a partial index).
        .where(text(NON_FINAL_PREDICATE))
        .order_by(OrderRow.created_at, OrderRow.id)
    )
    owner = current_owner(session)
    if owner is not None:  # another account's open orders wait until it signs in again
        query = query.where(OrderRow.card_id.in_(owned_card_ids(owner)))
    if limit is not None:
        query = query.limit(limit)
    return _records(session, query)


def recent_orders(
    session: Session,
    card_id: str,
    since: datetime,
    *,
    statuses: frozenset[OrderStatus] | None = None,
) -> list[OrderRecord]:
    """The card's orders created at or after `since`, newest first (duplicate warning)."""
    query = _order_query().where(OrderRow.card_id == card_id, OrderRow.created_at >= since)
    if statuses is not None:
        query = query.where(OrderRow.status.in_(sorted(statuses)))
    query = query.order_by(OrderRow.created_at.desc(), OrderRow.id.desc())
    return _records(session, query)


def order_by_id(session: Session, local_id: int) -> OrderRecord | None:
    row = session.get(OrderRow, local_id)
    return None if row is None else order_record(row)


def order_by_key(session: Session, idempotency_key: str) -> OrderRecord | None:
    row = session.scalars(
        select(OrderRow).where(OrderRow.idempotency_key == idempotency_key)
    ).one_or_none()
    return None if row is None else order_record(row)


def order_by_provider_id(session: Session, provider_id: str) -> OrderRecord | None:
    row = session.scalars(select(OrderRow).where(OrderRow.provider_id == provider_id)).one_or_none()
    return None if row is None else order_record(row)


def flagged_orders(session: Session) -> list[OrderRecord]:
    query = (
        _order_query()
        .where(OrderRow.flagged_reason.is_not(None))
        .order_by(OrderRow.created_at.desc(), OrderRow.id.desc())
    )
    return _records(session, query)


@dataclass(frozen=True, slots=True)
class OrderEvent:
    at: datetime
    from_status: OrderStatus | None
    to_status: OrderStatus
    source: str
    detail: str | None


def order_events(session: Session, local_id: int) -> list[OrderEvent]:
    """Every recorded change of the order, oldest first."""
    rows = session.scalars(
        select(OrderEventRow).where(OrderEventRow.order_id == local_id).order_by(OrderEventRow.id)
    )
    return [OrderEvent(r.at, r.from_status, r.to_status, r.source, r.detail) for r in rows]


def orders_by_ids(session: Session, local_ids: Sequence[int]) -> list[OrderRecord]:
    if not local_ids:
        return []
    query = _order_query().where(OrderRow.id.in_(list(local_ids))).order_by(OrderRow.id)
    return _records(session, query)


def payable_order(session: Session, card_id: str) -> OrderRecord | None:
    """The card's newest order the provider holds that can still be paid (awaiting payment
    or the authentication step, not flagged), if any."""
    query = (
        _order_query()
        .where(
            OrderRow.card_id == card_id,
            OrderRow.status.in_([OrderStatus.AWAITING_PAYMENT, OrderStatus.REQUIRES_ACTION]),
            OrderRow.provider_id.is_not(None),
            OrderRow.flagged_reason.is_(None),
        )
        .order_by(OrderRow.created_at.desc(), OrderRow.id.desc())
        .limit(1)
    )
    records = _records(session, query)
    return records[0] if records else None
