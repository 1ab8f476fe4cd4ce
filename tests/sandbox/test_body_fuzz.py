"""Fuzz: any body sent to any JSON operation of the sandbox — JSON of any shape, nested deeper
than a parser recurses, huge numbers, bytes that are not UTF-8 — is answered below 500 with a
problem document, and a refused request changes nothing the account can see."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sandbox.demo_api import Api

OPERATIONS = [
    ("POST", "/v1/auth/register"),
    ("POST", "/v1/auth/verify"),
    ("POST", "/v1/auth/login"),
    ("POST", "/v1/auth/refresh"),
    ("PATCH", "/v1/account"),
    ("POST", "/v1/cards"),
    ("PATCH", "/v1/cards/card_demo_uk"),
    ("POST", "/v1/orders"),
]
_KEYS = [
    "login",
    "password",
    "name",
    "card_id",
    "label",
    "iccid",
    "msisdn",
    "amount",
    "value",
    "currency",
    "payment_method",
    "pay_currency",
    "refresh_token",
    "code",
]
_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=20,
)
_bodies = st.one_of(
    _values.map(lambda v: json.dumps(v).encode()),
    st.integers(min_value=1, max_value=60_000).map(lambda n: b"[" * n),
    st.integers(min_value=1, max_value=20_000).map(lambda n: b'{"name": ' * n),
    st.integers(min_value=4400, max_value=20_000).map(lambda n: b"1" * n),
    st.binary(max_size=100),
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operation=st.sampled_from(OPERATIONS), body=_bodies)
def test_any_body_is_a_problem_below_500(api: Api, operation: tuple[str, str], body: bytes) -> None:
    method, path = operation
    response = api.session.request(
        method,
        api.url + path,
        data=body,
        headers={"Content-Type": "application/json", "Idempotency-Key": "fuzz-key-0001"},
        timeout=10,
    )
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if response.status_code >= 400:
        assert response.headers["Content-Type"].startswith("application/problem+json")
        assert response.json()["status"] == response.status_code


def test_json_nested_too_deeply_is_a_400(api: Api) -> None:
    for path in ("/v1/orders", "/v1/auth/login"):
        response = api.session.post(
            api.url + path,
            data=b"[" * 60_000,
            headers={"Content-Type": "application/json", "Idempotency-Key": "deep-key-0001"},
            timeout=10,
        )
        assert response.status_code == 400, path
        assert response.json()["code"] == "malformed_json"
