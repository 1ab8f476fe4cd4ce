"""A signed-in provider client on a running sandbox, and an empty SQLite store (`wallet`), or
one with the demo account synced into it (`synced`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lebwallet.domain.money import Money
from lebwallet.domain.recharge import PaymentMethod, Quote
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.convert import options_to_domain
from lebwallet.services.sync import SyncService
from lebwallet.store import Store, default_sqlite_url, open_store
from tests.support.sandbox import SandboxHandle, running_sandbox


@dataclass
class Wallet:
    sandbox: SandboxHandle
    client: ProviderClient
    store: Store
    data_dir: Path

    def quote(
        self,
        card_id: str = "card_demo_uk",
        amount: str = "10.00",
        method: PaymentMethod = PaymentMethod.BANK_CARD,
        pay_currency: str | None = None,
    ) -> Quote:
        wire_options = self.client.recharge_options(card_id, pay_currency=pay_currency)
        options = options_to_domain(wire_options)
        return options.quote(Money.of(amount, options.currency), method, now=datetime.now(UTC))


def signed_in_client(handle: SandboxHandle) -> ProviderClient:
    client = ProviderClient(handle.url, retries=3, backoff_factor=0.01)
    client.login(handle.email, handle.password)
    return client


@pytest.fixture
def wallet(tmp_path: Path) -> Iterator[Wallet]:
    store = open_store(default_sqlite_url(tmp_path / "wallet"))
    try:
        with running_sandbox(tmp_path / "sandbox", credit_delay=0.1) as handle:
            client = signed_in_client(handle)
            try:
                yield Wallet(handle, client, store, tmp_path)
            finally:
                client.close()
    finally:
        store.dispose()


@pytest.fixture
def synced(wallet: Wallet) -> Wallet:
    """`wallet` with the demo account's cards and orders synced into its store."""
    SyncService(wallet.client, wallet.store).sync_all()
    return wallet
