"""How a sandbox order moves after it is made: by time (`advance_due`, which the app runs
before each request), by its customer (`cancel_order`), and on the hosted checkout (`pay`,
`authenticate`, `qr_decision`, with the test cards). The life of an order is drawn in
`lebwallet.sandbox.orders`; every move goes through the domain's `transition`, so a final
status never changes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Final

from lebwallet.domain.cards import CardNotRechargeable
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus, transition
from lebwallet.domain.recharge import PaymentMethod
from lebwallet.provider import wire
from lebwallet.provider.wire import ErrorCode, FailureCode
from lebwallet.sandbox.cards import domain_card, save_card
from lebwallet.sandbox.config import SandboxConfig
from lebwallet.sandbox.db import from_us, to_us
from lebwallet.sandbox.orders import (
    CANCELLABLE,
    FAILURE_REASONS,
    PAYABLE,
    get_order_row,
    owned_order,
    status_of,
)
from lebwallet.sandbox.problems import ApiError

ADVANCE_BATCH: Final = 500

TEST_CARD_SUCCESS: Final = "4242424242424242"
TEST_CARD_DECLINED: Final = "4000000000000002"
TEST_CARD_INSUFFICIENT_FUNDS: Final = "4000000000009995"
TEST_CARDS_AUTHENTICATION: Final = ("4000002500003155", "4000002760003184")
"""Test cards that need the authentication step (both numbers are accepted)."""


# --- time and cancellation --------------------------------------------------------------------


def _move(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    status: OrderStatus,
    now: datetime,
    **changes: object,
) -> sqlite3.Row:
    """Move the order to `status` (the domain's `transition` refuses illegal moves)."""
    new = transition(status_of(row), status)
    values: dict[str, object] = {"status": new.value, "updated_at": to_us(now), **changes}
    assignments = ", ".join(f"{name} = ?" for name in values)
    cursor = conn.execute(
        f"UPDATE orders SET {assignments} WHERE id = ? AND status = ?",
        (*values.values(), row["id"], row["status"]),
    )
    assert cursor.rowcount == 1, "the order changed under a write transaction"
    return get_order_row(conn, row["id"])


def _fail(
    conn: sqlite3.Connection, row: sqlite3.Row, code: FailureCode, now: datetime
) -> sqlite3.Row:
    return _move(
        conn,
        row,
        OrderStatus.FAILED,
        now,
        failure_code=code.value,
        failure_reason=FAILURE_REASONS[code],
        next_step_at=None,
    )


def _mark_paid(
    conn: sqlite3.Connection, row: sqlite3.Row, now: datetime, config: SandboxConfig
) -> sqlite3.Row:
    half = timedelta(seconds=config.credit_delay / 2)
    return _move(
        conn, row, OrderStatus.PAID, now, paid_at=to_us(now), next_step_at=to_us(now + half)
    )


def _credit(conn: sqlite3.Connection, row: sqlite3.Row, now: datetime) -> sqlite3.Row:
    card_row = conn.execute("SELECT * FROM cards WHERE id = ?", (row["card_id"],)).fetchone()
    currency = row["currency"]
    try:
        card = domain_card(card_row).with_topup(
            Money.of(row["amount"], currency), Money.of(row["credited_amount"], currency), now
        )
    except CardNotRechargeable:
        return _fail(conn, row, FailureCode.CARRIER_REJECTED, now)
    save_card(conn, card, now)
    return _move(conn, row, OrderStatus.CREDITED, now, credited_at=to_us(now), next_step_at=None)


def _advance_one(
    conn: sqlite3.Connection, row: sqlite3.Row, now: datetime, config: SandboxConfig
) -> None:
    status = status_of(row)
    if status in CANCELLABLE:
        _move(conn, row, OrderStatus.EXPIRED, now, next_step_at=None)
        return
    if status is OrderStatus.PAID:
        credit_at = from_us(row["paid_at"]) + timedelta(seconds=config.credit_delay)
        row = _move(conn, row, OrderStatus.CREDITING, now, next_step_at=to_us(credit_at))
        if credit_at > now:
            return
    if status_of(row) is OrderStatus.CREDITING:
        _credit(conn, row, now)


def has_due_orders(conn: sqlite3.Connection, now: datetime) -> bool:
    found = conn.execute(
        "SELECT 1 FROM orders WHERE next_step_at <= ? LIMIT 1", (to_us(now),)
    ).fetchone()
    return found is not None


def advance_due(conn: sqlite3.Connection, now: datetime, config: SandboxConfig) -> int:
    """Expire, move to crediting and credit every order whose time has come; returns how many
    were moved."""
    moved = 0
    while True:
        rows = conn.execute(
            "SELECT * FROM orders WHERE next_step_at <= ? ORDER BY next_step_at, id LIMIT ?",
            (to_us(now), ADVANCE_BATCH),
        ).fetchall()
        for row in rows:
            _advance_one(conn, row, now, config)
        moved += len(rows)
        if len(rows) < ADVANCE_BATCH:
            return moved


def cancel_order(
    conn: sqlite3.Connection, account_id: str, order_id: str, now: datetime
) -> sqlite3.Row:
    row = owned_order(conn, account_id, order_id)
    status = status_of(row)
    if status is OrderStatus.CANCELLED:
        return row
    if status not in CANCELLABLE:
        raise ApiError(
            ErrorCode.ORDER_NOT_CANCELLABLE,
            f"the order is {status.value}; only an unpaid order can be cancelled",
        )
    return _move(conn, row, OrderStatus.CANCELLED, now, next_step_at=None)


# --- hosted checkout --------------------------------------------------------------------------


class Outcome(Enum):
    """What a checkout action did."""

    PAID = "paid"
    FAILED = "failed"
    NEEDS_AUTHENTICATION = "needs_authentication"
    UNKNOWN_CARD = "unknown_card"
    WRONG_CODE = "wrong_code"


class NotPayable(Exception):
    """The order is not in a state this checkout action applies to."""

    def __init__(self, status: OrderStatus) -> None:
        super().__init__(f"the order is {status.value}")
        self.status = status


@dataclass(frozen=True, slots=True)
class CheckoutResult:
    outcome: Outcome
    row: sqlite3.Row


def normalise_card_number(text: str) -> str:
    return "".join(ch for ch in text if ch not in " -")


def _require(row: sqlite3.Row, allowed: frozenset[OrderStatus]) -> None:
    if status_of(row) not in allowed:
        raise NotPayable(status_of(row))


def pay(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    card_number: str | None,
    now: datetime,
    config: SandboxConfig,
) -> CheckoutResult:
    """Pay from the checkout page: a test card number for `bank_card`, nothing for PayPal."""
    _require(row, PAYABLE)
    method = PaymentMethod(row["payment_method"])
    if method is PaymentMethod.PAYPAL:
        return CheckoutResult(Outcome.PAID, _mark_paid(conn, row, now, config))
    if method is not PaymentMethod.BANK_CARD:
        raise NotPayable(status_of(row))  # QR orders are paid by scanning
    number = normalise_card_number(card_number or "")
    if number == TEST_CARD_SUCCESS:
        return CheckoutResult(Outcome.PAID, _mark_paid(conn, row, now, config))
    if number == TEST_CARD_DECLINED:
        return CheckoutResult(Outcome.FAILED, _fail(conn, row, FailureCode.PAYMENT_DECLINED, now))
    if number == TEST_CARD_INSUFFICIENT_FUNDS:
        return CheckoutResult(Outcome.FAILED, _fail(conn, row, FailureCode.INSUFFICIENT_FUNDS, now))
    if number in TEST_CARDS_AUTHENTICATION:
        moved = _move(conn, row, OrderStatus.REQUIRES_ACTION, now)
        return CheckoutResult(Outcome.NEEDS_AUTHENTICATION, moved)
    return CheckoutResult(Outcome.UNKNOWN_CARD, row)


def authenticate(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    decision: str,
    code: str | None,
    now: datetime,
    config: SandboxConfig,
) -> CheckoutResult:
    """The authentication step: `approve` (with the page's one-time code, when given) or
    `fail`."""
    _require(row, frozenset({OrderStatus.REQUIRES_ACTION}))
    if decision == "fail":
        return CheckoutResult(
            Outcome.FAILED, _fail(conn, row, FailureCode.AUTHENTICATION_FAILED, now)
        )
    if code is not None and code.strip() != row["auth_code"]:
        return CheckoutResult(Outcome.WRONG_CODE, row)
    return CheckoutResult(Outcome.PAID, _mark_paid(conn, row, now, config))


def qr_decision(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    decision: str,
    now: datetime,
    config: SandboxConfig,
) -> CheckoutResult:
    """The phone app's answer to a scanned Alipay / WeChat Pay code."""
    _require(row, PAYABLE)
    if row["payment_flow"] != wire.PaymentFlow.QR.value:
        raise NotPayable(status_of(row))
    if decision == "decline":
        return CheckoutResult(Outcome.FAILED, _fail(conn, row, FailureCode.PAYMENT_DECLINED, now))
    return CheckoutResult(Outcome.PAID, _mark_paid(conn, row, now, config))
