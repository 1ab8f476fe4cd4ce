"""Order statuses and the rules for moving between them.

    awaiting_payment -> requires_action -> paid -> crediting -> credited
            \\______________\\_______________\\_________\\______> failed
    awaiting_payment / requires_action -> cancelled | expired

The wallet sees the provider's state from time to time, so a jump forward that skips
steps (awaiting_payment -> credited) is allowed. Moving backwards is never allowed, and a
final status never changes.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Final


class OrderStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    REQUIRES_ACTION = "requires_action"
    PAID = "paid"
    CREDITING = "crediting"
    CREDITED = "credited"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATUSES

    @property
    def is_paid(self) -> bool:
        """Money has left the customer (or is about to be credited)."""
        return self in (OrderStatus.PAID, OrderStatus.CREDITING, OrderStatus.CREDITED)


FINAL_STATUSES: Final = frozenset(
    {OrderStatus.CREDITED, OrderStatus.FAILED, OrderStatus.CANCELLED, OrderStatus.EXPIRED}
)
NON_FINAL_STATUSES: Final = frozenset(set(OrderStatus) - FINAL_STATUSES)

_ALLOWED: Final[dict[OrderStatus, frozenset[OrderStatus]]] = {
    OrderStatus.AWAITING_PAYMENT: frozenset(
        {
            OrderStatus.REQUIRES_ACTION,
            OrderStatus.PAID,
            OrderStatus.CREDITING,
            OrderStatus.CREDITED,
            OrderStatus.FAILED,
            OrderStatus.CANCELLED,
            OrderStatus.EXPIRED,
        }
    ),
    OrderStatus.REQUIRES_ACTION: frozenset(
        {
            OrderStatus.PAID,
            OrderStatus.CREDITING,
            OrderStatus.CREDITED,
            OrderStatus.FAILED,
            OrderStatus.CANCELLED,
            OrderStatus.EXPIRED,
        }
    ),
    OrderStatus.PAID: frozenset({OrderStatus.CREDITING, OrderStatus.CREDITED, OrderStatus.FAILED}),
    OrderStatus.CREDITING: frozenset({OrderStatus.CREDITED, OrderStatus.FAILED}),
    OrderStatus.CREDITED: frozenset(),
    OrderStatus.FAILED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.EXPIRED: frozenset(),
}


class IllegalTransition(ValueError):
    """An order was asked to move backwards or out of a final status."""

    def __init__(self, current: OrderStatus, requested: OrderStatus) -> None:
        if current.is_final:
            why = f"{current.value} is final"
        else:
            why = f"{requested.value} would move it backwards"
        super().__init__(f"an order cannot go from {current.value} to {requested.value}: {why}")
        self.current = current
        self.requested = requested


def can_transition(current: OrderStatus, requested: OrderStatus) -> bool:
    """True when `requested` is `current` (no change) or a legal step forward."""
    return requested == current or requested in _ALLOWED[current]


def transition(current: OrderStatus, requested: OrderStatus) -> OrderStatus:
    """Return the new status, or raise `IllegalTransition`."""
    if not can_transition(current, requested):
        raise IllegalTransition(current, requested)
    return requested


def allowed_next(current: OrderStatus) -> frozenset[OrderStatus]:
    return _ALLOWED[current]


REFUNDED_FAILURE: Final = "refunded"
"""The failure code of an order whose payment was given back (Reloadly's REFUNDED)."""


class Charge(StrEnum):
    """Where an order's money is: the one rule every label of its amounts follows
    ("to pay" before payment, "paid" once paid, "credited" once credited)."""

    TO_PAY = "to_pay"
    """Not paid yet: the total is what payment will take."""
    PAID = "paid"
    """Paid, not credited (yet, or the credit failed and nothing was given back)."""
    CREDITED = "credited"
    """Paid and credited to the card."""
    REFUNDED = "refunded"
    """Paid, then given back."""
    NOT_CHARGED = "not_charged"
    """Failed, cancelled or expired before any payment: nothing was charged."""


def charge_of(
    status: OrderStatus, *, paid_at: datetime | None = None, failure_code: str | None = None
) -> Charge:
    """Where the money of an order in `status` is; `paid_at` (when the provider saw the
    payment) and `failure_code` tell a final order that was paid from one never paid."""
    if status is OrderStatus.CREDITED:
        return Charge.CREDITED
    if status.is_paid:
        return Charge.PAID
    if not status.is_final:
        return Charge.TO_PAY
    if failure_code == REFUNDED_FAILURE:
        return Charge.REFUNDED
    return Charge.NOT_CHARGED if paid_at is None else Charge.PAID
