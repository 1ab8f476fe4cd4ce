"""Cards bound at the provider: the card, its keep-alive plan, binding and relabelling."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from lebwallet.provider.wire.base import Lax, WireMoney, WireRequest, WireResponse, same_currency
from lebwallet.provider.wire.scalars import (
    CurrencyCode,
    Cursor,
    Iccid,
    Id,
    Label,
    LabelInput,
    LpaActivationCode,
    Msisdn,
    Timestamp,
)


class CardStatus(StrEnum):
    PENDING_ACTIVATION = "pending_activation"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    RECYCLED = "recycled"


class KeepAlivePlan(WireResponse):
    minimum_topup: WireMoney
    period_days: Annotated[int, Field(ge=1, le=3650)]
    min_balance: WireMoney | None = None
    """Optional in the spec (absent means null), so a provider without it stays compatible."""

    @model_validator(mode="after")
    def _consistent(self) -> KeepAlivePlan:
        same_currency(self.minimum_topup.currency, {"min_balance": self.min_balance})
        if self.min_balance is not None and self.min_balance.to_domain().is_negative:
            raise ValueError("min_balance cannot be negative")
        return self


class Card(WireResponse):
    id: Id
    label: Label | None
    iccid: Iccid | None
    msisdn: Msisdn | None
    carrier: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    currency: CurrencyCode
    balance: WireMoney
    is_esim: bool
    activation_code: LpaActivationCode | None
    keep_alive: KeepAlivePlan
    last_qualifying_topup_at: Timestamp | None
    deadline: Timestamp
    status: Annotated[CardStatus, Lax]
    updated_at: Timestamp
    sandbox: bool

    @model_validator(mode="after")
    def _consistent(self) -> Card:
        if self.iccid is None and self.msisdn is None:
            raise ValueError("a card needs an iccid or an msisdn")
        if self.activation_code is not None and not self.is_esim:
            raise ValueError("only an eSIM card has an activation_code")
        same_currency(
            self.currency,
            {
                "balance": self.balance,
                "keep_alive.minimum_topup": self.keep_alive.minimum_topup,
                "keep_alive.min_balance": self.keep_alive.min_balance,
            },
        )
        return self


class CardPage(WireResponse):
    items: Annotated[list[Card], Field(max_length=500)]
    next_cursor: Cursor | None


class BindCardRequest(WireRequest):
    iccid: Iccid | None = None
    msisdn: Msisdn | None = None
    label: LabelInput | None = None

    @model_validator(mode="after")
    def _exactly_one_number(self) -> BindCardRequest:
        if (self.iccid is None) == (self.msisdn is None):
            raise ValueError("give exactly one of iccid and msisdn")
        return self


class UpdateCardRequest(WireRequest):
    label: LabelInput | None
