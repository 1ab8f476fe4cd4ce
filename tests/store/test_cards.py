"""Cards: upsert from the provider, domain cards out, balance history."""

from __future__ import annotations

from datetime import timedelta

from lebwallet.domain.cards import Card
from lebwallet.domain.money import Money
from lebwallet.provider import wire
from lebwallet.services.card_rows import account_profile
from lebwallet.store import Store
from lebwallet.store.queries import balance_series, card, card_listings, list_cards
from lebwallet.store.writes import mark_card_removed, record_balance, upsert_account, upsert_cards
from tests.store.factories import T0, card_rows, wire_card


def test_upsert_inserts_updates_removes_and_restores(store: Store) -> None:
    with store.session() as s:
        result = upsert_cards(s, card_rows(wire_card("c1"), wire_card("c2")), synced_at=T0)
    assert (result.inserted, result.updated, result.removed) == (2, 0, 0)
    assert result.balance_changes == 2
    t1 = T0 + timedelta(hours=1)
    with store.session() as s:
        result = upsert_cards(
            s, card_rows(wire_card("c1", balance="7.50", label="Mine")), synced_at=t1
        )
    assert (result.inserted, result.updated, result.removed, result.balance_changes) == (
        0,
        1,
        1,
        1,
    )
    with store.session(readonly=True) as s:
        cards = list_cards(s)
        assert [c.id for c in cards] == ["c1"]
        assert isinstance(cards[0], Card)
        assert cards[0].label == "Mine"
        assert cards[0].balance == Money.of("7.50", "GBP")
        assert cards[0].masked_number.startswith("+44")
        assert [c.id for c in list_cards(s, include_removed=True)] == ["c2", "c1"]  # by label
        listing = card_listings(s)[0]
        assert listing.synced_at == t1
        assert card(s, "c2") is not None
        assert card(s, "nope") is None
    with store.session() as s:
        result = upsert_cards(
            s,
            card_rows(wire_card("c1", balance="7.50", label="Mine"), wire_card("c2")),
            synced_at=t1,
        )
    assert (result.updated, result.removed, result.balance_changes) == (1, 0, 0)


def test_balance_snapshot_only_when_the_balance_changes(store: Store) -> None:
    for i, balance in enumerate(["5.00", "5.00", "3.20", "3.20", "13.20"]):
        with store.session() as s:
            upsert_cards(
                s, card_rows(wire_card("c1", balance=balance)), synced_at=T0 + timedelta(days=i)
            )
    with store.session(readonly=True) as s:
        series = balance_series(s, "c1")
        assert [(at - T0).days for at, _ in series] == [0, 2, 4]
        assert [m.to_wire() for _, m in series] == ["5.00", "3.20", "13.20"]
        assert [m.to_wire() for _, m in balance_series(s, "c1", since=T0 + timedelta(days=1))] == [
            "3.20",
            "13.20",
        ]
    with store.session() as s:
        assert not record_balance(s, "c1", Money.of("13.20", "GBP"), at=T0 + timedelta(days=9))
        assert record_balance(s, "c1", Money.of("1.00", "GBP"), at=T0 + timedelta(days=9))


def test_money_is_exact_in_minor_units_of_each_currency(store: Store) -> None:
    jpy = wire_card(
        "c7",
        currency="JPY",
        balance="1500",
        keep_alive={"minimum_topup": {"value": "1000", "currency": "JPY"}, "period_days": 90},
    )
    with store.session() as s:
        upsert_cards(s, card_rows(jpy), synced_at=T0)
    with store.session(readonly=True) as s:
        got = card(s, "c7")
        assert got is not None
        assert got.balance == Money.of(1500, "JPY")
        assert got.plan.minimum_topup == Money.of(1000, "JPY")


def test_cards_the_domain_refuses_are_reported_not_stored(store: Store) -> None:
    bad = wire_card("c3", iccid="89441100000000000019")  # wrong Luhn digit
    with store.session() as s:
        result = upsert_cards(s, card_rows(bad, wire_card("c4")), synced_at=T0)
    assert result.inserted == 1
    assert [cid for cid, _ in result.rejected] == ["c3"]
    assert "Luhn" in result.rejected[0][1]


def test_a_card_whose_label_the_domain_refuses_is_not_stored(store: Store) -> None:
    """The wire schema lets a control character through; stored, it would break every read."""
    bell = wire_card("c8", label="bell\x07")
    with store.session() as s:
        result = upsert_cards(s, card_rows(bell, wire_card("c9")), synced_at=T0)
    assert [cid for cid, _ in result.rejected] == ["c8"]
    assert "control characters" in result.rejected[0][1]
    with store.session(readonly=True) as s:
        assert [c.id for c in list_cards(s)] == ["c9"]


def test_esim_activation_code_and_unbind(store: Store) -> None:
    esim = wire_card("c5", is_esim=True, activation_code="LPA:1$smdp.example.com$ABC-123")
    with store.session() as s:
        upsert_cards(s, card_rows(esim), synced_at=T0)
    with store.session() as s:
        got = card(s, "c5")
        assert got is not None
        assert got.activation_code is not None
        assert mark_card_removed(s, "c5", at=T0)
        assert not mark_card_removed(s, "c5", at=T0)
        assert list_cards(s) == []


def test_account_profile_holds_no_secrets(store: Store) -> None:
    from lebwallet.store.queries import account

    acc = wire.Account.model_validate(
        {
            "profile": {
                "id": "a1",
                "name": "Li",
                "email": "li@example.com",
                "phone": None,
                "default_payment_method": "alipay",
                "profile_complete": False,
                "missing_fields": ["phone"],
                "created_at": T0,
            },
            "limits": {"day_resets_at": T0, "month_resets_at": T0, "currencies": []},
        }
    )
    with store.session() as s:
        upsert_account(s, account_profile(acc), synced_at=T0)
        upsert_account(s, account_profile(acc), synced_at=T0 + timedelta(1))
    with store.session(readonly=True) as s:
        got = account(s)
    assert got is not None
    assert (got.name, got.missing_fields, got.default_payment_method) == (
        "Li",
        ("phone",),
        "alipay",
    )
    with store.engine.connect() as conn:
        from sqlalchemy import inspect

        columns = {
            c["name"] for t in inspect(conn).get_table_names() for c in inspect(conn).get_columns(t)
        }
    assert not {c for c in columns if "password" in c or "token" in c or "secret" in c}


def test_upsert_stores_the_plan_minimum_balance(store: Store) -> None:
    plan = {
        "minimum_topup": {"value": "10.00", "currency": "USD"},
        "period_days": 30,
        "min_balance": {"value": "5.00", "currency": "USD"},
    }
    us = wire_card("c8", currency="USD", balance="4.20", keep_alive=plan)
    with store.session() as s:
        upsert_cards(s, card_rows(us, wire_card("c9")), synced_at=T0)
    with store.session(readonly=True) as s:
        got, other = card(s, "c8"), card(s, "c9")
    assert got is not None
    assert other is not None
    assert got.plan.min_balance == Money.of("5.00", "USD")
    assert got.balance_low
    assert other.plan.min_balance is None
    assert not other.balance_low

    # the carrier lowers its minimum: stored again, not skipped as unchanged
    lower = {**plan, "min_balance": {"value": "3.00", "currency": "USD"}}
    lowered = wire_card("c8", currency="USD", balance="4.20", keep_alive=lower)
    with store.session() as s:
        result = upsert_cards(
            s, card_rows(lowered, wire_card("c9")), synced_at=T0 + timedelta(hours=1)
        )
    assert (result.updated, result.balance_changes) == (1, 0)
    with store.session(readonly=True) as s:
        got = card(s, "c8")
    assert got is not None
    assert got.plan.min_balance == Money.of("3.00", "USD")
    assert not got.balance_low


def test_cards_by_ids_reads_the_asked_cards_removed_ones_included(store: Store) -> None:
    from lebwallet.store.queries import cards_by_ids

    with store.session() as s:
        upsert_cards(s, card_rows(wire_card("c1"), wire_card("c2"), wire_card("c3")), synced_at=T0)
        mark_card_removed(s, "c2", at=T0)
    with store.session(readonly=True) as s:
        found = cards_by_ids(s, ["c2", "c3", "nope"])
        assert cards_by_ids(s, []) == []
    assert sorted(c.id for c in found) == ["c2", "c3"]
