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
from pydantic import TypeAdapter, ValidationError

from lebwallet.domain.recharge import RechargeOptions, UnsupportedCurrency
from lebwallet.provider import wire
from lebwallet.provider.convert import plan_from_domain
from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox import accounts, auth, cards, catalog, order_moves, orders, pricing
from lebwallet.sandbox.app import (
    SandboxContext,
    canonical_hash,
    json_response,
    language,
    now,
    parse_body,
)
from lebwallet.sandbox.caps import cap_usage
from lebwallet.sandbox.language import text
from lebwallet.sandbox.problems import ApiError, from_validation_error, invalid

log = logging.getLogger("lebwallet.sandbox")

_ID_RE: Final = re.compile(wire.ID_PATTERN)
_KEY_RE: Final = re.compile(wire.IDEMPOTENCY_KEY_PATTERN)
_IDS_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,99}")
_CURSOR_RE: Final = re.compile(r"[A-Za-z0-9._~=-]{1,512}")
_CURRENCY_RE: Final = re.compile(r"[A-Z]{3}")
_TIMESTAMP: Final = TypeAdapter(wire.Timestamp)
DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 500


def _check_id(value: str, what: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise ApiError(ErrorCode.NOT_FOUND, f"no {what} {value[:64]!r}")
    return value


def _limit() -> int:
    raw = request.args.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise invalid("limit", f"limit is a whole number from 1 to {MAX_LIMIT}, not {raw[:20]!r}")
    return int(raw)


def _cursor() -> str | None:
    raw = request.args.get("cursor")
    if raw is not None and not _CURSOR_RE.fullmatch(raw):
        raise invalid("cursor", "not a cursor from this list; start again without one")
    return raw


def _updated_since() -> datetime | None:
    raw = request.args.get("updated_since")
    if raw is None:
        return None
    try:
        moment: datetime = _TIMESTAMP.validate_python(raw)
    except ValidationError as exc:
        raise from_validation_error(exc, prefix="updated_since.") from None
    return moment


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
        limit, cursor = _limit(), _cursor()
        with db.read() as conn:
            account_id = account_of(conn)
            page = cards.list_cards(conn, account_id, limit, cursor)
        return json_response(page)

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
            row = cards.owned_card(conn, account_id, _check_id(card_id, "card"))
        return json_response(cards.card_to_wire(row))

    @api.patch("/cards/<card_id>")
    def update_card(card_id: str) -> Response:
        with db.read() as conn:
            cards.owned_card(conn, account_of(conn), _check_id(card_id, "card"))
        body, _ = parse_body(wire.UpdateCardRequest)
        with db.write() as conn:
            account_id = account_of(conn)
            row = cards.update_label(conn, account_id, card_id, body.label, now())
        return json_response(cards.card_to_wire(row))

    @api.delete("/cards/<card_id>")
    def unbind_card(card_id: str) -> Response:
        with db.write() as conn:
            account_id = account_of(conn)
            cards.unbind_card(conn, account_id, _check_id(card_id, "card"), now())
        return Response(status=204)

    @api.get("/cards/<card_id>/recharge-options")
    def recharge_options(card_id: str) -> Response:
        pay_currency = request.args.get("pay_currency")
        if pay_currency is not None and not _CURRENCY_RE.fullmatch(pay_currency):
            raise invalid("pay_currency", "a currency is an ISO 4217 code like GBP")
        with db.write() as conn:
            account_id = account_of(conn)
            card = cards.owned_card(conn, account_id, _check_id(card_id, "card"))
            options = _options(conn, account_id, card, pay_currency or card["currency"])
        return json_response(options)

    def _options(
        conn: sqlite3.Connection, account_id: str, card: sqlite3.Row, pay_currency: str
    ) -> wire.RechargeOptions:
        currency = card["currency"]
        if currency not in catalog.LIMITS:
            raise ApiError(
                ErrorCode.UNSUPPORTED_CURRENCY, f"the sandbox does not recharge {currency} cards"
            )
        try:
            catalog.check_pay_currency(currency, pay_currency)
        except UnsupportedCurrency as exc:
            raise ApiError(ErrorCode.UNSUPPORTED_CURRENCY, str(exc)) from None
        fx = None
        if pay_currency != currency:
            fx = pricing.issue_fx_quote(conn, account_id, currency, pay_currency, now(), config)
        usage = cap_usage(conn, account_id, currency, now())
        options = catalog.recharge_options(card["id"], cards.plan_of(card), pay_currency, usage, fx)
        return _options_to_wire(options)

    # --- orders -------------------------------------------------------------------------

    @api.post("/orders")
    def create_order() -> Response:
        with db.read() as conn:
            account_of(conn)
        key = request.headers.get("Idempotency-Key")
        if key is None or not _KEY_RE.fullmatch(key):
            raise ApiError(
                ErrorCode.IDEMPOTENCY_KEY_REQUIRED,
                "send an Idempotency-Key header: 8 to 255 visible ASCII characters "
                "(a UUID4), the same for every retry of this order",
                errors=[wire.FieldError(field="Idempotency-Key", message="missing or malformed")],
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
        since, limit, cursor = _updated_since(), _limit(), _cursor()
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
            row = orders.owned_order(conn, account_id, _check_id(order_id, "order"))
        return json_response(orders.order_to_wire(row, request.host_url, language=language()))

    @api.post("/orders/<order_id>/cancel")
    def cancel_order(order_id: str) -> Response:
        with db.write() as conn:
            account_id = account_of(conn)
            row = order_moves.cancel_order(conn, account_id, _check_id(order_id, "order"), now())
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


def _options_to_wire(options: RechargeOptions) -> wire.RechargeOptions:
    money = wire.WireMoney.from_domain
    limits = options.limits
    qualifying = options.minimum_qualifying_amount
    fx = options.fx_quote
    return wire.RechargeOptions(
        card_id=options.card_id,
        currency=options.currency,
        pay_currency=options.pay_currency,
        presets=[money(p) for p in options.presets],
        minimum=money(limits.minimum),
        maximum=money(limits.maximum),
        step=money(limits.step),
        daily_cap=money(limits.daily_cap),
        daily_left=money(options.daily_left),
        monthly_cap=money(limits.monthly_cap),
        monthly_left=money(options.monthly_left),
        keep_alive=plan_from_domain(options.plan),
        minimum_qualifying_amount=money(qualifying if qualifying is not None else limits.maximum),
        promotions=[
            wire.Promotion(
                id=p.id,
                title=text(p.title, language()),
                kind=wire.PromotionKind(p.kind.value),
                value=money(p.value) if p.value is not None else None,
                percent=f"{p.percent.normalize():f}" if p.percent is not None else None,
                code_required=p.code_required,
                min_amount=money(p.min_amount) if p.min_amount is not None else None,
                valid_from=p.valid_from,
                valid_until=p.valid_until,
            )
            for p in options.promotions
        ],
        payment_methods=[
            wire.PaymentMethodOption(
                method=wire.PaymentMethodCode(m.method.value),
                flow=wire.PaymentFlow(m.flow.value),
                available=m.available,
                fee_percent=f"{m.fee_percent.normalize():f}",
                fee_fixed=money(m.fee_fixed),
                pay_currencies=sorted(m.pay_currencies),
            )
            for m in options.payment_methods
        ],
        fx_quote=(
            wire.FxQuote(
                id=fx.id,
                from_currency=fx.from_currency,
                to_currency=fx.to_currency,
                rate=f"{fx.rate:f}",
                expires_at=fx.expires_at,
            )
            if fx is not None
            else None
        ),
    )
