"""The exactly-once promise under network faults, contradictions and stale data.

Everything runs against the real sandbox over loopback and a real SQLite journal. The
provider's truth is read straight from the sandbox's own database (`SandboxServer.db`), so a
faulty API cannot hide a duplicate: after the wallet settles, every journalled key has exactly
one provider order (none for an order the provider refused), and the journal agrees with it.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import PaymentMethod, Quote
from lebwallet.provider import wire
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.convert import options_to_domain
from lebwallet.provider.errors import Conflict, ProviderError, ProviderUnavailable, RateLimited
from lebwallet.sandbox.db import to_us
from lebwallet.services.recharge import RechargeService
from lebwallet.services.sync import SyncService
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store.queries import (
    OrderRecord,
    non_final_orders,
    order_by_id,
    order_by_key,
    order_events,
)
from lebwallet.store.writes import journal_order, merge_provider_order, set_last_synced_at
from tests.support.checkout_forms import post_checkout_form
from tests.support.sandbox import SandboxHandle, running_sandbox

CARDS = ("card_demo_uk", "card_demo_us")
"""Cards the fault tests top up, in turn (£5 / $5 orders stay far below the daily caps)."""
TEST_CARD_OK = "4242424242424242"


# --- shared helpers (also used by test_crash_recovery.py) -------------------------------------


@dataclass(frozen=True)
class ProviderOrder:
    """One order as the sandbox's own database holds it."""

    id: str
    idempotency_key: str
    card_id: str
    status: str
    amount: Money


def provider_orders(handle: SandboxHandle, keys: Sequence[str]) -> dict[str, list[ProviderOrder]]:
    """The provider's orders per idempotency key, read from the sandbox database (no API, so
    injected faults cannot get in the way)."""
    db = handle.server.db
    assert db is not None
    found: dict[str, list[ProviderOrder]] = {key: [] for key in keys}
    with db.read() as conn:
        marks = ",".join("?" * len(keys))
        rows = conn.execute(
            "SELECT id, idempotency_key, card_id, status, amount, currency FROM orders "
            f"WHERE idempotency_key IN ({marks})",
            tuple(keys),
        ).fetchall()
    for row in rows:
        found[row["idempotency_key"]].append(
            ProviderOrder(
                row["id"],
                row["idempotency_key"],
                row["card_id"],
                row["status"],
                Money.of(row["amount"], row["currency"]),
            )
        )
    return found


def provider_keys_with_prefix(handle: SandboxHandle, prefix: str) -> list[str]:
    db = handle.server.db
    assert db is not None
    with db.read() as conn:
        rows = conn.execute(
            "SELECT idempotency_key FROM orders WHERE idempotency_key LIKE ?", (prefix + "%",)
        ).fetchall()
    return [row[0] for row in rows]


def journal(store: Store, keys: Sequence[str]) -> dict[str, OrderRecord]:
    with store.session(readonly=True) as session:
        records = {key: order_by_key(session, key) for key in keys}
    return {key: record for key, record in records.items() if record is not None}


def assert_converged(
    store: Store, handle: SandboxHandle, keys: Sequence[str], *, prefix: str | None = None
) -> dict[str, OrderRecord]:
    """Every key is journalled; the provider holds exactly one order for it (none when the
    provider refused it) and the journal holds the provider's id, card, amount and status."""
    records = journal(store, keys)
    assert sorted(records) == sorted(keys), "a journalled order was lost"
    at_provider = provider_orders(handle, keys)
    for key in keys:
        record, orders = records[key], at_provider[key]
        if record.provider_id is None:
            assert record.status is OrderStatus.FAILED, f"{key} never confirmed: {record}"
            assert orders == [], f"{key} failed locally but exists at the provider"
            continue
        assert len(orders) == 1, f"{key}: {len(orders)} provider orders"
        (order,) = orders
        assert (record.provider_id, record.card_id, record.amount) == (
            order.id,
            order.card_id,
            order.amount,
        )
        assert record.status.value == order.status, key
        assert record.flagged is None, f"{key} flagged: {record.flagged}"
    if prefix is not None:  # the journal comes first: no provider order without a journal row
        assert set(provider_keys_with_prefix(handle, prefix)) <= set(keys)
    return records


def make_quote(client: ProviderClient, card_id: str, amount: str = "5") -> Quote:
    options = options_to_domain(client.recharge_options(card_id))
    return options.quote(
        Money.of(amount, options.currency), PaymentMethod.BANK_CARD, now=datetime.now(UTC)
    )


def settle(service: RechargeService, store: Store, *, attempts: int = 40) -> None:
    """Reconcile (as at a start-up) until a pass reaches the provider for every non-final
    order and none is left unconfirmed."""
    for _ in range(attempts):
        report = service.reconcile()
        with store.session(readonly=True) as session:
            unsent = [r for r in non_final_orders(session) if r.provider_id is None]
        if not report.failures and not unsent:
            return
        time.sleep(0.05)
    raise AssertionError(f"reconcile never settled: {report.failures}")


def pay(checkout_url: str, number: str = TEST_CARD_OK) -> None:
    response = post_checkout_form(f"{checkout_url}/pay", {"card_number": number})
    assert response.status_code in (200, 303), response.text


def new_client(handle: SandboxHandle, **kwargs: object) -> ProviderClient:
    """A client with the test's options, signed in by a client with the default timeouts: a
    test's tight timeouts are for the calls it exercises, and a password check on a loaded
    machine can outlast them."""
    options: dict[str, object] = {"retries": 3, "backoff_factor": 0.01}
    options.update(kwargs)
    with ProviderClient(handle.url) as patient:
        tokens = patient.login(handle.email, handle.password)
    return ProviderClient(handle.url, tokens=tokens, **options)  # type: ignore[arg-type]


@dataclass
class Rig:
    handle: SandboxHandle
    client: ProviderClient
    store: Store
    service: RechargeService


RigFactory = Callable[..., Rig]


@pytest.fixture
def rig_factory(tmp_path: Path) -> Iterator[RigFactory]:
    """`rig_factory(faults, credit_delay=..., **client_options)`: a fresh sandbox with those
    faults, a signed-in client and a store with the cards synced; all closed at the end."""
    with contextlib.ExitStack() as stack:
        made = itertools.count()

        def make(faults: str = "", credit_delay: float = 0.1, **client_options: object) -> Rig:
            n = next(made)
            handle = stack.enter_context(
                running_sandbox(tmp_path / f"sandbox{n}", credit_delay=credit_delay, faults=faults)
            )
            client = new_client(handle, **client_options)
            stack.callback(client.close)
            store = open_store(default_sqlite_url(tmp_path / f"wallet{n}"))
            stack.callback(store.dispose)
            with new_client(handle) as patient:  # the set-up is not what the test exercises
                SyncService(patient, store).sync_cards()
            return Rig(handle, client, store, RechargeService(client, store))

        yield make


# --- faults on create ------------------------------------------------------------------------

FAULTS = {
    "reset": "reset=0.4,seed=1,paths=/v1/orders",
    "500-503": "error_rate=0.4,seed=5,paths=/v1/orders",
    "dropped": "drop_after_commit=0.5,seed=3,paths=/v1/orders",
    "mixed": "reset=0.15,error_rate=0.15,drop_after_commit=0.3,seed=7,paths=/v1/orders",
}


@pytest.mark.parametrize("faults", list(FAULTS.values()), ids=list(FAULTS))
def test_faulty_creates_make_one_order_per_key(
    rig_factory: RigFactory,
    faults: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Eight orders through resets, 500/503 and dropped responses; a failed Pay is pressed
    again with the same key (as the wizard does); reconcile settles the rest. One order is
    paid and followed to credited through the same faults."""
    caplog.set_level(logging.DEBUG, logger="urllib3.connectionpool")
    rig = rig_factory(faults, retries=2)
    prefix = "key-fault-"
    keys = [f"{prefix}{n:04d}" for n in range(8)]
    errors = 0
    for n, key in enumerate(keys):
        quote = make_quote(rig.client, CARDS[n % 2])
        for _press in range(2):
            try:
                rig.service.submit(CARDS[n % 2], quote, key)
                break
            except ProviderUnavailable:
                errors += 1
    settle(rig.service, rig.store)
    records = assert_converged(rig.store, rig.handle, keys, prefix=prefix)
    retried = [r for r in caplog.records if r.getMessage().startswith("Retry")]
    assert errors + len(retried) >= 3, "the faults hardly hit the creates; make them harsher"

    paid = records[keys[0]]
    assert paid.checkout_url is not None
    pay(paid.checkout_url)
    deadline = time.monotonic() + 15
    while True:
        with contextlib.suppress(ProviderError):  # the faults hit the refresh too
            rig.service.refresh([paid.local_id])
        with rig.store.session(readonly=True) as session:
            now = order_by_id(session, paid.local_id)
        assert now is not None
        if now.status.is_final:
            break
        assert time.monotonic() < deadline, f"not credited: {now.status}"
        time.sleep(0.05)
    assert now.status is OrderStatus.CREDITED
    assert_converged(rig.store, rig.handle, keys, prefix=prefix)


def test_rate_limited_create_waits_and_replays_the_same_key(rig_factory: RigFactory) -> None:
    """429 with Retry-After: 1 — the client waits and re-sends with the same key."""
    rig = rig_factory("rate_limit=3,paths=/v1/orders")
    keys = [f"key-429-wait-{n:02d}" for n in range(5)]
    quotes = [make_quote(rig.client, "card_demo_uk") for _ in keys]
    for key, quote in zip(keys, quotes, strict=True):
        record = rig.service.submit("card_demo_uk", quote, key)  # no error reaches the caller
        assert record.confirmed
    assert_converged(rig.store, rig.handle, keys, prefix="key-429-wait-")


def test_rate_limit_beyond_patience_leaves_the_order_for_reconcile(rig_factory: RigFactory) -> None:
    """A Retry-After longer than the client waits surfaces as `RateLimited`; the order stays
    journalled and unconfirmed, and reconcile creates it once when the limit has passed."""
    rig = rig_factory("rate_limit=2,paths=/v1/orders", max_retry_after=0.2)
    keys = [f"key-429-give-{n:02d}" for n in range(5)]
    quotes = [make_quote(rig.client, "card_demo_us") for _ in keys]
    limited: list[str] = []
    waits: list[float | None] = []
    for key, quote in zip(keys, quotes, strict=True):
        try:
            rig.service.submit("card_demo_us", quote, key)
        except RateLimited as error:
            limited.append(key)
            waits.append(error.retry_after)
    assert limited, "the rate limit never bit"
    assert all(wait is not None and wait >= 1 for wait in waits), waits
    unconfirmed = journal(rig.store, limited)
    assert all(not r.confirmed and not r.status.is_final for r in unconfirmed.values())
    assert not any(provider_orders(rig.handle, limited).values())  # a 429 creates nothing
    # the next start-up: a client that waits out Retry-After
    patient = RechargeService(new_client(rig.handle), rig.store)
    try:
        settle(patient, rig.store)
    finally:
        patient.client.close()
    assert_converged(rig.store, rig.handle, keys, prefix="key-429-give-")


def test_read_timeouts_re_send_concurrently_and_still_make_one_order(
    rig_factory: RigFactory,
) -> None:
    """The provider answers slower than the client waits: every retry of the create is a new
    request with the same key while the earlier ones are still being handled. The provider
    stores one order; a later reconcile confirms it."""
    rig = rig_factory("latency=0.5,paths=/v1/orders", retries=2, timeout=(1.0, 0.15))
    key = "key-timeout-0001"
    with pytest.raises(ProviderUnavailable):
        rig.service.submit("card_demo_uk", make_quote(rig.client, "card_demo_uk"), key)
    time.sleep(0.6)  # the abandoned requests finish at the provider
    assert len(provider_orders(rig.handle, [key])[key]) == 1
    patient = RechargeService(new_client(rig.handle), rig.store)
    try:
        settle(patient, rig.store)
    finally:
        patient.client.close()
    assert_converged(rig.store, rig.handle, [key])


# --- contradictions --------------------------------------------------------------------------


def _rewrite_provider_order(handle: SandboxHandle, order_id: str, **changes: str) -> None:
    """Change an order in the sandbox database, as a misbehaving provider would, with a newer
    `updated_at` so the wallet does not take it for stale data."""
    db = handle.server.db
    assert db is not None
    with db.write() as conn:
        row = conn.execute("SELECT price, updated_at FROM orders WHERE id = ?", (order_id,))
        price_text, updated = row.fetchone()
        sets = dict(changes)
        if "amount" in changes:
            price = json.loads(price_text)
            price["amount"]["value"] = changes["amount"]
            sets["price"] = json.dumps(price)
        sets["updated_at"] = str(max(updated + 1000, to_us(datetime.now(UTC))))
        assignments = ", ".join(f"{name} = ?" for name in sets)
        conn.execute(f"UPDATE orders SET {assignments} WHERE id = ?", (*sets.values(), order_id))


def test_provider_answer_with_another_amount_is_flagged_not_taken(rig_factory: RigFactory) -> None:
    rig = rig_factory()
    record = rig.service.submit(
        "card_demo_uk", make_quote(rig.client, "card_demo_uk"), "key-amt-01"
    )
    assert record.provider_id is not None
    assert record.flagged is None
    _rewrite_provider_order(rig.handle, record.provider_id, amount="50.00")

    (change,) = rig.service.refresh([record.local_id])
    assert change.flagged is not None
    assert "amount" in change.flagged
    with rig.store.session(readonly=True) as session:
        stored = order_by_id(session, record.local_id)
        events = order_events(session, record.local_id)
    assert stored is not None
    assert stored.amount == Money.of("5", "GBP")  # the journal's amount stays
    assert stored.total == record.total
    assert stored.flagged is not None
    assert "amount" in stored.flagged
    assert any((e.detail or "").startswith("flagged") for e in events)
    # asking again neither repeats the flag nor loses it
    assert rig.service.refresh([record.local_id]) == []
    SyncService(rig.client, rig.store).sync_orders()
    with rig.store.session(readonly=True) as session:
        again = order_by_id(session, record.local_id)
    assert again is not None
    assert again.flagged == stored.flagged
    assert again.amount == Money.of("5", "GBP")


def test_provider_answer_for_another_card_is_flagged_not_taken(rig_factory: RigFactory) -> None:
    rig = rig_factory()
    record = rig.service.submit(
        "card_demo_uk", make_quote(rig.client, "card_demo_uk"), "key-card-1"
    )
    assert record.provider_id is not None
    _rewrite_provider_order(rig.handle, record.provider_id, card_id="card_demo_us")
    SyncService(rig.client, rig.store).sync_orders()
    with rig.store.session(readonly=True) as session:
        stored = order_by_id(session, record.local_id)
    assert stored is not None
    assert stored.card_id == "card_demo_uk"
    assert stored.flagged is not None
    assert "card" in stored.flagged


def _key_held_with_another_body(rig: Rig, key: str) -> OrderRecord:
    """The provider holds a £5 order under `key`; the journal holds £10 under the same key."""
    made = rig.client.create_order(
        _request(make_quote(rig.client, "card_demo_uk", "5")), idempotency_key=key
    )
    with rig.store.session() as session:
        record = journal_order(
            session,
            idempotency_key=key,
            card_id="card_demo_uk",
            quote=make_quote(rig.client, "card_demo_uk", "10"),
        )
    assert made.idempotency_key == key
    return record


def _request(quote: Quote) -> wire.CreateOrderRequest:
    return wire.CreateOrderRequest(
        card_id="card_demo_uk",
        amount=wire.WireMoney.from_domain(quote.amount),
        payment_method=wire.PaymentMethodCode(quote.payment_method.value),
        pay_currency=quote.pay_currency,
        promo_code=quote.promo_code,
        fx_quote_id=quote.fx_quote_id,
    )


def test_journal_contradicting_the_providers_order_for_its_key_is_flagged_by_sync(
    rig_factory: RigFactory,
) -> None:
    """Sync sees the provider's order for a journalled key with another amount: the journal
    row is flagged, keeps its amount, and takes the provider's id."""
    rig = rig_factory()
    key = "key-mismatch-sync"
    record = _key_held_with_another_body(rig, key)
    SyncService(rig.client, rig.store).sync_orders()
    with rig.store.session(readonly=True) as session:
        stored = order_by_id(session, record.local_id)
    assert stored is not None
    assert stored.amount == Money.of("10", "GBP")
    assert stored.flagged is not None
    assert "amount" in stored.flagged
    (only,) = provider_orders(rig.handle, [key])[key]
    assert only.amount == Money.of("5", "GBP")
    assert stored.provider_id == only.id
    assert rig.service.reconcile().failures == []  # followed by id from now on


def test_submit_refused_for_a_used_key_flags_the_order_and_makes_none(
    rig_factory: RigFactory,
) -> None:
    """The provider refuses the re-send (409 idempotency_mismatch): submit raises, makes no
    second order, and the journal row is flagged against the provider's order for the key;
    Pay pressed again returns the flagged order and sends nothing new."""
    rig = rig_factory()
    key = "key-mismatch-sub"
    record = _key_held_with_another_body(rig, key)
    with pytest.raises(Conflict):
        rig.service.submit("card_demo_uk", make_quote(rig.client, "card_demo_uk", "10"), key)
    again = rig.service.submit("card_demo_uk", make_quote(rig.client, "card_demo_uk", "10"), key)
    assert again.local_id == record.local_id
    assert again.flagged is not None
    assert "amount" in again.flagged
    assert again.amount == Money.of("10", "GBP")
    (only,) = provider_orders(rig.handle, [key])[key]
    assert again.provider_id == only.id


def test_journal_contradicting_the_providers_order_is_flagged_by_reconcile(
    rig_factory: RigFactory,
) -> None:
    """Without a sync: reconcile alone must not leave the row unconfirmed and unflagged
    forever (re-sending it at every start-up and failing every time)."""
    rig = rig_factory()
    key = "key-mismatch-rec"
    record = _key_held_with_another_body(rig, key)
    rig.service.reconcile()
    with rig.store.session(readonly=True) as session:
        stored = order_by_id(session, record.local_id)
    assert stored is not None
    assert stored.amount == Money.of("10", "GBP")
    assert stored.flagged is not None, "a 409 idempotency_mismatch left the order unflagged"
    assert len(provider_orders(rig.handle, [key])[key]) == 1


# --- never downgrade -------------------------------------------------------------------------


def _follow_to_final(rig: Rig, local_id: int) -> OrderRecord:
    deadline = time.monotonic() + 10
    while True:
        rig.service.refresh([local_id])
        with rig.store.session(readonly=True) as session:
            record = order_by_id(session, local_id)
        assert record is not None
        if record.status.is_final:
            return record
        assert time.monotonic() < deadline, record.status
        time.sleep(0.05)


def test_stale_views_from_sync_never_downgrade_a_credited_order(rig_factory: RigFactory) -> None:
    rig = rig_factory(credit_delay=0.05)
    record = rig.service.submit(
        "card_demo_uk", make_quote(rig.client, "card_demo_uk"), "key-stale-1"
    )
    assert record.provider_id is not None
    assert record.checkout_url is not None
    stale = rig.client.get_order(record.provider_id)  # awaiting_payment, as first seen
    pay(record.checkout_url)
    credited = _follow_to_final(rig, record.local_id)
    assert credited.status is OrderStatus.CREDITED

    # 1. A stale page from the provider (e.g. a lagging replica, another desktop's sync).
    with rig.store.session() as session:
        result = merge_provider_order(session, stale, source="sync")
    assert result.status is OrderStatus.CREDITED
    assert not result.status_changed
    # 2. The provider itself reports an older status with a *newer* timestamp.
    _rewrite_provider_order(rig.handle, record.provider_id, status="paid")
    with rig.store.session() as session:
        set_last_synced_at(session, datetime.now(UTC) - timedelta(days=1))
    SyncService(rig.client, rig.store).sync_orders()
    assert rig.service.refresh([record.local_id]) == []  # final: not even asked
    fresh = rig.client.get_order(record.provider_id)
    assert fresh.status.value == "paid"
    with rig.store.session() as session:
        result = merge_provider_order(session, fresh, source="sync")
    assert result.ignored_status is OrderStatus.PAID

    with rig.store.session(readonly=True) as session:
        stored = order_by_id(session, record.local_id)
        events = order_events(session, record.local_id)
    assert stored is not None
    assert stored.status is OrderStatus.CREDITED
    assert stored.credited_at == credited.credited_at
    statuses = [e.to_status for e in events]
    after = statuses[statuses.index(OrderStatus.CREDITED) :]
    assert set(after) == {OrderStatus.CREDITED}, statuses


def test_a_cancelled_order_stays_cancelled_when_the_provider_says_otherwise(
    rig_factory: RigFactory,
) -> None:
    rig = rig_factory()
    record = rig.service.submit(
        "card_demo_us", make_quote(rig.client, "card_demo_us"), "key-canc-1"
    )
    cancelled = rig.service.cancel(record.local_id)
    assert cancelled.status is OrderStatus.CANCELLED
    assert cancelled.provider_id is not None
    _rewrite_provider_order(rig.handle, cancelled.provider_id, status="awaiting_payment")
    with rig.store.session() as session:
        set_last_synced_at(session, datetime.now(UTC) - timedelta(days=1))
    SyncService(rig.client, rig.store).sync_orders()
    rig.service.reconcile()
    with rig.store.session(readonly=True) as session:
        stored = order_by_id(session, record.local_id)
        pending = non_final_orders(session)
    assert stored is not None
    assert stored.status is OrderStatus.CANCELLED
    assert record.local_id not in [r.local_id for r in pending]
    # and a second submit with the same key does not revive or re-create it
    again = rig.service.submit("card_demo_us", make_quote(rig.client, "card_demo_us"), "key-canc-1")
    assert again.status is OrderStatus.CANCELLED
    assert len(provider_orders(rig.handle, ["key-canc-1"])["key-canc-1"]) == 1


def test_a_conflicting_order_does_not_block_the_refresh_of_others(rig_factory: RigFactory) -> None:
    """The order refresher calls `refresh()` for every non-final order and only then syncs:
    one journal row in conflict with the provider must not make every cycle fail (which
    also kept the sync, and so the flag, from ever happening)."""
    rig = rig_factory()
    conflicting = _key_held_with_another_body(rig, "key-mismatch-ref")
    with rig.store.session() as session:  # a crash left this one journalled, never sent
        unsent = journal_order(
            session,
            idempotency_key="key-unsent-after",
            card_id="card_demo_us",
            quote=make_quote(rig.client, "card_demo_us"),
        )
    changes = rig.service.refresh()
    assert {c.local_id for c in changes} == {conflicting.local_id, unsent.local_id}
    with rig.store.session(readonly=True) as session:
        flagged = order_by_id(session, conflicting.local_id)
        sent = order_by_id(session, unsent.local_id)
    assert flagged is not None
    assert flagged.flagged is not None
    assert flagged.amount == Money.of("10", "GBP")
    assert sent is not None
    assert sent.confirmed
    assert len(provider_orders(rig.handle, ["key-mismatch-ref"])["key-mismatch-ref"]) == 1
    assert_converged(rig.store, rig.handle, ["key-unsent-after"])
