"""Order statuses only move forward and a final status never changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lebwallet.domain.orders import (
    FINAL_STATUSES,
    NON_FINAL_STATUSES,
    Charge,
    IllegalTransition,
    OrderStatus,
    allowed_next,
    can_transition,
    charge_of,
    transition,
)

S = OrderStatus

# How far along an order is; the oracle for "backwards", written independently of the table.
PROGRESS = {
    S.AWAITING_PAYMENT: 0,
    S.REQUIRES_ACTION: 1,
    S.PAID: 2,
    S.CREDITING: 3,
    S.CREDITED: 4,
    S.FAILED: 4,
    S.CANCELLED: 4,
    S.EXPIRED: 4,
}

LEGAL = [
    (S.AWAITING_PAYMENT, S.REQUIRES_ACTION),
    (S.AWAITING_PAYMENT, S.PAID),
    (S.AWAITING_PAYMENT, S.CREDITED),  # a jump seen by a late poll
    (S.AWAITING_PAYMENT, S.CANCELLED),
    (S.AWAITING_PAYMENT, S.EXPIRED),
    (S.AWAITING_PAYMENT, S.FAILED),
    (S.REQUIRES_ACTION, S.PAID),
    (S.REQUIRES_ACTION, S.FAILED),
    (S.REQUIRES_ACTION, S.CANCELLED),
    (S.PAID, S.CREDITING),
    (S.PAID, S.CREDITED),
    (S.PAID, S.FAILED),
    (S.CREDITING, S.CREDITED),
    (S.CREDITING, S.FAILED),
]

ILLEGAL = [
    (S.REQUIRES_ACTION, S.AWAITING_PAYMENT, "would move it backwards"),
    (S.PAID, S.AWAITING_PAYMENT, "would move it backwards"),
    (S.PAID, S.CANCELLED, "would move it backwards"),
    (S.PAID, S.EXPIRED, "would move it backwards"),
    (S.CREDITING, S.PAID, "would move it backwards"),
    (S.CREDITED, S.FAILED, "credited is final"),
    (S.FAILED, S.CREDITED, "failed is final"),
    (S.CANCELLED, S.PAID, "cancelled is final"),
    (S.EXPIRED, S.AWAITING_PAYMENT, "expired is final"),
]


@pytest.mark.parametrize(("current", "requested"), LEGAL)
def test_forward_moves_are_allowed(current: OrderStatus, requested: OrderStatus) -> None:
    assert can_transition(current, requested)
    assert transition(current, requested) is requested


@pytest.mark.parametrize(("current", "requested", "why"), ILLEGAL)
def test_backward_moves_and_moves_out_of_a_final_status_are_refused(
    current: OrderStatus, requested: OrderStatus, why: str
) -> None:
    assert not can_transition(current, requested)
    with pytest.raises(IllegalTransition, match=why) as caught:
        transition(current, requested)
    assert str(caught.value).startswith(
        f"an order cannot go from {current.value} to {requested.value}"
    )
    assert (caught.value.current, caught.value.requested) == (current, requested)


@pytest.mark.parametrize("status", list(OrderStatus))
def test_staying_in_the_same_status_is_not_a_move(status: OrderStatus) -> None:
    assert transition(status, status) is status


def test_final_and_non_final_statuses_partition_all_statuses() -> None:
    assert set(OrderStatus) == FINAL_STATUSES | NON_FINAL_STATUSES
    assert not FINAL_STATUSES & NON_FINAL_STATUSES
    assert {S.CREDITED, S.FAILED, S.CANCELLED, S.EXPIRED} == FINAL_STATUSES
    for status in FINAL_STATUSES:
        assert status.is_final
        assert allowed_next(status) == frozenset()
    for status in NON_FINAL_STATUSES:
        assert not status.is_final
        assert allowed_next(status)


def test_paid_statuses() -> None:
    assert {s for s in OrderStatus if s.is_paid} == {S.PAID, S.CREDITING, S.CREDITED}


def test_wire_values_are_the_contract_names() -> None:
    assert [s.value for s in OrderStatus] == [
        "awaiting_payment",
        "requires_action",
        "paid",
        "crediting",
        "credited",
        "failed",
        "cancelled",
        "expired",
    ]


@settings(max_examples=300)
@given(requests=st.lists(st.sampled_from(list(OrderStatus)), max_size=20))
def test_any_sequence_of_updates_never_leaves_a_final_status_nor_moves_backwards(
    requests: list[OrderStatus],
) -> None:
    status = S.AWAITING_PAYMENT
    for requested in requests:
        before = status
        if can_transition(status, requested):
            status = transition(status, requested)
        else:
            with pytest.raises(IllegalTransition):
                transition(status, requested)
        assert PROGRESS[status] >= PROGRESS[before]
        if before.is_final:
            assert status is before


@pytest.mark.parametrize(
    ("status", "paid", "code", "charge"),
    [
        (OrderStatus.AWAITING_PAYMENT, False, None, Charge.TO_PAY),
        (OrderStatus.REQUIRES_ACTION, False, None, Charge.TO_PAY),
        (OrderStatus.PAID, True, None, Charge.PAID),
        (OrderStatus.CREDITING, True, None, Charge.PAID),
        (OrderStatus.CREDITED, True, None, Charge.CREDITED),
        (OrderStatus.FAILED, False, "insufficient_funds", Charge.NOT_CHARGED),
        (OrderStatus.CANCELLED, False, None, Charge.NOT_CHARGED),
        (OrderStatus.EXPIRED, False, None, Charge.NOT_CHARGED),
        (OrderStatus.FAILED, True, "carrier_rejected", Charge.PAID),
        (OrderStatus.FAILED, True, "refunded", Charge.REFUNDED),
    ],
)
def test_the_money_of_an_order_follows_its_status(status, paid, code, charge):
    paid_at = datetime(2026, 12, 1, tzinfo=UTC) if paid else None
    assert charge_of(status, paid_at=paid_at, failure_code=code) is charge
