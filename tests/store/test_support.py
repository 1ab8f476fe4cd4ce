"""The support journal on SQLite and PostgreSQL: a closed request never opens again, a read
reply never becomes unread, unread requests come first, each reply is told once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.support import (
    OrderFacts,
    StatusChange,
    SupportAuthor,
    SupportState,
    SupportTopic,
)
from lebwallet.store import Store
from lebwallet.store.support import (
    ProviderMessage,
    SupportRecord,
    support_messages,
    support_requests,
    unannounced_replies,
    unsent_requests,
)
from lebwallet.store.support_writes import (
    apply_case,
    claim_announcements,
    journal_request,
    mark_read,
)

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def facts(order_id: str = "ord_1") -> OrderFacts:
    return OrderFacts(
        order_id=order_id,
        card_id="card_1",
        card_number="+44 •••• 0123",
        carrier="giffgaff",
        status=OrderStatus.CREDITED,
        timeline=(StatusChange(OrderStatus.AWAITING_PAYMENT, T0),),
        payment_method="bank_card",
        amount=Money.of("10.00", "GBP"),
        credited=Money.of("11.00", "GBP"),
        total=Money.of("10.30", "GBP"),
        created_at=T0,
        updated_at=T0,
        paid_at=T0,
        credited_at=None,
        failure_code=None,
        failure_reason=None,
    )


def journal(store: Store, key: str, order_id: str = "ord_1") -> SupportRecord:
    with store.session() as session:
        return journal_request(
            session,
            idempotency_key=key,
            facts=facts(order_id),
            topic=SupportTopic.WRONG_AMOUNT,
            words="Wrong amount",
            language="en",
            now=T0,
        )


def message(
    provider_id: str, author: SupportAuthor, *, unread: bool, minute: int
) -> ProviderMessage:
    return ProviderMessage(
        provider_id=provider_id,
        author=author,
        body=f"{author.value} {provider_id}",
        created_at=T0 + timedelta(minutes=minute),
        unread=unread,
        idempotency_key=None,
    )


def apply(
    store: Store, record: SupportRecord, state: SupportState, messages: list[ProviderMessage]
) -> None:
    with store.session() as session:
        apply_case(
            session,
            record.local_id,
            provider_id=f"case_{record.local_id}",
            state=state,
            facts=facts(record.order_id),
            closed_at=T0 if state is SupportState.CLOSED else None,
            last_message_at=max((m.created_at for m in messages), default=T0),
            messages=messages,
            now=T0,
        )


def test_journal_round_trip_and_the_provider_case_merged(store: Store) -> None:
    record = journal(store, "key-00000001")
    assert record.state is SupportState.WAITING_TO_SEND
    assert record.facts == facts()
    with store.session(readonly=True) as session:
        assert [r.local_id for r in unsent_requests(session)] == [record.local_id]
    opening = message("m1", SupportAuthor.CUSTOMER, unread=False, minute=0)
    agent = message("m2", SupportAuthor.AGENT, unread=True, minute=1)
    apply(store, record, SupportState.ANSWERED, [opening, agent])
    apply(store, record, SupportState.ANSWERED, [opening, agent])  # again: nothing doubles
    with store.session(readonly=True) as session:
        assert unsent_requests(session) == []
        thread = support_messages(session, record.local_id)
        (listed,) = support_requests(session)
    assert [(m.author, m.provider_id, m.sent) for m in thread] == [
        (SupportAuthor.CUSTOMER, "m1", True),
        (SupportAuthor.AGENT, "m2", True),
    ]
    assert listed.unread == 1
    assert listed.state is SupportState.ANSWERED


def test_read_stays_read_and_closed_stays_closed(store: Store) -> None:
    record = journal(store, "key-00000002")
    agent = message("m2", SupportAuthor.AGENT, unread=True, minute=1)
    apply(store, record, SupportState.ANSWERED, [agent])
    with store.session() as session:
        assert mark_read(session, record.local_id) == "m2"
    apply(store, record, SupportState.CLOSED, [agent])  # the provider still says unread
    apply(store, record, SupportState.OPEN, [agent])  # and a late answer says open
    with store.session(readonly=True) as session:
        (listed,) = support_requests(session)
    assert listed.unread == 0
    assert listed.state is SupportState.CLOSED


def test_unread_requests_come_first(store: Store) -> None:
    quiet = journal(store, "key-00000003", "ord_1")
    answered = journal(store, "key-00000004", "ord_2")
    newest = journal(store, "key-00000005", "ord_3")
    apply(
        store,
        quiet,
        SupportState.OPEN,
        [message("a", SupportAuthor.CUSTOMER, unread=False, minute=9)],
    )
    apply(
        store,
        answered,
        SupportState.ANSWERED,
        [message("b", SupportAuthor.AGENT, unread=True, minute=1)],
    )
    apply(
        store,
        newest,
        SupportState.OPEN,
        [message("c", SupportAuthor.CUSTOMER, unread=False, minute=5)],
    )
    with store.session(readonly=True) as session:
        order = [r.order_id for r in support_requests(session)]
    assert order == ["ord_2", "ord_1", "ord_3"]


def test_each_reply_is_claimed_once(store: Store) -> None:
    record = journal(store, "key-00000006")
    apply(
        store,
        record,
        SupportState.ANSWERED,
        [message("m", SupportAuthor.AGENT, unread=True, minute=1)],
    )
    with store.session(readonly=True) as session:
        ((reply, _),) = unannounced_replies(session)
    with store.session() as session:
        assert claim_announcements(session, [reply.local_id]) == [reply.local_id]
    with store.session() as session:  # a second desktop on the same database
        assert claim_announcements(session, [reply.local_id]) == []
