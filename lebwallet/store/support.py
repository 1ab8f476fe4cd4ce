"""The support journal: requests and their messages, read and written in a `Store.session()`.

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

from sqlalchemy import func, select, update
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


def _record(row: SupportRequestRow, unread: int) -> SupportRecord:
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


def _message(row: SupportMessageRow) -> SupportMessageRecord:
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
    return _record(row, _unread_counts(session, [local_id]).get(local_id, 0))


def support_requests(session: Session) -> list[SupportRecord]:
    """Every request: those with unread replies first, then the most recently active."""
    rows = session.scalars(
        select(SupportRequestRow).order_by(
            SupportRequestRow.last_activity_at.desc(), SupportRequestRow.id.desc()
        )
    ).all()
    counts = _unread_counts(session)
    records = [_record(row, counts.get(row.id, 0)) for row in rows]
    return sorted(records, key=lambda r: r.unread == 0)  # stable: activity order kept


def support_messages(session: Session, local_id: int) -> list[SupportMessageRecord]:
    rows = session.scalars(
        select(SupportMessageRow)
        .where(SupportMessageRow.request_id == local_id)
        .order_by(SupportMessageRow.created_at, SupportMessageRow.id)
    ).all()
    return [_message(row) for row in rows]


def unsent_requests(session: Session) -> list[SupportRecord]:
    rows = session.scalars(
        select(SupportRequestRow)
        .where(
            SupportRequestRow.provider_id.is_(None),
            SupportRequestRow.state != SupportState.CLOSED.value,
        )
        .order_by(SupportRequestRow.id)
    ).all()
    return [_record(row, 0) for row in rows]


def unsent_replies(session: Session) -> list[tuple[SupportMessageRecord, str]]:
    """The user's replies not sent yet whose request is sent, with the request's provider id."""
    rows = session.execute(
        select(SupportMessageRow, SupportRequestRow.provider_id)
        .join(SupportRequestRow, SupportRequestRow.id == SupportMessageRow.request_id)
        .where(
            SupportMessageRow.sent_at.is_(None),
            SupportMessageRow.idempotency_key.is_not(None),
            SupportRequestRow.provider_id.is_not(None),
        )
        .order_by(SupportMessageRow.id)
    ).all()
    return [(_message(message), case_id) for message, case_id in rows if case_id is not None]


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
        found.append((_message(row), record))
    return found


# --- writing ----------------------------------------------------------------------------------


def journal_request(
    session: Session,
    *,
    idempotency_key: str,
    facts: OrderFacts,
    topic: SupportTopic,
    words: str,
    language: str,
    now: datetime,
) -> SupportRecord:
    """Write a request and its opening message, not sent yet."""
    row = SupportRequestRow(
        idempotency_key=idempotency_key,
        provider_id=None,
        order_id=facts.order_id,
        card_id=facts.card_id,
        topic=topic.value,
        state=SupportState.WAITING_TO_SEND.value,
        language=language,
        facts=facts_to_json(facts),
        created_at=now,
        updated_at=now,
        last_activity_at=now,
    )
    session.add(row)
    session.flush()
    session.add(
        SupportMessageRow(
            request_id=row.id,
            author=SupportAuthor.CUSTOMER.value,
            body=words,
            created_at=now,
            unread=False,
            announced=True,
        )
    )
    session.flush()
    return _record(row, 0)


def journal_reply(
    session: Session, local_id: int, *, idempotency_key: str, words: str, now: datetime
) -> SupportMessageRecord:
    request = session.get(SupportRequestRow, local_id, with_for_update=True)
    if request is None:
        raise LookupError(f"no support request {local_id}")
    message = SupportMessageRow(
        request_id=local_id,
        idempotency_key=idempotency_key,
        author=SupportAuthor.CUSTOMER.value,
        body=words,
        created_at=now,
        unread=False,
        announced=True,
    )
    session.add(message)
    if request.state != SupportState.WAITING_TO_SEND.value:
        request.state = SupportState.OPEN.value
    request.updated_at = request.last_activity_at = now
    session.flush()
    return _message(message)


def note_send_failure(
    session: Session, local_id: int, error: str, now: datetime, *, refused: bool = False
) -> None:
    """Record why a request could not be sent; a `refused` one (the provider said no for
    good) is closed here and never sent again."""
    values: dict[str, object] = {"last_error": error[:2000], "updated_at": now}
    if refused:
        values.update(state=SupportState.CLOSED.value, closed_at=now)
    session.execute(
        update(SupportRequestRow).where(SupportRequestRow.id == local_id).values(**values)
    )


def mark_reply_sent(session: Session, local_id: int, provider_id: str, now: datetime) -> None:
    session.execute(
        update(SupportMessageRow)
        .where(SupportMessageRow.id == local_id)
        .values(provider_id=provider_id, sent_at=now)
    )


def apply_case(
    session: Session,
    local_id: int,
    *,
    provider_id: str,
    state: SupportState,
    facts: OrderFacts,
    closed_at: datetime | None,
    last_message_at: datetime,
    messages: Sequence[ProviderMessage] | None,
    now: datetime,
) -> None:
    """Bring the provider's case in: its id (the request is sent from now on), state, facts
    and — when given — its messages (new ones added; read ones stay read)."""
    row = session.get(SupportRequestRow, local_id, with_for_update=True)
    if row is None:
        raise LookupError(f"no support request {local_id}")
    if row.provider_id is None:
        row.provider_id = provider_id
        row.sent_at = now
        opening = session.scalars(
            select(SupportMessageRow)
            .where(
                SupportMessageRow.request_id == local_id,
                SupportMessageRow.idempotency_key.is_(None),
                SupportMessageRow.sent_at.is_(None),
            )
            .order_by(SupportMessageRow.id)
            .limit(1)
        ).one_or_none()
        if opening is not None:
            opening.sent_at = now
    row.last_error = None
    if row.state != SupportState.CLOSED.value:
        row.state = state.value
        row.closed_at = closed_at if state is SupportState.CLOSED else None
    row.facts = facts_to_json(facts)
    row.updated_at = now
    row.last_activity_at = last_message_at
    if messages is not None:
        _merge_messages(session, row, messages)


def _merge_messages(
    session: Session, row: SupportRequestRow, messages: Sequence[ProviderMessage]
) -> None:
    known = session.scalars(
        select(SupportMessageRow).where(SupportMessageRow.request_id == row.id)
    ).all()
    by_provider = {m.provider_id: m for m in known if m.provider_id is not None}
    by_key = {m.idempotency_key: m for m in known if m.idempotency_key is not None}
    opening = next((m for m in known if m.idempotency_key is None and m.provider_id is None), None)
    for message in messages:
        local = by_provider.get(message.provider_id)
        if local is None and message.idempotency_key is not None:
            local = by_key.get(message.idempotency_key)
        if local is None and message.author is SupportAuthor.CUSTOMER and opening is not None:
            local, opening = opening, None  # the opening message, as the provider holds it
        if local is not None:
            local.provider_id = message.provider_id
            local.created_at = message.created_at  # the provider's clock orders the thread
            if local.sent_at is None:
                local.sent_at = row.updated_at
            if not message.unread:
                local.unread = False
            continue
        session.add(
            SupportMessageRow(
                request_id=row.id,
                provider_id=message.provider_id,
                idempotency_key=message.idempotency_key,
                author=message.author.value,
                body=message.body,
                created_at=message.created_at,
                sent_at=message.created_at,
                unread=message.unread and message.author is SupportAuthor.AGENT,
                announced=message.author is SupportAuthor.CUSTOMER,
            )
        )
    session.flush()


def known_message_counts(session: Session) -> dict[int, int]:
    """Per request, how many of its messages the provider is known to hold."""
    query = (
        select(SupportMessageRow.request_id, func.count())
        .where(SupportMessageRow.provider_id.is_not(None))
        .group_by(SupportMessageRow.request_id)
    )
    return {int(request_id): int(count) for request_id, count in session.execute(query).all()}


def mark_read(session: Session, local_id: int) -> str | None:
    """Mark the request's messages read; returns the provider id of its newest provider
    message (what to tell the provider), None when it has none."""
    session.execute(
        update(SupportMessageRow)
        .where(SupportMessageRow.request_id == local_id, SupportMessageRow.unread.is_(True))
        .values(unread=False)
    )
    return session.scalars(
        select(SupportMessageRow.provider_id)
        .where(
            SupportMessageRow.request_id == local_id,
            SupportMessageRow.author == SupportAuthor.AGENT.value,
            SupportMessageRow.provider_id.is_not(None),
        )
        .order_by(SupportMessageRow.id.desc())
        .limit(1)
    ).one_or_none()


def claim_announcements(session: Session, message_ids: Sequence[int]) -> list[int]:
    """Mark these messages told; returns those this call marked (another process sharing
    the database may have told some already)."""
    claimed = []
    for message_id in message_ids:
        result = session.execute(
            update(SupportMessageRow)
            .where(SupportMessageRow.id == message_id, SupportMessageRow.announced.is_(False))
            .values(announced=True)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(message_id)
    return claimed
