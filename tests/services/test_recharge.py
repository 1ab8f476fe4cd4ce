"""The recharge journal against the running sandbox: exactly once, through faults and crashes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import PaymentMethod
from lebwallet.provider.errors import ProviderUnavailable, RuleViolation
from lebwallet.services.channels import (
    LEB,
    RELOADLY,
    ChannelNotAvailable,
    PaymentKind,
    TopUpChannel,
)
from lebwallet.services.recharge import RechargeService
from lebwallet.services.sync import SyncService
from lebwallet.store import default_sqlite_url, open_store
from lebwallet.store.queries import non_final_orders, order_by_id, order_events
from lebwallet.store.writes import journal_order
from tests.services.conftest import Wallet, signed_in_client
from tests.store.factories import quote as plain_quote
from tests.support.checkout_forms import post_checkout_form
from tests.support.sandbox import running_sandbox

TEST_CARD_OK = "4242424242424242"
TEST_CARD_DECLINED = "4000000000000002"


def provider_orders(wallet: Wallet, key: str) -> int:
    """How many orders the provider holds for an idempotency key (all pages)."""
    return sum(
        1 for order in wallet.client.orders_updated_since(None) if order.idempotency_key == key
    )


def pay(checkout_url: str, number: str) -> None:
    response = post_checkout_form(f"{checkout_url}/pay", {"card_number": number})
    assert response.status_code in (200, 303), response.text


def follow_until(service: RechargeService, local_id: int, status: OrderStatus) -> OrderStatus:
    deadline = time.monotonic() + 10
    while True:
        service.refresh([local_id])
        with service_store(service).session(readonly=True) as session:
            record = order_by_id(session, local_id)
        assert record is not None
        if record.status == status or record.status.is_final or time.monotonic() > deadline:
            return record.status
        time.sleep(0.1)


def service_store(service: RechargeService):  # type: ignore[no-untyped-def]
    return service._store  # the test reads what the service wrote


def test_submit_journals_then_creates_one_order(synced: Wallet) -> None:
    service = RechargeService(synced.client, synced.store)
    record = service.submit("card_demo_uk", synced.quote(), "key-submit-0001")
    assert record.confirmed
    assert record.status is OrderStatus.AWAITING_PAYMENT
    assert record.checkout_url is not None
    with synced.store.session(readonly=True) as session:
        events = order_events(session, record.local_id)
    assert events[0].detail == "journalled"
    assert provider_orders(synced, "key-submit-0001") == 1


def test_the_leb_provider_is_a_channel_of_the_port(synced: Wallet) -> None:
    service = RechargeService(synced.client, synced.store)
    channel = service.channel(LEB)
    assert isinstance(channel, TopUpChannel)
    assert channel.payment is PaymentKind.HOSTED
    assert channel.account_balance() is None
    record = service.submit("card_demo_uk", synced.quote(), "key-channel-0001")
    assert record.channel == LEB
    (seen,) = channel.orders([record])
    assert seen.provider_id == record.provider_id
    found = channel.find(record)
    assert found is not None
    assert found.idempotency_key == "key-channel-0001"
    with pytest.raises(ChannelNotAvailable):
        service.channel(RELOADLY)


def test_double_submit_with_the_same_key_makes_one_order(synced: Wallet) -> None:
    service = RechargeService(synced.client, synced.store)
    quote = synced.quote()
    first = service.submit("card_demo_uk", quote, "key-double-0001")
    second = service.submit("card_demo_uk", quote, "key-double-0001")
    assert first.local_id == second.local_id
    assert first.provider_id == second.provider_id
    assert provider_orders(synced, "key-double-0001") == 1


def test_paid_order_is_followed_to_credited_and_never_downgraded(synced: Wallet) -> None:
    service = RechargeService(synced.client, synced.store)
    record = service.submit("card_demo_uk", synced.quote(amount="20.00"), "key-credit-0001")
    assert record.checkout_url is not None
    pay(record.checkout_url, TEST_CARD_OK)
    assert follow_until(service, record.local_id, OrderStatus.CREDITED) is OrderStatus.CREDITED
    assert service.refresh([record.local_id]) == []  # final: nothing more to do
    with synced.store.session(readonly=True) as session:
        assert not [r for r in non_final_orders(session) if r.local_id == record.local_id]


def test_declined_payment_ends_failed_with_reason(synced: Wallet) -> None:
    service = RechargeService(synced.client, synced.store)
    record = service.submit("card_demo_uk", synced.quote(), "key-decline-001")
    assert record.checkout_url is not None
    pay(record.checkout_url, TEST_CARD_DECLINED)
    assert follow_until(service, record.local_id, OrderStatus.FAILED) is OrderStatus.FAILED
    with synced.store.session(readonly=True) as session:
        stored = order_by_id(session, record.local_id)
    assert stored is not None
    assert stored.failure_reason


def test_rule_violation_closes_the_journalled_order(synced: Wallet) -> None:
    service = RechargeService(synced.client, synced.store)
    with pytest.raises(RuleViolation):
        service.submit("card_demo_uk", plain_quote("1.00", "GBP"), "key-rule-000001")
    with synced.store.session(readonly=True) as session:
        (record,) = [r for r in _all(session) if r.idempotency_key == "key-rule-000001"]
    assert record.status is OrderStatus.FAILED
    assert record.provider_id is None
    assert record.failure_reason


def _all(session):
    from lebwallet.store.queries import HistoryFilter, history_page

    return history_page(session, HistoryFilter(), after=None, limit=500).rows


def test_cancel_ends_the_order(synced: Wallet) -> None:
    service = RechargeService(synced.client, synced.store)
    record = service.submit("card_demo_uk", synced.quote(), "key-cancel-0001")
    cancelled = service.cancel(record.local_id)
    assert cancelled.status is OrderStatus.CANCELLED


def test_dropped_responses_still_make_one_order(tmp_path: Path) -> None:
    """Every create response is lost half the time after the provider committed it; the
    client re-sends with the same key and the provider replays the first order."""
    store = open_store(default_sqlite_url(tmp_path / "wallet"))
    faults = "drop_after_commit=0.5,seed=3,paths=/v1/orders"
    try:
        with running_sandbox(tmp_path / "sandbox", faults=faults) as handle:
            client = signed_in_client(handle)
            wallet = Wallet(handle, client, store, tmp_path)
            SyncService(client, store).sync_all()
            service = RechargeService(client, store)
            keys = [f"key-drop-{n:06d}" for n in range(6)]
            for key in keys:
                quote = wallet.quote()
                try:
                    service.submit("card_demo_uk", quote, key)
                except ProviderUnavailable:
                    service.reconcile()
            with store.session(readonly=True) as session:
                records = [r for r in _all(session) if r.idempotency_key in keys]
            assert all(r.confirmed for r in records)
            counts = dict.fromkeys(keys, 0)
            for order in _list_orders(client):
                if order.idempotency_key in counts:
                    counts[order.idempotency_key] += 1
            assert set(counts.values()) == {1}
            client.close()
    finally:
        store.dispose()


def _list_orders(client):
    for _ in range(20):
        try:
            return list(client.orders_updated_since(None))
        except ProviderUnavailable:
            continue
    raise AssertionError("the order list never came through")


def test_unreachable_provider_leaves_the_order_journalled_for_reconcile(tmp_path: Path) -> None:
    store = open_store(default_sqlite_url(tmp_path / "wallet"))
    sandbox_dir = tmp_path / "sandbox"
    try:
        with running_sandbox(sandbox_dir) as handle:
            client = signed_in_client(handle)
            wallet = Wallet(handle, client, store, tmp_path)
            SyncService(client, store).sync_all()
            quote = wallet.quote()
            tokens = client.tokens
            client.close()
        # The sandbox is down: the request cannot reach it.
        offline = RechargeService(_client_for(handle.url, tokens), store)
        with pytest.raises(ProviderUnavailable):
            offline.submit("card_demo_uk", quote, "key-offline-001")
        offline.client.close()
        with store.session(readonly=True) as session:
            (pending,) = non_final_orders(session)
        assert pending.provider_id is None
        # A new start: the provider is back (same state, new port); reconcile creates it once.
        with running_sandbox(sandbox_dir) as handle:
            client = signed_in_client(handle)
            service = RechargeService(client, store)
            report = service.reconcile()
            assert report.checked == 1
            assert report.failures == []
            again = service.reconcile()
            assert again.changes == []
            with store.session(readonly=True) as session:
                record = order_by_id(session, pending.local_id)
            assert record is not None
            assert record.confirmed
            wallet = Wallet(handle, client, store, tmp_path)
            assert provider_orders(wallet, "key-offline-001") == 1
            client.close()
    finally:
        store.dispose()


def _client_for(url: str, tokens):  # type: ignore[no-untyped-def]
    from lebwallet.provider.client import ProviderClient

    return ProviderClient(url, tokens=tokens, retries=1, backoff_factor=0.01, timeout=(0.5, 1.0))


def test_crash_after_journal_before_request_is_reconciled(synced: Wallet) -> None:
    """The process died between the journal commit and the request: reconcile sends it."""
    with synced.store.session() as session:
        record = journal_order(
            session, idempotency_key="key-crash-00001", card_id="card_demo_uk", quote=synced.quote()
        )
    service = RechargeService(synced.client, synced.store)
    report = service.reconcile()
    assert [c.local_id for c in report.changes] == [record.local_id]
    assert report.changes[0].record.confirmed
    assert provider_orders(synced, "key-crash-00001") == 1


def test_fx_order_journalled_before_a_crash_is_re_sent_with_the_same_body(synced: Wallet) -> None:
    """An order priced in CNY names its FX quote; the re-send must name the same one or the
    provider would refuse the key as used for another request."""
    quote = synced.quote(method=PaymentMethod.ALIPAY, pay_currency="CNY")
    assert quote.fx_quote_id is not None
    with synced.store.session() as session:
        journal_order(
            session, idempotency_key="key-crash-fx-01", card_id="card_demo_uk", quote=quote
        )
    report = RechargeService(synced.client, synced.store).reconcile()
    assert report.failures == []
    (change,) = report.changes
    assert change.record.confirmed
    assert change.record.fx_quote_id == quote.fx_quote_id
    assert change.record.total == quote.total
