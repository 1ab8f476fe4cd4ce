"""ProviderClient against a scripted misbehaving server: responses that break the contract are
ProtocolError, retries are counted exactly, timeouts, and checkout_url_allowed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import (
    AuthenticationRequired,
    ProtocolError,
    ProviderUnavailable,
    RateLimited,
    ValidationFailed,
)
from lebwallet.provider.replies import MAX_RESPONSE_BYTES
from lebwallet.provider.wire import ErrorCode, TokenPair
from tests.support.misbehaving_server import MisbehavingServer, Reply, problem

PAIR = TokenPair(
    access_token="access-1",
    token_type="Bearer",
    expires_in=900,
    refresh_token="refresh-1",
    refresh_expires_in=86400,
)
NEW_PAIR = PAIR.model_copy(update={"access_token": "access-2", "refresh_token": "refresh-2"})


def stamp() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def order_json(order_id: str, key: str = "key-12345678") -> dict[str, Any]:
    gbp = {"value": "10.00", "currency": "GBP"}
    zero = {"value": "0.00", "currency": "GBP"}
    return {
        "id": order_id,
        "card_id": "card_1",
        "idempotency_key": key,
        "status": "awaiting_payment",
        "payment_method": "bank_card",
        "payment_flow": "redirect",
        "price": {
            "amount": gbp,
            "discount": zero,
            "bonus": zero,
            "fx_rate": None,
            "fee": zero,
            "total": gbp,
            "credited_amount": gbp,
        },
        "promotion_id": None,
        "promo_code": None,
        "checkout_url": None,
        "qr_payload": None,
        "next_action": None,
        "created_at": stamp(),
        "updated_at": stamp(),
        "expires_at": (datetime.now(UTC) + timedelta(minutes=30)).isoformat(),
        "paid_at": None,
        "credited_at": None,
        "failure_code": None,
        "failure_reason": None,
    }


def account_json() -> dict[str, Any]:
    return {
        "profile": {
            "id": "acct_1",
            "name": "A",
            "email": "a@example.com",
            "phone": None,
            "default_payment_method": None,
            "profile_complete": True,
            "missing_fields": [],
            "created_at": stamp(),
        },
        "limits": {"day_resets_at": stamp(), "month_resets_at": stamp(), "currencies": []},
    }


@pytest.fixture
def server() -> Iterator[MisbehavingServer]:
    with MisbehavingServer() as running:
        yield running


@pytest.fixture
def client(server: MisbehavingServer) -> Iterator[ProviderClient]:
    with ProviderClient(
        server.url, tokens=PAIR, timeout=(1.0, 1.0), retries=2, backoff_factor=0.01
    ) as made:
        yield made


# --- contract violations ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, body=b"{not json"),
        Reply(200, body=b""),
        Reply(200, body=[1, 2, 3]),
        Reply(200, body={"profile": "nope"}),
        Reply(200, body=account_json(), content_type="text/html"),
        Reply(204),
        Reply(302, headers={"Location": "https://elsewhere.example/"}, content_type="text/html"),
        Reply(418, body="teapot", content_type="text/plain"),
        Reply(404, body={"detail": "not a problem"}, content_type="application/problem+json"),
    ],
    ids=[
        "bad-json",
        "empty",
        "array",
        "wrong-schema",
        "html",
        "no-content",
        "redirect",
        "teapot",
        "bad-problem",
    ],
)
def test_contract_violations_are_protocol_errors(
    server: MisbehavingServer, client: ProviderClient, reply: Reply
) -> None:
    server.script("GET", "/v1/account", reply)
    with pytest.raises(ProtocolError):
        client.account()
    assert server.count() == 1  # not retried, redirect not followed


def test_float_money_and_bad_timestamps_are_refused(
    server: MisbehavingServer, client: ProviderClient
) -> None:
    order = order_json("ord_1")
    order["price"]["amount"] = {"value": 10.0, "currency": "GBP"}
    server.script("GET", "/v1/orders/ord_1", Reply(200, body=order))
    with pytest.raises(ProtocolError, match=r"price\.amount\.value"):
        client.get_order("ord_1")
    order = order_json("ord_1")
    order["created_at"] = 1714560000
    server.script("GET", "/v1/orders/ord_1", Reply(200, body=order))
    with pytest.raises(ProtocolError):
        client.get_order("ord_1")


def test_oversized_response_is_refused(server: MisbehavingServer, client: ProviderClient) -> None:
    server.script("GET", "/v1/account", Reply(200, body=b" " * (MAX_RESPONSE_BYTES + 1)))
    with pytest.raises(ProtocolError, match="too large"):
        client.account()


def test_batch_with_orders_not_asked_for_is_refused(
    server: MisbehavingServer, client: ProviderClient
) -> None:
    page = {"items": [order_json("ord_1"), order_json("ord_evil")], "next_cursor": None}
    server.script("GET", "/v1/orders", Reply(200, body=page))
    with pytest.raises(ProtocolError, match="ord_evil"):
        client.get_orders(["ord_1", "ord_2"])


def test_order_of_another_key_is_refused(server: MisbehavingServer, client: ProviderClient) -> None:
    from tests.provider.test_client import gbp_order

    server.script("POST", "/v1/orders", Reply(201, body=order_json("ord_1", key="other-key-1")))
    with pytest.raises(ProtocolError, match="another key"):
        client.create_order(gbp_order(), idempotency_key="my-key-123456")


def test_repeating_cursor_is_refused(server: MisbehavingServer, client: ProviderClient) -> None:
    server.script("GET", "/v1/orders", Reply(200, body={"items": [], "next_cursor": "abc"}))
    with pytest.raises(ProtocolError, match="repeats a cursor"):
        list(client.orders_updated_since(None))
    assert server.count() == 2


def test_batching_counts_on_the_wire(server: MisbehavingServer, client: ProviderClient) -> None:
    server.script("GET", "/v1/orders", Reply(200, body={"items": [], "next_cursor": None}))
    assert client.get_orders([f"ord_{n}" for n in range(201)]) == []
    sent = server.recorded("GET", "/v1/orders")
    assert [r.query.count("%2C") + 1 for r in sent] == [100, 100, 1]


# --- retries ----------------------------------------------------------------------------------


def test_get_retries_503_then_succeeds(server: MisbehavingServer, client: ProviderClient) -> None:
    unavailable = Reply(503, body=problem("service_unavailable", 503), retry_after="0")
    server.script(
        "GET",
        "/v1/account",
        unavailable,
        Reply(502, body=b"bad gateway"),
        Reply(200, body=account_json()),
    )
    assert client.account().profile.id == "acct_1"
    assert server.count("GET", "/v1/account") == 3


def test_retries_are_bounded(server: MisbehavingServer, client: ProviderClient) -> None:
    server.script("GET", "/v1/account", Reply(504, body=b"", content_type="text/plain"))
    with pytest.raises(ProviderUnavailable) as caught:
        client.account()
    assert caught.value.status == 504
    assert server.count() == 3  # retries=2


def test_long_retry_after_is_not_slept_through(
    server: MisbehavingServer, client: ProviderClient
) -> None:
    limited = Reply(429, body=problem("rate_limited", 429), retry_after="120")
    server.script("GET", "/v1/account", limited)
    started = time.monotonic()
    with pytest.raises(RateLimited) as caught:
        client.account()
    assert time.monotonic() - started < 1
    assert caught.value.retry_after == 120
    assert caught.value.code is ErrorCode.RATE_LIMITED
    assert server.count() == 1


def test_plain_posts_are_not_retried_on_503(
    server: MisbehavingServer, client: ProviderClient
) -> None:
    server.script(
        "POST",
        "/v1/auth/login",
        Reply(503, body=problem("service_unavailable", 503), retry_after="0"),
    )
    with pytest.raises(ProviderUnavailable):
        client.login("a@example.com", "password")
    assert server.count() == 1


def test_keyed_create_order_is_retried_after_a_drop(
    server: MisbehavingServer, client: ProviderClient
) -> None:
    from tests.provider.test_client import gbp_order

    key = "key-12345678"
    server.script("POST", "/v1/orders", Reply(drop=True), Reply(200, body=order_json("ord_1", key)))
    assert client.create_order(gbp_order(), idempotency_key=key).id == "ord_1"
    sent = server.recorded("POST", "/v1/orders")
    assert len(sent) == 2
    assert {r.headers["Idempotency-Key"] for r in sent} == {key}
    assert sent[0].body == sent[1].body


def test_read_timeout(server: MisbehavingServer) -> None:
    server.script("GET", "/v1/account", Reply(200, body=account_json(), delay=2.0))
    with ProviderClient(
        server.url, tokens=PAIR, timeout=(1.0, 0.2), retries=1, backoff_factor=0.01
    ) as client:
        started = time.monotonic()
        with pytest.raises(ProviderUnavailable, match="in time"):
            client.account()
        assert time.monotonic() - started < 1.5
    assert server.count() == 2  # a GET is retried once after the timeout


def test_read_timeout_on_plain_post_is_not_retried(server: MisbehavingServer) -> None:
    server.script("PATCH", "/v1/account", Reply(200, body=account_json(), delay=2.0))
    with (
        ProviderClient(server.url, tokens=PAIR, timeout=(1.0, 0.2), retries=3) as client,
        pytest.raises(ProviderUnavailable),
    ):
        client.update_profile(name="B")
    assert server.count() == 1


# --- auth -------------------------------------------------------------------------------------


def test_401_refreshes_once_and_repeats(server: MisbehavingServer) -> None:
    announced: list[TokenPair | None] = []
    unauthorized = Reply(
        401, body=problem("token_expired", 401), content_type="application/problem+json"
    )
    server.script("GET", "/v1/account", unauthorized, Reply(200, body=account_json()))
    server.script("POST", "/v1/auth/refresh", Reply(200, body=NEW_PAIR.model_dump(mode="json")))
    with ProviderClient(server.url, tokens=PAIR, on_tokens=announced.append) as client:
        assert client.account().profile.id == "acct_1"
        assert client.tokens == NEW_PAIR
    assert announced == [NEW_PAIR]
    sent = server.recorded("GET", "/v1/account")
    assert [r.headers["Authorization"] for r in sent] == ["Bearer access-1", "Bearer access-2"]
    refresh = server.recorded("POST", "/v1/auth/refresh")
    assert len(refresh) == 1
    assert b"refresh-1" in refresh[0].body
    assert "Authorization" not in refresh[0].headers


def test_401_after_refresh_gives_up(server: MisbehavingServer) -> None:
    announced: list[TokenPair | None] = []
    unauthorized = Reply(
        401, body=problem("unauthorized", 401), content_type="application/problem+json"
    )
    server.script("GET", "/v1/account", unauthorized)
    server.script("POST", "/v1/auth/refresh", Reply(200, body=NEW_PAIR.model_dump(mode="json")))
    with ProviderClient(server.url, tokens=PAIR, on_tokens=announced.append) as client:
        with pytest.raises(AuthenticationRequired):
            client.account()
        assert client.tokens is None
    assert announced == [NEW_PAIR, None]
    assert server.count("GET", "/v1/account") == 2
    assert server.count("POST", "/v1/auth/refresh") == 1


def test_refused_refresh_drops_tokens(server: MisbehavingServer) -> None:
    announced: list[TokenPair | None] = []
    unauthorized = Reply(
        401, body=problem("unauthorized", 401), content_type="application/problem+json"
    )
    server.script("GET", "/v1/account", unauthorized)
    server.script("POST", "/v1/auth/refresh", unauthorized)
    with ProviderClient(server.url, tokens=PAIR, on_tokens=announced.append) as client:
        with pytest.raises(AuthenticationRequired, match="sign in again"):
            client.account()
        assert client.tokens is None
    assert announced == [None]
    assert server.count("GET", "/v1/account") == 1


def test_malformed_token_pair_is_not_kept(server: MisbehavingServer) -> None:
    bad = {**NEW_PAIR.model_dump(mode="json"), "token_type": "MAC"}
    server.script("POST", "/v1/auth/login", Reply(200, body=bad))
    with ProviderClient(server.url) as client:
        with pytest.raises(ProtocolError) as caught:
            client.login("a@example.com", "password")
        assert client.tokens is None
    assert "access-2" not in str(caught.value)  # no secrets in messages


def test_validation_problem_carries_field_errors(
    server: MisbehavingServer, client: ProviderClient
) -> None:
    body = {
        **problem("validation_error", 422),
        "errors": [{"field": "label", "message": "too long"}],
    }
    server.script(
        "PATCH", "/v1/cards/card_1", Reply(422, body=body, content_type="application/problem+json")
    )
    with pytest.raises(ValidationFailed) as caught:
        client.update_card("card_1", "x")
    assert [e.field for e in caught.value.errors] == ["label"]


# --- checkout URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "url", "allowed"),
    [
        ("https://api.example.com", "https://api.example.com/checkout/ord_1", True),
        ("https://api.example.com/", "https://API.example.com:443/checkout/ord_1", True),
        ("https://api.example.com", "http://api.example.com/checkout/ord_1", False),
        ("https://api.example.com", "https://evil.example.com/checkout/ord_1", False),
        ("https://api.example.com", "https://api.example.com.evil.com/checkout", False),
        ("https://api.example.com", "https://api.example.com@evil.com/checkout", False),
        ("https://api.example.com", "https://user:pw@api.example.com/checkout", False),
        ("https://api.example.com", "https://api.example.com:8443/checkout", False),
        ("https://api.example.com", "javascript:alert(1)", False),
        ("https://api.example.com", "file:///etc/passwd", False),
        ("https://api.example.com", "//api.example.com/checkout", False),
        ("https://api.example.com", "https://api.example.com\\@evil.com/", False),
        ("https://api.example.com", "https://api.example.com/check out", False),
        ("https://api.example.com", "https://аpi.example.com/checkout", False),
        ("https://api.example.com", "", False),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765/checkout/ord_1", True),
        ("http://127.0.0.1:8765", "http://127.0.0.1:9999/checkout/ord_1", False),
        ("http://localhost:8765", "http://localhost:8765/checkout/ord_1", True),
        ("http://[::1]:8765", "http://[::1]:8765/checkout/ord_1", True),
        ("http://127.0.0.1:8765", "http://localhost:8765/checkout/ord_1", False),
    ],
)
def test_checkout_url_allowed(base: str, url: str, allowed: bool) -> None:
    with ProviderClient(base) as client:
        assert client.checkout_url_allowed(url) is allowed


def test_plain_http_base_only_on_loopback() -> None:
    with pytest.raises(ValueError, match="https"):
        ProviderClient("http://api.example.com")
    with pytest.raises(ValueError, match="base URL"):
        ProviderClient("ftp://api.example.com")
