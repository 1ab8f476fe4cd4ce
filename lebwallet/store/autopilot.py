"""Keep-alive on autopilot in the store: the cards opted in, the budgets, one run per deadline.

Domain values in and out. Every function takes a `Session` (`Store.session()`); the caller's
block commits. `claim_run` inserts the (card, deadline) row in its own savepoint: of two
desktops on one database, or a restarted process, exactly one gets it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lebwallet.domain.money import Money
from lebwallet.store.claims import insert_once
from lebwallet.store.models import (
    AutopilotBudgetRow,
    AutopilotCardRow,
    AutopilotRunRow,
    money,
    to_minor,
)


class RunKind(StrEnum):
    TOPUP = "topup"
    REMIND = "remind"
    """The card's rule counts calls or SMS, or it has no channel: autopilot only reminds."""
    MISSED = "missed"
    """The deadline passed while the wallet was not running: the user was told."""


class RunState(StrEnum):
    ASKED = "asked"
    """Taken, priced and waiting for the user's yes (a channel that pays from a prepaid
    balance, the card's choice "ask first"); nothing sent."""
    CLAIMED = "claimed"
    """Taken, the top-up not (known to be) sent yet: the next pass sends it with its key."""
    ORDERED = "ordered"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class AutopilotCard:
    card_id: str
    enabled: bool
    days_before: int
    budget: Money | None
    """The card's monthly budget (its currency); None: no budget of its own."""
    without_asking: bool = False
    """Where the card's channel pays from a prepaid balance (Reloadly): top up without
    asking first (and say afterwards what was done)."""


@dataclass(frozen=True, slots=True)
class AutopilotRun:
    id: int
    card_id: str
    deadline: date
    kind: RunKind
    state: RunState
    order_key: str
    amount: Money | None
    detail: str | None
    created_at: datetime
    updated_at: datetime


def _run(row: AutopilotRunRow) -> AutopilotRun:
    amount = (
        None
        if row.amount_minor is None or row.currency is None
        else money(row.amount_minor, row.currency)
    )
    return AutopilotRun(
        id=row.id,
        card_id=row.card_id,
        deadline=row.deadline,
        kind=RunKind(row.kind),
        state=RunState(row.state),
        order_key=row.order_key,
        amount=amount,
        detail=row.detail,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


# --- settings ------------------------------------------------------------------------------------


def save_card(session: Session, card: AutopilotCard, *, currency: str, now: datetime) -> None:
    row = session.get(AutopilotCardRow, card.card_id)
    if row is None:
        row = AutopilotCardRow(card_id=card.card_id)
        session.add(row)
    row.enabled = card.enabled
    row.days_before = card.days_before
    row.budget_minor = None if card.budget is None else to_minor(card.budget)
    row.currency = currency
    row.without_asking = card.without_asking
    row.updated_at = now


def cards(session: Session, card_ids: Sequence[str] | None = None) -> dict[str, AutopilotCard]:
    query = select(AutopilotCardRow)
    if card_ids is not None:
        query = query.where(AutopilotCardRow.card_id.in_(list(card_ids)))
    return {
        row.card_id: AutopilotCard(
            row.card_id,
            row.enabled,
            row.days_before,
            None if row.budget_minor is None else money(row.budget_minor, row.currency),
            bool(row.without_asking),
        )
        for row in session.scalars(query)
    }


def save_budget(session: Session, budget: Money, *, now: datetime) -> None:
    row = session.get(AutopilotBudgetRow, budget.currency)
    if row is None:
        row = AutopilotBudgetRow(currency=budget.currency)
        session.add(row)
    row.budget_minor = to_minor(budget)
    row.updated_at = now


def remove_budget(session: Session, currency: str) -> None:
    row = session.get(AutopilotBudgetRow, currency)
    if row is not None:
        session.delete(row)


def budgets(session: Session) -> dict[str, Money]:
    return {
        row.currency: money(row.budget_minor, row.currency)
        for row in session.scalars(select(AutopilotBudgetRow))
    }


def lock_budgets(session: Session, *, card_id: str, currency: str) -> None:
    """Hold the budgets a top-up of `card_id` in `currency` counts against (the monthly budget
    of all cards in `currency`, the card's own) until the session ends, so that of two
    desktops taking top-ups on one database one checks the budget after the other's top-up
    is in (`SELECT … FOR UPDATE` on PostgreSQL; a SQLite write transaction holds the file).
    Budget first, card second: every desktop locks in the same order."""
    session.execute(
        select(AutopilotBudgetRow.currency)
        .where(AutopilotBudgetRow.currency == currency)
        .with_for_update()
    )
    session.execute(
        select(AutopilotCardRow.card_id)
        .where(AutopilotCardRow.card_id == card_id)
        .with_for_update()
    )


# --- runs ----------------------------------------------------------------------------------------


def run_for(session: Session, card_id: str, deadline: date) -> AutopilotRun | None:
    row = session.scalars(
        select(AutopilotRunRow).where(
            AutopilotRunRow.card_id == card_id, AutopilotRunRow.deadline == deadline
        )
    ).one_or_none()
    return None if row is None else _run(row)


def claim_run(
    session: Session,
    *,
    card_id: str,
    deadline: date,
    kind: RunKind,
    state: RunState,
    order_key: str,
    amount: Money | None,
    detail: str | None,
    now: datetime,
) -> AutopilotRun | None:
    """Take (card, deadline); None when another process (or an earlier pass) has it."""
    row = AutopilotRunRow(
        card_id=card_id,
        deadline=deadline,
        kind=kind.value,
        state=state.value,
        order_key=order_key,
        amount_minor=None if amount is None else to_minor(amount),
        currency=None if amount is None else amount.currency,
        detail=detail,
        created_at=now,
        updated_at=now,
    )
    if not insert_once(session, row):
        return None
    return _run(row)


def advance_run(
    session: Session,
    run: AutopilotRun,
    state: RunState,
    *,
    detail: str | None,
    now: datetime,
) -> bool:
    """Move `run` to `state` if nobody moved it since it was read (same state and
    `updated_at`): True for the one process that did. With `state` equal to the run's own,
    it takes the run over (a claim left by a process that died)."""
    result = session.execute(
        update(AutopilotRunRow)
        .where(
            AutopilotRunRow.id == run.id,
            AutopilotRunRow.state == run.state.value,
            AutopilotRunRow.updated_at == run.updated_at,
        )
        .values(state=state.value, detail=detail, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def runs_since(session: Session, since: datetime) -> list[AutopilotRun]:
    """Every run created at `since` or later, oldest first."""
    rows = session.scalars(
        select(AutopilotRunRow)
        .where(AutopilotRunRow.created_at >= since)
        .order_by(AutopilotRunRow.created_at, AutopilotRunRow.id)
    )
    return [_run(row) for row in rows]


def latest_runs(session: Session, card_ids: Sequence[str]) -> dict[str, AutopilotRun]:
    """Each card's newest run (by deadline)."""
    found: dict[str, AutopilotRun] = {}
    rows = session.scalars(
        select(AutopilotRunRow)
        .where(AutopilotRunRow.card_id.in_(list(card_ids)))
        .order_by(AutopilotRunRow.deadline)
    )
    for row in rows:
        found[row.card_id] = _run(row)
    return found


def automatic_order_keys(session: Session, keys: Sequence[str]) -> set[str]:
    """Which of these order idempotency keys autopilot made (history marks them)."""
    if not keys:
        return set()
    rows = session.scalars(
        select(AutopilotRunRow.order_key).where(AutopilotRunRow.order_key.in_(list(keys)))
    )
    return set(rows)


def spent(runs: Sequence[AutopilotRun]) -> tuple[dict[str, Money], dict[str, Money]]:
    """What these top-up runs (not failed) spent: per card, and per currency in total."""
    per_card: dict[str, Money] = {}
    totals: dict[str, Money] = {}
    for run in runs:
        if run.kind is not RunKind.TOPUP or run.state is RunState.FAILED or run.amount is None:
            continue
        amount = run.amount
        per_card[run.card_id] = per_card.get(run.card_id, Money.zero(amount.currency)) + amount
        totals[amount.currency] = totals.get(amount.currency, Money.zero(amount.currency)) + amount
    return per_card, totals


def release_run(session: Session, run_id: int) -> None:
    """Give a taken top-up back (nothing was sent for it: over budget)."""
    row = session.get(AutopilotRunRow, run_id)
    if row is not None:
        session.delete(row)
