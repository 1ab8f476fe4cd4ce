"""The access token: fetched once, cached, renewed before expiry and once on a 401."""

from __future__ import annotations

import itertools

import pytest

from lebwallet.channels.reloadly import wire
from lebwallet.channels.reloadly.client import LIVE_API_URL, SANDBOX_API_URL, ReloadlyClient
from lebwallet.channels.reloadly.errors import (
    ReloadlyAuthenticationRequired,
    ReloadlyInvalidCredentials,
)
from lebwallet.provider.errors import AuthenticationRequired, InvalidCredentials
from tests.channels.reloadly.conftest import UK, ClientFactory
from tests.doubles.reloadly import ReloadlyDouble

TOKEN = ("POST", "/oauth/token")
BALANCE = ("GET", "/accounts/balance")


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_token_is_fetched_once_and_reused(double: ReloadlyDouble, client: ReloadlyClient) -> None:
    client.account_balance()
    client.detect_operator(UK)
    client.account_balance()
    assert double.requests[TOKEN] == 1
    assert double.requests[BALANCE] == 2


def test_token_is_renewed_before_it_expires(make_client: ClientFactory) -> None:
    clock = ManualClock()
    with ReloadlyDouble(token_ttl=1000.0, clock=clock) as double:
        client = make_client(double, clock=clock)
        client.account_balance()
        clock.now += 850.0  # 150 s left: more than the 10 % margin, the token is kept
        client.account_balance()
        assert double.requests[TOKEN] == 1
        clock.now += 100.0  # 50 s left: inside the margin, renewed before it is refused
        client.account_balance()
        assert double.requests[TOKEN] == 2
        assert double.requests[BALANCE] == 3  # no call was refused and repeated


def test_an_expired_token_is_renewed_once_on_401(
    double: ReloadlyDouble, client: ReloadlyClient
) -> None:
    client.account_balance()
    double.expire_tokens()
    balance = client.account_balance()
    assert balance.currency_code == "USD"
    assert double.requests[TOKEN] == 2
    assert double.requests[BALANCE] == 3  # the refused call, then its one repeat


def test_a_second_401_is_authentication_required(make_client: ClientFactory) -> None:
    ticks = itertools.count(0, 10_000_000)  # every token has expired by the time it is used
    with ReloadlyDouble(token_ttl=60.0, clock=lambda: float(next(ticks))) as double:
        client = make_client(double)
        with pytest.raises(ReloadlyAuthenticationRequired) as caught:
            client.account_balance()
    assert isinstance(caught.value, AuthenticationRequired)
    assert caught.value.reloadly_code == "TOKEN_EXPIRED"
    assert double.requests[TOKEN] == 2
    assert double.requests[BALANCE] == 2


def test_wrong_secret_is_invalid_credentials(
    double: ReloadlyDouble, make_client: ClientFactory
) -> None:
    client = make_client(client_secret="not-the-secret")
    with pytest.raises(ReloadlyInvalidCredentials) as caught:
        client.account_balance()
    assert isinstance(caught.value, InvalidCredentials)
    assert caught.value.reloadly_code == "INVALID_CREDENTIALS"
    assert caught.value.code is None  # LEB's codes do not apply to Reloadly
    assert caught.value.status == 401
    assert double.requests[BALANCE] == 0
    assert "not-the-secret" not in str(caught.value)


def test_the_described_media_type_is_asked_for(
    double: ReloadlyDouble, client: ReloadlyClient
) -> None:
    client.account_balance()
    client.detect_operator(UK)
    assert double.accept_headers == ["application/json", "application/json", wire.TOPUPS_MEDIA_TYPE]


def test_hosts_default_to_the_described_ones() -> None:
    sandbox = ReloadlyClient("id", "secret")
    live = ReloadlyClient("id", "secret", sandbox=False)
    try:
        assert sandbox.auth_url == live.auth_url == "https://auth.reloadly.com"
        assert sandbox.api_url == SANDBOX_API_URL == "https://topups-sandbox.reloadly.com"
        assert live.api_url == LIVE_API_URL == "https://topups.reloadly.com"
        assert "secret" not in repr(sandbox)
    finally:
        sandbox.close()
        live.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://topups.example.com",
        "ftp://127.0.0.1",
        "https://user:pw@topups.reloadly.com",
        "https://topups.reloadly.com/?x=1",
        "https://topups.reloadly.com:99999",
        "not a url",
    ],
)
def test_plain_http_only_on_loopback_and_no_odd_urls(url: str) -> None:
    with pytest.raises(ValueError, match="URL"):
        ReloadlyClient("id", "secret", api_url=url)
    with pytest.raises(ValueError, match="URL"):
        ReloadlyClient("id", "secret", auth_url=url)


def test_loopback_http_is_allowed() -> None:
    client = ReloadlyClient("id", "secret", api_url="http://localhost:8080/")
    assert client.api_url == "http://localhost:8080"
    client.close()
