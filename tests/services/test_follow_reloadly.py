"""The app's order follower follows the orders of every channel the wallet has: a Reloadly
top-up left processing (the wizard closed, the app restarted) is brought to its end by the
follower, against the embedded sandbox and the Reloadly double over loopback, with a real
SQLite store and the secret in a real in-memory keyring backend."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lebwallet.domain.identifiers import parse_msisdn
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.services.assembly import WalletServices
from lebwallet.services.channel_accounts import add_reloadly
from lebwallet.services.channels import LEB, RELOADLY
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.recharge import RechargeService
from lebwallet.services.settings import ReloadlyAccount, Settings
from lebwallet.store import queries
from lebwallet.store.queries import HistoryFilter
from tests.doubles.reloadly import ReloadlyDouble
from tests.support.keyrings import MemoryKeyring


@pytest.fixture
def slow_double() -> Iterator[ReloadlyDouble]:
    with ReloadlyDouble(processing_seconds=0.5) as running:
        yield running


def signed_in(tmp_path: Path, settings: Settings, credentials: CredentialStore) -> WalletServices:
    services = WalletServices(tmp_path, settings, credentials=credentials)
    services.wallet.sign_in(*services.demo_login())
    services.wallet.sync()
    return services


def test_a_reloadly_top_up_left_processing_is_followed_to_its_end(
    tmp_path: Path, slow_double: ReloadlyDouble
) -> None:
    credentials = CredentialStore(MemoryKeyring())
    account = ReloadlyAccount(
        client_id=slow_double.client_id,
        sandbox=True,
        auth_url=slow_double.url,
        api_url=slow_double.url,
    )
    settings = add_reloadly(tmp_path, credentials, account, slow_double.client_secret)
    services = signed_in(tmp_path, settings, credentials)
    try:
        store = services.wallet.store()
        added = datetime.now(UTC) - timedelta(days=100)
        card = KeepAliveService(store, clock=lambda: added).add_local_card(
            label="UK number", msisdn=parse_msisdn("+447400123456"), rule_id="giffgaff-gb"
        )
        topups = services.reloadly_topups()
        assert topups is not None
        record = topups.submit(card.card.id, Money.of("7.90", "GBP"), "follow-reloadly-1")
        topups.close()  # the wizard closed while the operator was still processing
        assert record.status is OrderStatus.CREDITING

        # the start-up reconcile through the provider alone leaves it to the follower
        client = services.wallet.new_client()
        try:
            report = RechargeService(client, store).reconcile()
        finally:
            client.close()
        assert report.failures == []
        assert services.follower_channels == frozenset({LEB, RELOADLY})
        factory = services.follower_backends()
        assert factory is not None
        backend = factory(threading.Event())
        try:
            time.sleep(0.6)
            _checked, changes = backend.refresh_orders(None)
        finally:
            backend.close()
        (change,) = [c for c in changes if c.local_id == record.local_id]
        assert change.new_status is OrderStatus.CREDITED
        assert slow_double.topups_sent() == 1
        with store.session(readonly=True) as session:  # signed in: own cards' orders show
            page = queries.history_page(session, HistoryFilter())
        assert record.local_id in {r.local_id for r in page.rows}
    finally:
        services.close()


def test_without_a_reloadly_account_the_follower_follows_the_provider_only(
    tmp_path: Path,
) -> None:
    services = signed_in(tmp_path, Settings(), CredentialStore(MemoryKeyring()))
    try:
        assert services.follower_channels == frozenset({LEB})
    finally:
        services.close()


def test_the_channel_names_kept_apart_from_start_up_imports_match_the_port() -> None:
    from lebwallet.services import assembly

    assert (assembly.LEB_CHANNEL, assembly.RELOADLY_CHANNEL) == (LEB, RELOADLY)
