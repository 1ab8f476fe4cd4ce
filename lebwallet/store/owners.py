"""Whose data is shown: the provider account signed in now, and the cards it owns.

One store can hold the data of several provider accounts: a user switches from the embedded
sandbox to a real provider, or signs in as someone else. Provider ids are only unique
within one provider (two sandboxes both have `card_demo_uk`, and seed the same order keys),
so the data of one account must never be read as another's:

- `set_current_owner` records the account signed in now (`owner_key`: provider + account
  id) in `sync_state`. A change resets the sync cursors, so the new account's orders and
  cards are pulled in full.
- Every card carries its `owner`. The card, history, open-order and balance queries read
  only the current owner's cards, the user's own cards and their orders
  (`shown_card_ids`); with no owner recorded (a store used without `Wallet`, e.g. a tool)
  every card counts.
- When the current owner lists a card id another owner's row holds, that row is *parked*
  (`park_card`): moved with its orders and balance snapshots to a parked id that depends
  on its owner, so nothing of it shows under the new owner. The provider ids and keys of
  its confirmed orders get the same suffix (they are unique in the store, and another
  provider may use the same ones). When its owner lists the card again, `unpark_card`
  moves it all back.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Select, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from lebwallet.domain.cards import CardSource
from lebwallet.store.models import BalanceSnapshotRow, CardRow, OrderRow, SyncStateRow

OWNER_KEY: Final = "owner"
"""The `sync_state` row naming the current owner (in `value`)."""
RESET_ON_SWITCH: Final = ("orders", "cards")
"""Sync cursors that belong to the previous owner."""
_SUFFIX_LENGTH: Final = 9  # "~" + 8 hex digits
_ID_LENGTH: Final = 64
_KEY_LENGTH: Final = 255


def owner_key(provider: str, account_id: str) -> str:
    """The owner name of `account_id` at `provider` (its URL; "sandbox" for the embedded
    one, whose URL changes at every start)."""
    return f"{provider.rstrip('/')}#{account_id}"[:300]


def current_owner(session: Session) -> str | None:
    row = session.get(SyncStateRow, OWNER_KEY)
    return None if row is None else row.value


def set_current_owner(session: Session, owner: str, at: datetime) -> bool:
    """Record `owner` as the account whose data is shown; True when it changed (the sync
    cursors of the previous owner are dropped)."""
    row = session.get(SyncStateRow, OWNER_KEY, with_for_update=True)
    if row is not None and row.value == owner:
        return False
    if row is None:
        session.add(SyncStateRow(key=OWNER_KEY, synced_at=at, value=owner))
        # The first account recorded takes the provider cards stored without an owner: a
        # sync that ran before the sign-in recorded it (the refresher's, at start-up) left
        # them unowned, and unowned cards and their orders would stay hidden until a later
        # card sync listed them again.
        session.execute(
            update(CardRow)
            .where(CardRow.owner.is_(None), CardRow.source == "provider")
            .values(owner=owner)
            .execution_options(synchronize_session=False)
        )
    else:
        row.value = owner
        row.synced_at = at
    session.execute(delete(SyncStateRow).where(SyncStateRow.key.in_(RESET_ON_SWITCH)))
    session.flush()
    return True


def shown_card_ids(owner: str) -> Select[str]:
    """The ids of the cards whose orders show while `owner` is signed in: those it owns
    (parked ones included: their history is its) and the user's own cards, which show under
    any account (their top-ups go through another channel, e.g. Reloadly)."""
    return select(CardRow.id).where(
        or_(CardRow.owner == owner, CardRow.source == CardSource.LOCAL.value)
    )


def _suffix(owner: str, card_id: str) -> str:
    return "~" + hashlib.sha256(f"{owner}\n{card_id}".encode()).hexdigest()[:8]


def parked_id(owner: str, card_id: str) -> str:
    """Where `owner`'s card `card_id` is kept while another owner holds that id."""
    return card_id[: _ID_LENGTH - _SUFFIX_LENGTH] + _suffix(owner, card_id)


def _move_card(session: Session, old_id: str, new_id: str, **changes: Any) -> None:
    """Give card `old_id` (with its orders and balance snapshots) the id `new_id`."""
    row = session.get(CardRow, old_id)
    assert row is not None
    values = {column.key: getattr(row, column.key) for column in CardRow.__table__.columns}
    values.update(changes, id=new_id)
    session.execute(insert(CardRow), [values])
    for table in (BalanceSnapshotRow, OrderRow):
        session.execute(
            update(table)
            .where(table.card_id == old_id)
            .values(card_id=new_id)
            .execution_options(synchronize_session=False)
        )
    session.execute(delete(CardRow).where(CardRow.id == old_id))
    session.expire_all()


def park_card(session: Session, card_id: str, at: datetime) -> None:
    """Move another owner's card `card_id` (and its orders, balances) out of the way."""
    row = session.get(CardRow, card_id)
    if row is None or row.owner is None:
        return
    owner = row.owner
    target = parked_id(owner, card_id)
    if session.get(CardRow, target) is not None:  # parked before and listed again since
        session.execute(delete(CardRow).where(CardRow.id == target))
    suffix = _suffix(owner, card_id)
    keys = select(OrderRow.id, OrderRow.idempotency_key, OrderRow.provider_id).where(
        OrderRow.card_id == card_id,
        OrderRow.provider_id.is_not(None),
    )
    for order_id, key, provider_id in session.execute(keys).all():
        changes: dict[str, str] = {}
        if len(key) + len(suffix) <= _KEY_LENGTH:
            changes["idempotency_key"] = key + suffix
        if provider_id is not None and len(provider_id) + len(suffix) <= _ID_LENGTH:
            changes["provider_id"] = provider_id + suffix
        session.execute(
            update(OrderRow)
            .where(OrderRow.id == order_id)
            .values(**changes)
            .execution_options(synchronize_session=False)
        )
    _move_card(session, card_id, target, removed_at=row.removed_at or at)


def unpark_card(session: Session, owner: str, card_id: str) -> bool:
    """Bring back `owner`'s parked card `card_id`, if there is one (the caller then stores
    the provider's values over it). True when one was brought back."""
    source = parked_id(owner, card_id)
    row = session.get(CardRow, source)
    if row is None or session.get(CardRow, card_id) is not None:
        return False
    suffix = _suffix(owner, card_id)
    keys = select(OrderRow.id, OrderRow.idempotency_key, OrderRow.provider_id).where(
        OrderRow.card_id == source
    )
    for order_id, key, provider_id in session.execute(keys).all():
        changes = {
            name: value[: -len(suffix)]
            for name, value in (("idempotency_key", key), ("provider_id", provider_id))
            if value is not None and value.endswith(suffix)
        }
        if changes:
            session.execute(
                update(OrderRow)
                .where(OrderRow.id == order_id)
                .values(**changes)
                .execution_options(synchronize_session=False)
            )
    _move_card(session, source, card_id, removed_at=None)
    return True


def claim_cards(session: Session, owner: str | None, card_ids: list[str], at: datetime) -> None:
    """Before `owner` stores the cards it lists: park the rows other owners hold under
    those ids, bring back `owner`'s own parked ones, and take unowned rows."""
    if owner is None or not card_ids:
        return
    for start in range(0, len(card_ids), 500):
        chunk = card_ids[start : start + 500]
        held = session.execute(select(CardRow.id, CardRow.owner).where(CardRow.id.in_(chunk))).all()
        for card_id, holder in held:
            if holder is not None and holder != owner:
                park_card(session, card_id, at)
        missing = set(chunk) - {card_id for card_id, holder in held if holder == owner}
        parked = {parked_id(owner, card_id): card_id for card_id in missing}
        found = session.scalars(select(CardRow.id).where(CardRow.id.in_(list(parked))))
        for parked_card in sorted(found):
            unpark_card(session, owner, parked[parked_card])
        session.execute(
            update(CardRow)
            .where(CardRow.id.in_(chunk), CardRow.owner.is_(None))
            .values(owner=owner)
            .execution_options(synchronize_session=False)
        )
    session.expire_all()
