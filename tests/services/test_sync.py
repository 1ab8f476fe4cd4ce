"""Sync against the running sandbox into a real SQLite store."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from lebwallet.domain.orders import OrderStatus
from lebwallet.provider import wire
from lebwallet.provider.errors import ProviderUnavailable
from lebwallet.sandbox.seed_bulk import seed_bulk
from lebwallet.services.sync import SyncService
from lebwallet.store.queries import HistoryFilter, account, history_page, list_cards
from tests.services.conftest import Wallet


def test_first_sync_brings_account_cards_and_history(wallet: Wallet) -> None:
    result = SyncService(wallet.client, wallet.store).sync_all()
    assert result.cards == 3
    assert result.rejected_cards == ()
    with wallet.store.session(readonly=True) as session:
        cards = {card.id: card for card in list_cards(session)}
        profile = account(session)
        page = history_page(session, HistoryFilter(), after=None, limit=50)
    assert set(cards) == {"card_demo_uk", "card_demo_us", "card_demo_hk"}
    assert cards["card_demo_hk"].is_esim
    assert cards["card_demo_hk"].activation_code is not None
    assert cards["card_demo_uk"].balance.currency == "GBP"
    assert profile is not None
    assert len(page.rows) == result.orders >= 5
    assert {row.status for row in page.rows} >= {OrderStatus.CREDITED, OrderStatus.FAILED}


def test_second_sync_is_incremental(wallet: Wallet) -> None:
    service = SyncService(wallet.client, wallet.store)
    first = service.sync_all()
    second = service.sync_all()
    assert first.orders >= 5
    assert second.order_changes == 0
    assert second.orders < first.orders
    assert second.balance_changes == 0


def test_unbound_card_is_marked_removed_and_keeps_history(wallet: Wallet) -> None:
    service = SyncService(wallet.client, wallet.store)
    service.sync_all()
    wallet.client.unbind_card("card_demo_us")
    service.sync_all()
    with wallet.store.session(readonly=True) as session:
        ids = {card.id for card in list_cards(session)}
        rows = history_page(
            session, HistoryFilter(card_id="card_demo_us"), after=None, limit=50
        ).rows
    assert "card_demo_us" not in ids
    assert rows, "the unbound card's orders stay in history"


def test_a_listing_cut_off_midway_marks_no_card_removed(
    wallet: Wallet, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = SyncService(wallet.client, wallet.store, page_size=1)  # one card per page
    service.sync_all()
    wallet.client.unbind_card("card_demo_us")
    pages = wallet.client.card_pages

    def cut_off(*, page_size: int | None = None) -> Iterator[list[wire.Card]]:
        listing = pages(page_size=page_size)
        yield next(listing)
        raise ProviderUnavailable("GET /v1/cards: the provider did not answer in time")

    monkeypatch.setattr(wallet.client, "card_pages", cut_off)
    with pytest.raises(ProviderUnavailable):
        service.sync_cards()
    with wallet.store.session(readonly=True) as session:
        ids = {card.id for card in list_cards(session)}
    assert ids == {"card_demo_uk", "card_demo_us", "card_demo_hk"}  # removal waits for the end
    monkeypatch.undo()
    service.sync_cards()
    with wallet.store.session(readonly=True) as session:
        assert {card.id for card in list_cards(session)} == {"card_demo_uk", "card_demo_hk"}


def test_orders_passed_over_before_their_cards_came_are_fetched_once_they_do(
    wallet: Wallet,
) -> None:
    """The refresher's order pass can run before the window's first card sync has stored the
    cards: it skips their orders (unknown cards) and moves its cursor on."""
    service = SyncService(wallet.client, wallet.store)
    assert service.sync_orders()[0] >= 5  # seen, and all skipped: no card is stored yet
    with wallet.store.session(readonly=True) as session:
        assert history_page(session, HistoryFilter(), after=None, limit=50).rows == []
    service.sync_cards()
    service.sync_orders()
    with wallet.store.session(readonly=True) as session:
        assert len(history_page(session, HistoryFilter(), after=None, limit=50).rows) >= 5


def test_a_page_that_cannot_be_stored_stops_the_page_threads_at_once(wallet: Wallet) -> None:
    """The workers fetch with the service's client, which is not thread-safe: none may go on
    once `sync_cards` has raised, even while the traceback keeps its frame alive."""
    with wallet.store.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER no_us BEFORE INSERT ON cards WHEN NEW.id = 'card_demo_us' "
            "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"
        )
    assert wallet.sandbox.server.db is not None
    seed_bulk(wallet.sandbox.server.db, cards=30, now=datetime.now(UTC))  # 33 pages: more
    service = SyncService(wallet.client, wallet.store, page_size=1)  # than the queues hold
    with pytest.raises(IntegrityError, match="the disk is full") as caught:
        service.sync_cards()
    assert caught.traceback  # the frames stay referenced here
    workers = {"card pages", "card checks"}
    assert not [t.name for t in threading.enumerate() if t.name in workers]
