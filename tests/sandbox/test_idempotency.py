"""`Idempotency-Key` on POST /v1/orders: replay, mismatch, refusal without a key, and one order
under concurrent retries."""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.sandbox.demo_api import TIMEOUT, Api, count, order_body, snapshot


def test_same_key_and_body_replays_the_same_order_in_its_current_state(api: Api) -> None:
    key = str(uuid.uuid4())
    first = api.create_order(key=key)
    assert first.status_code == 201
    assert first.headers["Location"] == f"/v1/orders/{first.json()['id']}"
    assert "Idempotency-Replayed" not in first.headers
    api.pay_by_card(first.json(), "4242424242424242")

    # Member order and white space do not matter: the same JSON value is the same body.
    body = json.dumps(dict(reversed(list(order_body().items()))), indent=2)
    replay = api.post(
        "/v1/orders",
        data=body,
        headers={"Idempotency-Key": key, "Content-Type": "application/json"},
    )
    assert replay.status_code == 200
    assert replay.headers["Idempotency-Replayed"] == "true"
    assert replay.json()["id"] == first.json()["id"]
    assert replay.json()["status"] in ("paid", "crediting", "credited")
    assert count(api.handle, "orders") == 5 + 1  # the demo history and this one


def test_same_key_with_another_body_is_a_conflict(api: Api) -> None:
    key = str(uuid.uuid4())
    assert api.create_order(key=key).status_code == 201
    before = snapshot(api.handle)
    response = api.create_order(key=key, amount={"value": "15.00", "currency": "GBP"})
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_mismatch"
    assert snapshot(api.handle) == before


@pytest.mark.parametrize("key", [None, "short", "has space in it", "é" * 10, "x" * 256])
def test_a_missing_or_malformed_key_is_refused(api: Api, key: str | None) -> None:
    before = snapshot(api.handle)
    headers = {} if key is None else {"Idempotency-Key": key.encode("utf-8").decode("latin-1")}
    response = api.post("/v1/orders", json=order_body(), headers=headers)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"
    assert snapshot(api.handle) == before


def test_a_refused_request_stores_nothing_under_its_key(api: Api) -> None:
    key = str(uuid.uuid4())
    refused = api.create_order(key=key, amount={"value": "1.00", "currency": "GBP"})
    assert refused.status_code == 422
    created = api.create_order(key=key)
    assert created.status_code == 201


def test_keys_are_scoped_to_the_account(api: Api) -> None:
    key = str(uuid.uuid4())
    assert api.create_order(key=key).status_code == 201
    with requests.Session() as other:
        pending = other.post(
            f"{api.url}/v1/auth/register",
            json={"phone": "+447400100777", "password": "password-123", "name": "Other"},
            timeout=TIMEOUT,
        ).json()
        tokens = other.post(
            f"{api.url}/v1/auth/verify",
            json={"verification_id": pending["verification_id"], "code": pending["sandbox_code"]},
            timeout=TIMEOUT,
        ).json()
        other.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        response = other.post(
            f"{api.url}/v1/orders",
            json=order_body(),
            headers={"Idempotency-Key": key},
            timeout=TIMEOUT,
        )
    assert response.status_code == 404  # the other account has no such card; no replay leak


def test_concurrent_requests_with_one_key_make_one_order(api: Api) -> None:
    key = str(uuid.uuid4())
    headers = {"Authorization": f"Bearer {api.token}", "Idempotency-Key": key}

    def send(_: int) -> requests.Response:
        return requests.post(
            f"{api.url}/v1/orders", json=order_body(), headers=headers, timeout=TIMEOUT
        )

    with ThreadPoolExecutor(max_workers=12) as pool:
        responses = list(pool.map(send, range(24)))
    assert sorted({r.status_code for r in responses}) == [200, 201]
    assert sum(r.status_code == 201 for r in responses) == 1
    assert len({r.json()["id"] for r in responses}) == 1
    assert count(api.handle, "orders") == 5 + 1
