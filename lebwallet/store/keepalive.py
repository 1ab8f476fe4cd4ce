"""The wallet's own cards, the user's keep-alive rules and keep-alive actions in the store.

Domain values in and out (`Card`, `CarrierEntry`, `KeepAliveAction`). Every function takes a
`Session` (`Store.session()`); write functions need a write session, the caller's block
commits. A local card is an ordinary `cards` row with `source = 'local'`, no account and a
zero balance; its `deadline` is what its rule and actions give (`set_local_deadline`), so
every reader of cards (the window's first paint, reminders) sees it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Final

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lebwallet.domain.cards import Card, CardSource
from lebwallet.domain.catalogue import CarrierEntry
from lebwallet.domain.keepalive import (
    ActionKind,
    Confidence,
    KeepAliveAction,
    KeepAliveRule,
    Period,
    PeriodUnit,
    Stage,
    StageEffect,
)
from lebwallet.domain.orders import OrderStatus
from lebwallet.store.models import (
    CardRow,
    KeepAliveActionRow,
    KeepAliveRuleRow,
    OrderRow,
    money,
    to_minor,
)

_CHUNK: Final = 500


class LocalCardError(ValueError):
    """The card is unknown, not the user's own, or its id is taken."""


# --- local cards -------------------------------------------------------------------------------


def add_local_card(session: Session, card: Card, *, rule_id: str, now: datetime) -> None:
    """Store a card the user added (its `source` must be local; its id must be free)."""
    if card.source is not CardSource.LOCAL:
        raise LocalCardError("only a card the user added is stored here")
    if session.get(CardRow, card.id) is not None:
        raise LocalCardError(f"a card with id {card.id} exists")
    plan = card.plan
    session.add(
        CardRow(
            id=card.id,
            account_id=None,
            label=card.label,
            iccid=None if card.iccid is None else card.iccid.value,
            msisdn=None if card.msisdn is None else card.msisdn.e164,
            carrier=card.carrier,
            region=card.region,
            currency=card.currency,
            balance_minor=to_minor(card.balance),
            is_esim=card.is_esim,
            activation_code=None,
            keep_alive_minimum_minor=to_minor(plan.minimum_topup),
            keep_alive_period_days=plan.period_days,
            min_balance_minor=None,
            last_qualifying_topup_at=card.last_qualifying_topup,
            deadline=card.keep_alive_deadline,
            status=card.status.value,
            sandbox=False,
            last_topup_at=None,
            provider_updated_at=now,
            synced_at=now,
            removed_at=None,
            source=CardSource.LOCAL.value,
            rule_id=rule_id,
        )
    )
    session.flush()


def set_local_deadline(
    session: Session, card_id: str, deadline: datetime, last_action_at: datetime | None
) -> bool:
    """Store a local card's deadline as its rule and actions give it; True if it changed."""
    row = session.get(CardRow, card_id, with_for_update=True)
    if row is None or row.source != CardSource.LOCAL.value:
        raise LocalCardError(f"no card of the user's own has id {card_id}")
    changed = (row.deadline, row.last_qualifying_topup_at) != (deadline, last_action_at)
    row.deadline = deadline
    row.last_qualifying_topup_at = last_action_at
    return changed


def set_card_rule(session: Session, card_id: str, rule_id: str) -> None:
    row = session.get(CardRow, card_id, with_for_update=True)
    if row is None or row.source != CardSource.LOCAL.value:
        raise LocalCardError(f"no card of the user's own has id {card_id}")
    row.rule_id = rule_id


def card_rule_ids(session: Session, card_ids: Sequence[str] | None = None) -> dict[str, str | None]:
    """Card id -> rule id of these cards, or of every card not removed (None for provider
    cards)."""
    query = select(CardRow.id, CardRow.rule_id)
    if card_ids is None:
        query = query.where(CardRow.removed_at.is_(None))
    else:
        query = query.where(CardRow.id.in_(list(card_ids)))
    return {row.id: row.rule_id for row in session.execute(query)}


def rename_local_card(session: Session, card_id: str, label: str) -> None:
    row = session.get(CardRow, card_id, with_for_update=True)
    if row is None or row.source != CardSource.LOCAL.value or row.removed_at is not None:
        raise LocalCardError(f"no card of the user's own has id {card_id}")
    row.label = label


def remove_local_card(session: Session, card_id: str, *, at: datetime) -> None:
    row = session.get(CardRow, card_id, with_for_update=True)
    if row is None or row.source != CardSource.LOCAL.value or row.removed_at is not None:
        raise LocalCardError(f"no card of the user's own has id {card_id}")
    row.removed_at = at


# --- custom rules ------------------------------------------------------------------------------


def _stages_json(stages: Sequence[Stage]) -> str:
    return json.dumps([[s.after.count, s.after.unit.value, s.effect.value] for s in stages])


def save_rule(session: Session, entry: CarrierEntry, *, now: datetime) -> None:
    """Insert or replace the user's rule `entry` (by id)."""
    rule = entry.rule
    row = session.get(KeepAliveRuleRow, entry.id, with_for_update=True)
    if row is None:
        row = KeepAliveRuleRow(id=entry.id, created_at=now)
        session.add(row)
    row.name = entry.name
    row.country = entry.country
    row.currency = entry.currency
    row.actions = ",".join(k.value for k in ActionKind if k in rule.actions)
    row.period_count = rule.period.count
    row.period_unit = rule.period.unit.value
    row.minimum_minor = None if rule.minimum_topup is None else to_minor(rule.minimum_topup)
    row.stages = _stages_json(rule.stages)
    row.source_url = rule.source_url
    row.checked_on = rule.checked_on
    row.confidence = rule.confidence.value
    session.flush()


def _entry(row: KeepAliveRuleRow) -> CarrierEntry:
    stages = tuple(
        Stage(Period(int(count), PeriodUnit(unit)), StageEffect(effect))
        for count, unit, effect in json.loads(row.stages)
    )
    rule = KeepAliveRule(
        actions=frozenset(ActionKind(k) for k in row.actions.split(",")),
        period=Period(row.period_count, PeriodUnit(row.period_unit)),
        minimum_topup=None if row.minimum_minor is None else money(row.minimum_minor, row.currency),
        stages=stages,
        source_url=row.source_url,
        checked_on=row.checked_on,
        confidence=Confidence(row.confidence),
    )
    return CarrierEntry(
        id=row.id,
        name=row.name,
        country=row.country,
        currency=row.currency,
        rule=rule,
        custom=True,
    )


def custom_rules(session: Session) -> list[CarrierEntry]:
    """The user's rules, by id."""
    return [_entry(row) for row in session.scalars(select(KeepAliveRuleRow).order_by("id"))]


def delete_rule(session: Session, rule_id: str) -> bool:
    result = session.execute(delete(KeepAliveRuleRow).where(KeepAliveRuleRow.id == rule_id))
    return bool(getattr(result, "rowcount", 0))


# --- actions -----------------------------------------------------------------------------------


def _action(row: KeepAliveActionRow) -> KeepAliveAction:
    amount = (
        None
        if row.amount_minor is None or row.currency is None
        else money(row.amount_minor, row.currency)
    )
    return KeepAliveAction(ActionKind(row.kind), row.on, amount, row.note, id=row.id)


def add_action(
    session: Session, card_id: str, action: KeepAliveAction, *, now: datetime
) -> KeepAliveAction:
    """Store `action` for the card; returns it with its id."""
    if session.get(CardRow, card_id) is None:
        raise LocalCardError(f"no card has id {card_id}")
    row = KeepAliveActionRow(
        card_id=card_id,
        kind=action.kind.value,
        on=action.on,
        amount_minor=None if action.amount is None else to_minor(action.amount),
        currency=None if action.amount is None else action.amount.currency,
        note=action.note,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return replace(action, id=row.id)


def update_action(session: Session, action: KeepAliveAction) -> str:
    """Replace the stored action with `action`'s id; returns its card's id."""
    row = None if action.id is None else session.get(KeepAliveActionRow, action.id)
    if row is None:
        raise LocalCardError("this action is not stored")
    row.kind = action.kind.value
    row.on = action.on
    row.amount_minor = None if action.amount is None else to_minor(action.amount)
    row.currency = None if action.amount is None else action.amount.currency
    row.note = action.note
    return row.card_id


def remove_action(session: Session, action_id: int) -> str:
    """Delete a stored action; returns its card's id."""
    row = session.get(KeepAliveActionRow, action_id)
    if row is None:
        raise LocalCardError("this action is not stored")
    card_id = row.card_id
    session.delete(row)
    return card_id


def actions_by_card(session: Session, card_ids: Sequence[str]) -> dict[str, list[KeepAliveAction]]:
    """The logged actions of these cards, oldest first."""
    found: dict[str, list[KeepAliveAction]] = defaultdict(list)
    ids = list(card_ids)
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(KeepAliveActionRow)
            .where(KeepAliveActionRow.card_id.in_(ids[start : start + _CHUNK]))
            .order_by(KeepAliveActionRow.on, KeepAliveActionRow.id)
        )
        for row in session.scalars(query):
            found[row.card_id].append(_action(row))
    return dict(found)


def recent_actions(session: Session, *, limit: int = 500) -> list[tuple[str, KeepAliveAction]]:
    """(card id, action) of the newest logged actions of every card, newest first."""
    query = (
        select(KeepAliveActionRow)
        .order_by(KeepAliveActionRow.on.desc(), KeepAliveActionRow.id.desc())
        .limit(limit)
    )
    return [(row.card_id, _action(row)) for row in session.scalars(query)]


def credited_topups(session: Session, card_ids: Sequence[str]) -> dict[str, list[KeepAliveAction]]:
    """The credited orders of these cards as top-up actions (on the credit's UTC day), each
    naming its order (the provider's id, else the local one)."""
    found: dict[str, list[KeepAliveAction]] = defaultdict(list)
    ids = list(card_ids)
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(
                OrderRow.id,
                OrderRow.provider_id,
                OrderRow.card_id,
                OrderRow.amount_minor,
                OrderRow.currency,
                OrderRow.credited_at,
            )
            .where(
                OrderRow.card_id.in_(ids[start : start + _CHUNK]),
                OrderRow.status == OrderStatus.CREDITED,
                OrderRow.credited_at.is_not(None),
            )
            .order_by(OrderRow.credited_at)
        )
        for local_id, provider_id, card_id, amount_minor, currency, credited_at in session.execute(
            query
        ):
            if credited_at is None:  # excluded by the query; for the type checker
                continue
            on: date = credited_at.date()
            order = provider_id or str(local_id)
            found[card_id].append(
                KeepAliveAction(ActionKind.TOPUP, on, money(amount_minor, currency), order=order)
            )
    return dict(found)
