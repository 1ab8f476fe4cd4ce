"""Wire → domain: the provider's recharge options as the domain's `RechargeOptions`.

The wire models have already checked the shape and the currencies; the domain
constructors check the rules (`RechargeLimits`, `Promotion`, `FxQuote`, …). A response
that breaks a domain rule raises `ProtocolError`: it is never trusted.
"""

from __future__ import annotations

from decimal import Decimal

from lebwallet.domain.cards import Card, CardStatus, KeepAlivePlan
from lebwallet.domain.channel_orders import ChannelOrder
from lebwallet.domain.identifiers import ActivationCode, Iccid, Msisdn
from lebwallet.domain.money import MoneyError
from lebwallet.domain.provider_price import with_provider_price
from lebwallet.domain.recharge import (
    CapUsage,
    FxQuote,
    PaymentFlow,
    PaymentMethod,
    PaymentMethodOption,
    PriceBreakdown,
    Promotion,
    PromotionKind,
    Quote,
    RechargeLimits,
    RechargeOptions,
)
from lebwallet.provider import wire
from lebwallet.provider.errors import ProtocolError


def plan_to_domain(plan: wire.KeepAlivePlan) -> KeepAlivePlan:
    """The domain plan (raises `CardError`, a `ValueError`, when it breaks a domain rule)."""
    return KeepAlivePlan(
        minimum_topup=plan.minimum_topup.to_domain(),
        period_days=plan.period_days,
        min_balance=None if plan.min_balance is None else plan.min_balance.to_domain(),
    )


def card_to_domain(card: wire.Card) -> Card:
    """The domain card (raises `CardError` or `InvalidIdentifier`, both `ValueError`s, when the
    provider's card breaks a domain rule the wire schema does not check: Luhn, numbering plan,
    control characters…)."""
    return Card(
        id=card.id,
        label=card.label,
        iccid=Iccid(card.iccid) if card.iccid is not None else None,
        msisdn=Msisdn(card.msisdn) if card.msisdn is not None else None,
        carrier=card.carrier,
        region=card.region,
        currency=card.currency,
        balance=card.balance.to_domain(),
        is_esim=card.is_esim,
        activation_code=(
            ActivationCode.parse(card.activation_code) if card.activation_code is not None else None
        ),
        plan=plan_to_domain(card.keep_alive),
        last_qualifying_topup=card.last_qualifying_topup_at,
        deadline=card.deadline,
        status=CardStatus(card.status.value),
        sandbox=card.sandbox,
    )


def plan_from_domain(plan: KeepAlivePlan) -> wire.KeepAlivePlan:
    """The wire form of a domain plan (what the sandbox sends)."""
    return wire.KeepAlivePlan(
        minimum_topup=wire.WireMoney.from_domain(plan.minimum_topup),
        period_days=plan.period_days,
        min_balance=(
            None if plan.min_balance is None else wire.WireMoney.from_domain(plan.min_balance)
        ),
    )


def _promotion(promotion: wire.Promotion) -> Promotion:
    return Promotion(
        id=promotion.id,
        title=promotion.title,
        kind=PromotionKind(promotion.kind.value),
        value=None if promotion.value is None else promotion.value.to_domain(),
        percent=None if promotion.percent is None else Decimal(promotion.percent),
        valid_from=promotion.valid_from,
        valid_until=promotion.valid_until,
        min_amount=None if promotion.min_amount is None else promotion.min_amount.to_domain(),
        code_required=promotion.code_required,
    )


def _method(option: wire.PaymentMethodOption) -> PaymentMethodOption:
    return PaymentMethodOption(
        method=PaymentMethod(option.method.value),
        flow=PaymentFlow(option.flow.value),
        available=option.available,
        fee_percent=Decimal(option.fee_percent),
        fee_fixed=option.fee_fixed.to_domain(),
        pay_currencies=frozenset(option.pay_currencies),
    )


def options_to_domain(options: wire.RechargeOptions) -> RechargeOptions:
    """The domain view of `options`; `ProtocolError` when they break a domain rule."""
    try:
        limits = RechargeLimits(
            minimum=options.minimum.to_domain(),
            maximum=options.maximum.to_domain(),
            step=options.step.to_domain(),
            daily_cap=options.daily_cap.to_domain(),
            monthly_cap=options.monthly_cap.to_domain(),
            presets=tuple(p.to_domain() for p in options.presets),
        )
        usage = CapUsage.from_left(
            limits, options.daily_left.to_domain(), options.monthly_left.to_domain()
        )
        fx = options.fx_quote
        return RechargeOptions(
            card_id=options.card_id,
            pay_currency=options.pay_currency,
            limits=limits,
            usage=usage,
            plan=plan_to_domain(options.keep_alive),
            promotions=tuple(_promotion(p) for p in options.promotions),
            payment_methods=tuple(_method(m) for m in options.payment_methods),
            fx_quote=None
            if fx is None
            else FxQuote(
                id=fx.id,
                from_currency=fx.from_currency,
                to_currency=fx.to_currency,
                rate=Decimal(fx.rate),
                expires_at=fx.expires_at,
            ),
        )
    except (ValueError, MoneyError) as error:
        raise ProtocolError(f"the recharge options break a rule: {error}") from error


def breakdown_to_domain(price: wire.PriceBreakdown) -> PriceBreakdown:
    return PriceBreakdown(
        amount=price.amount.to_domain(),
        discount=price.discount.to_domain(),
        bonus=price.bonus.to_domain(),
        fx_rate=None if price.fx_rate is None else Decimal(price.fx_rate),
        fee=price.fee.to_domain(),
        total=price.total.to_domain(),
        credited=price.credited_amount.to_domain(),
    )


def quote_request(card_id: str, quote: Quote) -> wire.QuoteRequest:
    """The `POST /v1/quotes` body for `quote` (the same members the order will send)."""
    return wire.QuoteRequest(
        card_id=card_id,
        amount=wire.WireMoney.from_domain(quote.amount),
        payment_method=wire.PaymentMethodCode(quote.payment_method.value),
        pay_currency=quote.pay_currency,
        promo_code=quote.promo_code,
        fx_quote_id=quote.fx_quote_id,
    )


def priced_quote_to_domain(local: Quote, priced: wire.PricedQuote) -> Quote:
    """`local` with the provider's price; `ProtocolError` when the answer is for another
    top-up or does not add up."""
    if priced.payment_method.value != local.payment_method.value:
        raise ProtocolError(
            f"asked to price {local.payment_method.value}, got {priced.payment_method.value}"
        )
    try:
        return with_provider_price(
            local,
            breakdown_to_domain(priced.price),
            promotion_id=priced.promotion_id,
            promo_code=priced.promo_code,
            expires_at=priced.expires_at,
        )
    except (ValueError, MoneyError) as error:
        raise ProtocolError(f"the provider's price breaks a rule: {error}") from error


def order_to_domain(order: wire.Order) -> ChannelOrder:
    """The provider's order as the journal takes it."""
    price = order.price
    return ChannelOrder(
        provider_id=order.id,
        card_id=order.card_id,
        idempotency_key=order.idempotency_key,
        status=order.domain_status,
        payment_method=order.payment_method.value,
        payment_flow=order.payment_flow.value,
        amount=price.amount.to_domain(),
        discount=price.discount.to_domain(),
        bonus=price.bonus.to_domain(),
        credited=price.credited_amount.to_domain(),
        fee=price.fee.to_domain(),
        total=price.total.to_domain(),
        fx_rate=None if price.fx_rate is None else Decimal(price.fx_rate),
        created_at=order.created_at,
        updated_at=order.updated_at,
        expires_at=order.expires_at,
        paid_at=order.paid_at,
        credited_at=order.credited_at,
        promotion_id=order.promotion_id,
        promo_code=order.promo_code,
        checkout_url=order.checkout_url,
        qr_payload=order.qr_payload,
        next_action_url=None if order.next_action is None else order.next_action.url,
        failure_code=None if order.failure_code is None else order.failure_code.value,
        failure_reason=order.failure_reason,
    )
