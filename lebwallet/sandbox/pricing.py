"""What a sandbox order would cost: exchange-rate quotes, and the price of an order request
with every rule checked (`POST /v1/quotes` answers with it, `orders.create_order` stores it).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from decimal import Decimal

from lebwallet.domain.cards import CardStatus
from lebwallet.domain.recharge import (
    FxQuote,
    PaymentMethod,
    PriceBreakdown,
    Quote,
    RechargeOptions,
    RechargeRuleError,
    UnsupportedCurrency,
)
from lebwallet.provider import wire
from lebwallet.provider.convert import plan_from_domain
from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox import catalog
from lebwallet.sandbox.accounts import profile_missing
from lebwallet.sandbox.auth import new_id
from lebwallet.sandbox.caps import cap_usage
from lebwallet.sandbox.cards import owned_card, plan_of
from lebwallet.sandbox.config import SandboxConfig
from lebwallet.sandbox.db import from_us, to_us
from lebwallet.sandbox.language import text
from lebwallet.sandbox.problems import ApiError, field_error, invalid


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


def recharge_options_to_wire(
    conn: sqlite3.Connection,
    account_id: str,
    card: sqlite3.Row,
    pay_currency: str,
    now: datetime,
    config: SandboxConfig,
    *,
    language: str,
) -> wire.RechargeOptions:
    """The recharge options of `card` paid in `pay_currency`, promotion titles in `language`;
    paying in another currency than the card's issues (stores) an exchange-rate quote."""
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
        fx = issue_fx_quote(conn, account_id, currency, pay_currency, now, config)
    usage = cap_usage(conn, account_id, currency, now)
    options = catalog.recharge_options(card["id"], plan_of(card), pay_currency, usage, fx)
    return _options_to_wire(options, language)


def _options_to_wire(options: RechargeOptions, language: str) -> wire.RechargeOptions:
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
                title=text(p.title, language),
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
