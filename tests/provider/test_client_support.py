"""ProviderClient's support methods against the running sandbox: open (idempotent, retried
through a dropped response), list, thread, reply, mark read, close."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lebwallet.provider import wire
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import Conflict, NotFound
from lebwallet.sandbox.config import ManualClock, SandboxConfig
from tests.support.sandbox import SandboxHandle, running_sandbox

ORDER = "ord_seed_acct_demo_0000005"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))


def _client(handle: SandboxHandle) -> ProviderClient:
    client = ProviderClient(handle.url, retries=3, backoff_factor=0.01, timeout=(2, 5))
    client.login(handle.email, handle.password)
    return client


@pytest.fixture
def client(tmp_path: Path, clock: ManualClock) -> Iterator[ProviderClient]:
    config = SandboxConfig(support_delay=10)
    with running_sandbox(tmp_path, clock=clock, config=config) as handle, _client(handle) as c:
        yield c


def request(message: str = "The top-up never arrived.") -> wire.OpenSupportCaseRequest:
    return wire.OpenSupportCaseRequest(
        order_id=ORDER, topic=wire.SupportTopic.NOT_CREDITED, message=message
    )


def test_a_case_from_open_to_close(client: ProviderClient, clock: ManualClock) -> None:
    key = str(uuid.uuid4())
    case = client.open_support_case(request(), idempotency_key=key)
    assert client.open_support_case(request(), idempotency_key=key) == case
    assert case.facts.order_id == ORDER
    assert [c.id for c in client.list_support_cases(page_size=1)] == [case.id]

    clock.advance(10)
    thread = client.get_support_thread(case.id)
    agent = thread.messages[-1]
    assert agent.author is wire.SupportAuthor.AGENT
    assert thread.case.unread_count == 1
    assert client.mark_support_read(case.id, agent.id).unread_count == 0

    # the order failed: "not credited" is answered and closed by the agent
    assert thread.case.status is wire.SupportCaseStatus.CLOSED
    with pytest.raises(Conflict) as refused:
        client.reply_to_support_case(case.id, "And?", idempotency_key=str(uuid.uuid4()))
    assert refused.value.code is wire.ErrorCode.SUPPORT_CASE_CLOSED
    assert client.close_support_case(case.id).status is wire.SupportCaseStatus.CLOSED


def test_reply_is_idempotent_by_key(client: ProviderClient) -> None:
    case = client.open_support_case(
        request().model_copy(update={"topic": wire.SupportTopic.OTHER}),
        idempotency_key=str(uuid.uuid4()),
    )
    key = str(uuid.uuid4())
    first = client.reply_to_support_case(case.id, "More details", idempotency_key=key)
    again = client.reply_to_support_case(case.id, "More details", idempotency_key=key)
    assert first == again
    assert [m.author for m in client.get_support_thread(case.id).messages] == [
        wire.SupportAuthor.CUSTOMER,
        wire.SupportAuthor.CUSTOMER,
    ]


def test_unknown_case_and_bad_key(client: ProviderClient) -> None:
    with pytest.raises(NotFound):
        client.get_support_thread("case_nobody")
    with pytest.raises(ValueError, match="idempotency key"):
        client.open_support_case(request(), idempotency_key="short")


def test_a_dropped_response_is_retried_with_the_same_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # seed 1: the first support request's response is dropped, the retry's is not
    faults = "drop_after_commit=0.5,seed=1,paths=/v1/support/"
    caplog.set_level(logging.INFO, logger="lebwallet.sandbox")
    with running_sandbox(tmp_path, faults=faults) as handle, _client(handle) as client:
        case = client.open_support_case(request(), idempotency_key=str(uuid.uuid4()))
        dropped = [r for r in caplog.records if "dropped the response" in r.getMessage()]
        assert len(dropped) == 1
        assert [c.id for c in client.list_support_cases()] == [case.id]
