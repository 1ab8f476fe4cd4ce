"""Write side of the support journal (see `lebwallet.store.support`): journal a request or a
reply before it is sent, record what the provider accepted, merge the provider's cases.

Every function takes a `Session` inside a write transaction (`Store.session()`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lebwallet.domain.support import OrderFacts, SupportAuthor, SupportState, SupportTopic
from lebwallet.store.models import SupportMessageRow, SupportRequestRow
from lebwallet.store.support import (
    ProviderMessage,
    SupportMessageRecord,
    SupportRecord,
    facts_to_json,
    message_of,
    record_of,
)


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
    return record_of(row, 0)


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
    return message_of(message)


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
