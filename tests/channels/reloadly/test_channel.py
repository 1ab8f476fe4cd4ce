"""The Reloadly channel behind the top-up port: the journal's exactly-once rules hold for
Reloadly as for the LEB provider (journal first, one top-up per key, lost answers found by
the key, a crash after the journal finished by reconcile)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import update

from lebwallet.channels.reloadly.channel import ReloadlyChannel
from lebwallet.channels.reloadly.errors import InsufficientBalance
from lebwallet.domain.cards import Card
from lebwallet.domain.money import Money
from lebwallet.domain.offer_quotes import AmountNotOffered, OfferQuote
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import PaymentMethod
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import ProviderUnavailable
from lebwallet.services.channels import RELOADLY, PaymentKind, TopUpChannel
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.recharge import RechargeService
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store.models import CardRow
from lebwallet.store.queries import OrderRecord, card, order_by_id, order_by_key
from lebwallet.store.writes import journal_order
from tests.channels.reloadly.conftest import UK, ClientFactory
from tests.doubles.reloadly import (
    DOUBLE_DROP_AFTER_COMMIT,
    DOUBLE_ERROR_503,
    DOUBLE_RESET,
    ReloadlyDouble,
)

TOPUP = ("POST", "/topups-async")
REPORT = ("GET", "/topups/reports/transactions")
GBP_7_90 = Money.of("7.90", "GBP")  # USD 10.00 at the double's 0.79


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store with the user's own card "c1", added by its phone number 100 days ago (GBP,
    giffgaff)."""
    opened = open_store(default_sqlite_url(tmp_path / "wallet"))
    added_at = datetime.now(UTC) - timedelta(days=100)
    book = KeepAliveService(opened, clock=lambda: added_at)
    added = book.add_local_card(label="UK number", msisdn=UK, rule_id="giffgaff-gb")
    with opened.session() as session:
        session.execute(update(CardRow).where(CardRow.id == added.card.id).values(id="c1"))
    yield opened
    opened.dispose()


@pytest.fixture
def leb_client() -> Iterator[ProviderClient]:
    """The LEB provider's client: never called by a Reloadly top-up."""
    with ProviderClient("http://127.0.0.1:9", retries=0) as client:
        yield client


def _service(
    store: Store, leb_client: ProviderClient, make_client: ClientFactory, **options: object
) -> tuple[RechargeService, ReloadlyChannel]:
    channel = ReloadlyChannel(make_client(**options))
    return RechargeService(leb_client, store, channels=[channel]), channel


def _card(store: Store) -> Card:
    with store.session(readonly=True) as session:
        found = card(session, "c1")
    assert found is not None
    return found


def _priced(channel: ReloadlyChannel, store: Store, amount: Money = GBP_7_90) -> OfferQuote:
    return channel.quote(_card(store), amount)


def _submit(
    service: RechargeService, channel: ReloadlyChannel, store: Store, key: str
) -> OrderRecord:
    priced = _priced(channel, store)
    detail = channel.detail(_card(store), priced)
    return service.submit("c1", priced.quote, key, channel=RELOADLY, channel_detail=detail)


def _follow(service: RechargeService, store: Store, local_id: int) -> OrderRecord:
    end = time.monotonic() + 5
    while True:
        service.refresh([local_id])
        with store.session(readonly=True) as session:
            record = order_by_id(session, local_id)
        assert record is not None
        if record.status.is_final or time.monotonic() > end:
            return record
        time.sleep(0.05)


def test_the_channel_answers_the_port(
    double: ReloadlyDouble, store: Store, leb_client: ProviderClient, make_client: ClientFactory
) -> None:
    service, channel = _service(store, leb_client, make_client)
    assert isinstance(channel, TopUpChannel)
    assert service.channel(RELOADLY) is channel
    assert channel.payment is PaymentKind.ACCOUNT_BALANCE
    assert channel.can_top_up(_card(store))
    assert channel.account_balance() == Money.of("100.00", "USD")
    offer = channel.recharge_options(_card(store))
    assert (offer.operator_id, offer.destination_currency) == ("535", "GBP")
    assert offer.promotions
    channel.recharge_options(_card(store))
    assert double.requests[("GET", "/operators/auto-detect/phone/447400123456/countries/GB")] == 1
    priced = _priced(channel, store)
    assert priced.local
    assert priced.quote.total == Money.of("10.00", "USD")
    assert priced.quote.credited == GBP_7_90
    assert priced.quote.payment_method is PaymentMethod.ACCOUNT_BALANCE
    with pytest.raises(AmountNotOffered):
        _priced(channel, store, Money.of("99.00", "GBP"))


@pytest.mark.parametrize(
    ("outcome", "status", "balance"),
    [("SUCCESSFUL", OrderStatus.CREDITED, "90.20"), ("REFUNDED", OrderStatus.FAILED, "100.00")],
)
def test_a_topup_through_the_journal(
    double: ReloadlyDouble,
    store: Store,
    leb_client: ProviderClient,
    make_client: ClientFactory,
    outcome: str,
    status: OrderStatus,
    balance: str,
) -> None:
    double.set_outcome("447400123456", outcome)
    service, channel = _service(store, leb_client, make_client)
    before = _card(store)
    record = _submit(service, channel, store, "key-reloadly-1")
    assert record.channel == RELOADLY
    assert record.provider_id is not None
    assert record.provider_id.startswith("reloadly-")
    assert record.status is OrderStatus.CREDITING
    final = _follow(service, store, record.local_id)
    assert final.status is status
    assert double.topups_sent() == 1
    assert double.balance == Decimal(balance)
    if outcome == "REFUNDED":
        assert final.failure_code == "refunded"
        assert _card(store).deadline == before.deadline
    else:  # a keep-alive action of the card: its deadline moved
        after = _card(store)
        assert after.deadline is not None
        assert before.deadline is not None
        assert after.deadline > before.deadline


@pytest.mark.parametrize("fault", [DOUBLE_DROP_AFTER_COMMIT, DOUBLE_ERROR_503, DOUBLE_RESET])
def test_exactly_once_when_the_answer_is_lost(
    double: ReloadlyDouble,
    store: Store,
    leb_client: ProviderClient,
    make_client: ClientFactory,
    fault: str,
) -> None:
    service, channel = _service(store, leb_client, make_client)
    double.faults.arm(*TOPUP, fault)
    record = _submit(service, channel, store, "key-reloadly-2")
    assert record.confirmed
    again = _submit(service, channel, store, "key-reloadly-2")  # a double click
    assert again.provider_id == record.provider_id
    assert _follow(service, store, record.local_id).status is OrderStatus.CREDITED
    assert double.topups_sent() == 1


def test_exactly_once_when_every_answer_is_lost(
    double: ReloadlyDouble, store: Store, leb_client: ProviderClient, make_client: ClientFactory
) -> None:
    service, channel = _service(store, leb_client, make_client, retries=1)
    double.faults.arm(*TOPUP, DOUBLE_DROP_AFTER_COMMIT)
    double.faults.arm(*REPORT, DOUBLE_ERROR_503, times=2)
    with pytest.raises(ProviderUnavailable):
        _submit(service, channel, store, "key-reloadly-3")
    report = service.reconcile()  # later: sent again with its identifier, refused, found
    assert report.failures == []
    assert double.topups_sent() == 1
    (change,) = report.changes
    assert _follow(service, store, change.local_id).status is OrderStatus.CREDITED


def test_a_crash_after_the_journal_is_finished_once(
    double: ReloadlyDouble, store: Store, leb_client: ProviderClient, make_client: ClientFactory
) -> None:
    _, channel = _service(store, leb_client, make_client)
    priced = _priced(channel, store)
    with store.session() as session:  # journalled, then the app died before sending
        journal_order(
            session,
            idempotency_key="key-reloadly-4",
            card_id="c1",
            quote=priced.quote,
            channel=RELOADLY,
            channel_detail=channel.detail(_card(store), priced),
        )
    restarted, _ = _service(store, leb_client, make_client)
    first = restarted.reconcile()
    second = restarted.reconcile()
    assert first.failures == second.failures == []
    assert double.topups_sent() == 1
    assert double.requests[TOPUP] == 1


def test_too_low_a_balance_is_refused_before_anything_is_sent(
    double: ReloadlyDouble, store: Store, leb_client: ProviderClient, make_client: ClientFactory
) -> None:
    service, channel = _service(store, leb_client, make_client)
    double.set_balance(Decimal("5.00"))
    with pytest.raises(InsufficientBalance):
        service.price("c1", _priced(channel, store).quote, channel=RELOADLY)
    assert double.requests[TOPUP] == 0


def test_a_refused_topup_closes_its_order(
    double: ReloadlyDouble, store: Store, leb_client: ProviderClient, make_client: ClientFactory
) -> None:
    service, channel = _service(store, leb_client, make_client)
    priced = _priced(channel, store)
    double.set_balance(Decimal("1.00"))
    with pytest.raises(InsufficientBalance):
        service.submit(
            "c1",
            priced.quote,
            "key-reloadly-5",
            channel=RELOADLY,
            channel_detail=channel.detail(_card(store), priced),
        )
    with store.session(readonly=True) as session:
        record = order_by_key(session, "key-reloadly-5")
    assert record is not None
    assert record.status is OrderStatus.FAILED
    assert double.topups_sent() == 0


def test_exactly_once_figures_under_every_fault(
    double: ReloadlyDouble, store: Store, leb_client: ProviderClient, make_client: ClientFactory
) -> None:
    """Every fault of the double on the top-up, then a crash and a reconcile: as many
    top-ups as journalled orders, one per key."""
    faults = [DOUBLE_DROP_AFTER_COMMIT, DOUBLE_ERROR_503, DOUBLE_RESET, "error_500", None]
    double.set_balance(Decimal("1000.00"))
    service, channel = _service(store, leb_client, make_client)
    keys = []
    for round_ in range(3):
        for number, fault in enumerate(faults):
            key = f"key-figures-{round_}-{number}"
            keys.append(key)
            if fault is not None:
                double.faults.arm(*TOPUP, fault)
            with contextlib.suppress(ProviderUnavailable):  # journalled; reconcile finishes it
                _submit(service, channel, store, key)
    restarted, _ = _service(store, leb_client, make_client)
    assert restarted.reconcile().failures == []
    sent = double.transactions()
    assert len(sent) == len(keys) == 15
    assert sorted(t["customIdentifier"] for t in sent) == sorted(keys)
