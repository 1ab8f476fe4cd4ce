"""Exact arithmetic and checks shared by the recharge rules (`lebwallet.domain.recharge`):
products computed exactly, each derived amount rounded once (ROUND_HALF_EVEN)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal, Inexact, localcontext
from typing import Final

from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.recharge_errors import CurrencyMismatch

ROUNDING: Final = ROUND_HALF_EVEN
"""The one rounding mode of every derived price component."""
MAX_PERCENT: Final = Decimal("999.9999")
PROMO_CODE_MAX_LENGTH: Final = 64
ID_PATTERN: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")
PROMO_CODE_PATTERN: Final = re.compile(r"[!-~]{1,64}")
HUNDRED: Final = Decimal(100)


# --- exact arithmetic -------------------------------------------------------------------------


def exact_product(a: Decimal, b: Decimal, *, shift: int = 0) -> Decimal:
    """a × b × 10**shift with no context rounding (the precision is made large enough;
    `Inexact` is trapped, so a rounded result could not pass unnoticed)."""
    with localcontext() as ctx:
        ctx.prec = len(a.as_tuple().digits) + len(b.as_tuple().digits) + 2
        ctx.traps[Inexact] = True
        return (a * b).scaleb(shift)


def round_money(value: Decimal, currency: str) -> Money:
    return Money.rounded(value, currency, ROUNDING)


def percent_of(amount: Money, percent: Decimal) -> Money:
    """`percent` % of `amount`, rounded once (ROUND_HALF_EVEN) to the currency's minor units."""
    return round_money(exact_product(amount.amount, percent, shift=-2), amount.currency)


def check_percent(value: Decimal, what: str, maximum: Decimal = MAX_PERCENT) -> None:
    if not isinstance(value, Decimal):
        raise MoneyError(f"{what} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite() or value < 0 or value > maximum:
        raise MoneyError(f"{what} must be between 0 and {maximum}, not {value}")


def aware(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime (UTC)")
    return value.astimezone(UTC)


def same_currency(currency: str, what: str, money: Money) -> None:
    if money.currency != currency:
        raise CurrencyMismatch(f"{what} is in {money.currency}, expected {currency}")
