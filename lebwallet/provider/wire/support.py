"""Support cases about an order: opening one, replies, the facts the provider attaches."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from lebwallet.provider.wire.base import Lax, WireMoney, WireRequest, WireResponse, same_currency
from lebwallet.provider.wire.orders import FailureCode, WireOrderStatus
from lebwallet.provider.wire.recharge import PaymentMethodCode
from lebwallet.provider.wire.scalars import Cursor, Id, IdempotencyKey, Timestamp


class SupportTopic(StrEnum):
    NOT_CREDITED = "not_credited"
    WRONG_AMOUNT = "wrong_amount"
    CHARGED_BUT_FAILED = "charged_but_failed"
    REFUND = "refund"
    OTHER = "other"


class SupportCaseStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class SupportAuthor(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"


SupportText = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
SupportLanguage = Literal["en", "zh-CN"]


class OpenSupportCaseRequest(WireRequest):
    order_id: Id
    topic: Annotated[SupportTopic, Lax]
    message: SupportText


class SupportReplyRequest(WireRequest):
    message: SupportText


class SupportReadRequest(WireRequest):
    up_to_message_id: Id


class OrderStatusChange(WireResponse):
    status: Annotated[WireOrderStatus, Lax]
    at: Timestamp


class OrderFacts(WireResponse):
    """The order as the provider saw it when the case opened (it attaches them itself)."""

    order_id: Id
    card_id: Id
    card_number: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    carrier: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    status: Annotated[WireOrderStatus, Lax]
    timeline: Annotated[list[OrderStatusChange], Field(max_length=20)]
    payment_method: Annotated[PaymentMethodCode, Lax]
    amount: WireMoney
    credited_amount: WireMoney
    total: WireMoney
    created_at: Timestamp
    updated_at: Timestamp
    paid_at: Timestamp | None
    credited_at: Timestamp | None
    failure_code: Annotated[FailureCode, Lax] | None
    failure_reason: Annotated[str, StringConstraints(max_length=500)] | None

    @model_validator(mode="after")
    def _consistent(self) -> OrderFacts:
        same_currency(self.amount.currency, {"credited_amount": self.credited_amount})
        return self


class SupportCase(WireResponse):
    id: Id
    order_id: Id
    topic: Annotated[SupportTopic, Lax]
    status: Annotated[SupportCaseStatus, Lax]
    language: SupportLanguage
    idempotency_key: IdempotencyKey
    facts: OrderFacts
    unread_count: Annotated[int, Field(ge=0, le=10000)]
    message_count: Annotated[int, Field(ge=1, le=10000)]
    created_at: Timestamp
    updated_at: Timestamp
    last_message_at: Timestamp
    closed_at: Timestamp | None

    @model_validator(mode="after")
    def _consistent(self) -> SupportCase:
        if self.facts.order_id != self.order_id:
            raise ValueError("the facts are of another order than the case's")
        if (self.status is SupportCaseStatus.CLOSED) != (self.closed_at is not None):
            raise ValueError("closed_at is set exactly when the case is closed")
        return self


class SupportCasePage(WireResponse):
    items: Annotated[list[SupportCase], Field(max_length=500)]
    next_cursor: Cursor | None


class SupportMessage(WireResponse):
    id: Id
    case_id: Id
    author: Annotated[SupportAuthor, Lax]
    body: SupportText
    unread: bool
    idempotency_key: IdempotencyKey | None
    created_at: Timestamp

    @model_validator(mode="after")
    def _consistent(self) -> SupportMessage:
        if self.unread and self.author is SupportAuthor.CUSTOMER:
            raise ValueError("the customer's own message is never unread")
        return self


class SupportThread(WireResponse):
    case: SupportCase
    messages: Annotated[list[SupportMessage], Field(max_length=10000)]

    @model_validator(mode="after")
    def _consistent(self) -> SupportThread:
        if any(m.case_id != self.case.id for m in self.messages):
            raise ValueError("the thread holds a message of another case")
        return self
