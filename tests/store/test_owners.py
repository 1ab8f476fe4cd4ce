"""Whose data is shown (`store.owners`): the first account recorded takes what a sync stored
before the sign-in had recorded it."""

from __future__ import annotations

from lebwallet.store import Store
from lebwallet.store.owners import set_current_owner
from lebwallet.store.queries import list_cards
from lebwallet.store.writes import upsert_cards
from tests.store.factories import T0, card_rows, wire_card


def test_cards_a_sync_stored_before_the_first_sign_in_are_the_first_accounts(
    store: Store,
) -> None:
    with store.session() as session:  # the refresher's sync, before the sign-in's record
        upsert_cards(session, card_rows(wire_card("c1"), wire_card("c2")), synced_at=T0)
    with store.session() as session:
        assert set_current_owner(session, "sandbox#acct_a", T0)
    with store.session(readonly=True) as session:
        assert {card.id for card in list_cards(session)} == {"c1", "c2"}


def test_another_account_does_not_take_the_first_accounts_cards(store: Store) -> None:
    with store.session() as session:
        set_current_owner(session, "sandbox#acct_a", T0)
        upsert_cards(session, card_rows(wire_card("c1")), synced_at=T0)
    with store.session() as session:
        assert set_current_owner(session, "https://p.example#acct_b", T0)
    with store.session(readonly=True) as session:
        assert list_cards(session) == []
