"""Support cases of the sandbox provider: storage, the order's facts, replies, close, read.

A case is opened about one of the account's orders; the sandbox attaches the order's facts
(`facts_of`) as they are at that moment and schedules the agent's answer `support_delay`
seconds after each customer message (`answer_due_at`; `support_agent` answers it).

Tables (created here, `ensure_schema`, so the core schema in `db.py` stays as it is):
`support_cases` (one per case, UNIQUE (account, idempotency key)) and `support_messages`
(UNIQUE (account, idempotency key) for the customer's replies; NULL keys for the opening
message and the agent's).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Final

from lebwallet.domain.orders import OrderStatus
from lebwallet.provider import wire
from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox import orders
from lebwallet.sandbox.auth import new_id
from lebwallet.sandbox.cards import decode_cursor, domain_card, encode_cursor
from lebwallet.sandbox.config import SandboxConfig
from lebwallet.sandbox.db import Database, from_us, to_us
from lebwallet.sandbox.problems import ApiError, invalid

_SCHEMA: Final = (
    """CREATE TABLE IF NOT EXISTS support_cases (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        order_id TEXT NOT NULL REFERENCES orders(id),
        idempotency_key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        topic TEXT NOT NULL,
        language TEXT NOT NULL,
        status TEXT NOT NULL,
        facts TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        closed_at INTEGER,
        answer_due_at INTEGER,
        answers INTEGER NOT NULL DEFAULT 0,
        UNIQUE (account_id, idempotency_key)
    )""",
    (
        "CREATE INDEX IF NOT EXISTS support_cases_due ON support_cases (answer_due_at) "
        "WHERE answer_due_at IS NOT NULL"
    ),
    (
        "CREATE INDEX IF NOT EXISTS support_cases_by_account "
        "ON support_cases (account_id, updated_at, id)"
    ),
    """CREATE TABLE IF NOT EXISTS support_messages (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        case_id TEXT NOT NULL REFERENCES support_cases(id),
        account_id TEXT NOT NULL REFERENCES accounts(id),
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        idempotency_key TEXT,
        request_hash TEXT,
        created_at INTEGER NOT NULL,
        read_at INTEGER,
        UNIQUE (account_id, idempotency_key)
    )""",
    "CREATE INDEX IF NOT EXISTS support_messages_by_case ON support_messages (case_id, seq)",
)
_CONTROL: Final = frozenset(chr(c) for c in range(32)) - {"\n", "\r", "\t"}


def ensure_schema(db: Database) -> None:
    """Create the support tables when the database has none yet (idempotent)."""
    with db.write() as conn:
        for statement in _SCHEMA:
            conn.execute(statement)


def check_message(field: str, message: str) -> str:
    """The message as stored; 422 for one that is blank or holds control characters."""
    if not message.strip():
        raise invalid(field, "the message is empty")
    if any(ch in _CONTROL for ch in message):
        raise invalid(field, "the message cannot contain control characters")
    return message


# --- the order's facts ------------------------------------------------------------------------


def _timeline(row: sqlite3.Row) -> list[wire.OrderStatusChange]:
    status = orders.status_of(row)
    steps: list[tuple[OrderStatus, int]] = [(OrderStatus.AWAITING_PAYMENT, row["created_at"])]
    if row["paid_at"] is not None:
        steps.append((OrderStatus.PAID, row["paid_at"]))
    if row["credited_at"] is not None:
        steps.append((OrderStatus.CREDITED, row["credited_at"]))
    if status not in {s for s, _ in steps}:
        steps.append((status, row["updated_at"]))
    return [
        wire.OrderStatusChange(status=wire.WireOrderStatus(s.value), at=from_us(at))
        for s, at in steps
    ]


def facts_of(conn: sqlite3.Connection, row: sqlite3.Row, language: str) -> wire.OrderFacts:
    """The order's facts now (its failure reason in `language`)."""
    order = orders.order_to_wire(row, "http://sandbox.invalid", language=language)
    card_row = conn.execute("SELECT * FROM cards WHERE id = ?", (row["card_id"],)).fetchone()
    card = domain_card(card_row)
    return wire.OrderFacts(
        order_id=order.id,
        card_id=order.card_id,
        card_number=card.masked_number[:40],
        carrier=card.carrier,
        status=order.status,
        timeline=_timeline(row),
        payment_method=order.payment_method,
        amount=order.price.amount,
        credited_amount=order.price.credited_amount,
        total=order.price.total,
        created_at=order.created_at,
        updated_at=order.updated_at,
        paid_at=order.paid_at,
        credited_at=order.credited_at,
        failure_code=order.failure_code,
        failure_reason=order.failure_reason,
    )


# --- cases ------------------------------------------------------------------------------------


def owned_case(conn: sqlite3.Connection, account_id: str, case_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT * FROM support_cases WHERE id = ? AND account_id = ?", (case_id, account_id)
    ).fetchone()
    if row is None:
        raise ApiError(ErrorCode.NOT_FOUND, f"no support case {case_id} on this account")
    return row  # type: ignore[no-any-return]


def _mismatch() -> ApiError:
    return ApiError(
        ErrorCode.IDEMPOTENCY_MISMATCH,
        "this Idempotency-Key was used for another support request; use a new key for a "
        "new message",
    )


def replayed_case(
    conn: sqlite3.Connection, account_id: str, key: str, request_hash: str
) -> sqlite3.Row | None:
    row = conn.execute(
        "SELECT * FROM support_cases WHERE account_id = ? AND idempotency_key = ?",
        (account_id, key),
    ).fetchone()
    if row is not None and row["request_hash"] != request_hash:
        raise _mismatch()
    return row  # type: ignore[no-any-return]


def add_message(
    conn: sqlite3.Connection,
    case: sqlite3.Row,
    author: wire.SupportAuthor,
    body: str,
    now: datetime,
    *,
    key: str | None = None,
    request_hash: str | None = None,
) -> sqlite3.Row:
    message_id = new_id("msg")
    conn.execute(
        "INSERT INTO support_messages (id, case_id, account_id, author, body, idempotency_key, "
        "request_hash, created_at, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            message_id,
            case["id"],
            case["account_id"],
            author.value,
            body,
            key,
            request_hash,
            to_us(now),
            None if author is wire.SupportAuthor.AGENT else to_us(now),
        ),
    )
    return conn.execute(  # type: ignore[no-any-return]
        "SELECT * FROM support_messages WHERE id = ?", (message_id,)
    ).fetchone()


def open_case(
    conn: sqlite3.Connection,
    account_id: str,
    body: wire.OpenSupportCaseRequest,
    key: str,
    request_hash: str,
    language: str,
    now: datetime,
    config: SandboxConfig,
) -> sqlite3.Row:
    order = orders.owned_order(conn, account_id, body.order_id)
    message = check_message("message", body.message)
    case_id = new_id("case")
    facts = facts_of(conn, order, language)
    conn.execute(
        "INSERT INTO support_cases (id, account_id, order_id, idempotency_key, request_hash, "
        "topic, language, status, facts, created_at, updated_at, answer_due_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            case_id,
            account_id,
            order["id"],
            key,
            request_hash,
            body.topic.value,
            language,
            wire.SupportCaseStatus.OPEN.value,
            facts.model_dump_json(),
            to_us(now),
            to_us(now),
            to_us(now + timedelta(seconds=config.support_delay)),
        ),
    )
    case = owned_case(conn, account_id, case_id)
    add_message(conn, case, wire.SupportAuthor.CUSTOMER, message, now)
    return case


def reply(
    conn: sqlite3.Connection,
    account_id: str,
    case_id: str,
    body: wire.SupportReplyRequest,
    key: str,
    request_hash: str,
    now: datetime,
    config: SandboxConfig,
) -> tuple[sqlite3.Row, bool]:
    """The customer's message for `key` (replayed: True when it was stored before)."""
    case = owned_case(conn, account_id, case_id)
    earlier = conn.execute(
        "SELECT * FROM support_messages WHERE account_id = ? AND idempotency_key = ?",
        (account_id, key),
    ).fetchone()
    if earlier is not None:
        if earlier["request_hash"] != request_hash or earlier["case_id"] != case_id:
            raise _mismatch()
        return earlier, True
    if case["status"] == wire.SupportCaseStatus.CLOSED.value:
        raise ApiError(
            ErrorCode.SUPPORT_CASE_CLOSED,
            "the support case is closed; open a new one about the order",
        )
    message = check_message("message", body.message)
    row = add_message(
        conn, case, wire.SupportAuthor.CUSTOMER, message, now, key=key, request_hash=request_hash
    )
    conn.execute(
        "UPDATE support_cases SET status = ?, updated_at = ?, answer_due_at = ? WHERE id = ?",
        (
            wire.SupportCaseStatus.OPEN.value,
            to_us(now),
            to_us(now + timedelta(seconds=config.support_delay)),
            case_id,
        ),
    )
    return row, False


def close_case(
    conn: sqlite3.Connection, account_id: str, case_id: str, now: datetime
) -> sqlite3.Row:
    case = owned_case(conn, account_id, case_id)
    if case["status"] != wire.SupportCaseStatus.CLOSED.value:
        mark_closed(conn, case_id, now)
    return owned_case(conn, account_id, case_id)


def mark_closed(conn: sqlite3.Connection, case_id: str, now: datetime) -> None:
    conn.execute(
        "UPDATE support_cases SET status = ?, closed_at = ?, updated_at = ?, "
        "answer_due_at = NULL WHERE id = ?",
        (wire.SupportCaseStatus.CLOSED.value, to_us(now), to_us(now), case_id),
    )


def mark_read(
    conn: sqlite3.Connection, account_id: str, case_id: str, up_to: str, now: datetime
) -> sqlite3.Row:
    case = owned_case(conn, account_id, case_id)
    target = conn.execute(
        "SELECT seq FROM support_messages WHERE id = ? AND case_id = ?", (up_to, case_id)
    ).fetchone()
    if target is None:
        raise invalid("up_to_message_id", f"no message {up_to} in this case")
    conn.execute(
        "UPDATE support_messages SET read_at = ? WHERE case_id = ? AND seq <= ? "
        "AND read_at IS NULL",
        (to_us(now), case_id, target["seq"]),
    )
    return case


# --- wire forms -------------------------------------------------------------------------------


def message_to_wire(row: sqlite3.Row) -> wire.SupportMessage:
    return wire.SupportMessage(
        id=row["id"],
        case_id=row["case_id"],
        author=wire.SupportAuthor(row["author"]),
        body=row["body"],
        unread=row["read_at"] is None,
        idempotency_key=row["idempotency_key"],
        created_at=from_us(row["created_at"]),
    )


def case_to_wire(conn: sqlite3.Connection, case: sqlite3.Row) -> wire.SupportCase:
    counts = conn.execute(
        "SELECT COUNT(*) AS messages, SUM(read_at IS NULL) AS unread, MAX(created_at) AS last "
        "FROM support_messages WHERE case_id = ?",
        (case["id"],),
    ).fetchone()
    closed = case["closed_at"]
    return wire.SupportCase(
        id=case["id"],
        order_id=case["order_id"],
        topic=wire.SupportTopic(case["topic"]),
        status=wire.SupportCaseStatus(case["status"]),
        language=case["language"],
        idempotency_key=case["idempotency_key"],
        facts=wire.OrderFacts.model_validate_json(case["facts"]),
        unread_count=int(counts["unread"] or 0),
        message_count=int(counts["messages"]),
        created_at=from_us(case["created_at"]),
        updated_at=from_us(case["updated_at"]),
        last_message_at=from_us(counts["last"]),
        closed_at=from_us(closed) if closed is not None else None,
    )


def thread(conn: sqlite3.Connection, account_id: str, case_id: str) -> wire.SupportThread:
    case = owned_case(conn, account_id, case_id)
    rows = conn.execute(
        "SELECT * FROM support_messages WHERE case_id = ? ORDER BY seq", (case_id,)
    ).fetchall()
    return wire.SupportThread(
        case=case_to_wire(conn, case), messages=[message_to_wire(r) for r in rows]
    )


def list_cases(
    conn: sqlite3.Connection, account_id: str, limit: int, cursor: str | None
) -> wire.SupportCasePage:
    """The account's cases, the most recently active first, paged by (updated_at, id)."""
    before_time, before_id = 2**62, "\uffff"
    if cursor is not None:
        payload = decode_cursor(cursor, "support")
        time_raw, id_raw = payload.get("u"), payload.get("i")
        if not isinstance(time_raw, int) or not isinstance(id_raw, str):
            raise invalid("cursor", "not a cursor from this list; start again without one")
        before_time, before_id = time_raw, id_raw
    rows = conn.execute(
        "SELECT * FROM support_cases WHERE account_id = ? "
        "AND (updated_at < ? OR (updated_at = ? AND id < ?)) "
        "ORDER BY updated_at DESC, id DESC LIMIT ?",
        (account_id, before_time, before_time, before_id, limit + 1),
    ).fetchall()
    items = [case_to_wire(conn, r) for r in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor({"k": "support", "u": last["updated_at"], "i": last["id"]})
    return wire.SupportCasePage(items=items, next_cursor=next_cursor)
