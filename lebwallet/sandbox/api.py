"""The sandbox's JSON API under `/v1` (resources/openapi.yaml), one route per operation.

Each route parses its input with the wire models, runs in one database transaction (a
refused request rolls back: nothing changes) and answers with a wire model.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import UTC, datetime
from hashlib import sha256
from typing import Final

from flask import Blueprint, Response, request

from lebwallet.provider import wire
from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox import accounts, auth, cards, order_moves, orders, pricing
from lebwallet.sandbox.app import (
    SandboxContext,
    canonical_hash,
    json_response,
    language,
    now,
    parse_body,
)
from lebwallet.sandbox.params import (
    check_id,
    cursor_param,
    idempotency_key,
    limit_param,
    updated_since_param,
)
from lebwallet.sandbox.problems import ApiError, invalid

log = logging.getLogger("lebwallet.sandbox")

_IDS_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,99}")
_CURRENCY_RE: Final = re.compile(r"[A-Z]{3}")


def api_blueprint(context: SandboxContext) -> Blueprint:
    api = Blueprint("api", __name__, url_prefix="/v1")
    db, config = context.db, context.config

    def account_of(conn: sqlite3.Connection) -> str:
        return auth.authenticate(conn, request.headers.get("Authorization"), now())

    # --- auth ---------------------------------------------------------------------------

    @api.post("/auth/register")
    def register() -> Response:
        body, _ = parse_body(wire.RegisterRequest)
        with db.write() as conn:
            pending = auth.register(conn, body, now(), config)
        return json_response(pending, 202)

    @api.post("/auth/verify")
    def verify() -> Response:
        body, _ = parse_body(wire.VerifyRequest)
        refused: ApiError | None = None
        with db.write() as conn:
            try:
                pair = auth.verify(conn, body, now(), config)
            except auth.WrongCode as exc:  # the wrong attempt is counted: commit it
                refused = exc
        if refused is not None:
            raise refused
        return json_response(pair)

    @api.post("/auth/login")
    def login() -> Response:
        body, _ = parse_body(wire.LoginRequest)
        address = request.remote_addr or "-"
        wait = context.login_throttle.wait(body.login, address)
        if wait:
            raise ApiError(
                ErrorCode.RATE_LIMITED,
                f"too many failed sign-ins; try again in {wait} s",
                headers={"Retry-After": str(wait)},
            )
        refused: ApiError | None = None
        try:
            with db.write() as conn:
                try:
                    pair = auth.login(conn, body, now(), config)
                except auth.NeedsVerification as exc:  # keep the new code: commit it
                    refused = exc
        except ApiError as exc:
            if exc.code is ErrorCode.INVALID_CREDENTIALS:
                context.login_throttle.failed(body.login, address)
            raise
        if refused is not None:
            raise refused
        return json_response(pair)

    @api.post("/auth/refresh")
    def refresh() -> Response:
        body, _ = parse_body(wire.RefreshRequest)
        with db.write() as conn:
            pair = auth.refresh_tokens(conn, body.refresh_token, now(), config)
        return json_response(pair)

    # --- account ------------------------------------------------------------------------

    @api.get("/account")
    def get_account() -> Response:
        with db.read() as conn:
            account_id = account_of(conn)
            account = accounts.account_to_wire(conn, account_id, now())
        return json_response(account)

    @api.patch("/account")
    def update_account() -> Response:
        with db.read() as conn:
            account_of(conn)
        body, _ = parse_body(wire.ProfileUpdate)
        with db.write() as conn:
            account_id = account_of(conn)
            accounts.update_profile(conn, account_id, body)
            account = accounts.account_to_wire(conn, account_id, now())
        return json_response(account)

    # --- cards --------------------------------------------------------------------------

    @api.get("/cards")
    def list_cards() -> Response:
        limit, cursor = limit_param(), cursor_param()
        with db.read() as conn:
            account_id = account_of(conn)
            body = cards.card_page_json(conn, account_id, limit, cursor)
        return Response(body, mimetype="application/json")

    @api.post("/cards")
    def bind_card() -> Response:
        with db.read() as conn:
            account_of(conn)
        body, _ = parse_body(wire.BindCardRequest)
        with db.write() as conn:
            account_id = account_of(conn)
            row = cards.bind_card(conn, account_id, body, now())
        return json_response(
            cards.card_to_wire(row), 201, headers={"Location": f"/v1/cards/{row['id']}"}
        )

    @api.get("/cards/<card_id>")
    def get_card(card_id: str) -> Response:
        with db.read() as conn:
            account_id = account_of(conn)
            row = cards.owned_card(conn, account_id, check_id(card_id, "card"))
        return json_response(cards.card_to_wire(row))

    @api.patch("/cards/<card_id>")
    def update_card(card_id: str) -> Response:
        with db.read() as conn:
            cards.owned_card(conn, account_of(conn), check_id(card_id, "card"))
        body, _ = parse_body(wire.UpdateCardRequest)
        with db.write() as conn:
            account_id = account_of(conn)
            row = cards.update_label(conn, account_id, card_id, body.label, now())
        return json_response(cards.card_to_wire(row))

    @api.delete("/cards/<card_id>")
    def unbind_card(card_id: str) -> Response:
        with db.write() as conn:
            account_id = account_of(conn)
            cards.unbind_card(conn, account_id, check_id(card_id, "card"), now())
        return Response(status=204)

    @api.get("/cards/<card_id>/recharge-options")
    def recharge_options(card_id: str) -> Response:
        pay_currency = request.args.get("pay_currency")
        if pay_currency is not None and not _CURRENCY_RE.fullmatch(pay_currency):
            raise invalid("pay_currency", "a currency is an ISO 4217 code like GBP")
        with db.write() as conn:
            account_id = account_of(conn)
            card = cards.owned_card(conn, account_id, check_id(card_id, "card"))
            options = pricing.recharge_options_to_wire(
                conn,
                account_id,
                card,
                pay_currency or card["currency"],
                now(),
                config,
                language=language(),
            )
        return json_response(options)

    # --- orders -------------------------------------------------------------------------

    @api.post("/orders")
    def create_order() -> Response:
        with db.read() as conn:
            account_of(conn)
        key = idempotency_key(
            "send an Idempotency-Key header: 8 to 255 visible ASCII characters "
            "(a UUID4), the same for every retry of this order"
        )
        body, value = parse_body(wire.CreateOrderRequest)
        request_hash = canonical_hash(value)
        base = request.host_url
        for attempt in range(2):
            try:
                with db.write() as conn:
                    account_id = account_of(conn)
                    row = orders.replayed_order(conn, account_id, key, request_hash)
                    if row is not None:
                        return json_response(
                            orders.order_to_wire(row, base, language=language()),
                            200,
                            headers={"Idempotency-Replayed": "true"},
                        )
                    row = orders.create_order(
                        conn, account_id, body, key, request_hash, now(), config
                    )
                    order = orders.order_to_wire(row, base, language=language())
                break
            except sqlite3.IntegrityError:  # another process stored the key first
                if attempt:
                    raise
        return json_response(order, 201, headers={"Location": f"/v1/orders/{order.id}"})

    @api.post("/quotes")
    def quote_order() -> Response:
        with db.read() as conn:
            account_of(conn)
        body, _value = parse_body(wire.QuoteRequest)
        with db.read() as conn:
            account_id = account_of(conn)
            card, quote = pricing.price_request(conn, account_id, body, now())
        return json_response(pricing.quote_to_wire(card["id"], quote))

    @api.get("/orders")
    def list_orders() -> Response:
        raw_ids = request.args.get("ids")
        ids = None
        if raw_ids is not None:
            if not _IDS_RE.fullmatch(raw_ids):
                raise invalid(
                    "ids", f"ids is 1 to {wire.MAX_BATCH_IDS} order ids separated by commas"
                )
            ids = raw_ids.split(",")
        since, limit, cursor = updated_since_param(), limit_param(), cursor_param()
        with db.read() as conn:
            account_id = account_of(conn)
            page = orders.list_orders(
                conn,
                account_id,
                request.host_url,
                ids=ids,
                updated_since=since,
                limit=limit,
                cursor=cursor,
                language=language(),
            )
        return json_response(page)

    @api.get("/orders/<order_id>")
    def get_order(order_id: str) -> Response:
        with db.read() as conn:
            account_id = account_of(conn)
            row = orders.owned_order(conn, account_id, check_id(order_id, "order"))
        return json_response(orders.order_to_wire(row, request.host_url, language=language()))

    @api.post("/orders/<order_id>/cancel")
    def cancel_order(order_id: str) -> Response:
        with db.write() as conn:
            account_id = account_of(conn)
            row = order_moves.cancel_order(conn, account_id, check_id(order_id, "order"), now())
        return json_response(orders.order_to_wire(row, request.host_url, language=language()))

    # --- app ----------------------------------------------------------------------------

    @api.get("/app/latest")
    def latest_release() -> Response:
        raw = request.args.get("platform")
        if raw is None:
            raise invalid("platform", "give platform=linux, windows or macos")
        try:
            platform = wire.Platform(raw)
        except ValueError:
            raise invalid(
                "platform", f"platform is linux, windows or macos, not {raw[:20]!r}"
            ) from None
        return json_response(_release(platform))

    def _release(platform: wire.Platform) -> wire.ReleaseManifest:
        version = config.release_version
        suffix = {"linux": "amd64.deb", "windows": "setup.exe", "macos": "universal.dmg"}
        name = f"lebwallet-{version}-{suffix[platform.value]}"
        return wire.ReleaseManifest(
            platform=platform,
            version=version,
            released_at=datetime(2024, 6, 1, tzinfo=UTC),
            notes=wire.ReleaseNotes(
                en=f"LEB Wallet {version} (sandbox release manifest; nothing to download).",
                zh_CN=f"LEB Wallet {version}（沙盒发布清单；无实际下载）。",
            ),
            download_url=f"https://downloads.sandbox.lebwallet.test/{name}",
            sha256=sha256(name.encode("utf-8")).hexdigest(),
            minimum_supported_version=config.minimum_supported_version,
        )

    return api
