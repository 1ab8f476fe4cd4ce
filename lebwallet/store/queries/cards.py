"""Cards as the store reads them: the domain `Card` of a stored row, the current owner's
cards with what the store knows beyond them (`CardListing`), and a card's balance over time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from lebwallet.domain.cards import Card, CardSource, CardStatus, KeepAlivePlan
from lebwallet.domain.identifiers import ActivationCode, Iccid, Msisdn
from lebwallet.domain.money import Money
from lebwallet.store.models import BalanceSnapshotRow, CardRow, money
from lebwallet.store.owners import current_owner


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
