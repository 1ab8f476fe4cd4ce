"""The hosted checkout refuses what a real payment page would: cross-site posts (no page
token, or a foreign Origin), being framed, foreign Host headers (DNS rebinding) and return
addresses that are not the wallet's own (an open redirect)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests

from tests.sandbox.demo_api import TIMEOUT, Api, order_body
from tests.support.checkout_forms import checkout_token, post_checkout_form

SUCCESS = "4242424242424242"


def _created(api: Api, **changes: Any) -> dict[str, Any]:
    response = api.create_order(**changes)
    assert response.status_code == 201, response.text
    order: dict[str, Any] = response.json()
    return order


def test_a_post_without_the_page_token_is_refused(api: Api) -> None:
    order = _created(api)
    response = requests.post(
        f"{order['checkout_url']}/pay",
        data={"card_number": SUCCESS},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 403
    assert api.order(order["id"])["status"] == "awaiting_payment"


def test_a_cross_site_post_is_refused_even_with_a_token(api: Api) -> None:
    order = _created(api)
    token = checkout_token(order["checkout_url"])
    response = requests.post(
        f"{order['checkout_url']}/pay",
        data={"card_number": SUCCESS, "token": token},
        headers={"Origin": "http://evil.example"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 403
    assert api.order(order["id"])["status"] == "awaiting_payment"


def test_a_same_site_post_with_the_token_pays(api: Api) -> None:
    order = _created(api)
    response = post_checkout_form(
        f"{order['checkout_url']}/pay", {"card_number": SUCCESS}, headers={"Origin": api.url}
    )
    assert response.status_code == 303
    assert api.order(order["id"])["status"] != "awaiting_payment"


def test_the_token_of_another_order_is_refused(api: Api) -> None:
    first, second = _created(api), _created(api)
    token = checkout_token(first["checkout_url"])
    response = requests.post(
        f"{second['checkout_url']}/pay",
        data={"card_number": SUCCESS, "token": token},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 403


def test_pages_cannot_be_framed(api: Api) -> None:
    order = _created(api)
    for url in (
        order["checkout_url"],
        f"{order['checkout_url']}/done",
        f"{api.url}/checkout/ord_missing",
    ):
        response = requests.get(url, timeout=TIMEOUT)
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], url


@pytest.mark.parametrize("path", ["/v1/cards", "/checkout/ord_x", "/v1/orders"])
def test_a_foreign_host_header_gets_nothing(api: Api, path: str) -> None:
    response = requests.get(api.url + path, headers={"Host": "evil.example"}, timeout=TIMEOUT)
    assert response.status_code == 400
    assert "evil.example" not in response.text


def test_an_order_made_through_a_foreign_host_is_refused(api: Api) -> None:
    response = api.post(
        "/v1/orders",
        json=order_body(),
        headers={"Idempotency-Key": str(uuid.uuid4()), "Host": "evil.example"},
    )
    assert response.status_code == 400
    assert "evil.example" not in response.text


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "http://127.0.0.1.evil.example/return",
        "http://localhost.evil.example/",
        "http://user@127.0.0.1:9/x",
    ],
)
def test_a_return_url_off_this_computer_is_refused(api: Api, url: str) -> None:
    response = api.create_order(return_url=url)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "return_url"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8123/wallet-return", "http://localhost:1/r", "http://[::1]:5/r"]
)
def test_the_wallets_loopback_return_url_is_accepted(api: Api, url: str) -> None:
    order = _created(api, return_url=url)
    response = post_checkout_form(f"{order['checkout_url']}/pay", {"card_number": SUCCESS})
    assert response.status_code == 303
    assert response.headers["Location"] == url
