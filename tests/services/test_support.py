"""SupportService end to end: a real SQLite store, the sandbox over loopback (stopped, faulty,
restarted on the same port), an injected sandbox clock for the agent's delay."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lebwallet.domain.support import MailDraft, SupportAuthor, SupportState, SupportTopic
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import ProviderUnavailable
from lebwallet.sandbox.config import ManualClock, SandboxConfig
from lebwallet.sandbox.server import SandboxServer
from lebwallet.services.support import (
    SupportChannel,
    SupportNotPossible,
    SupportReply,
    SupportService,
)
from lebwallet.services.sync import SyncService
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store.queries import order_by_provider_id
from lebwallet.store.support import SupportRecord

FAILED_ORDER = "ord_seed_acct_demo_0000005"
DELAY = 30


class Env:
    """A wallet (store + client + service) and a sandbox that can be stopped and restarted
    on the same port with the same data, with or without faults."""

    def __init__(self, tmp_path: Path, language: str = "en") -> None:
        self.clock = ManualClock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
        self.sandbox_dir = tmp_path / "sandbox"
        self.server = self._server(port=0, faults="")
        self.port = int(self.server.url.rsplit(":", 1)[1])
        self.store: Store = open_store(default_sqlite_url(tmp_path / "wallet"))
        self.client = ProviderClient(
            self.server.url, retries=2, backoff_factor=0.01, timeout=(1, 3), language=language
        )
        self.client.login(self.server.demo_credentials.email, self.server.demo_credentials.password)
        SyncService(self.client, self.store).sync_all()
        self.service = SupportService(self.client, self.store)
        self.events: list[SupportReply] = []
        self.service.subscribe(self.events.append)

    def _server(self, *, port: int, faults: str) -> SandboxServer:
        config = SandboxConfig(support_delay=DELAY)
        server = SandboxServer(
            self.sandbox_dir, port=port, faults=faults, clock=self.clock, config=config
        )
        return server.start()

    def restart(self, faults: str = "") -> None:
        self.server.stop()
        self.server = self._server(port=self.port, faults=faults)

    @contextmanager
    def offline(self) -> Iterator[None]:
        self.server.stop()
        try:
            yield
        finally:
            self.server = self._server(port=self.port, faults="")

    def order(self, provider_id: str = FAILED_ORDER) -> int:
        with self.store.session(readonly=True) as session:
            record = order_by_provider_id(session, provider_id)
        assert record is not None
        return record.local_id

    def cases_at_provider(self) -> int:
        with closing(sqlite3.connect(self.sandbox_dir / "sandbox.sqlite3")) as conn:
            count: int = conn.execute("SELECT COUNT(*) FROM support_cases").fetchone()[0]
        return count

    def close(self) -> None:
        self.client.close()
        self.server.stop()
        self.store.dispose()


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    running = Env(tmp_path)
    try:
        yield running
    finally:
        running.close()


def opened(
    env: Env, topic: SupportTopic = SupportTopic.OTHER, words: str = "Help"
) -> SupportRecord:
    result = env.service.open(env.order(), topic, words)
    assert isinstance(result, SupportRecord)
    return result


def test_answered_shown_unread_first_replied_and_closed(env: Env) -> None:
    other = opened(env, SupportTopic.WRONG_AMOUNT, "Wrong amount?")
    record = opened(env, SupportTopic.CHARGED_BUT_FAILED, "I was charged but it failed.")
    assert record.state is SupportState.OPEN
    assert record.sent
    assert record.facts.order_id == FAILED_ORDER
    assert record.facts.failure_code == "insufficient_funds"  # attached by the provider
    assert env.service.poll() == []

    env.service.close(other.local_id)
    env.clock.advance(DELAY)
    events = env.service.poll()
    assert [e.request_local_id for e in events] == [record.local_id]
    assert FAILED_ORDER in events[0].body
    assert env.events == events
    assert env.service.poll() == []  # told once

    listing = env.service.requests()
    assert [r.local_id for r in listing] == [record.local_id, other.local_id]  # unread first
    assert listing[0].unread == 1
    assert listing[0].state is SupportState.ANSWERED

    thread = env.service.thread(record.local_id)
    assert [m.author for m in thread.messages] == [SupportAuthor.CUSTOMER, SupportAuthor.AGENT]
    assert env.service.mark_read(record.local_id).unread == 0

    reply = env.service.reply(record.local_id, "Thank you, understood.")
    assert reply.sent
    env.clock.advance(DELAY)
    follow_up = env.service.poll()
    assert len(follow_up) == 1
    assert follow_up[0].closed  # the sandbox agent closes after the follow-up
    thread = env.service.thread(record.local_id)
    assert thread.request.state is SupportState.CLOSED
    assert [m.author for m in thread.messages] == [
        SupportAuthor.CUSTOMER,
        SupportAuthor.AGENT,
        SupportAuthor.CUSTOMER,
        SupportAuthor.AGENT,
    ]
    assert all(m.sent for m in thread.messages)
    with pytest.raises(SupportNotPossible):
        env.service.reply(record.local_id, "One more thing")


def test_written_offline_it_waits_and_is_sent_once(env: Env) -> None:
    with env.offline():
        record = opened(env, SupportTopic.NOT_CREDITED, "Written on the train.")
        assert record.state is SupportState.WAITING_TO_SEND
        assert not record.sent
        assert record.last_error is not None
        report = env.service.send_pending()
        assert report.sent_requests == 0
        assert report.failures
        with pytest.raises(ProviderUnavailable):
            env.service.poll()
    report = env.service.send_pending()
    assert report.sent_requests == 1
    assert env.service.send_pending().sent_requests == 0
    assert env.cases_at_provider() == 1
    sent = env.service.requests()[0]
    assert sent.sent
    assert sent.idempotency_key == record.idempotency_key
    env.clock.advance(DELAY)
    assert len(env.service.poll()) == 1
    assert env.cases_at_provider() == 1


def test_a_reply_written_offline_is_sent_once(env: Env) -> None:
    record = opened(env)
    with env.offline():
        waiting = env.service.reply(record.local_id, "Written offline")
        assert not waiting.sent
    assert env.service.send_pending().sent_replies == 1
    assert env.service.send_pending().sent_replies == 0
    customer = [
        m
        for m in env.service.thread(record.local_id).messages
        if m.author is SupportAuthor.CUSTOMER
    ]
    assert [m.body for m in customer] == ["Help", "Written offline"]


def test_a_reply_to_a_case_the_provider_closed_meanwhile_is_refused_once(env: Env) -> None:
    record = opened(env, SupportTopic.REFUND, "Refund please")
    env.clock.advance(DELAY)  # the sandbox agent answers and closes (not polled yet)
    with pytest.raises(SupportNotPossible):
        env.service.reply(record.local_id, "Are you there?")
    assert env.service.requests()[0].state is SupportState.CLOSED
    report = env.service.send_pending()
    assert (report.sent_replies, report.failures) == (0, [])


def test_a_form_sent_twice_makes_one_request(env: Env) -> None:
    key = "form-3f6c9a1e-0b8d-4a55-9d77-0c1b2f0e9a11"
    with env.offline():
        first = env.service.open(env.order(), SupportTopic.OTHER, "Twice", idempotency_key=key)
    second = env.service.open(env.order(), SupportTopic.OTHER, "Twice", idempotency_key=key)
    third = env.service.open(env.order(), SupportTopic.OTHER, "Twice", idempotency_key=key)
    assert isinstance(first, SupportRecord)
    assert isinstance(second, SupportRecord)
    assert second.local_id == first.local_id
    assert second.sent
    assert third == second
    assert len(env.service.requests()) == 1
    assert env.cases_at_provider() == 1


def test_a_retry_after_dropped_responses_does_not_duplicate(env: Env) -> None:
    env.restart(faults="drop_after_commit=1,paths=/v1/support/")
    record = opened(env, SupportTopic.REFUND, "Please refund.")
    assert record.state is SupportState.WAITING_TO_SEND  # every response was lost
    assert env.cases_at_provider() == 1  # ... but the case exists once
    env.restart()
    assert env.service.send_pending().sent_requests == 1
    assert env.cases_at_provider() == 1
    assert env.service.requests()[0].sent


def test_the_reply_to_a_chinese_request_is_chinese(tmp_path: Path) -> None:
    env = Env(tmp_path, language="zh-CN")
    try:
        with env.offline():
            opened(env, SupportTopic.REFUND, "请退款。")
        env.client.language = "en"  # switched before it could be sent: still a Chinese case
        assert env.service.send_pending().sent_requests == 1
        env.clock.advance(DELAY)
        (event,) = env.service.poll()
        assert "退款" in event.body
        assert "演示环境" in event.body
        assert event.closed
    finally:
        env.close()


def test_a_channel_without_a_support_api_gets_a_mail_draft(env: Env) -> None:
    channel = SupportChannel(
        "Reloadly", has_support_api=False, support_email="support@reloadly.com"
    )
    draft = env.service.open(
        env.order(), SupportTopic.NOT_CREDITED, "Not credited.", channel=channel
    )
    assert isinstance(draft, MailDraft)
    assert draft.url.startswith("mailto:support@reloadly.com?subject=Order%20")
    assert FAILED_ORDER in draft.body
    assert "Not credited." in draft.body
    assert "insufficient_funds" in draft.body
    assert "%0D%0A" in draft.url
    assert env.service.requests() == []
    assert env.cases_at_provider() == 0


def test_bad_words_change_nothing(env: Env) -> None:
    with pytest.raises(ValueError, match="empty"):
        env.service.open(env.order(), SupportTopic.OTHER, "   ")
    assert env.service.requests() == []
