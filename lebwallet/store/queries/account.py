"""The account as last synced, and when each kind of data was last synced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lebwallet.store.models import AccountRow, SyncStateRow


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
