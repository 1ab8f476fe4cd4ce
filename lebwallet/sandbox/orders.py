"""Top-up orders of the sandbox provider: creation (idempotent), reading, listing — and the
order's wire form. What an order costs is `lebwallet.sandbox.pricing`; how it moves after it
is made (payment, crediting, expiry, cancellation) is `lebwallet.sandbox.order_moves`.

Life of an order (statuses and moves from `lebwallet.domain.orders`):

    awaiting_payment ─pay─> paid ─(credit_delay/2)─> crediting ─(credit_delay/2)─> credited
          │  └─test card 3155/3184─> requires_action ─approve─> paid …
          ├─declined / insufficient funds / authentication failed─> failed
          ├─cancel─> cancelled
          └─(order_ttl without payment)─> expired

Time moves orders only through `order_moves.advance_due()`, which the app runs before each
request, so every observer sees the state that `now` implies and a test with a `ManualClock`
is deterministic. `updated_at` is when the change was made (the request that advanced it),
so paging by `updated_since` never misses a change. Crediting adds exactly `amount + bonus`
to the card (the domain's `Card.with_topup`, which also moves the keep-alive deadline when
the amount qualifies). Final statuses never change (`transition()` refuses).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Final
from urllib.parse import urlsplit

from lebwallet.domain.orders import OrderStatus
from lebwallet.provider import wire
from lebwallet.provider.wire import ErrorCode, FailureCode
from lebwallet.sandbox import catalog
from lebwallet.sandbox.auth import new_code, new_id
from lebwallet.sandbox.cards import decode_cursor, encode_cursor, owned_card
from lebwallet.sandbox.config import SandboxConfig
from lebwallet.sandbox.db import from_us, to_us
from lebwallet.sandbox.language import ENGLISH, LANG_PARAM, text
from lebwallet.sandbox.pricing import breakdown_to_wire, price_request
from lebwallet.sandbox.problems import ApiError, invalid

PAYABLE: Final = frozenset({OrderStatus.AWAITING_PAYMENT})
CANCELLABLE: Final = frozenset({OrderStatus.AWAITING_PAYMENT, OrderStatus.REQUIRES_ACTION})

FAILURE_REASONS: Final[dict[FailureCode, str]] = {
    FailureCode.PAYMENT_DECLINED: "The bank declined the payment (sandbox test card).",
    FailureCode.INSUFFICIENT_FUNDS: "Insufficient funds on the card (sandbox test card).",
    FailureCode.AUTHENTICATION_FAILED: "The authentication step was not passed.",
    FailureCode.CARRIER_REJECTED: "The carrier refused the top-up: the number is recycled.",
}


# --- creation ---------------------------------------------------------------------------------


def replayed_order(
    conn: sqlite3.Connection, account_id: str, key: str, request_hash: str
) -> sqlite3.Row | None:
    """The order made earlier with this key and the same body, None when the key is new,
    409 `idempotency_mismatch` when it was used with another body."""
    row = conn.execute(
        "SELECT * FROM orders WHERE account_id = ? AND idempotency_key = ?", (account_id, key)
    ).fetchone()
    if row is None:
        return None
    if row["request_hash"] != request_hash:
        raise ApiError(
            ErrorCode.IDEMPOTENCY_MISMATCH,
            "this Idempotency-Key was used for another order request; use a new key for a "
            "new order",
        )
    return row  # type: ignore[no-any-return]


_LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "::1", "localhost"})


def is_loopback_return_url(url: str) -> bool:
    """Whether the checkout may send the browser to `url`: only the wallet's own return page,
    an http(s) address on this computer (a loopback host), is accepted — never another site
    (an open redirect)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and host in _LOOPBACK_HOSTS and not parts.username


def create_order(
    conn: sqlite3.Connection,
    account_id: str,
    body: wire.CreateOrderRequest,
    key: str,
    request_hash: str,
    now: datetime,
    config: SandboxConfig,
) -> sqlite3.Row:
    """Check every rule (`price_request`) and store a new order awaiting payment.

    The caller has checked the key is new (`replayed_order`); the UNIQUE constraint on
    (account, key) backs that up.
    """
    if body.return_url is not None and not is_loopback_return_url(str(body.return_url)):
        owned_card(conn, account_id, body.card_id)  # 404 first: an unknown card is unknown
        raise invalid("return_url", "must be the wallet's own return address on this computer")
    card, quote = price_request(conn, account_id, body, now)
    method = quote.payment_method
    currency = card["currency"]
    order_id = new_id("ord")
    expires_at = now + config.order_ttl
    conn.execute(
        "INSERT INTO orders (id, account_id, card_id, idempotency_key, request_hash, status, "
        "payment_method, payment_flow, currency, amount, credited_amount, price, promotion_id, "
        "promo_code, return_url, auth_code, created_at, updated_at, expires_at, next_step_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            order_id,
            account_id,
            card["id"],
            key,
            request_hash,
            OrderStatus.AWAITING_PAYMENT.value,
            method.value,
            catalog.flow_of(method).value,
            currency,
            quote.amount.to_wire(),
            quote.credited.to_wire(),
            breakdown_to_wire(quote.breakdown).model_dump_json(),
            quote.promotion_id,
            quote.promo_code,
            body.return_url,
            new_code(),
            to_us(now),
            to_us(now),
            to_us(expires_at),
            to_us(expires_at),
        ),
    )
    return get_order_row(conn, order_id)


# --- reading ----------------------------------------------------------------------------------


def get_order_row(conn: sqlite3.Connection, order_id: str) -> sqlite3.Row:
    row = find_order(conn, order_id)
    assert row is not None
    return row


def find_order(conn: sqlite3.Connection, order_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()  # type: ignore[no-any-return]


def owned_order(conn: sqlite3.Connection, account_id: str, order_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT * FROM orders WHERE id = ? AND account_id = ?", (order_id, account_id)
    ).fetchone()
    if row is None:
        raise ApiError(ErrorCode.NOT_FOUND, f"no order {order_id} on this account")
    return row  # type: ignore[no-any-return]


def status_of(row: sqlite3.Row) -> OrderStatus:
    return OrderStatus(row["status"])


def _ts(value: int | None) -> datetime | None:
    return from_us(value) if value is not None else None


def _in_language(url: str, language: str) -> str:
    """A checkout page's URL that opens in `language` (English needs no parameter)."""
    if language == ENGLISH:
        return url
    return f"{url}{'&' if '?' in url else '?'}{LANG_PARAM}={language}"


def order_to_wire(row: sqlite3.Row, base_url: str, *, language: str = ENGLISH) -> wire.Order:
    """The wire `Order`; URLs are made from `base_url` (the origin the client used), its
    failure reason and the pages its URLs lead to are in `language`."""
    status = status_of(row)
    base = base_url.rstrip("/")
    page = f"{base}/checkout/{row['id']}"
    failure = FailureCode(row["failure_code"]) if row["failure_code"] else None
    flow = wire.PaymentFlow(row["payment_flow"])
    return wire.Order(
        id=row["id"],
        card_id=row["card_id"],
        idempotency_key=row["idempotency_key"],
        status=wire.WireOrderStatus(status.value),
        payment_method=wire.PaymentMethodCode(row["payment_method"]),
        payment_flow=flow,
        price=wire.PriceBreakdown.model_validate_json(row["price"]),
        promotion_id=row["promotion_id"],
        promo_code=row["promo_code"],
        checkout_url=_in_language(page, language) if status in CANCELLABLE else None,
        qr_payload=(
            _in_language(f"{page}/qr", language)
            if flow is wire.PaymentFlow.QR and status in PAYABLE
            else None
        ),
        next_action=(
            wire.NextAction(
                type=wire.NextActionType.AUTHENTICATE,
                url=_in_language(f"{page}/authenticate", language),
            )
            if status is OrderStatus.REQUIRES_ACTION
            else None
        ),
        created_at=from_us(row["created_at"]),
        updated_at=from_us(row["updated_at"]),
        expires_at=from_us(row["expires_at"]),
        paid_at=_ts(row["paid_at"]),
        credited_at=_ts(row["credited_at"]),
        failure_code=failure,
        failure_reason=(
            text(FAILURE_REASONS[failure], language)
            if failure in FAILURE_REASONS
            else row["failure_reason"]
        ),
    )


def list_orders(
    conn: sqlite3.Connection,
    account_id: str,
    base_url: str,
    *,
    ids: list[str] | None,
    updated_since: datetime | None,
    limit: int,
    cursor: str | None,
    language: str = ENGLISH,
) -> wire.OrderPage:
    """A batch by `ids` (unknown and foreign ids left out), or a page by (updated_at, id)."""
    if ids is not None:
        if updated_since is not None or cursor is not None:
            raise invalid("ids", "ids cannot be combined with updated_since or cursor")
        unique = list(dict.fromkeys(ids))
        marks = ",".join("?" * len(unique))
        # Looked up by id (the unique index; `+account_id` keeps SQLite from walking the
        # account's whole history through an account index instead) and sorted here.
        found = conn.execute(
            f"SELECT * FROM orders WHERE id IN ({marks}) AND +account_id = ?",
            (*unique, account_id),
        ).fetchall()
        rows = sorted(found, key=lambda r: (r["updated_at"], r["id"]))
        return wire.OrderPage(
            items=[order_to_wire(r, base_url, language=language) for r in rows], next_cursor=None
        )
    after_time, after_id = -1, ""
    since = to_us(updated_since) if updated_since is not None else None
    if cursor is not None:
        payload = decode_cursor(cursor, "orders")
        after_time_raw, after_id_raw, since_raw = (
            payload.get("u"),
            payload.get("i"),
            payload.get("s"),
        )
        if (
            not isinstance(after_time_raw, int)
            or not isinstance(after_id_raw, str)
            or not (since_raw is None or isinstance(since_raw, int))
        ):
            raise invalid("cursor", "not a cursor from this list; start again without one")
        after_time, after_id, since = after_time_raw, after_id_raw, since_raw
    rows = conn.execute(
        "SELECT * FROM orders WHERE account_id = ? AND updated_at >= ? "
        "AND (updated_at > ? OR (updated_at = ? AND id > ?)) "
        "ORDER BY updated_at, id LIMIT ?",
        (
            account_id,
            since if since is not None else -1,
            after_time,
            after_time,
            after_id,
            limit + 1,
        ),
    ).fetchall()
    items = [order_to_wire(r, base_url, language=language) for r in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor(
            {"k": "orders", "u": last["updated_at"], "i": last["id"], "s": since}
        )
    return wire.OrderPage(items=items, next_cursor=next_cursor)
