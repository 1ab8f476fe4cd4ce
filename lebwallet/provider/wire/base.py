"""What every wire object shares: the request and response base classes, `WireMoney`, and
the checks that amounts agree in currency."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Strict, model_validator

from lebwallet.domain.money import Money, MoneyError
from lebwallet.provider.wire.scalars import CurrencyCode, DecimalString

# An enumeration member that also accepts its text value in Python-mode validation.
Lax = Strict(False)


class WireRequest(BaseModel):
    """A body the wallet sends: unknown members are refused."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class WireResponse(BaseModel):
    """A body the provider sends: unknown members are ignored (forward compatible)."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


def same_currency(currency: str, named: Mapping[str, WireMoney | None]) -> None:
    wrong = [
        f"{name} is in {money.currency}"
        for name, money in named.items()
        if money is not None and money.currency != currency
    ]
    if wrong:
        raise ValueError(f"expected amounts in {currency}, but " + ", ".join(wrong))


class WireMoney(BaseModel):
    """`{"value": "10.00", "currency": "GBP"}`; the value fits the currency's minor units."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    value: DecimalString
    currency: CurrencyCode

    @model_validator(mode="after")
    def _exact_in_currency(self) -> WireMoney:
        try:
            Money.from_wire(self.value, self.currency)
        except MoneyError as exc:
            raise ValueError(str(exc)) from None
        return self

    def to_domain(self) -> Money:
        return Money.from_wire(self.value, self.currency)

    @classmethod
    def from_domain(cls, money: Money) -> WireMoney:
        return cls(value=money.to_wire(), currency=money.currency)
