"""The support journal: requests and their messages, as records (reads here; writes in
`lebwallet.store.support_writes`), each inside a `Store.session()`.

A request (and each reply) is written with its idempotency key before anything is sent
(`journal_request`, `journal_reply`); `mark_request_sent` / `mark_reply_sent` record the
provider's acceptance, so a written request is sent until the provider has it, and with one
key for every attempt. `apply_case` brings the provider's view of a case in (state, facts,
new messages); a closed request never opens again, a read message never becomes unread.
Only domain values cross this module (the store imports no `provider`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.support import (
    OrderFacts,
    StatusChange,
    SupportAuthor,
    SupportState,
    SupportTopic,
)
from lebwallet.store.models import SupportMessageRow, SupportRequestRow


@dataclass(frozen=True, slots=True)
class SupportRecord:
    """One support request as the journal holds it; `unread` counts the provider's messages
    the user has not read."""

    local_id: int
    idempotency_key: str
    provider_id: str | None
    order_id: str
    card_id: str
    topic: SupportTopic
    state: SupportState
    language: str
    facts: OrderFacts
    unread: int
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime
    sent_at: datetime | None
    closed_at: datetime | None

    @property
    def sent(self) -> bool:
        return self.provider_id is not None


@dataclass(frozen=True, slots=True)
class SupportMessageRecord:
    local_id: int
    request_id: int
    provider_id: str | None
    idempotency_key: str | None
    author: SupportAuthor
    body: str
    created_at: datetime
    sent: bool
    unread: bool


@dataclass(frozen=True, slots=True)
class ProviderMessage:
    """A message as the provider holds it (what `apply_case` merges)."""

    provider_id: str
    author: SupportAuthor
    body: str
    created_at: datetime
    unread: bool
    idempotency_key: str | None


# --- facts as JSON ----------------------------------------------------------------------------


def _money(money: Money) -> list[str]:
    return [money.to_wire(), money.currency]


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def facts_to_json(facts: OrderFacts) -> str:
    return json.dumps(
        {
            "order_id": facts.order_id,
            "card_id": facts.card_id,
            "card_number": facts.card_number,
            "carrier": facts.carrier,
            "status": facts.status.value,
            "timeline": [[s.status.value, s.at.isoformat()] for s in facts.timeline],
            "payment_method": facts.payment_method,
            "amount": _money(facts.amount),
            "credited": _money(facts.credited),
            "total": _money(facts.total),
            "created_at": _time(facts.created_at),
            "updated_at": _time(facts.updated_at),
            "paid_at": _time(facts.paid_at),
            "credited_at": _time(facts.credited_at),
            "failure_code": facts.failure_code,
            "failure_reason": facts.failure_reason,
        },
        ensure_ascii=False,
    )


def _parse_time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def facts_from_json(text: str) -> OrderFacts:
    data = json.loads(text)
    created = _parse_time(data["created_at"])
    updated = _parse_time(data["updated_at"])
    assert created is not None
    assert updated is not None
    return OrderFacts(
        order_id=data["order_id"],
        card_id=data["card_id"],
        card_number=data["card_number"],
        carrier=data["carrier"],
        status=OrderStatus(data["status"]),
        timeline=tuple(
            StatusChange(OrderStatus(status), datetime.fromisoformat(at))
            for status, at in data["timeline"]
        ),
        payment_method=data["payment_method"],
        amount=Money.from_wire(*data["amount"]),
        credited=Money.from_wire(*data["credited"]),
        total=Money.from_wire(*data["total"]),
        created_at=created,
        updated_at=updated,
        paid_at=_parse_time(data["paid_at"]),
        credited_at=_parse_time(data["credited_at"]),
        failure_code=data["failure_code"],
        failure_reason=data["failure_reason"],
    )


# --- reading ----------------------------------------------------------------------------------


def _unread_counts(session: Session, ids: Sequence[int] | None = None) -> dict[int, int]:
    query = (
        select(SupportMessageRow.request_id, func.count())
        .where(SupportMessageRow.unread.is_(True))
        .group_by(SupportMessageRow.request_id)
    )
    if ids is not None:
        query = query.where(SupportMessageRow.request_id.in_(ids))
    return {int(request_id): int(count) for request_id, count in session.execute(query).all()}


def record_of(row: SupportRequestRow, unread: int) -> SupportRecord:
    return SupportRecord(
        local_id=row.id,
        idempotency_key=row.idempotency_key,
        provider_id=row.provider_id,
        order_id=row.order_id,
        card_id=row.card_id,
        topic=SupportTopic(row.topic),
        state=SupportState(row.state),
        language=row.language,
        facts=facts_from_json(row.facts),
        unread=unread,
        last_error=row.last_error,
        created_at=row.created_at,
        updated_at=row.updated_at,
        last_activity_at=row.last_activity_at,
        sent_at=row.sent_at,
        closed_at=row.closed_at,
    )


def message_of(row: SupportMessageRow) -> SupportMessageRecord:
    return SupportMessageRecord(
        local_id=row.id,
        request_id=row.request_id,
        provider_id=row.provider_id,
        idempotency_key=row.idempotency_key,
        author=SupportAuthor(row.author),
        body=row.body,
        created_at=row.created_at,
        sent=row.sent_at is not None,
        unread=row.unread,
    )


def support_request(session: Session, local_id: int) -> SupportRecord | None:
    row = session.get(SupportRequestRow, local_id)
    if row is None:
        return None
    return record_of(row, _unread_counts(session, [local_id]).get(local_id, 0))


def support_request_by_key(session: Session, idempotency_key: str) -> SupportRecord | None:
    local_id = session.scalars(
        select(SupportRequestRow.id).where(SupportRequestRow.idempotency_key == idempotency_key)
    ).one_or_none()
    return None if local_id is None else support_request(session, local_id)


def support_requests(session: Session) -> list[SupportRecord]:
    """Every request: those with unread replies first, then the most recently active."""
    rows = session.scalars(
        select(SupportRequestRow).order_by(
            SupportRequestRow.last_activity_at.desc(), SupportRequestRow.id.desc()
        )
    ).all()
    counts = _unread_counts(session)
    records = [record_of(row, counts.get(row.id, 0)) for row in rows]
    return sorted(records, key=lambda r: r.unread == 0)  # stable: activity order kept


def support_messages(session: Session, local_id: int) -> list[SupportMessageRecord]:
    rows = session.scalars(
        select(SupportMessageRow)
        .where(SupportMessageRow.request_id == local_id)
        .order_by(SupportMessageRow.created_at, SupportMessageRow.id)
    ).all()
    return [message_of(row) for row in rows]


def unsent_requests(session: Session) -> list[SupportRecord]:
    rows = session.scalars(
        select(SupportRequestRow)
        .where(
            SupportRequestRow.provider_id.is_(None),
            SupportRequestRow.state != SupportState.CLOSED.value,
        )
        .order_by(SupportRequestRow.id)
    ).all()
    return [record_of(row, 0) for row in rows]


def unsent_replies(session: Session) -> list[tuple[SupportMessageRecord, str]]:
    """The user's replies not sent yet whose request is sent and open, with the request's
    provider id (a reply to a request closed meanwhile is never sent)."""
    rows = session.execute(
        select(SupportMessageRow, SupportRequestRow.provider_id)
        .join(SupportRequestRow, SupportRequestRow.id == SupportMessageRow.request_id)
        .where(
            SupportMessageRow.sent_at.is_(None),
            SupportMessageRow.idempotency_key.is_not(None),
            SupportRequestRow.provider_id.is_not(None),
            SupportRequestRow.state != SupportState.CLOSED.value,
        )
        .order_by(SupportMessageRow.id)
    ).all()
    return [(message_of(message), case_id) for message, case_id in rows if case_id is not None]


def unannounced_replies(session: Session) -> list[tuple[SupportMessageRecord, SupportRecord]]:
    rows = session.scalars(
        select(SupportMessageRow)
        .where(
            SupportMessageRow.author == SupportAuthor.AGENT.value,
            SupportMessageRow.announced.is_(False),
        )
        .order_by(SupportMessageRow.id)
    ).all()
    found = []
    for row in rows:
        record = support_request(session, row.request_id)
        assert record is not None
        found.append((message_of(row), record))
    return found


def known_message_counts(session: Session) -> dict[int, int]:
    """Per request, how many of its messages the provider is known to hold."""
    query = (
        select(SupportMessageRow.request_id, func.count())
        .where(SupportMessageRow.provider_id.is_not(None))
        .group_by(SupportMessageRow.request_id)
    )
    return {int(request_id): int(count) for request_id, count in session.execute(query).all()}
