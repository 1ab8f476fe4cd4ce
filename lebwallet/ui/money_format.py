"""How money, dates and day counts read on screen, in the user's QLocale.

Money is formatted from its `Decimal` digits, never through a float: the digits come from
`Money`, exact in the currency's minor units (``JPY 1500``, ``GBP 12.50``, ``KWD 1.250``), and
only the separators, the digits' script, the sign and the currency symbol's place come from
the locale (``£1,234.50``, ``-£5.00``, ``1.234,50 €``). Amounts a person types are parsed back
with `Money.parse_user` and the locale's separators.

Every function takes an optional `locale`; by default it is `QLocale()`, the default locale
that `lebwallet.ui.i18n.install_language` sets.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from decimal import Decimal
from enum import Enum
from typing import Final

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime, QTimeZone

from lebwallet.domain.money import INTERNATIONAL_SYMBOLS, Money, MoneyParseError, minor_units

_SYMBOL_MARK: Final = "\ue000"  # a private-use character that no locale pattern contains
_SPACES: Final = frozenset(" \u00a0\u202f")
_QLONGLONG_MAX: Final = 2**63 - 1


class CurrencyDisplay(Enum):
    """What stands next to the number."""

    SYMBOL = "symbol"
    """The locale's own symbol for its currency, an unambiguous symbol, or the ISO code."""
    CODE = "code"
    """The ISO 4217 code: ``GBP 10.00`` / ``10,00 EUR``."""
    NONE = "none"
    """The number alone, when the currency is shown elsewhere (a column header)."""


def _locale(locale: QLocale | None) -> QLocale:
    return QLocale() if locale is None else locale


def currency_symbol(currency: str, locale: QLocale | None = None) -> str:
    """The symbol shown for `currency` in `locale`: ``$`` for USD in en_US, ``US$`` elsewhere."""
    minor_units(currency)  # refuses anything that is not an ISO 4217 code
    loc = _locale(locale)
    if loc.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode) == currency:
        own = loc.currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
        if own:
            return own
    return INTERNATIONAL_SYMBOLS.get(currency, currency)


def _native_digits(ascii_digits: str, loc: QLocale) -> str:
    zero = ord(loc.zeroDigit())
    if zero == ord("0"):
        return ascii_digits
    return "".join(chr(zero + int(ch)) for ch in ascii_digits)


def _group_whole(whole: int, loc: QLocale) -> str:
    """The locale's digits and grouping for a non-negative whole number."""
    if whole <= _QLONGLONG_MAX:
        return loc.toString(whole)
    # Beyond qlonglong: groups of three with the locale's separator and digits.
    text = str(whole)
    groups = [text[max(0, end - 3) : end] for end in range(len(text), 0, -3)]
    separator = loc.groupSeparator()
    return separator.join(_native_digits(group, loc) for group in reversed(groups))


def format_decimal(value: Decimal, locale: QLocale | None = None) -> str:
    """`value` with exactly its own digits (``Decimal("1234.50")`` -> ``1,234.50``), no rounding."""
    if not isinstance(value, Decimal):
        raise TypeError(f"format_decimal() takes a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"cannot format {value} as an amount")
    loc = _locale(locale)
    digits = f"{abs(value):f}"
    whole_text, _, fraction = digits.partition(".")
    number = _group_whole(int(whole_text), loc)
    if fraction:
        number += loc.decimalPoint() + _native_digits(fraction, loc)
    if value < 0:
        number = loc.negativeSign() + number
    return number


def _currency_pattern(loc: QLocale, negative: bool) -> str:
    """The locale's currency pattern with `_SYMBOL_MARK` for the symbol and 7 for the number."""
    positive = loc.toCurrencyString(7, _SYMBOL_MARK)
    if not negative:
        return positive
    pattern = loc.toCurrencyString(-7, _SYMBOL_MARK)
    if "(" in pattern:
        # Accounting-style "(£7)" reads like a typo in a wallet; put the sign in front.
        return loc.negativeSign() + positive
    return pattern


def _place_symbol(pattern: str, seven: str, number: str, symbol: str) -> str:
    """Put `number` and `symbol` into a locale pattern, spacing a word-like symbol apart."""
    mark_at = pattern.index(_SYMBOL_MARK)
    number_at = pattern.index(seven)
    symbol_first = mark_at < number_at
    between = pattern[mark_at + 1 : number_at] if symbol_first else pattern[number_at + 1 : mark_at]
    if not between.strip("-\u2212\u061c"):  # nothing but a sign between symbol and number
        touching = symbol[-1] if symbol_first else symbol[0]
        if touching.isalpha():  # "USD10.00" -> "USD 10.00", as CLDR's currency spacing does
            symbol = symbol + "\u00a0" if symbol_first else "\u00a0" + symbol
    return pattern.replace(seven, number, 1).replace(_SYMBOL_MARK, symbol)


def format_money(
    money: Money,
    locale: QLocale | None = None,
    *,
    display: CurrencyDisplay = CurrencyDisplay.SYMBOL,
    always_sign: bool = False,
) -> str:
    """`money` for a person: ``£1,234.50``, ``-US$5.00``, ``JP¥1,500``, ``GBP 10.00``.

    Always shows the currency's minor units exactly. `always_sign` adds the locale's plus
    sign to positive amounts (for changes: ``+£5.00``).
    """
    if not isinstance(money, Money):
        raise TypeError(f"format_money() takes a Money, not {type(money).__name__}")
    loc = _locale(locale)
    number = format_decimal(abs(money.amount), loc)
    negative = money.amount < 0
    if display is CurrencyDisplay.NONE:
        symbol = ""
    elif display is CurrencyDisplay.CODE:
        symbol = money.currency
    else:
        symbol = currency_symbol(money.currency, loc)
    if not symbol:
        sign = loc.negativeSign() if negative else ""
        if always_sign and money.amount > 0:
            sign = loc.positiveSign()
        return sign + number
    pattern = _currency_pattern(loc, negative)
    if always_sign and money.amount > 0:
        pattern = loc.positiveSign() + pattern
    return _place_symbol(pattern, loc.toString(7), number, symbol)


def parse_money(text: str, currency: str, locale: QLocale | None = None) -> Money:
    """An amount a person typed in `locale` (``1,250.5``, ``£10``, ``10 GBP``) as `Money`.

    Raises `MoneyParseError` (a `ValueError`) whose text says what is wrong.
    """
    if not isinstance(text, str):
        raise MoneyParseError(f"enter an amount, not {type(text).__name__}")
    loc = _locale(locale)
    cleaned = text.strip()
    symbol = currency_symbol(currency, loc)
    if symbol != currency:
        if cleaned.startswith(symbol):
            cleaned = cleaned[len(symbol) :]
        elif cleaned.endswith(symbol):
            cleaned = cleaned[: -len(symbol)]
    group = loc.groupSeparator()
    if group in _SPACES:
        group = " "  # parse_user folds no-break spaces into plain ones
    return Money.parse_user(
        cleaned, currency, decimal_point=loc.decimalPoint(), group_separator=group
    )


def format_date(
    value: date,
    locale: QLocale | None = None,
    *,
    form: QLocale.FormatType = QLocale.FormatType.ShortFormat,
) -> str:
    """A calendar date in the locale's short form (``04/03/2026``, ``3/4/26``, ``2026/3/4``)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"format_date() takes a date, not {type(value).__name__}")
    return _locale(locale).toString(QDate(value.year, value.month, value.day), form)


def format_datetime(
    value: datetime,
    locale: QLocale | None = None,
    *,
    tz: tzinfo | None = None,
    form: QLocale.FormatType = QLocale.FormatType.ShortFormat,
) -> str:
    """An instant as wall-clock time in `tz` (default: this computer's zone), short form.

    Naive datetimes are refused: the wallet keeps every instant timezone-aware (UTC).
    """
    if not isinstance(value, datetime):
        raise TypeError(f"format_datetime() takes a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value.isoformat()} has no timezone; pass an aware datetime")
    local = value.astimezone(tz)
    # Built as UTC only so that no daylight-saving gap can move the wall-clock fields.
    shown = QDateTime(
        QDate(local.year, local.month, local.day),
        QTime(local.hour, local.minute, local.second),
        QTimeZone.utc(),
    )
    return _locale(locale).toString(shown, form)


def format_relative_days(days: int) -> str:
    """A day offset from today: ``today``, ``tomorrow``, ``in 12 days``, ``3 days ago``."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"format_relative_days() takes an int, not {type(days).__name__}")
    if days == 0:
        return QCoreApplication.translate("RelativeDate", "today")
    if days == 1:
        return QCoreApplication.translate("RelativeDate", "tomorrow")
    if days == -1:
        return QCoreApplication.translate("RelativeDate", "yesterday")
    if days > 0:
        return QCoreApplication.translate("RelativeDate", "in %n day(s)", None, days)
    return QCoreApplication.translate("RelativeDate", "%n day(s) ago", None, -days)


def format_relative_date(target: date, today: date) -> str:
    """`target` relative to `today` (both calendar dates): ``in 12 days``."""
    if isinstance(target, datetime) or isinstance(today, datetime):
        raise TypeError("format_relative_date() takes dates, not datetimes")
    return format_relative_days((target - today).days)
