"""What a recharge may be and costs: the options of a card (limits, caps, promotions,
payment methods, FX) and the provider's price of an order (quotes)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from lebwallet.provider.wire.base import Lax, WireMoney, WireRequest, WireResponse, same_currency
from lebwallet.provider.wire.cards import KeepAlivePlan
from lebwallet.provider.wire.scalars import CurrencyCode, Id, Percent, Rate, Timestamp


class PaymentMethodCode(StrEnum):
    BANK_CARD = "bank_card"
    PAYPAL = "paypal"
    ALIPAY = "alipay"
    WECHAT_PAY = "wechat_pay"


class PaymentFlow(StrEnum):
    REDIRECT = "redirect"
    QR = "qr"


class PromotionKind(StrEnum):
    BONUS = "bonus"
    DISCOUNT = "discount"


class Promotion(WireResponse):
    id: Id
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    kind: Annotated[PromotionKind, Lax]
    value: WireMoney | None
    percent: Percent | None
    code_required: bool
    min_amount: WireMoney | None
    valid_from: Timestamp
    valid_until: Timestamp | None

    @model_validator(mode="after")
    def _value_or_percent(self) -> Promotion:
        if (self.value is None) == (self.percent is None):
            raise ValueError("a promotion has exactly one of value and percent")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("a promotion's valid_until is before its valid_from")
        return self


class PaymentMethodOption(WireResponse):
    method: Annotated[PaymentMethodCode, Lax]
    flow: Annotated[PaymentFlow, Lax]
    available: bool
    fee_percent: Percent
    fee_fixed: WireMoney
    pay_currencies: Annotated[list[CurrencyCode], Field(max_length=200)]


class FxQuote(WireResponse):
    id: Id
    from_currency: CurrencyCode
    to_currency: CurrencyCode
    rate: Rate
    expires_at: Timestamp


class RechargeOptions(WireResponse):
    card_id: Id
    currency: CurrencyCode
    pay_currency: CurrencyCode
    presets: Annotated[list[WireMoney], Field(max_length=20)]
    minimum: WireMoney
    maximum: WireMoney
    step: WireMoney
    daily_cap: WireMoney
    daily_left: WireMoney
    monthly_cap: WireMoney
    monthly_left: WireMoney
    keep_alive: KeepAlivePlan
    minimum_qualifying_amount: WireMoney
    promotions: Annotated[list[Promotion], Field(max_length=50)]
    payment_methods: Annotated[list[PaymentMethodOption], Field(max_length=10)]
    fx_quote: FxQuote | None

    @model_validator(mode="after")
    def _consistent(self) -> RechargeOptions:
        named: dict[str, WireMoney | None] = {
            "minimum": self.minimum,
            "maximum": self.maximum,
            "step": self.step,
            "daily_cap": self.daily_cap,
            "daily_left": self.daily_left,
            "monthly_cap": self.monthly_cap,
            "monthly_left": self.monthly_left,
            "keep_alive.minimum_topup": self.keep_alive.minimum_topup,
            "keep_alive.min_balance": self.keep_alive.min_balance,
            "minimum_qualifying_amount": self.minimum_qualifying_amount,
        }
        named.update({f"presets[{i}]": preset for i, preset in enumerate(self.presets)})
        same_currency(self.currency, named)
        for i, method in enumerate(self.payment_methods):
            same_currency(self.pay_currency, {f"payment_methods[{i}].fee_fixed": method.fee_fixed})
        if self.minimum.to_domain() > self.maximum.to_domain():
            raise ValueError("minimum is above maximum")
        if not self.step.to_domain().is_positive:
            raise ValueError("step must be positive")
        if self.pay_currency == self.currency:
            if self.fx_quote is not None:
                raise ValueError("fx_quote must be null when pay_currency equals currency")
        elif self.fx_quote is None:
            raise ValueError(f"fx_quote is required to pay {self.currency} in {self.pay_currency}")
        elif (self.fx_quote.from_currency, self.fx_quote.to_currency) != (
            self.currency,
            self.pay_currency,
        ):
            raise ValueError(
                f"fx_quote converts {self.fx_quote.from_currency} to "
                f"{self.fx_quote.to_currency}, not {self.currency} to {self.pay_currency}"
            )
        return self


class PriceBreakdown(WireResponse):
    amount: WireMoney
    discount: WireMoney
    bonus: WireMoney
    fx_rate: Rate | None
    fee: WireMoney
    total: WireMoney
    credited_amount: WireMoney

    @model_validator(mode="after")
    def _currencies(self) -> PriceBreakdown:
        same_currency(
            self.amount.currency,
            {
                "discount": self.discount,
                "bonus": self.bonus,
                "credited_amount": self.credited_amount,
            },
        )
        same_currency(self.total.currency, {"fee": self.fee})
        if self.fx_rate is None and self.total.currency != self.amount.currency:
            raise ValueError("fx_rate is required when total and amount differ in currency")
        return self


class QuoteRequest(WireRequest):
    """`POST /v1/quotes`: the body of a create-order request, priced without an order."""

    card_id: Id
    amount: WireMoney
    payment_method: Annotated[PaymentMethodCode, Lax]
    pay_currency: CurrencyCode
    promo_code: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    fx_quote_id: Id | None = None


class PricedQuote(WireResponse):
    """The provider's price for a `QuoteRequest`: what the order would cost and credit."""

    card_id: Id
    payment_method: Annotated[PaymentMethodCode, Lax]
    pay_currency: CurrencyCode
    price: PriceBreakdown
    promotion_id: Id | None
    promo_code: Annotated[str, StringConstraints(max_length=64)] | None
    expires_at: Timestamp | None

    @model_validator(mode="after")
    def _pay_currency(self) -> PricedQuote:
        if self.price.total.currency != self.pay_currency:
            raise ValueError("the total is not in pay_currency")
        return self
