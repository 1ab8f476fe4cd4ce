"""How a top-up is paid: payment methods and their fees, and the FX quote of a pay currency
other than the card's (`lebwallet.domain.recharge`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from lebwallet.domain.money import Money, MoneyError, is_currency
from lebwallet.domain.recharge_errors import (
    PaymentMethodUnavailable,
    UnsupportedCurrency,
)
from lebwallet.domain.recharge_math import (
    ID_PATTERN,
    aware,
    check_percent,
    exact_product,
    percent_of,
    round_money,
    same_currency,
)


class PaymentMethod(StrEnum):
    BANK_CARD = "bank_card"
    PAYPAL = "paypal"
    ALIPAY = "alipay"
    WECHAT_PAY = "wechat_pay"
    ACCOUNT_BALANCE = "account_balance"
    """Debited from the prepaid balance of a channel account (Reloadly); never a user's
    choice at the LEB provider."""


class PaymentFlow(StrEnum):
    REDIRECT = "redirect"
    """Open the hosted checkout page in a browser."""
    QR = "qr"
    """Show the order's QR payload for a phone app to scan."""
    BALANCE = "account_balance"
    """Debited from a channel account's prepaid balance: nothing for the user to do."""


# --- FX and payment methods --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FxQuote:
    """One `from_currency` unit costs `rate` units of `to_currency` until `expires_at`."""

    id: str
    from_currency: str
    to_currency: str
    rate: Decimal
    expires_at: datetime

    def __post_init__(self) -> None:
        if not ID_PATTERN.fullmatch(self.id):
            raise ValueError(f"an FX quote id is 1 to 64 letters, digits, '_' or '-': {self.id!r}")
        for code in (self.from_currency, self.to_currency):
            if not is_currency(code):
                raise UnsupportedCurrency(f"{code!r} is not an ISO 4217 currency code")
        if self.from_currency == self.to_currency:
            raise ValueError(f"an FX quote converts between two currencies, not {self.to_currency}")
        if not isinstance(self.rate, Decimal):
            raise MoneyError(f"an exchange rate must be a Decimal, not {type(self.rate).__name__}")
        if not self.rate.is_finite() or self.rate <= 0:
            raise MoneyError(f"an exchange rate must be above zero, not {self.rate}")
        object.__setattr__(self, "expires_at", aware(self.expires_at, "expires_at"))

    def is_expired(self, now: datetime) -> bool:
        return aware(now, "now") >= self.expires_at

    def convert(self, money: Money) -> Money:
        """`money` in `to_currency`, rounded once (ROUND_HALF_EVEN)."""
        same_currency(self.from_currency, "the amount to convert", money)
        return round_money(exact_product(money.amount, self.rate), self.to_currency)


@dataclass(frozen=True, slots=True)
class PaymentMethodOption:
    """A way to pay: `fee_percent` of the (converted) price plus `fee_fixed`, in the pay
    currency. `available` is False when the method cannot take the pay currency now."""

    method: PaymentMethod
    flow: PaymentFlow
    available: bool
    fee_percent: Decimal
    fee_fixed: Money
    pay_currencies: frozenset[str]

    def __post_init__(self) -> None:
        check_percent(self.fee_percent, f"the {self.method.value} fee percent")
        if self.fee_fixed.is_negative:
            raise MoneyError(f"the {self.method.value} fixed fee cannot be negative")
        object.__setattr__(self, "pay_currencies", frozenset(self.pay_currencies))

    def check_usable(self, pay_currency: str) -> None:
        if not self.available:
            raise PaymentMethodUnavailable(f"{self.method.value} is not available now")
        if pay_currency not in self.pay_currencies:
            accepted = ", ".join(sorted(self.pay_currencies)) or "nothing"
            raise UnsupportedCurrency(
                f"{self.method.value} cannot take {pay_currency}; it takes {accepted}"
            )
        same_currency(pay_currency, f"the {self.method.value} fixed fee", self.fee_fixed)

    def fee_for(self, price: Money) -> Money:
        """The fee on `price` (in the pay currency): percentage rounded once, plus fixed."""
        same_currency(self.fee_fixed.currency, "the price", price)
        return percent_of(price, self.fee_percent) + self.fee_fixed
