"""Local cards, custom rules and keep-alive actions in the store; the 0004 migration."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from lebwallet.domain.cards import CardSource
from lebwallet.domain.identifiers import parse_msisdn
from lebwallet.domain.keepalive import ActionKind, KeepAliveAction, Period
from lebwallet.domain.money import Money
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.stored_cards import read_stored_cards
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store import keepalive as kstore
from lebwallet.store.engine import create_store_engine, current_revision, head_revision, upgrade
from lebwallet.store.owners import set_current_owner
from lebwallet.store.queries import card_listing, list_cards
from lebwallet.store.writes import upsert_cards
from tests.store.factories import T0, card_rows, wire_card
from tests.store.test_migrations import _CARD, _EVENT, _ORDER, _schema_diff

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def _service(store: Store) -> KeepAliveService:
    return KeepAliveService(store, clock=lambda: NOW)


def test_a_database_at_the_previous_revision_migrates_with_its_data(store_url: str) -> None:
    engine = create_store_engine(store_url, foreign_keys=False)
    try:
        with engine.begin() as conn:
            upgrade(conn, "0003")
            for statement in (_CARD, _ORDER, _EVENT):
                if engine.dialect.name == "sqlite":
                    statement = statement.replace("+00:00'", "'")
                conn.execute(text(statement))
    finally:
        engine.dispose()
    with open_store(store_url) as store:
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
        with store.session(readonly=True) as session:
            listing = card_listing(session, "c1")
            assert listing is not None
            assert listing.card.source is CardSource.PROVIDER
            assert listing.card.balance == Money.of("12.34", "GBP")
            assert kstore.card_rule_ids(session) == {"c1": None}
            topups = kstore.credited_topups(session, ["c1"])
            assert topups == {
                "c1": [KeepAliveAction(ActionKind.TOPUP, date(2024, 5, 1), Money.of("10", "GBP"))]
            }
        # The provider card gets its credited order as its last qualifying action.
        (item,) = _service(store).overviews()
        assert item.last_action is not None
        assert item.last_action.on == date(2024, 5, 1)
        assert item.last_day == date(2024, 10, 28)  # the provider's deadline is unchanged
    assert _schema_diff(store_url) == []


def test_a_sync_never_deletes_or_overwrites_a_local_card(store: Store) -> None:
    service = _service(store)
    local = service.add_local_card(
        label="Mine",
        msisdn=parse_msisdn("+447400123457"),
        rule_id="giffgaff-gb",
    )
    with store.session() as session:
        upsert_cards(session, card_rows(wire_card("c1")), synced_at=T0)
    with store.session() as session:
        # A complete sync without the local card, then one that reuses its id.
        upsert_cards(session, card_rows(wire_card("c2")), synced_at=T0, account_id=None)
        result = upsert_cards(
            session, card_rows(wire_card(local.card.id)), synced_at=T0, complete=False
        )
        assert [card_id for card_id, _ in result.rejected] == [local.card.id]
    with store.session(readonly=True) as session:
        cards = {c.id: c for c in list_cards(session)}
    assert set(cards) == {"c2", local.card.id}
    assert cards[local.card.id].label == "Mine"
    assert cards[local.card.id].source is CardSource.LOCAL
    assert cards[local.card.id].carrier == "giffgaff"


def test_actions_move_a_local_cards_stored_deadline_and_can_be_edited_and_removed(
    store: Store,
) -> None:
    service = _service(store)
    item = service.add_local_card(
        label="UK", msisdn=parse_msisdn("07400123456", "GB"), rule_id="giffgaff-gb"
    )
    assert item.last_action is None
    assert item.last_day == date(2027, 6, 5)  # counted from the day it was added
    logged = service.log_action(item.card.id, KeepAliveAction(ActionKind.SMS, date(2026, 8, 31)))
    assert logged.counted
    assert logged.overview.last_day == date(2027, 2, 28)
    with store.session(readonly=True) as session:
        stored = card_listing(session, item.card.id)
        assert stored is not None
        assert stored.card.last_day == date(2027, 2, 28)  # what reminders and the window read
    edited = service.update_action(
        item.card.id, KeepAliveAction(ActionKind.CALL, date(2026, 9, 30), id=logged.action.id)
    )
    assert edited.last_day == date(2027, 3, 30)
    assert logged.action.id is not None
    removed = service.remove_action(logged.action.id)
    assert removed.last_action is None
    assert service.actions(item.card.id) == []


def test_a_custom_rule_works_like_a_catalogue_one(store: Store) -> None:
    service = _service(store)
    item = service.add_local_card(
        label="Own",
        msisdn=parse_msisdn("+85291234567"),
        every=Period.days(90),
        minimum=Money.of("50", "HKD"),
    )
    assert item.entry is not None
    assert item.entry.custom
    assert item.card.currency == "HKD"
    small = service.log_action(
        item.card.id,
        KeepAliveAction(ActionKind.TOPUP, date(2026, 11, 1), Money.of("20", "HKD")),
    )
    assert not small.counted
    big = service.log_action(
        item.card.id,
        KeepAliveAction(ActionKind.TOPUP, date(2026, 10, 1), Money.of("50", "HKD")),
    )
    assert big.counted
    assert big.overview.last_day == date(2026, 12, 30)
    with pytest.raises(ValueError, match="HKD"):
        service.log_action(
            item.card.id,
            KeepAliveAction(ActionKind.TOPUP, date(2026, 10, 1), Money.of("50", "GBP")),
        )
    with pytest.raises(ValueError, match="future"):
        service.log_action(item.card.id, KeepAliveAction(ActionKind.SMS, date(2026, 12, 6)))


def test_the_users_own_cards_show_whichever_provider_account_is_signed_in(store: Store) -> None:
    """Cards are shown per provider account; the user's own cards belong to none of them."""
    local = _service(store).add_local_card(
        label="Mine", msisdn=parse_msisdn("+447400123457"), rule_id="giffgaff-gb"
    )
    for owner, card_id in (("sandbox|acct_a", "c-a"), ("https://p.example|acct_b", "c-b")):
        with store.session() as session:
            set_current_owner(session, owner, T0)
            upsert_cards(session, card_rows(wire_card(card_id)), synced_at=T0)
        with store.session(readonly=True) as session:
            assert {c.id for c in list_cards(session)} == {card_id, local.card.id}


def test_the_first_paint_reads_the_users_own_cards_under_any_account(tmp_path: Path) -> None:
    store = open_store(default_sqlite_url(tmp_path))
    try:
        local = _service(store).add_local_card(
            label="Mine", msisdn=parse_msisdn("+447400123457"), rule_id="giffgaff-gb"
        )
        with store.session() as session:
            set_current_owner(session, "sandbox|acct_a", T0)
            upsert_cards(session, card_rows(wire_card("c-a")), synced_at=T0)
    finally:
        store.dispose()
    snapshot = read_stored_cards(tmp_path)
    assert snapshot is not None
    assert {c.id for c in snapshot.cards} == {"c-a", local.card.id}
