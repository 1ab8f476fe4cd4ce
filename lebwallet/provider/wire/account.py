"""The account: its profile and its spending limits per currency."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from lebwallet.provider.wire.base import Lax, WireMoney, WireRequest, WireResponse, same_currency
from lebwallet.provider.wire.recharge import PaymentMethodCode
from lebwallet.provider.wire.scalars import CurrencyCode, Email, Id, Msisdn, NameInput, Timestamp


class Profile(WireResponse):
    id: Id
    name: Annotated[str, StringConstraints(max_length=100)]
    email: Email | None
    phone: Msisdn | None
    default_payment_method: Annotated[PaymentMethodCode, Lax] | None
    profile_complete: bool
    missing_fields: Annotated[
        list[Annotated[str, StringConstraints(max_length=64)]], Field(max_length=20)
    ]
    created_at: Timestamp


class ProfileUpdate(WireRequest):
    name: NameInput | None = None
    default_payment_method: Annotated[PaymentMethodCode, Lax] | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> ProfileUpdate:
        if self.name is None and self.default_payment_method is None:
            raise ValueError("give a name or a default payment method to change")
        return self


class CurrencyLimit(WireResponse):
    currency: CurrencyCode
    daily_cap: WireMoney
    daily_used: WireMoney
    daily_left: WireMoney
    monthly_cap: WireMoney
    monthly_used: WireMoney
    monthly_left: WireMoney

    @model_validator(mode="after")
    def _one_currency(self) -> CurrencyLimit:
        same_currency(
            self.currency,
            {
                "daily_cap": self.daily_cap,
                "daily_used": self.daily_used,
                "daily_left": self.daily_left,
                "monthly_cap": self.monthly_cap,
                "monthly_used": self.monthly_used,
                "monthly_left": self.monthly_left,
            },
        )
        return self


class AccountLimits(WireResponse):
    day_resets_at: Timestamp
    month_resets_at: Timestamp
    currencies: Annotated[list[CurrencyLimit], Field(max_length=200)]


class Account(WireResponse):
    profile: Profile
    limits: AccountLimits
