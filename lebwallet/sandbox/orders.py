"""Top-up orders of the sandbox provider: creation (idempotent), payment, crediting, expiry,
cancellation, listing — and the order's wire form.

Life of an order (statuses and moves from `lebwallet.domain.orders`):

    awaiting_payment ─pay─> paid ─(credit_delay/2)─> crediting ─(credit_delay/2)─> credited
          │  └─test card 3155/3184─> requires_action ─approve─> paid …
          ├─declined / insufficient funds / authentication failed─> failed
          ├─cancel─> cancelled
          └─(order_ttl without payment)─> expired

Time moves orders only through `advance_due()`, which the app runs before each request, so
every observer sees the state that `now` implies and a test with a `ManualClock` is
deterministic. `updated_at` is when the change was made (the request that advanced it), so
paging by `updated_since` never misses a change. Crediting adds exactly `amount + bonus` to
the card (the domain's `Card.with_topup`, which also moves the keep-alive deadline when the
amount qualifies). Final statuses never change (`transition()` refuses).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Final
from urllib.parse import urlsplit

from lebwallet.domain.cards import CardNotRechargeable, CardStatus
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus, transition
from lebwallet.domain.recharge import (
    FxQuote,
    PaymentMethod,
    PriceBreakdown,
    Quote,
    RechargeRuleError,
)
from lebwallet.provider import wire
from lebwallet.provider.wire import ErrorCode, FailureCode
from lebwallet.sandbox import catalog
from lebwallet.sandbox.accounts import profile_missing
from lebwallet.sandbox.auth import new_code, new_id
from lebwallet.sandbox.caps import cap_usage
from lebwallet.sandbox.cards import (
    decode_cursor,
    domain_card,
    encode_cursor,
    owned_card,
    plan_of,
    save_card,
)
from lebwallet.sandbox.config import SandboxConfig
from lebwallet.sandbox.db import from_us, to_us
from lebwallet.sandbox.language import ENGLISH, LANG_PARAM, text
from lebwallet.sandbox.problems import ApiError, field_error, invalid

PAYABLE: Final = frozenset({OrderStatus.AWAITING_PAYMENT})
CANCELLABLE: Final = frozenset({OrderStatus.AWAITING_PAYMENT, OrderStatus.REQUIRES_ACTION})
ADVANCE_BATCH: Final = 500

TEST_CARD_SUCCESS: Final = "4242424242424242"
TEST_CARD_DECLINED: Final = "4000000000000002"
TEST_CARD_INSUFFICIENT_FUNDS: Final = "4000000000009995"
TEST_CARDS_AUTHENTICATION: Final = ("4000002500003155", "4000002760003184")
"""Test cards that need the authentication step (both numbers are accepted)."""

FAILURE_REASONS: Final[dict[FailureCode, str]] = {
    FailureCode.PAYMENT_DECLINED: "The bank declined the payment (sandbox test card).",
    FailureCode.INSUFFICIENT_FUNDS: "Insufficient funds on the card (sandbox test card).",
    FailureCode.AUTHENTICATION_FAILED: "The authentication step was not passed.",
    FailureCode.CARRIER_REJECTED: "The carrier refused the top-up: the number is recycled.",
}


# --- FX quotes --------------------------------------------------------------------------------


def issue_fx_quote(
    conn: sqlite3.Connection,
    account_id: str,
    from_currency: str,
    to_currency: str,
    now: datetime,
    config: SandboxConfig,
) -> FxQuote:
    quote = FxQuote(
        id=new_id("fxq"),
        from_currency=from_currency,
        to_currency=to_currency,
        rate=catalog.fx_rate(from_currency, to_currency),
        expires_at=now + config.fx_quote_ttl,
    )
    conn.execute(
        "INSERT INTO fx_quotes (id, account_id, from_currency, to_currency, rate, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            quote.id,
            account_id,
            from_currency,
            to_currency,
            f"{quote.rate:f}",
            to_us(quote.expires_at),
        ),
    )
    return quote


def _stored_fx_quote(conn: sqlite3.Connection, account_id: str, quote_id: str) -> FxQuote:
    row = conn.execute(
        "SELECT id, from_currency, to_currency, rate, expires_at FROM fx_quotes "
        "WHERE id = ? AND account_id = ?",
        (quote_id, account_id),
    ).fetchone()
    if row is None:
        raise ApiError(
            ErrorCode.FX_QUOTE_EXPIRED,
            f"no exchange-rate quote {quote_id} on this account; get the recharge options again",
        )
    return FxQuote(
        id=row["id"],
        from_currency=row["from_currency"],
        to_currency=row["to_currency"],
        rate=Decimal(row["rate"]),
        expires_at=from_us(row["expires_at"]),
    )


# --- creation ---------------------------------------------------------------------------------


def _rule_error(exc: RechargeRuleError) -> ApiError:
    code = ErrorCode(exc.code)
    if code is ErrorCode.VALIDATION_ERROR:
        return ApiError(code, str(exc), errors=[field_error("body", str(exc))])
    return ApiError(code, str(exc))


def breakdown_to_wire(b: PriceBreakdown) -> wire.PriceBreakdown:
    return wire.PriceBreakdown(
        amount=wire.WireMoney.from_domain(b.amount),
        discount=wire.WireMoney.from_domain(b.discount),
        bonus=wire.WireMoney.from_domain(b.bonus),
        fx_rate=f"{b.fx_rate:f}" if b.fx_rate is not None else None,
        fee=wire.WireMoney.from_domain(b.fee),
        total=wire.WireMoney.from_domain(b.total),
        credited_amount=wire.WireMoney.from_domain(b.credited),
    )


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


def price_request(
    conn: sqlite3.Connection,
    account_id: str,
    body: wire.CreateOrderRequest | wire.QuoteRequest,
    now: datetime,
) -> tuple[sqlite3.Row, Quote]:
    """The card and the price of an order with `body`: every rule checked (the domain's
    `build_quote`), nothing stored. `POST /v1/quotes` answers with it; `create_order`
    stores it, so a quote and the order made from the same body a moment later agree."""
    card = owned_card(conn, account_id, body.card_id)  # 404 first: an unknown card is unknown
    account = conn.execute(
        "SELECT name, default_payment_method FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    missing = profile_missing(account)
    if missing:
        raise ApiError(
            ErrorCode.PROFILE_INCOMPLETE,
            "complete the profile before the first recharge; missing: " + ", ".join(missing),
        )
    if card["status"] == CardStatus.RECYCLED.value:
        raise ApiError(
            ErrorCode.CARD_NOT_RECHARGEABLE, "the number is recycled; it cannot be topped up"
        )
    currency = card["currency"]
    if body.amount.currency != currency:
        raise invalid("amount.currency", f"the card is in {currency}; give the amount in it")
    try:
        catalog.check_pay_currency(currency, body.pay_currency)
        fx_quote = None
        if body.pay_currency != currency:
            if body.fx_quote_id is None:
                raise invalid(
                    "fx_quote_id",
                    f"paying a {currency} top-up in {body.pay_currency} needs the fx_quote_id "
                    "of the recharge options",
                )
            fx_quote = _stored_fx_quote(conn, account_id, body.fx_quote_id)
            if (fx_quote.from_currency, fx_quote.to_currency) != (currency, body.pay_currency):
                raise invalid(
                    "fx_quote_id",
                    f"the quote converts {fx_quote.from_currency} to {fx_quote.to_currency}, "
                    f"not {currency} to {body.pay_currency}",
                )
        elif body.fx_quote_id is not None:
            raise invalid("fx_quote_id", f"paying in {currency} needs no exchange-rate quote")
        options = catalog.recharge_options(
            card["id"],
            plan_of(card),
            body.pay_currency,
            cap_usage(conn, account_id, currency, now),
            fx_quote,
        )
        method = PaymentMethod(body.payment_method.value)
        quote = options.quote(body.amount.to_domain(), method, now=now, promo_code=body.promo_code)
    except RechargeRuleError as exc:
        raise _rule_error(exc) from None
    return card, quote


def quote_to_wire(card_id: str, quote: Quote) -> wire.PricedQuote:
    return wire.PricedQuote(
        card_id=card_id,
        payment_method=wire.PaymentMethodCode(quote.payment_method.value),
        pay_currency=quote.pay_currency,
        price=breakdown_to_wire(quote.breakdown),
        promotion_id=quote.promotion_id,
        promo_code=quote.promo_code,
        expires_at=quote.expires_at,
    )


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


# --- moving orders ----------------------------------------------------------------------------


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
