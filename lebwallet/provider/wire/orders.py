"""Orders: creating one, its status on the wire (and in the domain), and pages of them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from lebwallet.domain.orders import OrderStatus
from lebwallet.provider.wire.base import Lax, WireMoney, WireRequest, WireResponse
from lebwallet.provider.wire.recharge import PaymentFlow, PaymentMethodCode, PriceBreakdown
from lebwallet.provider.wire.scalars import (
    CurrencyCode,
    Cursor,
    Id,
    IdempotencyKey,
    Timestamp,
    WebUrl,
)


class WireOrderStatus(StrEnum):
    """Order status on the wire; `order_status_to_domain()` gives the domain's OrderStatus."""

    AWAITING_PAYMENT = "awaiting_payment"
    REQUIRES_ACTION = "requires_action"
    PAID = "paid"
    CREDITING = "crediting"
    CREDITED = "credited"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class FailureCode(StrEnum):
    PAYMENT_DECLINED = "payment_declined"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    AUTHENTICATION_FAILED = "authentication_failed"
    CARRIER_REJECTED = "carrier_rejected"
    CREDITING_TIMEOUT = "crediting_timeout"
    INTERNAL_ERROR = "internal_error"


class NextActionType(StrEnum):
    AUTHENTICATE = "authenticate"


def order_status_to_domain(status: WireOrderStatus) -> OrderStatus:
    return OrderStatus(status.value)


def order_status_from_domain(status: OrderStatus) -> WireOrderStatus:
    return WireOrderStatus(status.value)


class CreateOrderRequest(WireRequest):
    card_id: Id
    amount: WireMoney
    payment_method: Annotated[PaymentMethodCode, Lax]
    pay_currency: CurrencyCode
    promo_code: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    fx_quote_id: Id | None = None
    return_url: WebUrl | None = None


class NextAction(WireResponse):
    type: Annotated[NextActionType, Lax]
    url: WebUrl


class Order(WireResponse):
    id: Id
    card_id: Id
    idempotency_key: IdempotencyKey
    status: Annotated[WireOrderStatus, Lax]
    payment_method: Annotated[PaymentMethodCode, Lax]
    payment_flow: Annotated[PaymentFlow, Lax]
    price: PriceBreakdown
    promotion_id: Id | None
    promo_code: Annotated[str, StringConstraints(max_length=64)] | None
    checkout_url: WebUrl | None
    qr_payload: Annotated[str, StringConstraints(max_length=2048)] | None
    next_action: NextAction | None
    created_at: Timestamp
    updated_at: Timestamp
    expires_at: Timestamp
    paid_at: Timestamp | None
    credited_at: Timestamp | None
    failure_code: Annotated[FailureCode, Lax] | None
    failure_reason: Annotated[str, StringConstraints(max_length=500)] | None

    @model_validator(mode="after")
    def _consistent(self) -> Order:
        waiting = self.status is WireOrderStatus.REQUIRES_ACTION
        if waiting != (self.next_action is not None):
            raise ValueError("next_action is set exactly while the status is requires_action")
        if self.status is WireOrderStatus.FAILED and self.failure_code is None:
            raise ValueError("a failed order needs a failure_code")
        return self

    @property
    def domain_status(self) -> OrderStatus:
        return order_status_to_domain(self.status)


class OrderPage(WireResponse):
    items: Annotated[list[Order], Field(max_length=500)]
    next_cursor: Cursor | None
