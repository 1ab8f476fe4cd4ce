"""The sandbox's support routes under `/v1/support` (resources/openapi.yaml, tag `support`).

Like the rest of the API: each route parses its input with the wire models, runs in one
database transaction (a refused request changes nothing) and answers with a wire model.
Opening a case and replying are idempotent by `Idempotency-Key`, as creating an order is.
Before every request, cases whose answer is due are answered (`support.answer_due`).
"""

from __future__ import annotations

import sqlite3
from typing import Final

from flask import Blueprint, Response, request

from lebwallet.provider import wire
from lebwallet.sandbox import auth, support, support_agent
from lebwallet.sandbox.app import (
    SandboxContext,
    canonical_hash,
    json_response,
    language,
    now,
    parse_body,
)
from lebwallet.sandbox.params import check_id, cursor_param, idempotency_key, limit_param

REPLAYED: Final = {"Idempotency-Replayed": "true"}

_KEY_MISSING: Final = (
    "send an Idempotency-Key header: 8 to 255 visible ASCII characters (a UUID4), "
    "the same for every retry of this message"
)


def support_blueprint(context: SandboxContext) -> Blueprint:
    api = Blueprint("support", __name__, url_prefix="/v1/support")
    db, config = context.db, context.config
    support.ensure_schema(db)

    def account_of(conn: sqlite3.Connection) -> str:
        return auth.authenticate(conn, request.headers.get("Authorization"), now())

    @api.before_app_request
    def _answer_due() -> None:
        moment = now()
        with db.read() as conn:
            due = support_agent.has_due_answers(conn, moment)
        if due:
            with db.write() as conn:
                support_agent.answer_due(conn, moment)

    @api.post("/cases")
    def open_case() -> Response:
        with db.read() as conn:
            account_of(conn)
        key = idempotency_key(_KEY_MISSING)
        body, value = parse_body(wire.OpenSupportCaseRequest)
        request_hash = canonical_hash(value)
        for attempt in range(2):
            try:
                with db.write() as conn:
                    account_id = account_of(conn)
                    row = support.replayed_case(conn, account_id, key, request_hash)
                    if row is not None:
                        return json_response(support.case_to_wire(conn, row), 200, REPLAYED)
                    row = support.open_case(
                        conn, account_id, body, key, request_hash, language(), now(), config
                    )
                    case = support.case_to_wire(conn, row)
                break
            except sqlite3.IntegrityError:  # another process stored the key first
                if attempt:
                    raise
        return json_response(case, 201, {"Location": f"/v1/support/cases/{case.id}"})

    @api.get("/cases")
    def list_cases() -> Response:
        limit, cursor = limit_param(), cursor_param()
        with db.read() as conn:
            page = support.list_cases(conn, account_of(conn), limit, cursor)
        return json_response(page)

    @api.get("/cases/<case_id>")
    def get_thread(case_id: str) -> Response:
        with db.read() as conn:
            found = support.thread(conn, account_of(conn), check_id(case_id, "support case"))
        return json_response(found)

    @api.post("/cases/<case_id>/messages")
    def reply(case_id: str) -> Response:
        with db.read() as conn:
            support.owned_case(conn, account_of(conn), check_id(case_id, "support case"))
        key = idempotency_key(_KEY_MISSING)
        body, value = parse_body(wire.SupportReplyRequest)
        request_hash = canonical_hash({"case_id": case_id, **value})
        for attempt in range(2):
            try:
                with db.write() as conn:
                    account_id = account_of(conn)
                    row, replayed = support.reply(
                        conn, account_id, case_id, body, key, request_hash, now(), config
                    )
                    message = support.message_to_wire(row)
                break
            except sqlite3.IntegrityError:
                if attempt:
                    raise
        if replayed:
            return json_response(message, 200, REPLAYED)
        return json_response(message, 201)

    @api.post("/cases/<case_id>/close")
    def close(case_id: str) -> Response:
        with db.write() as conn:
            account_id = account_of(conn)
            row = support.close_case(conn, account_id, check_id(case_id, "support case"), now())
            case = support.case_to_wire(conn, row)
        return json_response(case)

    @api.post("/cases/<case_id>/read")
    def mark_read(case_id: str) -> Response:
        with db.read() as conn:
            support.owned_case(conn, account_of(conn), check_id(case_id, "support case"))
        body, _ = parse_body(wire.SupportReadRequest)
        with db.write() as conn:
            account_id = account_of(conn)
            row = support.mark_read(conn, account_id, case_id, body.up_to_message_id, now())
            case = support.case_to_wire(conn, row)
        return json_response(case)

    return api
