"""Write side of the store: sync upserts (account, cards, balances, sync state). The
exactly-once recharge journal is `store.journal` (re-exported here).

Every function takes a `Session` inside a write transaction (`Store.session()`); the caller's
block commits. Rows that are read to be changed are locked (`FOR UPDATE` on PostgreSQL; on
SQLite a write session holds the database's write lock from its first statement).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lebwallet.clock import aware_utc
from lebwallet.domain.cards import CardSource
from lebwallet.domain.money import Money
from lebwallet.store.bulk import insert_rows, update_rows
from lebwallet.store.card_pages import CARD_FIELDS, PreparedCard, PreparedPage
from lebwallet.store.journal import (
    SOURCE_JOURNAL,
    ApplyResult,
    JournalError,
    KeyTaken,
    OrderNotFound,
    apply_order_update,
    fail_unsent_order,
    journal_order,
    merge_provider_order,
)
from lebwallet.store.models import (
    AccountRow,
    BalanceSnapshotRow,
    Base,
    CardRow,
    SyncStateRow,
    to_minor,
)
from lebwallet.store.owners import claim_cards, current_owner
from lebwallet.store.queries import last_synced_at

_CHUNK: Final = 500

_now = aware_utc


# --- account -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccountProfile:
    """The account's profile as the store keeps it: no limits, no secrets."""

    id: str
    name: str
    email: str | None
    phone: str | None
    default_payment_method: str | None
    profile_complete: bool
    missing_fields: tuple[str, ...]
    created_at: datetime


def upsert_account(
    session: Session, profile: AccountProfile, *, synced_at: datetime, login: str | None = None
) -> None:
    """Store the account's profile and, when given, the login the user signs in with."""
    row = session.get(AccountRow, profile.id, with_for_update=True)
    if row is None:
        row = AccountRow(id=profile.id)
        session.add(row)
    row.name = profile.name
    row.email = profile.email
    row.phone = profile.phone
    row.default_payment_method = profile.default_payment_method
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
    cards: PreparedPage | Sequence[PreparedCard],
    *,
    synced_at: datetime,
    account_id: str | None = None,
    complete: bool = True,
) -> CardsUpsert:
    """Insert or update cards from the provider, prepared (`store.card_pages`); snapshot
    balances that changed.

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
    cards: PreparedPage | Sequence[PreparedCard],
    seen: set[str],
    *,
    synced_at: datetime,
    account_id: str | None = None,
) -> CardsUpsert:
    """One page of the provider's cards, as `upsert_cards` without the removal (`removed` is
    0). `seen` holds the ids of the pages stored before and gets this page's: a card listed
    twice is rejected; pass it to `mark_unlisted_cards_removed` after the last page. The
    cards come prepared (`services.card_rows.prepare_card_page`, done off this thread)."""
    prepared_cards = cards.cards if isinstance(cards, PreparedPage) else cards
    ids = [prepared.id for prepared in prepared_cards]
    owner = current_owner(session)
    claim_cards(session, owner, list(dict.fromkeys(ids)), synced_at)
    columns = [CardRow.__table__.c[name] for name in ("id", "account_id", "removed_at", "source")]
    columns += [CardRow.__table__.c[name] for name in CARD_FIELDS]
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
    for prepared in prepared_cards:
        card_id = prepared.id
        if card_id in seen:
            rejected.append((card_id, "listed twice"))
            continue
        seen.add(card_id)
        values = prepared.values
        if values is None:  # an amount that does not fit its currency
            rejected.append((card_id, prepared.problem or "?"))
            continue
        old = existing.get(card_id)
        if old is not None and old.source != CardSource.PROVIDER:
            rejected.append((card_id, "a card the user added has this id"))
            continue
        same = (
            old is not None
            and old.removed_at is None
            and (account_id is None or old.account_id == account_id)
            and all(getattr(old, name) == values[name] for name in CARD_FIELDS)
        )
        if same:
            unchanged.append(card_id)
            continue
        if prepared.problem is not None:  # the domain refuses it (identifiers, label, …)
            rejected.append((card_id, prepared.problem))
            continue
        values = {**values, "id": card_id, "synced_at": synced_at, "removed_at": None}
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
                    "card_id": card_id,
                    "at": synced_at,
                    "balance_minor": values["balance_minor"],
                    "currency": values["currency"],
                }
            )
    cards_table = Base.metadata.tables["cards"]
    insert_rows(session, cards_table, inserts)  # see store.bulk: ~60 % less than Core
    update_rows(session, cards_table, updates)
    for start in range(0, len(unchanged), _CHUNK):
        session.execute(
            update(CardRow)
            .where(CardRow.id.in_(unchanged[start : start + _CHUNK]))
            .values(synced_at=synced_at)
            .execution_options(synchronize_session=False)
        )
    insert_rows(session, Base.metadata.tables["balance_snapshots"], snapshots)
    if updates:
        session.expire_all()  # the rows changed behind the ORM's back
    return CardsUpsert(len(inserts), len(updates), 0, len(snapshots), tuple(rejected))


def mark_card_removed(session: Session, card_id: str, *, at: datetime | None = None) -> bool:
    """Mark a card unbound (its history stays). False when it is unknown or already removed."""
    row = session.get(CardRow, card_id, with_for_update=True)
    if row is None or row.removed_at is not None:
        return False
    row.removed_at = _now(at)
    return True


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


def forget_sync_cursor(session: Session, key: str) -> None:
    """Drop the sync cursor `key`: the next pass of that sync starts from the beginning."""
    session.execute(delete(SyncStateRow).where(SyncStateRow.key == key))


# The journal's names, for the callers that import them from here.
__all__ = [
    "SOURCE_JOURNAL",
    "AccountProfile",
    "ApplyResult",
    "CardsUpsert",
    "JournalError",
    "KeyTaken",
    "OrderNotFound",
    "apply_order_update",
    "fail_unsent_order",
    "get_last_synced_at",
    "journal_order",
    "mark_card_removed",
    "merge_provider_order",
    "record_balance",
    "set_last_synced_at",
    "upsert_account",
    "upsert_cards",
]
