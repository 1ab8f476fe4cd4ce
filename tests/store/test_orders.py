"""The recharge journal: journal first, never downgrade, events, flags, merges."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from lebwallet.domain.orders import OrderStatus
from lebwallet.store import Store
from lebwallet.store.queries import (
    card_listing,
    flagged_orders,
    non_final_orders,
    order_by_key,
    order_by_provider_id,
    order_events,
    recent_orders,
)
from lebwallet.store.writes import (
    JournalError,
    OrderNotFound,
    apply_order_update,
    fail_unsent_order,
    get_last_synced_at,
    journal_order,
    merge_provider_order,
    set_last_synced_at,
    upsert_cards,
)
from tests.store.factories import T0, card_rows, chan_order, new_key, quote, wire_card


@pytest.fixture
def carded(store: Store) -> Store:
    with store.session() as s:
        upsert_cards(s, card_rows(wire_card("c1"), wire_card("c2")), synced_at=T0)
    return store


def _journal(store: Store, key: str, card_id: str = "c1", amount: str = "10.00") -> int:
    with store.session() as s:
        return journal_order(
            s, idempotency_key=key, card_id=card_id, quote=quote(amount), now=T0
        ).local_id


def test_journal_writes_a_non_final_unconfirmed_order(carded: Store) -> None:
    key = new_key()
    local_id = _journal(carded, key)
    with carded.session(readonly=True) as s:
        rec = order_by_key(s, key)
        assert rec is not None
        assert (rec.local_id, rec.status, rec.provider_id, rec.confirmed) == (
            local_id,
            OrderStatus.AWAITING_PAYMENT,
            None,
            False,
        )
        assert rec.amount.to_wire() == "10.00"
        assert rec.total.currency == "GBP"
        assert [r.idempotency_key for r in non_final_orders(s)] == [key]
        assert [e.source for e in order_events(s, local_id)] == ["journal"]
    with pytest.raises(JournalError, match="already used"), carded.session() as s:
        journal_order(s, idempotency_key=key, card_id="c1", quote=quote(), now=T0)
    with pytest.raises(JournalError, match="not in the store"), carded.session() as s:
        journal_order(s, idempotency_key=new_key(), card_id="zz", quote=quote(), now=T0)
    with pytest.raises(JournalError, match="JPY"), carded.session() as s:
        journal_order(s, idempotency_key=new_key(), card_id="c1", quote=quote("100", "JPY"), now=T0)


def test_updates_move_forward_with_an_event_each(carded: Store) -> None:
    key = new_key()
    local_id = _journal(carded, key)
    steps = ["awaiting_payment", "requires_action", "paid", "crediting", "credited"]
    for i, status in enumerate(steps):
        with carded.session() as s:
            res = apply_order_update(
                s,
                key if i % 2 else local_id,
                chan_order(key, status=status, updated_at=T0 + timedelta(minutes=i)),
                source="refresher",
                now=T0 + timedelta(minutes=i),
            )
        assert res.status == OrderStatus(status)
        assert res.flagged is None
    with carded.session(readonly=True) as s:
        events = order_events(s, local_id)
        assert [(e.from_status, e.to_status) for e in events] == [
            (None, OrderStatus.AWAITING_PAYMENT),
            (OrderStatus.AWAITING_PAYMENT, OrderStatus.REQUIRES_ACTION),
            (OrderStatus.REQUIRES_ACTION, OrderStatus.PAID),
            (OrderStatus.PAID, OrderStatus.CREDITING),
            (OrderStatus.CREDITING, OrderStatus.CREDITED),
        ]
        assert {e.source for e in events[1:]} == {"refresher"}
        rec = order_by_provider_id(s, "o1")
        assert rec is not None
        assert rec.local_id == local_id
        assert non_final_orders(s) == []
        listing = card_listing(s, "c1")
        assert listing is not None
        assert listing.last_topup_at == T0 + timedelta(minutes=4)


@pytest.mark.parametrize("late", ["paid", "awaiting_payment", "failed", "crediting"])
def test_a_final_status_is_never_downgraded(carded: Store, late: str) -> None:
    key = new_key()
    _journal(carded, key)
    with carded.session() as s:
        apply_order_update(s, key, chan_order(key, status="credited"), source="sync")
    with carded.session() as s:
        res = apply_order_update(
            s,
            key,
            chan_order(key, status=late, updated_at=T0 + timedelta(hours=1)),
            source="refresher",
        )
    assert res.status == OrderStatus.CREDITED
    assert res.ignored_status == OrderStatus(late)
    with carded.session(readonly=True) as s:
        rec = order_by_key(s, key)
        assert rec is not None
        assert rec.status == OrderStatus.CREDITED
        assert len(order_events(s, rec.local_id)) == 2


def test_backwards_and_stale_views_are_ignored(carded: Store) -> None:
    key = new_key()
    _journal(carded, key)
    with carded.session() as s:
        apply_order_update(
            s,
            key,
            chan_order(key, status="crediting", updated_at=T0 + timedelta(minutes=5)),
            source="a",
        )
        res = apply_order_update(
            s,
            key,
            chan_order(key, status="paid", updated_at=T0 + timedelta(minutes=9)),
            source="b",
        )
        assert (res.status, res.ignored_status, res.changed) == (
            OrderStatus.CREDITING,
            OrderStatus.PAID,
            False,
        )
        res = apply_order_update(
            s,
            key,
            chan_order(key, status="credited", updated_at=T0 + timedelta(minutes=1)),
            source="c",
        )
        assert res.status == OrderStatus.CREDITING  # an older view of the order
        assert res.ignored_status == OrderStatus.CREDITED


@pytest.mark.parametrize(
    ("change", "expect"),
    [
        ({"amount": "20.00"}, "amount"),
        ({"card_id": "c2"}, "card"),
        ({"amount": "1000", "currency": "JPY"}, "currency"),
    ],
)
def test_contradictions_flag_instead_of_overwriting(
    carded: Store, change: dict[str, Any], expect: str
) -> None:
    key = new_key()
    local_id = _journal(carded, key)
    with carded.session() as s:
        res = apply_order_update(s, key, chan_order(key, status="paid", **change), source="sync")
    assert res.flagged is not None
    assert expect in res.flagged
    assert res.status == OrderStatus.PAID
    with carded.session() as s:
        again = apply_order_update(s, key, chan_order(key, status="paid", **change), source="sync")
    assert not again.changed
    with carded.session(readonly=True) as s:
        rec = order_by_key(s, key)
        assert rec is not None
        assert (rec.card_id, rec.amount.to_wire(), rec.amount.currency) == ("c1", "10.00", "GBP")
        assert rec.flagged is not None
        assert expect in rec.flagged
        assert [r.local_id for r in flagged_orders(s)] == [local_id]
        flagged_events = [
            e for e in order_events(s, local_id) if e.detail and "flagged" in e.detail
        ]
        assert len(flagged_events) == 1


def test_provider_price_details_are_taken(carded: Store) -> None:
    key = new_key()
    _journal(carded, key)
    order = chan_order(
        key,
        status="awaiting_payment",
        price={
            "amount": {"value": "10.00", "currency": "GBP"},
            "discount": {"value": "1.00", "currency": "GBP"},
            "bonus": {"value": "2.00", "currency": "GBP"},
            "fx_rate": "8.9",
            "fee": {"value": "0.50", "currency": "CNY"},
            "total": {"value": "80.60", "currency": "CNY"},
            "credited_amount": {"value": "12.00", "currency": "GBP"},
        },
    )
    with carded.session() as s:
        res = apply_order_update(s, key, order, source="recharge")
    assert res.record is not None
    assert res.record.total.to_wire() == "80.60"
    assert res.record.total.currency == "CNY"
    assert str(res.record.fx_rate) == "8.9"
    assert res.record.credited.to_wire() == "12.00"
    assert res.record.checkout_url == "http://127.0.0.1:1/checkout/o1"


def test_merge_adds_orders_made_elsewhere_and_updates_known_ones(carded: Store) -> None:
    key = new_key()
    with carded.session() as s:
        res = merge_provider_order(s, chan_order(key, order_id="o9", status="paid"), source="sync")
        assert res.created
        assert res.status == OrderStatus.PAID
        res2 = merge_provider_order(
            s,
            chan_order(key, order_id="o9", status="credited", updated_at=T0 + timedelta(minutes=3)),
            source="sync",
        )
        assert not res2.created
        assert res2.local_id == res.local_id
        assert res2.previous_status == OrderStatus.PAID
        assert res2.status_changed
        skipped = merge_provider_order(
            s, chan_order(new_key(), order_id="o8", card_id="zz"), source="sync"
        )
        assert skipped.skipped is not None
        assert skipped.local_id is None
    # A journalled order whose create response was lost is matched by its key.
    key2 = new_key()
    local_id = _journal(carded, key2)
    with carded.session() as s:
        res3 = merge_provider_order(s, chan_order(key2, order_id="o10"), source="sync")
    assert (res3.local_id, res3.created) == (local_id, False)


def test_fail_unsent_and_missing_orders(carded: Store) -> None:
    key = new_key()
    _journal(carded, key)
    with carded.session() as s:
        res = fail_unsent_order(
            s, key, reason="amount below minimum", code="amount_below_minimum", source="recharge"
        )
        assert res.status == OrderStatus.FAILED
        with pytest.raises(OrderNotFound):
            apply_order_update(s, "no-such-key-1", chan_order("no-such-key-1"), source="x")
    key2 = new_key()
    _journal(carded, key2)
    with carded.session() as s:
        apply_order_update(s, key2, chan_order(key2, order_id="o5"), source="x")
        with pytest.raises(ValueError, match="provider"):
            fail_unsent_order(s, key2, reason="r", source="x")


def test_recent_orders_for_the_duplicate_warning(carded: Store) -> None:
    keys = [new_key() for _ in range(3)]
    for i, key in enumerate(keys):
        with carded.session() as s:
            journal_order(
                s,
                idempotency_key=key,
                card_id="c1" if i < 2 else "c2",
                quote=quote(),
                now=T0 + timedelta(minutes=i),
            )
    with carded.session(readonly=True) as s:
        got = recent_orders(s, "c1", T0 + timedelta(seconds=30))
        assert [r.idempotency_key for r in got] == [keys[1]]
        assert len(recent_orders(s, "c1", T0)) == 2


def test_sync_state(store: Store) -> None:
    with store.session() as s:
        assert get_last_synced_at(s) is None
        set_last_synced_at(s, T0)
        set_last_synced_at(s, T0 + timedelta(1))
        set_last_synced_at(s, T0, "cards")
    with store.session(readonly=True) as s:
        assert get_last_synced_at(s) == T0 + timedelta(1)
        assert get_last_synced_at(s, "cards") == T0
