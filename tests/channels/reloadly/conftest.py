"""Fixtures: the Reloadly double on loopback and clients of it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from lebwallet.channels.reloadly import wire
from lebwallet.channels.reloadly.client import ReloadlyClient
from lebwallet.domain.identifiers import Msisdn, parse_msisdn
from tests.doubles.reloadly import ReloadlyDouble

UK: Msisdn = parse_msisdn("+447400123456")
"""Served by the double's RANGE operator 535 (GBP, local amounts, a promotion)."""
US: Msisdn = parse_msisdn("+12015550123")
"""Served by the double's FIXED operator 173 (USD 5, 10, 20, 25)."""
HK: Msisdn = parse_msisdn("+85291234567")
"""Served by the double's FIXED operator 612 with local amounts (HKD 50, 100, 300)."""
FR: Msisdn = parse_msisdn("+33612345678")
"""No operator of the double serves France."""

ClientFactory = Callable[..., ReloadlyClient]


@pytest.fixture
def make_client(double: ReloadlyDouble) -> Iterator[ClientFactory]:
    clients: list[ReloadlyClient] = []

    def make(target: ReloadlyDouble | None = None, **options: Any) -> ReloadlyClient:
        """A client of `target` (default: the `double` fixture)."""
        server = target or double
        options.setdefault("timeout", (2.0, 2.0))
        options.setdefault("deadline", 10.0)
        options.setdefault("backoff_factor", 0.01)
        options.setdefault("client_secret", server.client_secret)
        client = ReloadlyClient(
            server.client_id, auth_url=server.url, api_url=server.url, **options
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: ClientFactory) -> ReloadlyClient:
    return make_client()


def follow(client: ReloadlyClient, transaction_id: int, seconds: float = 5.0) -> wire.Transaction:
    """Poll a top-up until it is final (as the order follower will)."""
    end = time.monotonic() + seconds
    while True:
        transaction = client.transaction_status(transaction_id)
        if transaction.status != "PROCESSING" or time.monotonic() > end:
            return transaction
        time.sleep(0.05)
