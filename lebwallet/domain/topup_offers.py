"""What a top-up channel offers for one number, and how one of its top-ups ended.

`recharge.RechargeOptions` describes the LEB provider's offer (a range on a step, caps,
payment methods). A network such as Reloadly offers something else for a phone number: an
operator with FIXED denominations or a RANGE, in the channel account's currency (the sender
currency), optionally the same in the operator's local currency, an FX rate between the two,
and the operator's promotions as text. These values carry that offer into the wallet without
a channel's wire types.

A top-up at such a channel ends SUCCESSFUL, FAILED (never debited) or REFUNDED (debited,
then returned). The order machine (`orders.OrderStatus`) has no refunded status, and needs
none: a refunded top-up is a failed order. `TopUpProgress` adds only what the user must be
told — whether money came back — on top of the order status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.orders import OrderStatus

CENT_STEP: Final = Decimal("0.01")
"""The step of a RANGE at a network that prices in cents (Reloadly)."""


class DenominationType(StrEnum):
    FIXED = "fixed"
    RANGE = "range"


def _one_currency(currency: str, *amounts: Money) -> None:
    for amount in amounts:
        if amount.currency != currency:
            raise MoneyError(f"{amount.display()} is not in {currency}")


@dataclass(frozen=True, slots=True)
class FixedAmounts:
    """The only amounts the operator accepts, ascending, without repeats."""

    amounts: tuple[Money, ...]

    def __post_init__(self) -> None:
        if not self.amounts:
            raise MoneyError("a FIXED offer needs at least one amount")
        _one_currency(self.amounts[0].currency, *self.amounts)
        if any(not a.is_positive for a in self.amounts):
            raise MoneyError("a FIXED amount must be above zero")
        object.__setattr__(self, "amounts", tuple(sorted(set(self.amounts))))

    @property
    def kind(self) -> DenominationType:
        return DenominationType.FIXED

    @property
    def currency(self) -> str:
        return self.amounts[0].currency

    def accepts(self, amount: Money) -> bool:
        return amount in self.amounts


@dataclass(frozen=True, slots=True)
class AmountRange:
    """Any amount `minimum + k × step` up to `maximum`."""

    minimum: Money
    maximum: Money
    step: Money

    def __post_init__(self) -> None:
        _one_currency(self.minimum.currency, self.maximum, self.step)
        if not self.minimum.is_positive or not self.step.is_positive:
            raise MoneyError("a RANGE needs a minimum and a step above zero")
        if self.maximum < self.minimum:
            raise MoneyError(
                f"the maximum {self.maximum.display()} is below the minimum "
                f"{self.minimum.display()}"
            )

    @property
    def kind(self) -> DenominationType:
        return DenominationType.RANGE

    @property
    def currency(self) -> str:
        return self.minimum.currency

    def accepts(self, amount: Money) -> bool:
        if amount.currency != self.currency or not self.minimum <= amount <= self.maximum:
            return False
        return (amount.amount - self.minimum.amount) % self.step.amount == 0


Denominations = FixedAmounts | AmountRange


@dataclass(frozen=True, slots=True)
class OfferPromotion:
    """An operator's promotion as the channel words it (shown, never priced)."""

    title: str
    description: str = ""
    starts: datetime | None = None
    ends: datetime | None = None


@dataclass(frozen=True, slots=True)
class OperatorOffer:
    """What the amount page needs to top up one number through a network channel.

    `amounts` are in the sender currency (what the channel account pays);
    `local_amounts`, when the operator takes them, in the destination currency (what the
    number receives); `fx_rate` is destination units per sender unit (None: unknown).
    """

    operator_id: str
    operator_name: str
    country: str | None
    """ISO 3166 alpha-2 of the operator's country (None: not said)."""
    sender_currency: str
    destination_currency: str
    amounts: Denominations
    local_amounts: Denominations | None = None
    fx_rate: Decimal | None = None
    discount_percent: Decimal = Decimal(0)
    promotions: tuple[OfferPromotion, ...] = ()

    def __post_init__(self) -> None:
        if self.amounts.currency != self.sender_currency:
            raise MoneyError(f"the amounts must be in {self.sender_currency}")
        local = self.local_amounts
        if local is not None and local.currency != self.destination_currency:
            raise MoneyError(f"the local amounts must be in {self.destination_currency}")
        if self.fx_rate is not None and (not self.fx_rate.is_finite() or self.fx_rate <= 0):
            raise MoneyError(f"an exchange rate must be above zero, not {self.fx_rate}")

    @property
    def denomination_type(self) -> DenominationType:
        return self.amounts.kind


@dataclass(frozen=True, slots=True)
class NetworkOffer:
    """What the amount page shows besides the amounts when a network channel tops a card up:
    the operator (detected from the number), its promotions, and the channel account's
    balance that pays."""

    channel: str
    operator_name: str
    promotions: tuple[OfferPromotion, ...]
    balance: Money


@dataclass(frozen=True, slots=True)
class TopUpProgress:
    """Where a channel's top-up stands: the order status, and whether money came back.

    `refunded` is True only for a failed top-up whose money was returned after it had been
    taken (Reloadly's REFUNDED); a failure that never took money has `refunded` False."""

    status: OrderStatus
    refunded: bool = False

    def __post_init__(self) -> None:
        if self.refunded and self.status is not OrderStatus.FAILED:
            raise ValueError("only a failed top-up can be refunded")

    @property
    def is_final(self) -> bool:
        return self.status.is_final
