"""Write side of the store: sync upserts and the exactly-once recharge journal.

Every function takes a `Session` inside a write transaction (`Store.session()`); the caller's
block commits. Rows that are read to be changed are locked (`FOR UPDATE` on PostgreSQL; on
SQLite a write session holds the database's write lock from its first statement).

Orders
- `journal_order` writes the order with its idempotency key *before* the first request.
- `apply_order_update` / `merge_provider_order` bring the provider's view in: a final status
  is never left and a status never moves backwards (`domain.orders.can_transition`); every
  status change is an `order_events` row with its time and source. When the provider's
  order contradicts the journal (card, amount, currency, idempotency key, provider id), the
  journal's values stay, `flagged_reason` says what differs and an event records it; the
  status is still taken from the provider (it says where the money is).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lebwallet.clock import utc_now
from lebwallet.domain.cards import CardError, CardSource
from lebwallet.domain.identifiers import InvalidIdentifier
from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.orders import OrderStatus, can_transition
from lebwallet.domain.recharge import Quote
from lebwallet.provider import wire
from lebwallet.provider.convert import card_to_domain
from lebwallet.store.models import (
    AccountRow,
    BalanceSnapshotRow,
    Base,
    CardRow,
    OrderEventRow,
    OrderRow,
    SyncStateRow,
    to_minor,
)
from lebwallet.store.owners import claim_cards, current_owner
from lebwallet.store.queries import OrderRecord, last_synced_at, order_record

_CHUNK: Final = 500
SOURCE_JOURNAL: Final = "journal"


class JournalError(ValueError):
    """An order cannot be journalled (unknown card, key already used, wrong currency)."""


class OrderNotFound(LookupError):
    """No journalled order has this local id or idempotency key."""


def _note_top_up(session: Session, order: OrderRow, at: datetime) -> None:
    """A credited order is its card's latest top-up, unless a later one is known."""
    card = session.get(CardRow, order.card_id)
    credited_at = order.credited_at or at
    if card is not None and (card.last_topup_at is None or card.last_topup_at < credited_at):
        card.last_topup_at = credited_at


def _journalled(session: Session, order: wire.Order) -> OrderRow | None:
    """The journalled order for a provider's order: by its id, else by its key (locked)."""
    row = session.scalars(
        select(OrderRow).where(OrderRow.provider_id == order.id).with_for_update()
    ).one_or_none()
    return row if row is not None else _locate(session, order.idempotency_key)


def _now(now: datetime | None) -> datetime:
    if now is None:
        return utc_now()
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("`now` must be timezone-aware")
    return now.astimezone(UTC)


def _set(row: Any, name: str, value: object) -> bool:
    if getattr(row, name) == value:
        return False
    setattr(row, name, value)
    return True


# --- account -----------------------------------------------------------------------------------


def upsert_account(
    session: Session, account: wire.Account, *, synced_at: datetime, login: str | None = None
) -> None:
    """Store the account's profile (no limits, no secrets) and, when given, the login the
    user signs in with."""
    profile = account.profile
    row = session.get(AccountRow, profile.id, with_for_update=True)
    if row is None:
        row = AccountRow(id=profile.id)
        session.add(row)
    row.name = profile.name
    row.email = profile.email
    row.phone = profile.phone
    row.default_payment_method = (
        None if profile.default_payment_method is None else profile.default_payment_method.value
    )
    row.profile_complete = profile.profile_complete
    row.missing_fields = ",".join(profile.missing_fields)
    row.created_at = profile.created_at
    row.synced_at = synced_at
    if login is not None:
        row.login = login
    session.flush()


# --- cards -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardsUpsert:
    """What `upsert_cards` did."""

    inserted: int = 0
    updated: int = 0
    removed: int = 0
    balance_changes: int = 0
    rejected: tuple[tuple[str, str], ...] = ()
    """(card id, reason) of cards the domain refuses (identifiers, label, …); they were skipped."""


_CARD_FIELDS: Final = (
    "label",
    "iccid",
    "msisdn",
    "carrier",
    "region",
    "currency",
    "balance_minor",
    "is_esim",
    "activation_code",
    "keep_alive_minimum_minor",
    "keep_alive_period_days",
    "min_balance_minor",
    "last_qualifying_topup_at",
    "deadline",
    "status",
    "sandbox",
    "provider_updated_at",
)


def _card_values(card: wire.Card) -> dict[str, Any]:
    """The stored columns of a provider card (in `_CARD_FIELDS` order)."""
    plan = card.keep_alive
    return {
        "label": card.label,
        "iccid": card.iccid,
        "msisdn": card.msisdn,
        "carrier": card.carrier,
        "region": card.region,
        "currency": card.currency,
        "balance_minor": to_minor(card.balance.to_domain()),
        "is_esim": card.is_esim,
        "activation_code": card.activation_code,
        "keep_alive_minimum_minor": to_minor(plan.minimum_topup.to_domain()),
        "keep_alive_period_days": plan.period_days,
        "min_balance_minor": (
            None if plan.min_balance is None else to_minor(plan.min_balance.to_domain())
        ),
        "last_qualifying_topup_at": card.last_qualifying_topup_at,
        "deadline": card.deadline,
        "status": card.status.value,
        "sandbox": card.sandbox,
        "provider_updated_at": card.updated_at,
    }


def record_balance(
    session: Session, card_id: str, balance: Money, *, at: datetime | None = None
) -> bool:
    """Add a balance snapshot unless the newest one already has this balance."""
    last = session.scalars(
        select(BalanceSnapshotRow)
        .where(BalanceSnapshotRow.card_id == card_id)
        .order_by(BalanceSnapshotRow.at.desc(), BalanceSnapshotRow.id.desc())
        .limit(1)
    ).first()
    minor = to_minor(balance)
    if last is not None and last.balance_minor == minor and last.currency == balance.currency:
        return False
    session.add(
        BalanceSnapshotRow(
            card_id=card_id, at=_now(at), balance_minor=minor, currency=balance.currency
        )
    )
    return True


def upsert_cards(
    session: Session,
    cards: Sequence[wire.Card],
    *,
    synced_at: datetime,
    account_id: str | None = None,
    complete: bool = True,
) -> CardsUpsert:
    """Insert or update cards from the provider; snapshot balances that changed.

    With `complete=True` the list is the whole set of bound cards: stored cards missing from
    it (of `account_id`, when given) get `removed_at`; a card that comes back is restored.
    Their orders and balance history stay. A card the user added (`source` local) is never
    updated or removed here.

    Built for thousands of cards: stored rows are read as plain tuples, only new or changed
    cards are validated and written (bulk INSERT / bulk UPDATE by primary key), and the
    unchanged ones get their `synced_at` in one statement per chunk.
    """
    seen: set[str] = set()
    result = upsert_card_page(session, cards, seen, synced_at=synced_at, account_id=account_id)
    removed = 0
    if complete:
        removed = mark_unlisted_cards_removed(session, seen, at=synced_at, account_id=account_id)
    session.expire_all()
    return CardsUpsert(
        result.inserted, result.updated, removed, result.balance_changes, result.rejected
    )


def mark_unlisted_cards_removed(
    session: Session, listed: set[str], *, at: datetime, account_id: str | None = None
) -> int:
    """Mark removed the stored cards (of `account_id`, when given) that the provider's whole
    list did not hold; returns how many."""
    query = select(CardRow.id).where(
        CardRow.removed_at.is_(None), CardRow.source == CardSource.PROVIDER.value
    )  # the user's own cards are never the provider's to remove
    if account_id is not None:
        query = query.where(CardRow.account_id == account_id)
    owner = current_owner(session)
    if owner is not None:  # another provider account's cards are not in this list
        query = query.where(CardRow.owner == owner)
    gone = [card_id for card_id in session.scalars(query) if card_id not in listed]
    for start in range(0, len(gone), _CHUNK):
        session.execute(
            update(CardRow)
            .where(CardRow.id.in_(gone[start : start + _CHUNK]))
            .values(removed_at=at)
            .execution_options(synchronize_session=False)
        )
    return len(gone)


def upsert_card_page(
    session: Session,
    cards: Sequence[wire.Card],
    seen: set[str],
    *,
    synced_at: datetime,
    account_id: str | None = None,
) -> CardsUpsert:
    """One page of the provider's cards, as `upsert_cards` without the removal (`removed` is
    0). `seen` holds the ids of the pages stored before and gets this page's: a card listed
    twice is rejected; pass it to `mark_unlisted_cards_removed` after the last page."""
    owner = current_owner(session)
    claim_cards(session, owner, list(dict.fromkeys(c.id for c in cards)), synced_at)
    columns = [CardRow.__table__.c[name] for name in ("id", "account_id", "removed_at", "source")]
    columns += [CardRow.__table__.c[name] for name in _CARD_FIELDS]
    ids = [c.id for c in cards]
    existing: dict[str, Any] = {}
    for start in range(0, len(ids), _CHUNK):
        query = select(*columns).where(CardRow.id.in_(ids[start : start + _CHUNK]))
        for row in session.execute(query.with_for_update()):  # SQLite's dialect omits it
            existing[row.id] = row
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    unchanged: list[str] = []
    snapshots: list[dict[str, Any]] = []
    rejected: list[tuple[str, str]] = []
    for card in cards:
        if card.id in seen:
            rejected.append((card.id, "listed twice"))
            continue
        seen.add(card.id)
        try:
            values = _card_values(card)
        except MoneyError as exc:
            rejected.append((card.id, str(exc)))
            continue
        old = existing.get(card.id)
        if old is not None and old.source != CardSource.PROVIDER:
            rejected.append((card.id, "a card the user added has this id"))
            continue
        same = (
            old is not None
            and old.removed_at is None
            and (account_id is None or old.account_id == account_id)
            and all(getattr(old, name) == values[name] for name in _CARD_FIELDS)
        )
        if same:
            unchanged.append(card.id)
            continue
        try:
            card_to_domain(card)  # what the domain refuses would break every later read
        except (InvalidIdentifier, CardError) as exc:
            rejected.append((card.id, str(exc)))
            continue
        values.update(id=card.id, synced_at=synced_at, removed_at=None)
        if owner is not None:
            values["owner"] = owner
        if account_id is not None:
            values["account_id"] = account_id
        if old is None:
            values.setdefault("account_id", None)
            values.update(last_topup_at=None)
            inserts.append(values)
        else:
            updates.append(values)
        if old is None or (old.balance_minor, old.currency) != (
            values["balance_minor"],
            values["currency"],
        ):
            snapshots.append(
                {
                    "card_id": card.id,
                    "at": synced_at,
                    "balance_minor": values["balance_minor"],
                    "currency": values["currency"],
                }
            )
    if inserts:
        # Core executemany on the table: the ORM's bulk path costs ~30 µs more per row.
        session.execute(insert(Base.metadata.tables["cards"]), inserts)
    if updates:
        session.execute(update(CardRow), updates)
    for start in range(0, len(unchanged), _CHUNK):
        session.execute(
            update(CardRow)
            .where(CardRow.id.in_(unchanged[start : start + _CHUNK]))
            .values(synced_at=synced_at)
            .execution_options(synchronize_session=False)
        )
    if snapshots:
        session.execute(insert(Base.metadata.tables["balance_snapshots"]), snapshots)
    return CardsUpsert(len(inserts), len(updates), 0, len(snapshots), tuple(rejected))


def mark_card_removed(session: Session, card_id: str, *, at: datetime | None = None) -> bool:
    """Mark a card unbound (its history stays). False when it is unknown or already removed."""
    row = session.get(CardRow, card_id, with_for_update=True)
    if row is None or row.removed_at is not None:
        return False
    row.removed_at = _now(at)
    return True


# --- orders ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What applying the provider's view of an order did.

    `changed`: something stored changed. `flagged`: the contradiction found now (None if
    none). `ignored_status`: the provider's status was not taken because it would downgrade
    (a final status or a step backwards). `created`: the order was new to the journal
    (`merge_provider_order` only). `skipped`: why nothing was stored at all (e.g. the card
    is not in the store).
    """

    local_id: int | None
    status: OrderStatus | None
    previous_status: OrderStatus | None
    changed: bool = False
    flagged: str | None = None
    ignored_status: OrderStatus | None = None
    created: bool = False
    skipped: str | None = None
    record: OrderRecord | None = field(default=None, compare=False)

    @property
    def status_changed(self) -> bool:
        return self.status is not None and self.status != self.previous_status


def _event(
    session: Session,
    row: OrderRow,
    at: datetime,
    from_status: OrderStatus | None,
    to_status: OrderStatus,
    source: str,
    detail: str | None = None,
) -> None:
    session.add(
        OrderEventRow(
            order_id=row.id,
            at=at,
            from_status=from_status,
            to_status=to_status,
            source=source[:32],
            detail=detail,
        )
    )


def journal_order(
    session: Session,
    *,
    idempotency_key: str,
    card_id: str,
    quote: Quote,
    payment_flow: str | None = None,
    source: str = SOURCE_JOURNAL,
    now: datetime | None = None,
) -> OrderRecord:
    """Write a new order to the journal (status awaiting_payment, no provider id yet).

    Call it, and commit, before the first request to the provider. Raises `JournalError` if
    the key is already used, the card is unknown or the quote is not in the card's currency.
    """
    at = _now(now)
    card = session.get(CardRow, card_id)
    if card is None:
        raise JournalError(f"card {card_id} is not in the store")
    if quote.amount.currency != card.currency:
        raise JournalError(
            f"the quote is in {quote.amount.currency} but card {card_id} is in {card.currency}"
        )
    taken = session.scalar(select(OrderRow.id).where(OrderRow.idempotency_key == idempotency_key))
    if taken is not None:
        raise JournalError(f"idempotency key already used by order {taken}")
    row = OrderRow(
        idempotency_key=idempotency_key,
        provider_id=None,
        card_id=card_id,
        status=OrderStatus.AWAITING_PAYMENT,
        payment_method=quote.payment_method.value,
        payment_flow=payment_flow,
        currency=quote.amount.currency,
        amount_minor=to_minor(quote.amount),
        discount_minor=to_minor(quote.discount),
        bonus_minor=to_minor(quote.bonus),
        credited_minor=to_minor(quote.credited),
        pay_currency=quote.pay_currency,
        fee_minor=to_minor(quote.fee),
        total_minor=to_minor(quote.total),
        fx_rate=None if quote.fx_rate is None else f"{quote.fx_rate:f}",
        promotion_id=quote.promotion_id,
        promo_code=quote.promo_code,
        fx_quote_id=quote.fx_quote_id,
        created_at=at,
        updated_at=at,
        expires_at=quote.expires_at,
    )
    session.add(row)
    session.flush()
    _event(session, row, at, None, OrderStatus.AWAITING_PAYMENT, source, "journalled")
    session.flush()
    return order_record(row)


def _locate(session: Session, ref: int | str) -> OrderRow | None:
    query = select(OrderRow).with_for_update()
    if isinstance(ref, int) and not isinstance(ref, bool):
        query = query.where(OrderRow.id == ref)
    else:
        query = query.where(OrderRow.idempotency_key == ref)
    return session.scalars(query).one_or_none()


def _contradictions(row: OrderRow, order: wire.Order) -> list[str]:
    found: list[str] = []
    if order.card_id != row.card_id:
        found.append(f"card: journal {row.card_id}, provider {order.card_id}")
    amount = order.price.amount
    if amount.currency != row.currency:
        found.append(f"currency: journal {row.currency}, provider {amount.currency}")
    elif to_minor(amount.to_domain()) != row.amount_minor:
        found.append(f"amount: journal {row.amount_minor} minor units, provider {amount.value}")
    if order.idempotency_key != row.idempotency_key:
        found.append("idempotency key differs")
    if row.provider_id is not None and row.provider_id != order.id:
        found.append(f"provider id: journal {row.provider_id}, provider {order.id}")
    return found


def _apply(
    session: Session, row: OrderRow, order: wire.Order, source: str, at: datetime
) -> ApplyResult:
    previous = row.status
    requested = order.domain_status
    changed = False
    ignored: OrderStatus | None = None
    found = _contradictions(row, order)

    if row.provider_id is None and not any(f.startswith("provider id") for f in found):
        clash = session.scalar(
            select(OrderRow.id).where(OrderRow.provider_id == order.id, OrderRow.id != row.id)
        )
        if clash is None:
            row.provider_id = order.id
            changed = True
        else:
            found.append(f"provider id {order.id} already belongs to order {clash}")

    stale = row.provider_updated_at is not None and order.updated_at < row.provider_updated_at
    if requested != previous:
        if can_transition(previous, requested) and not stale:
            row.status = requested
            _event(session, row, at, previous, requested, source)
            changed = True
        else:
            ignored = requested

    if not stale and ignored is None:
        price = order.price
        fields: dict[str, object] = {
            "payment_method": order.payment_method.value,
            "payment_flow": order.payment_flow.value,
            "promotion_id": order.promotion_id,
            "promo_code": order.promo_code,
            "checkout_url": order.checkout_url,
            "qr_payload": order.qr_payload,
            "next_action_url": None if order.next_action is None else order.next_action.url,
            "failure_code": None if order.failure_code is None else order.failure_code.value,
            "failure_reason": order.failure_reason,
            "expires_at": order.expires_at,
            "paid_at": order.paid_at,
            "credited_at": order.credited_at,
            "provider_updated_at": order.updated_at,
        }
        if not found:
            fields.update(
                {
                    "discount_minor": to_minor(price.discount.to_domain()),
                    "bonus_minor": to_minor(price.bonus.to_domain()),
                    "credited_minor": to_minor(price.credited_amount.to_domain()),
                    "pay_currency": price.total.currency,
                    "fee_minor": to_minor(price.fee.to_domain()),
                    "total_minor": to_minor(price.total.to_domain()),
                    "fx_rate": price.fx_rate,
                }
            )
        for name, value in fields.items():
            changed |= _set(row, name, value)

    flagged: str | None = None
    if found:
        flagged = "; ".join(found)
        if row.flagged_reason is None or flagged not in row.flagged_reason:
            row.flagged_reason = (
                flagged if row.flagged_reason is None else f"{row.flagged_reason}; {flagged}"
            )
            _event(session, row, at, row.status, row.status, source, f"flagged: {flagged}")
            changed = True

    if row.status is OrderStatus.CREDITED and previous is not OrderStatus.CREDITED:
        _note_top_up(session, row, at)

    if changed:
        row.updated_at = at
    session.flush()
    return ApplyResult(
        local_id=row.id,
        status=row.status,
        previous_status=previous,
        changed=changed,
        flagged=flagged,
        ignored_status=ignored,
        record=order_record(row),
    )


def apply_order_update(
    session: Session,
    ref: int | str,
    order: wire.Order,
    *,
    source: str,
    now: datetime | None = None,
) -> ApplyResult:
    """Apply the provider's `order` to the journalled order `ref` (local id or idempotency
    key). Raises `OrderNotFound` when there is no such order."""
    row = _locate(session, ref)
    if row is None:
        raise OrderNotFound(f"no journalled order {ref!r}")
    return _apply(session, row, order, source, _now(now))


def merge_provider_order(
    session: Session, order: wire.Order, *, source: str, now: datetime | None = None
) -> ApplyResult:
    """Bring in an order seen at the provider (sync): update the journalled one with its
    provider id or idempotency key, or add it to the journal when it is new (e.g. made on
    another desktop). Skipped, not stored, when its card is not in the store."""
    at = _now(now)
    row = _journalled(session, order)
    if row is not None:
        return _apply(session, row, order, source, at)
    if session.get(CardRow, order.card_id) is None:
        return ApplyResult(None, None, None, skipped=f"card {order.card_id} is not in the store")
    price = order.price
    new = OrderRow(
        idempotency_key=order.idempotency_key,
        provider_id=order.id,
        card_id=order.card_id,
        status=order.domain_status,
        payment_method=order.payment_method.value,
        payment_flow=order.payment_flow.value,
        currency=price.amount.currency,
        amount_minor=to_minor(price.amount.to_domain()),
        discount_minor=to_minor(price.discount.to_domain()),
        bonus_minor=to_minor(price.bonus.to_domain()),
        credited_minor=to_minor(price.credited_amount.to_domain()),
        pay_currency=price.total.currency,
        fee_minor=to_minor(price.fee.to_domain()),
        total_minor=to_minor(price.total.to_domain()),
        fx_rate=price.fx_rate,
        promotion_id=order.promotion_id,
        promo_code=order.promo_code,
        checkout_url=order.checkout_url,
        qr_payload=order.qr_payload,
        next_action_url=None if order.next_action is None else order.next_action.url,
        failure_code=None if order.failure_code is None else order.failure_code.value,
        failure_reason=order.failure_reason,
        created_at=order.created_at,
        updated_at=at,
        provider_updated_at=order.updated_at,
        expires_at=order.expires_at,
        paid_at=order.paid_at,
        credited_at=order.credited_at,
    )
    try:
        with session.begin_nested():
            session.add(new)
            session.flush()
    except IntegrityError:
        # Another desktop stored it meanwhile: apply to theirs.
        row = _journalled(session, order)
        if row is None:
            raise
        return _apply(session, row, order, source, at)
    _event(session, new, at, None, new.status, source, "first seen at the provider")
    if new.status is OrderStatus.CREDITED:
        _note_top_up(session, new, at)
    session.flush()
    return ApplyResult(
        local_id=new.id,
        status=new.status,
        previous_status=None,
        changed=True,
        created=True,
        record=order_record(new),
    )


def fail_unsent_order(
    session: Session,
    ref: int | str,
    *,
    reason: str,
    code: str | None = None,
    source: str,
    now: datetime | None = None,
) -> ApplyResult:
    """Close a journalled order the provider never accepted (e.g. a 422 rule violation):
    status failed with `reason`. Refused (`ValueError`) once the provider knows the order."""
    at = _now(now)
    row = _locate(session, ref)
    if row is None:
        raise OrderNotFound(f"no journalled order {ref!r}")
    if row.provider_id is not None:
        raise ValueError(f"order {row.id} exists at the provider; its status comes from there")
    previous = row.status
    if previous.is_final:
        return ApplyResult(row.id, previous, previous, record=order_record(row))
    row.status = OrderStatus.FAILED
    row.failure_code = code
    row.failure_reason = reason[:500]
    row.updated_at = at
    _event(session, row, at, previous, OrderStatus.FAILED, source, reason)
    session.flush()
    return ApplyResult(row.id, row.status, previous, changed=True, record=order_record(row))


# --- sync state --------------------------------------------------------------------------------


def get_last_synced_at(session: Session, key: str = "orders") -> datetime | None:
    return last_synced_at(session, key)


def set_last_synced_at(
    session: Session, at: datetime, key: str = "orders", *, value: str | None = None
) -> None:
    row = session.get(SyncStateRow, key, with_for_update=True)
    if row is None:
        session.add(SyncStateRow(key=key, synced_at=at, value=value))
    else:
        row.synced_at = at
        row.value = value
    session.flush()
