"""Support cases on the running sandbox over HTTP: facts attached by the provider, the agent's
answer after `support_delay` in the case's language, replies, close, read, idempotency."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from lebwallet.sandbox.config import ManualClock, SandboxConfig
from tests.sandbox.demo_api import Api
from tests.support.sandbox import SandboxHandle, running_sandbox

FAILED_ORDER = "ord_seed_acct_demo_0000005"
CREDITED_ORDER = "ord_seed_acct_demo_0000001"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def handle(tmp_path: Path, clock: ManualClock) -> Iterator[SandboxHandle]:
    config = SandboxConfig(support_delay=30)
    with running_sandbox(tmp_path / "sandbox", clock=clock, config=config) as running:
        yield running


@pytest.fixture
def support_api(handle: SandboxHandle) -> Iterator[Api]:
    with requests.Session() as session:
        yield Api(handle, session)


def open_case(
    api: Api, *, key: str | None = None, language: str = "en", **body: Any
) -> requests.Response:
    payload = {"order_id": FAILED_ORDER, "topic": "charged_but_failed", "message": "Help"}
    payload.update(body)
    headers = {"Idempotency-Key": key or str(uuid.uuid4()), "Accept-Language": language}
    return api.post("/v1/support/cases", json=payload, headers=headers)


def cases_in_db(handle: SandboxHandle) -> int:
    with closing(sqlite3.connect(handle.server.data_dir / "sandbox.sqlite3")) as conn:
        count: int = conn.execute("SELECT COUNT(*) FROM support_cases").fetchone()[0]
    return count


def test_a_case_carries_the_orders_facts_and_is_answered_after_the_delay(
    support_api: Api, clock: ManualClock
) -> None:
    opened = open_case(support_api, message="I was charged but the order failed.")
    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert case["status"] == "open"
    assert case["language"] == "en"
    facts = case["facts"]
    assert facts["order_id"] == FAILED_ORDER
    assert facts["status"] == "failed"
    assert facts["failure_code"] == "insufficient_funds"
    assert "•" in facts["card_number"] or "*" in facts["card_number"]
    assert [step["status"] for step in facts["timeline"]] == ["awaiting_payment", "failed"]
    assert facts["amount"] == {"value": "25.00", "currency": "USD"}

    clock.advance(29)
    thread = support_api.get(f"/v1/support/cases/{case['id']}").json()
    assert [m["author"] for m in thread["messages"]] == ["customer"]

    clock.advance(1)
    thread = support_api.get(f"/v1/support/cases/{case['id']}").json()
    assert [m["author"] for m in thread["messages"]] == ["customer", "agent"]
    agent = thread["messages"][1]
    assert agent["unread"] is True
    assert FAILED_ORDER in agent["body"]
    assert "no real money" in agent["body"]
    assert thread["case"]["status"] == "answered"
    assert thread["case"]["unread_count"] == 1

    listing = support_api.get("/v1/support/cases").json()
    assert [c["unread_count"] for c in listing["items"]] == [1]

    read = support_api.post(
        f"/v1/support/cases/{case['id']}/read", json={"up_to_message_id": agent["id"]}
    )
    assert read.status_code == 200, read.text
    assert read.json()["unread_count"] == 0

    key = str(uuid.uuid4())
    replied = support_api.post(
        f"/v1/support/cases/{case['id']}/messages",
        json={"message": "Thanks, it is clear now."},
        headers={"Idempotency-Key": key},
    )
    assert replied.status_code == 201, replied.text
    again = support_api.post(
        f"/v1/support/cases/{case['id']}/messages",
        json={"message": "Thanks, it is clear now."},
        headers={"Idempotency-Key": key},
    )
    assert again.status_code == 200
    assert again.headers["Idempotency-Replayed"] == "true"
    assert again.json()["id"] == replied.json()["id"]

    clock.advance(30)
    thread = support_api.get(f"/v1/support/cases/{case['id']}").json()
    assert [m["author"] for m in thread["messages"]] == ["customer", "agent", "customer", "agent"]
    assert thread["case"]["status"] == "closed"  # the follow-up closes it
    refused = support_api.post(
        f"/v1/support/cases/{case['id']}/messages",
        json={"message": "One more thing"},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "support_case_closed"


def test_the_answer_is_in_the_cases_language(support_api: Api, clock: ManualClock) -> None:
    case = open_case(support_api, language="zh-CN", topic="refund").json()
    assert case["language"] == "zh-CN"
    clock.advance(30)
    thread = support_api.get(
        f"/v1/support/cases/{case['id']}", headers={"Accept-Language": "en"}
    ).json()
    body = thread["messages"][-1]["body"]
    assert "退款" in body
    assert "演示环境" in body
    assert thread["case"]["status"] == "closed"  # a refund in the sandbox: nothing to refund


def test_not_credited_about_a_credited_order_says_so_and_closes(
    support_api: Api, clock: ManualClock
) -> None:
    case = open_case(support_api, order_id=CREDITED_ORDER, topic="not_credited").json()
    clock.advance(30)
    thread = support_api.get(f"/v1/support/cases/{case['id']}").json()
    assert "was credited at" in thread["messages"][-1]["body"]
    assert thread["case"]["status"] == "closed"


def test_opening_is_idempotent_by_key(support_api: Api, handle: SandboxHandle) -> None:
    key = str(uuid.uuid4())
    first = open_case(support_api, key=key)
    second = open_case(support_api, key=key)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.headers["Idempotency-Replayed"] == "true"
    assert first.json()["id"] == second.json()["id"]
    other = open_case(support_api, key=key, message="Something else")
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_mismatch"
    assert cases_in_db(handle) == 1


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"order_id": "ord_nobody"}, 404, "not_found"),
        ({"message": "   "}, 422, "validation_error"),
        ({"message": "bell\x07"}, 422, "validation_error"),
        ({"topic": "lost_cat"}, 422, "validation_error"),
        ({"facts": {}}, 422, "validation_error"),
    ],
)
def test_a_bad_case_is_refused_and_stores_nothing(
    support_api: Api, handle: SandboxHandle, change: dict[str, Any], status: int, code: str
) -> None:
    refused = open_case(support_api, **change)
    assert refused.status_code == status, refused.text
    assert refused.json()["code"] == code
    assert cases_in_db(handle) == 0


def test_a_missing_key_is_refused_in_chinese(support_api: Api) -> None:
    refused = support_api.post(
        "/v1/support/cases",
        json={"order_id": FAILED_ORDER, "topic": "other", "message": "hi"},
        headers={"Accept-Language": "zh-CN"},
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "idempotency_key_required"
    assert "重试同一留言" in refused.json()["detail"]


def test_close_is_idempotent_and_another_accounts_case_is_not_found(support_api: Api) -> None:
    case = open_case(support_api).json()
    first = support_api.post(f"/v1/support/cases/{case['id']}/close")
    second = support_api.post(f"/v1/support/cases/{case['id']}/close")
    assert first.status_code == second.status_code == 200
    assert first.json()["closed_at"] == second.json()["closed_at"]
    missing = support_api.get("/v1/support/cases/case_nobody")
    assert missing.status_code == 404


def test_every_agent_reply_has_its_chinese_with_the_same_placeholders() -> None:
    import re
    import string

    from lebwallet.sandbox import support_texts

    english = [
        value
        for name, value in vars(support_texts).items()
        if name.isupper() and isinstance(value, str) and name != "CHINESE"  # imported
    ]
    assert set(english) == set(support_texts.ZH_SUPPORT)
    for sentence in english:
        chinese = support_texts.ZH_SUPPORT[sentence]
        fields = {f for _, f, _, _ in string.Formatter().parse(sentence) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(chinese) if f}
        assert not re.search(r"[,.;:()]", re.sub(r"\{\w+\}", "", chinese)), chinese
