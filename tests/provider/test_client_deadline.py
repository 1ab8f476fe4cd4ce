"""Every call of the ProviderClient has a total deadline: a provider that drips its answer
(body or head) one byte at a time is cut off when the deadline passes, not when it gives up."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import ProviderUnavailable
from lebwallet.provider.wire import TokenPair
from tests.support.misbehaving_server import MisbehavingServer, Reply

PAIR = TokenPair(
    access_token="access-1",
    token_type="Bearer",
    expires_in=900,
    refresh_token="refresh-1",
    refresh_expires_in=86400,
)
LONG_BODY = b'{"profile": ' + b" " * 2000 + b"}"


@pytest.fixture
def server() -> Iterator[MisbehavingServer]:
    with MisbehavingServer() as running:
        yield running


def test_a_dripped_body_is_cut_off_at_the_deadline(server: MisbehavingServer) -> None:
    server.script("GET", "/v1/account", Reply(200, body=LONG_BODY, drip=0.05))
    with ProviderClient(
        server.url, tokens=PAIR, timeout=(1.0, 0.5), retries=2, deadline=1.5
    ) as client:
        started = time.monotonic()
        with pytest.raises(ProviderUnavailable, match="in time"):
            client.account()
        took = time.monotonic() - started
    assert 1.4 < took < 2.5
    assert server.count() == 1  # nothing is retried once the deadline has passed


def test_a_dripped_head_is_cut_off_at_the_deadline(server: MisbehavingServer) -> None:
    server.script("GET", "/v1/account", Reply(200, drip=0.05, drip_head=True))
    with ProviderClient(
        server.url, tokens=PAIR, timeout=(1.0, 0.5), retries=2, deadline=1.0
    ) as client:
        started = time.monotonic()
        with pytest.raises(ProviderUnavailable, match="in time"):
            client.account()
        took = time.monotonic() - started
    assert 0.9 < took < 2.0


def test_retries_stop_at_the_deadline(server: MisbehavingServer) -> None:
    server.script("GET", "/v1/account", Reply(503, retry_after="1"))
    with ProviderClient(
        server.url, tokens=PAIR, timeout=(1.0, 1.0), retries=10, deadline=1.5
    ) as client:
        started = time.monotonic()
        with pytest.raises(ProviderUnavailable):
            client.account()
        took = time.monotonic() - started
    assert took < 2.5
    assert server.count() <= 2


def test_the_deadline_must_be_positive() -> None:
    with pytest.raises(ValueError, match="deadline"):
        ProviderClient("http://127.0.0.1:9", deadline=0)
