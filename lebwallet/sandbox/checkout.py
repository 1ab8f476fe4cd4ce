"""Hosted checkout pages of the sandbox (HTML, Flask templates in `templates/`).

Pages and their stable element ids (for browser tests):

- `GET /checkout/<order_id>` — the payment page. Every page has `#sandbox-banner`
  ("Sandbox — no real money"), the price in `#price` (`#total`), and errors in `#error`.
  - bank_card: form `#pay-form` posting to `/pay` with `#card-number` (`card_number`),
    `#card-expiry`, `#card-cvc` (ignored) and the submit button `#pay`; the test cards are
    listed in `#test-cards`.
  - paypal: form `#paypal-form` posting to `/pay`, button `#approve`.
  - alipay / wechat_pay: the QR code of `qr_payload` as inline SVG in `#qr-code`, button
    `#simulate-scan` (approves as the phone would), link `#open-phone-page` to `/qr`.
- `GET|POST /checkout/<order_id>/authenticate` — the authentication step: the one-time code
  is shown in `#sandbox-code`; input `#otp` (`otp`), buttons `#approve`
  (`decision=approve`) and `#fail` (`decision=fail`). A wrong code keeps the step open.
- `GET|POST /checkout/<order_id>/qr` — the page a phone opens from the QR code: buttons
  `#approve` (`decision=approve`) and `#decline` (`decision=decline`).
- `GET /checkout/<order_id>/done` — the result: `#order-status` with `data-status` set to
  the order's status; it reloads itself every 2 s until the status is final.

Every form carries the page's token (`token`, an HMAC of the order id under the sandbox's
own key): a post without it, or with an `Origin` other than the sandbox's own, is refused
(403) and changes nothing, so another site cannot pay an order from the user's browser.
Every page is sent with `X-Frame-Options: DENY` and a CSP of `frame-ancestors 'none'`, so it
cannot be framed. The browser is sent to an order's `return_url` only when it is a loopback
address (the wallet's own return page; `orders.is_loopback_return_url`).

Successful posts redirect (303) to the authentication step, the order's `return_url`, or
the done page. An unknown order is 404, an order that cannot take this action any more 409
(both HTML). Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined;
4000 0000 0000 9995 fails with insufficient funds; 4000 0025 0000 3155 and
4000 0027 6000 3184 need the authentication step. Other numbers are refused on the page and
change nothing. Everything shown is escaped by Jinja's autoescaping.

Language: every page is in English or Simplified Chinese (`?lang=zh-CN`, remembered by a
cookie, else `Accept-Language`; see `lebwallet.sandbox.app.language`). Templates write their
sentences as `_("English {name}", name=value)` (`lebwallet.sandbox.language.text`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from collections.abc import Callable
from typing import Final

import segno
from flask import Blueprint, Response, make_response, redirect, render_template, request
from markupsafe import Markup, escape
from werkzeug.wrappers import Response as BaseResponse

from lebwallet.domain.orders import OrderStatus
from lebwallet.provider import wire
from lebwallet.sandbox import order_moves, orders
from lebwallet.sandbox.app import SandboxContext, language, now
from lebwallet.sandbox.db import Database
from lebwallet.sandbox.language import CHINESE, ENGLISH, text
from lebwallet.sandbox.order_moves import CheckoutResult, NotPayable, Outcome

METHOD_NAMES: Final = {
    "bank_card": "Bank card",
    "paypal": "SandboxPal (PayPal-like)",
    "alipay": "Alipay (sandbox)",
    "wechat_pay": "WeChat Pay (sandbox)",
}


def _grouped(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


TEST_CARDS: Final = tuple(
    (_grouped(number), outcome)
    for number, outcome in (
        (order_moves.TEST_CARD_SUCCESS, "succeeds"),
        (order_moves.TEST_CARD_DECLINED, "is declined"),
        (order_moves.TEST_CARD_INSUFFICIENT_FUNDS, "fails: insufficient funds"),
        *(
            (number, "needs the authentication step")
            for number in order_moves.TEST_CARDS_AUTHENTICATION
        ),
    )
)
"""The test cards the checkout page lists, as a person types them."""


def _(msgid: str, **values: object) -> Markup:
    """A page's sentence in the request's language; values are escaped unless `Markup`."""
    return Markup(escape(text(msgid, language()))).format(**values)


def _page_globals() -> dict[str, object]:
    other = CHINESE if language() == ENGLISH else ENGLISH
    return {
        "_": _,
        "lang": language(),
        "other_banner": text("Sandbox — no real money", other),
    }


def html_error(status: int, message: str) -> Response:
    """An HTML page for a checkout error (400, 403, 404, 409); `message` in the page's
    language. No page of the checkout can be framed (`FRAME_HEADERS`)."""
    title = {
        400: "Not understood",
        403: "Refused",
        404: "Not found",
        409: "Cannot be paid",
    }.get(status, "Error")
    page = render_template(
        "message.html", title=text(title, language()), message=message, **_page_globals()
    )
    response = make_response(page, status)
    response.headers.update(FRAME_HEADERS)
    return response


def _status_name(status: str) -> str:
    return text(status.replace("_", " "), language())


FRAME_HEADERS: Final = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
}


def checkout_key(db: Database) -> bytes:
    """The sandbox's key for form tokens: made once, kept in its database (so pages opened
    before a restart still post)."""
    with db.write() as conn:
        row = conn.execute("SELECT value FROM meta WHERE key = 'checkout_key'").fetchone()
        if row is None:
            key = secrets.token_hex(32)
            conn.execute("INSERT INTO meta (key, value) VALUES ('checkout_key', ?)", (key,))
        else:
            key = str(row[0])
    return bytes.fromhex(key)


def form_token(key: bytes, order_id: str) -> str:
    return hmac.new(key, f"checkout:{order_id}".encode(), hashlib.sha256).hexdigest()


def _money(value: wire.WireMoney) -> str:
    return value.to_domain().display()


def _price_lines(price: wire.PriceBreakdown) -> list[tuple[str, str]]:
    lines = [("Top-up", _money(price.amount))]
    if not price.discount.to_domain().is_zero:
        lines.append(("Discount", "−" + _money(price.discount)))
    if not price.bonus.to_domain().is_zero:
        lines.append(("Bonus credit", "+" + _money(price.bonus)))
    if price.fx_rate is not None:
        lines.append(
            ("Exchange rate", f"1 {price.amount.currency} = {price.fx_rate} {price.total.currency}")
        )
    if not price.fee.to_domain().is_zero:
        lines.append(("Fee", _money(price.fee)))
    return [(text(name, language()), value) for name, value in lines]


def checkout_blueprint(context: SandboxContext) -> Blueprint:
    pages = Blueprint("checkout", __name__, url_prefix="/checkout")
    db, config = context.db, context.config
    key = checkout_key(db)

    @pages.before_request
    def _same_site_posts_only() -> Response | None:
        if request.method != "POST":
            return None
        origin = request.headers.get("Origin")
        if origin is not None and origin != request.host_url.rstrip("/"):
            return html_error(
                403, text("This form can only be sent from the sandbox's own page.", language())
            )
        order_id = (request.view_args or {}).get("order_id", "")
        sent = request.form.get("token", "")
        expected = form_token(key, str(order_id)).encode()
        if not hmac.compare_digest(sent.encode("utf-8", "replace"), expected):
            return html_error(
                403, text("This form is out of date. Open the payment page again.", language())
            )
        return None

    @pages.after_request
    def _not_framed(response: BaseResponse) -> BaseResponse:
        response.headers.update(FRAME_HEADERS)
        return response

    def load(order_id: str) -> sqlite3.Row | None:
        with db.read() as conn:
            return orders.find_order(conn, order_id)

    def render(template: str, row: sqlite3.Row, status: int = 200, **extra: object) -> Response:
        order = orders.order_to_wire(row, request.host_url, language=language())
        price = order.price
        value = order.status.value
        status_name = _status_name(value)
        return make_response(
            render_template(
                template,
                order=order,
                method_name=text(METHOD_NAMES[order.payment_method.value], language()),
                price_lines=_price_lines(price),
                total=_money(price.total),
                credited_html=Markup('<strong id="credited">{}</strong>').format(
                    _money(price.credited_amount)
                ),
                order_id_html=Markup('<code id="order-id">{}</code>').format(order.id),
                status_name=status_name,
                status_html=Markup(
                    '<strong id="order-status" class="status-{0}" data-status="{0}">{1}</strong>'
                ).format(value, status_name),
                final=order.domain_status.is_final,
                form_token=form_token(key, order.id),
                test_cards=[(number, text(effect, language())) for number, effect in TEST_CARDS],
                **_page_globals(),
                **extra,
            ),
            status,
        )

    def not_found(order_id: str) -> Response:
        return html_error(404, text("There is no order {order}.", language(), order=order_id[:64]))

    def after(row: sqlite3.Row) -> BaseResponse:
        status = orders.status_of(row)
        if status is OrderStatus.REQUIRES_ACTION:
            return redirect(f"/checkout/{row['id']}/authenticate", 303)
        url = row["return_url"]
        ok = url is not None and orders.is_loopback_return_url(url)
        target = url if ok else f"/checkout/{row['id']}/done"
        return redirect(target, 303)

    def act(
        order_id: str, action: Callable[[sqlite3.Connection, sqlite3.Row], CheckoutResult]
    ) -> CheckoutResult | Response:
        with db.write() as conn:
            row = orders.find_order(conn, order_id)
            if row is None:
                return not_found(order_id)
            try:
                return action(conn, row)
            except NotPayable as exc:
                return html_error(
                    409,
                    text(
                        "This order is {status}; it cannot be paid this way any more.",
                        language(),
                        status=_status_name(exc.status.value),
                    ),
                )

    @pages.get("/<order_id>")
    def checkout_page(order_id: str) -> Response:
        row = load(order_id)
        if row is None:
            return not_found(order_id)
        qr_svg = None
        if row["payment_flow"] == "qr" and orders.status_of(row) in orders.PAYABLE:
            payload = orders.order_to_wire(row, request.host_url).qr_payload
            assert payload is not None
            svg = segno.make(payload, error="m").svg_inline(scale=5, dark="#1d2733")
            qr_svg = Markup(svg)
        return render("checkout.html", row, qr_svg=qr_svg)

    @pages.post("/<order_id>/pay")
    def checkout_pay(order_id: str) -> BaseResponse:
        card_number = request.form.get("card_number")
        result = act(
            order_id, lambda conn, row: order_moves.pay(conn, row, card_number, now(), config)
        )
        if isinstance(result, Response):
            return result
        if result.outcome is Outcome.UNKNOWN_CARD:
            return render(
                "checkout.html",
                result.row,
                qr_svg=None,
                error=text(
                    "This is not a sandbox test card. Use one of the numbers listed below.",
                    language(),
                ),
            )
        return after(result.row)

    @pages.route("/<order_id>/authenticate", methods=["GET", "POST"])
    def checkout_authenticate(order_id: str) -> BaseResponse:
        if request.method == "GET":
            row = load(order_id)
            if row is None:
                return not_found(order_id)
            return render("authenticate.html", row, code=row["auth_code"])
        if load(order_id) is None:
            return not_found(order_id)
        decision = request.form.get("decision", "")
        if decision not in ("approve", "fail"):
            return html_error(400, text("Choose approve or fail.", language()))
        otp = request.form.get("otp")
        result = act(
            order_id,
            lambda conn, row: order_moves.authenticate(conn, row, decision, otp, now(), config),
        )
        if isinstance(result, Response):
            return result
        if result.outcome is Outcome.WRONG_CODE:
            return render(
                "authenticate.html",
                result.row,
                code=result.row["auth_code"],
                error=text("The code is wrong. Type the code shown above.", language()),
            )
        return after(result.row)

    @pages.route("/<order_id>/qr", methods=["GET", "POST"])
    def checkout_qr(order_id: str) -> BaseResponse:
        if request.method == "GET":
            row = load(order_id)
            if row is None:
                return not_found(order_id)
            return render("qr_phone.html", row)
        if load(order_id) is None:
            return not_found(order_id)
        decision = request.form.get("decision", "")
        if decision not in ("approve", "decline"):
            return html_error(400, text("Choose approve or decline.", language()))
        result = act(
            order_id, lambda conn, row: order_moves.qr_decision(conn, row, decision, now(), config)
        )
        if isinstance(result, Response):
            return result
        return after(result.row)

    @pages.get("/<order_id>/done")
    def checkout_done(order_id: str) -> Response:
        row = load(order_id)
        if row is None:
            return not_found(order_id)
        return render("done.html", row)

    return pages
