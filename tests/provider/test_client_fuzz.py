"""Fuzz: whatever a hostile provider answers (status, content type, headers, body — JSON of
any shape, broken JSON, bytes), the client either returns a validated model or raises a
`ProviderError`; nothing else escapes, and nothing takes longer than the call's deadline."""

from __future__ import annotations

import contextlib
import json
import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import ProviderError
from lebwallet.provider.wire import TokenPair
from tests.support.misbehaving_server import MisbehavingServer, Reply

PAIR = TokenPair(
    access_token="access-1",
    token_type="Bearer",
    expires_in=900,
    refresh_token="refresh-1",
    refresh_expires_in=86400,
)

_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
_json: st.SearchStrategy[Any] = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)
_keys = st.sampled_from(
    ["profile", "items", "next_cursor", "id", "status", "code", "access_token", "cards"]
)
_shaped = st.dictionaries(_keys, _json, max_size=6)
_bodies = st.one_of(
    _json.map(lambda v: json.dumps(v).encode()),
    _shaped.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
    st.just(b"[" * 5000),
    st.just(b'{"a": ' * 3000),
)
_replies = st.builds(
    Reply,
    status=st.sampled_from([200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 429, 500, 503]),
    body=_bodies,
    content_type=st.sampled_from(
        ["application/json", "application/problem+json", "text/html", "", "application/json; x"]
    ),
    headers=st.dictionaries(
        st.sampled_from(["Retry-After", "Content-Encoding", "Location"]),
        st.sampled_from(["0", "-1", "nan", "gzip", "http://evil.example/", "9" * 30]),
        max_size=2,
    ),
)
_calls = st.sampled_from(["account", "list_cards", "get_order", "refresh", "login"])


def _call(client: ProviderClient, name: str) -> object:
    if name == "get_order":
        return client.get_order("ord_1")
    if name == "login":
        return client.login("a@example.com", "password")
    return getattr(client, name)()


def test_any_answer_is_a_model_or_a_provider_error() -> None:
    with MisbehavingServer() as server:

        @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(reply=_replies, call=_calls)
        def check(reply: Reply, call: str) -> None:
            for method, path in [
                ("GET", "/v1/account"),
                ("GET", "/v1/cards"),
                ("GET", "/v1/orders/ord_1"),
                ("POST", "/v1/auth/refresh"),
                ("POST", "/v1/auth/login"),
            ]:
                server.script(method, path, reply)
            with ProviderClient(
                server.url,
                tokens=PAIR,
                timeout=(1.0, 1.0),
                retries=1,
                backoff_factor=0,
                max_retry_after=0.1,
                deadline=3.0,
            ) as client:
                started = time.monotonic()
                with contextlib.suppress(ProviderError):
                    _call(client, call)
                assert time.monotonic() - started < 4.0

        check()
