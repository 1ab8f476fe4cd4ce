"""Support about an order: the support journal, sending exactly once, and replies as events.

    service = SupportService(client, store)   # the client's language is the requests'

    opened = service.open(order_local_id, SupportTopic.NOT_CREDITED, "words")
        # SupportRecord (sent, or waiting to send when offline) — or a MailDraft for a
        # channel without a support API: the UI opens `draft.url` and says so
    service.requests()           # unread first
    service.thread(local_id)     # the thread, brought up to date when the provider answers
    service.reply(local_id, "words"); service.mark_read(local_id); service.close(local_id)
    service.send_pending()       # what was written offline, once the provider is back
    service.poll()               # new replies -> SupportReply events (also to subscribers)

Language: a request is written in the client's language (`ProviderClient.language`) and
sent in it even when sent later, so the provider answers it in that language.

Exactly once: a request (and each reply) is written to the journal with an idempotency key
made before the first attempt, then sent with that key; every later attempt (`send_pending`,
a second `open` never makes a new key) reuses it, so the provider holds one case per
request, even after a dropped response. A request the provider has (`provider_id` set) is
never sent again. The provider attaches the order's facts itself: only the order id, the
topic and the words are sent; the journal keeps the wallet's own facts until then (and for
the mail draft).

Events: `poll()` returns each new reply of the provider once (`SupportReply`; "told once" is
kept in the store, so a restart does not repeat it) and hands it to every subscriber, on the
calling thread; the UI adapter re-emits it as a signal for the notice list and the tray.
Blocking: call it off the GUI thread, one instance per thread (the client is not shared).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

from lebwallet.clock import utc_now
from lebwallet.domain.support import (
    MailDraft,
    OrderFacts,
    SupportState,
    SupportTopic,
    check_message,
    mail_draft,
)
from lebwallet.provider import wire
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import (
    AuthenticationRequired,
    Conflict,
    ProviderError,
    ProviderUnavailable,
)
from lebwallet.services.support_values import (
    CASE_STATES,
    LEB_PROVIDER,
    SendReport,
    SupportChannel,
    SupportListener,
    SupportNotPossible,
    SupportReply,
    SupportThread,
    SupportUnknown,
    facts_from_wire,
    local_order_facts,
    provider_message,
)
from lebwallet.store.engine import Store
from lebwallet.store.support import (
    SupportMessageRecord,
    SupportRecord,
    known_message_counts,
    support_messages,
    support_request,
    support_request_by_key,
    support_requests,
    unannounced_replies,
    unsent_replies,
    unsent_requests,
)
from lebwallet.store.support_writes import (
    apply_case,
    claim_announcements,
    journal_reply,
    journal_request,
    mark_reply_sent,
    note_send_failure,
)
from lebwallet.store.support_writes import mark_read as store_mark_read

log = logging.getLogger(__name__)


class SupportService:
    """Support requests about orders through the journal. One instance per thread."""

    def __init__(
        self,
        client: ProviderClient,
        store: Store,
        *,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._client = client
        self._store = store
        self._now = now
        self._listeners: list[SupportListener] = []

    def subscribe(self, listener: SupportListener) -> None:
        """Call `listener` with each new reply `poll()` finds (on the polling thread)."""
        self._listeners.append(listener)

    # --- open ---------------------------------------------------------------------------

    def order_facts(self, order_local_id: int) -> OrderFacts:
        """The order's facts as the wallet knows them (for the mail draft and the journal)."""
        return local_order_facts(self._store, order_local_id)

    def open(
        self,
        order_local_id: int,
        topic: SupportTopic,
        words: str,
        *,
        channel: SupportChannel = LEB_PROVIDER,
        idempotency_key: str | None = None,
    ) -> SupportRecord | MailDraft:
        """Ask about an order. Through a channel with a support API: journal the request
        (with a new idempotency key) and send it — a `SupportRecord`, `WAITING_TO_SEND` when
        the provider cannot be reached now (`send_pending` sends it later). Without one: a
        `MailDraft` to the channel's support address; nothing is stored or sent.

        `idempotency_key` (default: a new UUID4) lets a form that is sent twice (a double
        click, Send again after an error) make one request: the UI makes it when the form
        opens; a request already journalled with it is returned (sent first if it waits).

        `SupportMessageError` for words that cannot be sent, `SupportNotPossible` for an order
        the provider never confirmed. A refusal of the provider (any `ProviderError` but
        `ProviderUnavailable` and `AuthenticationRequired`) is raised; the request stays in
        the journal, closed, with the provider's reason (`last_error`), and is not sent again.
        """
        words = check_message(words)
        facts = self.order_facts(order_local_id)
        if not channel.has_support_api:
            if channel.support_email is None:
                raise SupportNotPossible(f"{channel.name} has no support address")
            return mail_draft(channel.support_email, facts, topic, words)
        if facts.order_id.startswith("local-"):
            raise SupportNotPossible("the provider has not confirmed this order yet")
        key = idempotency_key or str(uuid.uuid4())
        with self._store.session() as session:
            earlier = support_request_by_key(session, key)
        if earlier is not None:
            if earlier.sent or earlier.state is SupportState.CLOSED:
                return earlier
            return self._send_waiting(earlier)
        with self._store.session() as session:
            record = journal_request(
                session,
                idempotency_key=key,
                facts=facts,
                topic=topic,
                words=words,
                language=self._client.language,
                now=self._now(),
            )
        log.info("support request %s journalled for order %s", record.local_id, facts.order_id)
        return self._send_waiting(record)

    def _send_waiting(self, record: SupportRecord) -> SupportRecord:
        try:
            return self._send_request(record, self._opening_words(record.local_id))
        except ProviderUnavailable as error:
            log.info("support request %s waits to be sent: %s", record.local_id, error)
            return self._get(record.local_id)

    def _opening_words(self, local_id: int) -> str:
        with self._store.session(readonly=True) as session:
            messages = support_messages(session, local_id)
        return next(m.body for m in messages if m.idempotency_key is None)

    def _send_request(self, record: SupportRecord, words: str) -> SupportRecord:
        request = wire.OpenSupportCaseRequest(
            order_id=record.order_id, topic=wire.SupportTopic(record.topic.value), message=words
        )
        try:
            case = self._client.open_support_case(
                request, idempotency_key=record.idempotency_key, language=record.language
            )
        except ProviderError as error:
            refused = not isinstance(error, ProviderUnavailable | AuthenticationRequired)
            with self._store.session() as session:
                note_send_failure(
                    session, record.local_id, str(error), self._now(), refused=refused
                )
            raise
        self._apply(record.local_id, case, None)
        log.info("support request %s sent as case %s", record.local_id, case.id)
        return self._get(record.local_id)

    def _apply(
        self, local_id: int, case: wire.SupportCase, thread: wire.SupportThread | None
    ) -> None:
        with self._store.session() as session:
            apply_case(
                session,
                local_id,
                provider_id=case.id,
                state=CASE_STATES[case.status],
                facts=facts_from_wire(case.facts),
                closed_at=case.closed_at,
                last_message_at=case.last_message_at,
                messages=(
                    None if thread is None else [provider_message(m) for m in thread.messages]
                ),
                now=self._now(),
            )

    # --- read ---------------------------------------------------------------------------

    def _get(self, local_id: int) -> SupportRecord:
        with self._store.session(readonly=True) as session:
            record = support_request(session, local_id)
        if record is None:
            raise SupportUnknown(f"no support request {local_id}")
        return record

    def requests(self) -> list[SupportRecord]:
        """Every support request, those with unread replies first (store only, no network)."""
        with self._store.session(readonly=True) as session:
            return support_requests(session)

    def thread(self, local_id: int, *, refresh: bool = True) -> SupportThread:
        """The request and its messages; with `refresh`, first brought up to date from the
        provider when it can be reached (otherwise what the journal holds)."""
        record = self._get(local_id)
        if refresh and record.provider_id is not None:
            try:
                found = self._client.get_support_thread(record.provider_id)
            except ProviderUnavailable as error:
                log.info("support request %s shown from the journal: %s", local_id, error)
            else:
                self._apply(local_id, found.case, found)
        with self._store.session(readonly=True) as session:
            request = support_request(session, local_id)
            messages = support_messages(session, local_id)
        assert request is not None
        return SupportThread(request, tuple(messages))

    # --- change -------------------------------------------------------------------------

    def reply(self, local_id: int, words: str) -> SupportMessageRecord:
        """Journal the user's reply with a new key and send it (later, when offline).
        `SupportNotPossible` when the request is closed (here, or meanwhile at the provider:
        then the request is brought up to date and the reply is never sent)."""
        words = check_message(words)
        record = self._get(local_id)
        if record.state is SupportState.CLOSED:
            raise SupportNotPossible("the support request is closed; open a new one")
        with self._store.session() as session:
            message = journal_reply(
                session, local_id, idempotency_key=str(uuid.uuid4()), words=words, now=self._now()
            )
        if record.provider_id is None:
            return message
        try:
            self._send_reply(message, record.provider_id)
        except ProviderUnavailable as error:
            log.info("support reply %s waits to be sent: %s", message.local_id, error)
        except Conflict as error:
            if error.code is not wire.ErrorCode.SUPPORT_CASE_CLOSED:
                raise
            self.thread(local_id)  # closed by the provider meanwhile: take its state
            raise SupportNotPossible("the support request is closed; open a new one") from None
        return next(
            m
            for m in self.thread(local_id, refresh=False).messages
            if m.local_id == message.local_id
        )

    def _send_reply(self, message: SupportMessageRecord, case_id: str) -> None:
        assert message.idempotency_key is not None
        sent = self._client.reply_to_support_case(
            case_id, message.body, idempotency_key=message.idempotency_key
        )
        with self._store.session() as session:
            mark_reply_sent(session, message.local_id, sent.id, self._now())

    def close(self, local_id: int) -> SupportRecord:
        """Close the request at the provider (needs the provider: `ProviderUnavailable`)."""
        record = self._get(local_id)
        if record.provider_id is None:
            raise SupportNotPossible("the request is not sent yet; it cannot be closed")
        case = self._client.close_support_case(record.provider_id)
        self._apply(local_id, case, None)
        return self._get(local_id)

    def mark_read(self, local_id: int) -> SupportRecord:
        """Mark the request's replies read here, and at the provider when it can be reached
        (if not, `poll` tells it later)."""
        with self._store.session() as session:
            newest = store_mark_read(session, local_id)
        record = self._get(local_id)
        if newest is not None and record.provider_id is not None:
            try:
                self._client.mark_support_read(record.provider_id, newest)
            except ProviderUnavailable as error:
                log.info("support request %s read here only for now: %s", local_id, error)
        return record

    # --- background -----------------------------------------------------------------------

    def send_pending(self) -> SendReport:
        """Send every request and reply written while the provider could not be reached,
        each with its own key (so never twice). Failures are reported, not raised."""
        with self._store.session(readonly=True) as session:
            requests = unsent_requests(session)
        sent_requests = sent_replies = 0
        failures: list[str] = []
        for record in requests:
            try:
                self._send_request(record, self._opening_words(record.local_id))
                sent_requests += 1
            except ProviderError as error:
                failures.append(f"support request {record.local_id}: {error}")
        with self._store.session(readonly=True) as session:
            replies = unsent_replies(session)
        for message, case_id in replies:
            try:
                self._send_reply(message, case_id)
                sent_replies += 1
            except ProviderError as error:
                failures.append(f"support reply {message.local_id}: {error}")
        return SendReport(sent_requests, sent_replies, failures)

    def poll(self) -> list[SupportReply]:
        """Send what waits, bring every changed case up to date (one list request, then one
        thread request per case with news) and announce each new reply once."""
        self.send_pending()
        cases = {case.id: case for case in self._client.list_support_cases()}
        with self._store.session(readonly=True) as session:
            records = [r for r in support_requests(session) if r.provider_id is not None]
            known = known_message_counts(session)
        for record in records:
            case = cases.get(record.provider_id or "")
            if case is None:
                continue
            changed = (
                CASE_STATES[case.status] is not record.state
                or case.message_count != known.get(record.local_id, 0)
                or case.unread_count != record.unread
            )
            if changed:
                found = self._client.get_support_thread(case.id)
                self._apply(record.local_id, found.case, found)
                if case.unread_count and not self._get(record.local_id).unread:
                    self.mark_read(record.local_id)  # read here while the provider was away
        return self._announce()

    def _announce(self) -> list[SupportReply]:
        with self._store.session() as session:
            found = unannounced_replies(session)
            claimed = set(claim_announcements(session, [m.local_id for m, _ in found]))
        fresh = [(message, record) for message, record in found if message.local_id in claimed]
        events = [
            SupportReply(
                request_local_id=record.local_id,
                message_local_id=message.local_id,
                order_id=record.order_id,
                topic=record.topic,
                body=message.body,
                at=message.created_at,
                closed=record.state is SupportState.CLOSED,
            )
            for message, record in fresh
        ]
        for event in events:
            for listener in self._listeners:
                listener(event)
        return events


__all__ = [
    "LEB_PROVIDER",
    "MailDraft",
    "SendReport",
    "SupportChannel",
    "SupportListener",
    "SupportNotPossible",
    "SupportReply",
    "SupportService",
    "SupportThread",
    "SupportUnknown",
]
