"""Money: a `Decimal` amount in one ISO 4217 currency.

Rules:
- An amount is always exact in its currency's minor units (GBP 2 places, JPY 0, KWD 3).
  Constructing `Money` with more places than the currency allows is an error; nothing is
  rounded silently.
- Rounding is explicit: `Money.rounded()` takes a rounding mode and is used once, where a
  computation (a percentage, an FX conversion) produces sub-minor precision.
- Arithmetic and comparison only within one currency; floats are refused everywhere.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Final

from lebwallet.domain.text import normalize_typed, refused_characters

# ISO 4217 active codes and their minor units (number of decimal places).
_MINOR_UNITS: Final[dict[str, int]] = {
    **dict.fromkeys(
        (
            "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN "
            "BWP BYN BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD "
            "FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR "
            "KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN "
            "MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD "
            "SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD "
            "TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWL"
        ).split(),
        2,
    ),
    **dict.fromkeys("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split(), 0),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
    "CLF": 4,
    "UYW": 4,
}

# Symbols that name one currency wherever the reader lives (CLDR's English symbols), used by
# `Money.display()` and by the UI's locale formatting; any other currency shows its ISO code.
INTERNATIONAL_SYMBOLS: Final[dict[str, str]] = {
    "GBP": "£",
    "EUR": "€",
    "USD": "US$",
    "HKD": "HK$",
    "CNY": "CN¥",
    "JPY": "JP¥",
    "AUD": "A$",
    "CAD": "CA$",
    "SGD": "S$",
    "NZD": "NZ$",
    "TWD": "NT$",
    "MXN": "MX$",
    "BRL": "R$",
    "KRW": "₩",
    "INR": "₹",
    "ILS": "₪",
    "VND": "₫",
    "PHP": "₱",
}

_WIRE_PATTERN: Final = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_CODE_PATTERN: Final = re.compile(r"[A-Z]{3}")


class MoneyError(ValueError):
    """A money value, currency or operation is not valid."""


class UnknownCurrency(MoneyError):
    """The text is not an active ISO 4217 currency code."""


class CurrencyMismatch(MoneyError):
    """Two amounts in different currencies were combined."""


class MoneyParseError(MoneyError):
    """User or wire text does not describe an amount in the currency.

    `refused` names the characters that cannot be part of an amount (empty when the
    characters are fine but their arrangement is not)."""

    def __init__(self, message: str, *, refused: str = "") -> None:
        super().__init__(message)
        self.refused = refused


class NotANumber(MoneyParseError):
    """The text is no number at all (not a number the currency does not take)."""


def minor_units(currency: str) -> int:
    """Decimal places of the currency (GBP 2, JPY 0, KWD 3)."""
    try:
        return _MINOR_UNITS[currency]
    except KeyError:
        raise UnknownCurrency(f"{currency!r} is not an ISO 4217 currency code") from None


def is_currency(code: str) -> bool:
    return code in _MINOR_UNITS


def _is_ascii_digit(char: str) -> bool:
    return "0" <= char <= "9"


def _exponent(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


@dataclass(frozen=True, slots=True, order=False)
class Money:
    """An exact amount in one currency. Use `Money.of` to build one from text or int."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.currency, str) or not _CODE_PATTERN.fullmatch(self.currency):
            raise UnknownCurrency(f"{self.currency!r} is not an ISO 4217 currency code")
        places = minor_units(self.currency)
        if not isinstance(self.amount, Decimal):
            raise MoneyError(f"money amounts must be Decimal, not {type(self.amount).__name__}")
        if not self.amount.is_finite():
            raise MoneyError(f"money amount must be finite, not {self.amount}")
        try:
            quantized = self.amount.quantize(_exponent(self.currency))
        except InvalidOperation:
            raise MoneyError(f"{self.amount} is too large an amount of {self.currency}") from None
        if quantized != self.amount:
            raise MoneyError(
                f"{self.amount} has more decimal places than {self.currency} allows ({places})"
            )
        # Normalise the representation ("10" -> "10.00", "-0" -> "0.00") without changing value.
        object.__setattr__(self, "amount", quantized + Decimal(0))

    # --- construction -------------------------------------------------------------------

    @classmethod
    def of(cls, value: Decimal | int | str, currency: str) -> Money:
        """Exact construction from a Decimal, an int or a plain decimal string."""
        if isinstance(value, float):
            raise MoneyError("floats are not accepted for money; pass a str or Decimal")
        if isinstance(value, str):
            return cls.from_wire(value, currency)
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise MoneyError(f"cannot make money from {type(value).__name__}")
        return cls(Decimal(value), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def rounded(cls, value: Decimal, currency: str, rounding: str = ROUND_HALF_EVEN) -> Money:
        """Round `value` to the currency's minor units with an explicit rounding mode."""
        if not isinstance(value, Decimal):
            raise MoneyError("Money.rounded() takes a Decimal")
        if not value.is_finite():
            raise MoneyError(f"money amount must be finite, not {value}")
        try:
            return cls(value.quantize(_exponent(currency), rounding=rounding), currency)
        except InvalidOperation:
            raise MoneyError(f"{value} is too large an amount of {currency}") from None

    @classmethod
    def from_wire(cls, text: str, currency: str) -> Money:
        """Parse the wire form: `"10.00"`, `"-3.5"`, `"1000"`; no exponent, no separators.

        Cached (Money is immutable): a sync parses the same few amounts thousands of times."""
        if cls is Money and isinstance(text, str) and isinstance(currency, str):
            return _from_wire_cached(text, currency)
        return cls._from_wire(text, currency)

    @classmethod
    def _from_wire(cls, text: str, currency: str) -> Money:
        if not isinstance(text, str) or not _WIRE_PATTERN.fullmatch(text):
            raise MoneyParseError(f"{text!r} is not a decimal amount like '10.00'")
        places = minor_units(currency)
        fraction = text.partition(".")[2]
        if len(fraction) > places:
            raise MoneyParseError(
                f"{text} has {len(fraction)} decimal places; {currency} allows {places}"
            )
        return cls(Decimal(text), currency)

    @classmethod
    def parse_user(
        cls,
        text: str,
        currency: str,
        *,
        decimal_point: str = ".",
        group_separator: str = ",",
    ) -> Money:
        """Parse an amount a person typed, e.g. ``"1,250.5"``, ``"£ 10"``, ``"10 GBP"``.

        Separators come from the user's locale. Group separators must sit between groups of
        three digits. A currency code or symbol may stand before or after the number.
        Negative amounts are refused: a person never types a debit. What an input method
        types is read as typed on a plain keyboard: full-width digits and signs (NFKC), and
        the ideographic full stop as the decimal point when that is ".".
        """
        places = minor_units(currency)
        cleaned = normalize_typed(text)  # NFKC also folds no-break spaces into plain ones
        if decimal_point == ".":
            cleaned = cleaned.replace("\u3002", ".")
        if cleaned.upper().startswith(currency):
            cleaned = cleaned[len(currency) :]
        elif cleaned.upper().endswith(currency):
            cleaned = cleaned[: -len(currency)]
        cleaned = cleaned.strip().lstrip("£$€¥₩₹").rstrip("元").strip()
        if not cleaned:
            raise MoneyParseError("enter an amount")
        if cleaned.startswith("-"):
            raise MoneyParseError("the amount cannot be negative")
        whole, point, fraction = cleaned.partition(decimal_point)
        if group_separator and group_separator in whole:
            groups = whole.split(group_separator)
            if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
                raise MoneyParseError(f"{text!r}: digit grouping is not valid")
            whole = "".join(groups)
        if not whole:
            whole = "0"
        refused = refused_characters(whole + fraction, _is_ascii_digit)
        if refused or not whole.isdigit() or (point and not fraction.isdigit()):
            raise NotANumber(f"{text!r} is not a number", refused=refused)
        if len(fraction) > places:
            if places == 0:
                raise MoneyParseError(f"{currency} amounts have no decimal places")
            raise MoneyParseError(f"{currency} amounts have at most {places} decimal places")
        try:
            value = Decimal(f"{whole}.{fraction}" if fraction else whole)
        except InvalidOperation:  # pragma: no cover - guarded by the checks above
            raise NotANumber(f"{text!r} is not a number") from None
        return cls(value, currency)

    # --- output ---------------------------------------------------------------------------

    def to_wire(self) -> str:
        """The wire form with exactly the currency's minor units: ``"10.00"``, ``"500"``."""
        return f"{self.amount:f}"

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:f}"

    def display(self) -> str:
        """Plain English form for messages and logs: ``£10.00``, ``-US$5.00``, ``500 JPY``.

        Locale formatting for people is the UI's job (QLocale); this form only has to be
        unambiguous in an exception message or a log line.
        """
        sign = "-" if self.amount < 0 else ""
        digits = f"{abs(self.amount):,f}"
        symbol = INTERNATIONAL_SYMBOLS.get(self.currency)
        if symbol is None:
            return f"{sign}{digits} {self.currency}"
        return f"{sign}{symbol}{digits}"

    def __repr__(self) -> str:
        return f"Money('{self.amount:f}', '{self.currency}')"

    @property
    def minor_units(self) -> int:
        return minor_units(self.currency)

    @property
    def in_minor_units(self) -> int:
        """The amount as an integer count of minor units (pence, cents, yen)."""
        return int(self.amount.scaleb(minor_units(self.currency)))

    @staticmethod
    def of_minor_units(minor: int, currency: str) -> Money:
        """The Money for an integer count of minor units (the inverse of `in_minor_units`).

        Cached (Money is immutable): stored amounts repeat across thousands of rows."""
        return _of_minor_units_cached(minor, currency)

    # --- arithmetic -----------------------------------------------------------------------

    def _check(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(
                f"cannot combine {self.currency} with {other.currency} without an FX quote"
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._check(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._check(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def times(self, count: int) -> Money:
        """Exact multiplication by a whole number (e.g. a quantity)."""
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError("Money.times() takes an int; use Money.rounded() for ratios")
        return Money(self.amount * count, self.currency)

    def percent(self, rate: Decimal, rounding: str = ROUND_HALF_EVEN) -> Money:
        """`rate` percent of this amount, rounded once with the given mode."""
        if not isinstance(rate, Decimal):
            raise MoneyError("percentages must be Decimal")
        return Money.rounded(self.amount * rate / Decimal(100), self.currency, rounding)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._check(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._check(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._check(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._check(other).amount

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    @property
    def is_negative(self) -> bool:
        return self.amount < 0

    @property
    def is_positive(self) -> bool:
        return self.amount > 0


def sum_money(items: list[Money] | tuple[Money, ...], currency: str) -> Money:
    """Sum amounts of one currency; an empty sum is zero in `currency`."""
    total = Money.zero(currency)
    for item in items:
        total = total + item
    return total


@functools.lru_cache(maxsize=4096)
def _from_wire_cached(text: str, currency: str) -> Money:
    return Money._from_wire(text, currency)


@functools.lru_cache(maxsize=4096)
def _of_minor_units_cached(minor: int, currency: str) -> Money:
    return Money(Decimal(minor).scaleb(-minor_units(currency)), currency)
