"""Crashes for real against the Reloadly double: a wallet process topping up through the
Reloadly channel is killed with SIGKILL at the points tests/services/test_crash_recovery.py
kills it against the LEB sandbox (after the journal commit, while the top-up is in flight,
after Reloadly committed but the answer was lost, after the answer was stored, at random
moments of a run). A new process (this test, a freshly opened store) reconciles; the double
holds exactly one top-up per journalled key (its `customIdentifier`), none without a journal
row, and the journal agrees with it. The double runs in this process, so it outlives the
killed one.
"""

from __future__ import annotations

import random
import textwrap
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from lebwallet.channels.reloadly.channel import ReloadlyChannel
from lebwallet.channels.reloadly.client import ReloadlyClient
from lebwallet.domain.identifiers import parse_msisdn
from lebwallet.domain.orders import OrderStatus
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.recharge import RechargeService
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store.queries import non_final_orders
from tests.channels.reloadly.conftest import UK
from tests.doubles.reloadly import DOUBLE_DROP_AFTER_COMMIT, DOUBLE_ERROR_503, ReloadlyDouble
from tests.services.test_crash_recovery import Child, rows_in, wait_until
from tests.services.test_recharge_faults import journal, settle

TOPUP = ("POST", "/topups-async")
REPORT = ("GET", "/topups/reports/transactions")

WALLET_CHILD = textwrap.dedent(
    """
    import os, sys, time
    from lebwallet.channels.reloadly.channel import ReloadlyChannel
    from lebwallet.channels.reloadly.client import ReloadlyClient
    from lebwallet.domain.money import Money
    from lebwallet.provider.errors import ProviderError
    from lebwallet.services.channels import RELOADLY
    from lebwallet.services.recharge import RechargeService
    from lebwallet.store.engine import open_store
    from lebwallet.store.queries import card
    from lebwallet.store.writes import journal_order

    url, db, card_id, mode, *keys = sys.argv[1:]
    client = ReloadlyClient(
        os.environ["RELOADLY_TEST_CLIENT_ID"], os.environ["RELOADLY_TEST_SECRET"],
        auth_url=url, api_url=url, retries=3, backoff_factor=0.05,
    )
    store = open_store(db)
    channel = ReloadlyChannel(client)
    with store.session(readonly=True) as session:
        found = card(session, card_id)
    priced = channel.quote(found, Money.of("0.79", "GBP"))
    detail = channel.detail(found, priced)
    service = RechargeService(None, store, channels=[channel])
    print("started", flush=True)
    for key in keys:
        if mode == "journal":
            with store.session() as session:
                journal_order(
                    session, idempotency_key=key, card_id=card_id, quote=priced.quote,
                    channel=RELOADLY, channel_detail=detail,
                )
        else:
            try:
                service.submit(card_id, priced.quote, key, channel=RELOADLY, channel_detail=detail)
            except ProviderError as error:
                print("error", key, type(error).__name__, flush=True)
                continue
        print("done", key, flush=True)
    print("ready", flush=True)
    time.sleep(60)
    """
)


class Wallet:
    """The wallet's data dir: a SQLite URL and file, with a card of your own by its UK
    number (the double's RANGE operator)."""

    def __init__(self, path: Path) -> None:
        self.url = default_sqlite_url(path)
        self.file = path / "wallet.sqlite3"
        store = open_store(self.url)
        try:
            added_at = datetime.now(UTC) - timedelta(days=100)
            book = KeepAliveService(store, clock=lambda: added_at)
            self.card_id = book.add_local_card(
                label="UK number", msisdn=parse_msisdn(UK.e164), rule_id="giffgaff-gb"
            ).card.id
        finally:
            store.dispose()

    def child(self, double: ReloadlyDouble, mode: str, keys: list[str]) -> Child:
        return Child(
            ["-c", WALLET_CHILD, double.url, self.url, self.card_id, mode, *keys],
            env={
                "RELOADLY_TEST_CLIENT_ID": double.client_id,
                "RELOADLY_TEST_SECRET": double.client_secret,
            },
        )


@pytest.fixture
def wallet(tmp_path: Path) -> Wallet:
    return Wallet(tmp_path / "wallet")


@pytest.fixture
def reloadly() -> Iterator[ReloadlyDouble]:
    with ReloadlyDouble(processing_seconds=0.1, balance=Decimal("1000.00")) as running:
        yield running


def at_double(double: ReloadlyDouble) -> dict[str, list[dict[str, Any]]]:
    """The double's top-ups per customIdentifier."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for transaction in double.transactions():
        found[transaction["customIdentifier"]].append(transaction)
    return dict(found)


def assert_exactly_once(store: Store, double: ReloadlyDouble, keys: list[str]) -> None:
    """Every key journalled, credited, and topped up once at the double with the journal's
    transaction; nothing at the double without a journal row."""
    records = journal(store, keys)
    assert sorted(records) == sorted(keys), "a journalled order was lost"
    sent = at_double(double)
    assert set(sent) <= set(keys), "a top-up reached Reloadly unjournalled"
    for key in keys:
        assert len(sent.get(key, [])) == 1, f"{key}: {len(sent.get(key, []))} top-ups"
        (transaction,) = sent[key]
        record = records[key]
        assert record.provider_id == f"reloadly-{transaction['transactionId']}", key
        assert record.status is OrderStatus.CREDITED, (key, record.status)


def reconcile_in_a_new_start(double: ReloadlyDouble, wallet: Wallet, keys: list[str]) -> None:
    """What a new process does at start-up: open the store, reconcile, follow to the end."""
    client = ReloadlyClient(
        double.client_id, double.client_secret, auth_url=double.url, api_url=double.url,
        retries=3, backoff_factor=0.01,
    )  # fmt: skip
    store = open_store(wallet.url)
    try:
        service = RechargeService(None, store, channels=[ReloadlyChannel(client)])
        settle(service, store)
        end = time.monotonic() + 10
        while True:
            with store.session(readonly=True) as session:
                if not non_final_orders(session):
                    break
            assert time.monotonic() < end, "orders never reached a final status"
            time.sleep(0.05)
            service.refresh()
        assert_exactly_once(store, double, keys)
    finally:
        store.dispose()
        client.close()


# --- SIGKILL at different points ---------------------------------------------------------------


def test_killed_after_the_journal_commit_before_any_request(
    reloadly: ReloadlyDouble, wallet: Wallet
) -> None:
    keys = ["rl-kill-journal-0001", "rl-kill-journal-0002"]
    child = wallet.child(reloadly, "journal", keys)
    child.wait_line("ready")
    child.kill()
    assert reloadly.topups_sent() == 0  # nothing was sent
    assert rows_in(wallet.file, keys) == dict.fromkeys(keys)
    reconcile_in_a_new_start(reloadly, wallet, keys)


def test_killed_while_the_topup_is_in_flight(reloadly: ReloadlyDouble, wallet: Wallet) -> None:
    """The top-up waits 0.8 s at the double; the wallet dies after journalling, while it
    waits. The abandoned request still tops up; the new start re-sends with the identifier
    at the same time, is refused, and finds the one top-up by its identifier."""
    reloadly.faults.delay(*TOPUP, 0.8)
    key = "rl-kill-inflight-0001"
    child = wallet.child(reloadly, "submit", [key])
    child.wait_line("started")
    wait_until(lambda: key in rows_in(wallet.file, [key]), what="the journal row")
    time.sleep(0.2)  # the request is now waiting at the double
    child.kill()
    assert rows_in(wallet.file, [key]) == {key: None}
    assert reloadly.topups_sent() == 0  # not handled yet
    reconcile_in_a_new_start(reloadly, wallet, [key])  # races the abandoned one
    time.sleep(0.9)  # every request has finished at the double
    assert len(at_double(reloadly)[key]) == 1
    assert reloadly.topups_sent() == 1


def test_killed_after_reloadly_committed_but_the_answer_was_lost(
    reloadly: ReloadlyDouble, wallet: Wallet
) -> None:
    """The top-up's answer is dropped after the double committed it, and the look-up by
    identifier answers 503: the wallet dies while retrying. Reloadly comes back without
    faults; the new start confirms the one top-up."""
    key = "rl-kill-dropped-0001"
    reloadly.faults.arm(*TOPUP, DOUBLE_DROP_AFTER_COMMIT)
    reloadly.faults.arm(*REPORT, DOUBLE_ERROR_503, times=1000)
    child = wallet.child(reloadly, "submit", [key])
    wait_until(lambda: reloadly.topups_sent() == 1, what="the double's top-up")
    child.kill()
    assert rows_in(wallet.file, [key]) == {key: None}  # the wallet never heard back
    reloadly.faults = type(reloadly.faults)()  # back without faults
    reconcile_in_a_new_start(reloadly, wallet, [key])


def test_killed_after_the_answer_was_stored(reloadly: ReloadlyDouble, wallet: Wallet) -> None:
    keys = ["rl-kill-after-0001", "rl-kill-after-0002"]
    child = wallet.child(reloadly, "submit", keys)
    child.wait_line("ready")
    child.kill()
    assert all(rows_in(wallet.file, keys).values())  # both confirmed before the kill
    reconcile_in_a_new_start(reloadly, wallet, keys)


@pytest.mark.parametrize("seed", [1, 2])
def test_killed_at_random_points_of_a_run_of_topups(
    reloadly: ReloadlyDouble, wallet: Wallet, seed: int
) -> None:
    """Top-ups are sent one after another (each waits 0.05 s at the double) and the wallet
    is killed at a seeded random moment, three times in a row on the same data dir; then a
    new start reconciles everything."""
    dice = random.Random(seed)
    reloadly.faults.delay(*TOPUP, 0.05)
    keys: list[str] = []
    for run in range(3):
        batch = [f"rl-kill-rand-{seed}-{run}-{n:02d}" for n in range(6)]
        keys += batch
        child = wallet.child(reloadly, "submit", batch)
        child.wait_line("started")
        time.sleep(dice.uniform(0.05, 0.5))
        child.kill()
    store = open_store(wallet.url)
    try:
        journalled = sorted(journal(store, keys))
    finally:
        store.dispose()
    assert journalled, "killed before anything was journalled; pick other delays"
    assert set(at_double(reloadly)) <= set(journalled), "a top-up reached Reloadly unjournalled"
    reconcile_in_a_new_start(reloadly, wallet, journalled)
