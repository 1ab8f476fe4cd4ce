"""money_format: exact digits from Money, separators and symbol placement from QLocale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale

from lebwallet.domain.money import Money, MoneyParseError, UnknownCurrency
from lebwallet.ui.money_format import (
    CurrencyDisplay,
    currency_symbol,
    format_date,
    format_datetime,
    format_decimal,
    format_money,
    format_relative_date,
    format_relative_days,
    parse_money,
)

NBSP = "\u00a0"
US = QLocale("en_US")
GB = QLocale("en_GB")
CN = QLocale("zh_CN")
DE = QLocale("de_DE")


@pytest.fixture(autouse=True)
def _default_locale() -> Iterator[None]:
    saved = QLocale()
    yield
    QLocale.setDefault(saved)


def money(amount: str, currency: str) -> Money:
    return Money.of(amount, currency)


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (money("1234.50", "GBP"), GB, "£1,234.50"),
        (money("1234.50", "GBP"), US, "£1,234.50"),
        (money("-5", "USD"), US, "-$5.00"),
        (money("-5", "USD"), GB, "-US$5.00"),
        (money("1500", "JPY"), GB, "JP¥1,500"),
        (money("10", "CNY"), CN, "¥10.00"),
        (money("10", "CNY"), GB, "CN¥10.00"),
        (money("1.25", "KWD"), GB, f"KWD{NBSP}1.250"),
        (money("1234.5", "EUR"), DE, f"1.234,50{NBSP}€"),
        (money("0", "HKD"), GB, "HK$0.00"),
    ],
)
def test_format_money_in_locales(value: Money, locale: QLocale, expected: str) -> None:
    assert format_money(value, locale) == expected


def test_display_code_none_and_sign() -> None:
    ten = money("10", "GBP")
    assert format_money(ten, GB, display=CurrencyDisplay.CODE) == f"GBP{NBSP}10.00"
    assert format_money(ten, GB, display=CurrencyDisplay.NONE) == "10.00"
    assert format_money(ten, GB, always_sign=True) == "+£10.00"
    assert format_money(money("-10", "GBP"), GB, always_sign=True) == "-£10.00"
    assert format_money(money("-10", "GBP"), GB, display=CurrencyDisplay.NONE) == "-10.00"


def test_default_locale_is_used() -> None:
    QLocale.setDefault(DE)
    assert format_money(money("1234.5", "EUR")) == f"1.234,50{NBSP}€"
    QLocale.setDefault(GB)
    assert format_money(money("1234.5", "EUR")) == "€1,234.50"


def test_format_decimal_keeps_every_digit() -> None:
    assert format_decimal(Decimal("1234.50"), US) == "1,234.50"
    assert format_decimal(Decimal("-0.001"), US) == "-0.001"
    big = Decimal("123456789012345678901234.5")
    assert format_decimal(big, US) == "123,456,789,012,345,678,901,234.5"
    assert format_decimal(big, DE) == "123.456.789.012.345.678.901.234,5"


def test_non_decimal_and_non_money_are_refused() -> None:
    with pytest.raises(TypeError):
        format_decimal(1.5, US)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot format"):
        format_decimal(Decimal("NaN"), US)
    with pytest.raises(TypeError):
        format_money(Decimal("1"), US)  # type: ignore[arg-type]
    with pytest.raises(UnknownCurrency):
        currency_symbol("XYZ", US)


def test_currency_symbol_prefers_the_locales_own() -> None:
    assert currency_symbol("USD", US) == "$"
    assert currency_symbol("USD", GB) == "US$"
    assert currency_symbol("CNY", CN) == "¥"
    assert currency_symbol("CHF", GB) == "CHF"


@pytest.mark.parametrize(
    ("text", "currency", "locale", "expected"),
    [
        ("1,250.5", "GBP", GB, "1250.50"),
        ("£10", "GBP", GB, "10.00"),
        ("1.234,50 €", "EUR", DE, "1234.50"),
        ("1500", "JPY", GB, "1500"),
    ],
)
def test_parse_money(text: str, currency: str, locale: QLocale, expected: str) -> None:
    assert parse_money(text, currency, locale) == Money.of(expected, currency)


@pytest.mark.parametrize("value", ["1.5", "10", "0.05", "1234567.89"])
@pytest.mark.parametrize("locale", [US, GB, CN, DE], ids=lambda loc: loc.name())
def test_parse_reads_what_format_writes(value: str, locale: QLocale) -> None:
    amount = money(value, "EUR")
    for display in (CurrencyDisplay.SYMBOL, CurrencyDisplay.NONE):
        assert parse_money(format_money(amount, locale, display=display), "EUR", locale) == amount


def test_parse_refuses_bad_input() -> None:
    with pytest.raises(MoneyParseError):
        parse_money("ten pounds", "GBP", GB)
    with pytest.raises(MoneyParseError):
        parse_money("1.234", "GBP", GB)  # more places than GBP has
    with pytest.raises(MoneyParseError):
        parse_money(None, "GBP", GB)  # type: ignore[arg-type]


def test_dates_follow_the_locale() -> None:
    day = date(2026, 3, 4)
    assert format_date(day, GB) == "04/03/2026"
    assert format_date(day, CN) == "2026/3/4"
    with pytest.raises(TypeError):
        format_date(datetime(2026, 3, 4, tzinfo=UTC), GB)


def test_datetimes_are_shown_in_the_given_zone() -> None:
    instant = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)
    assert format_datetime(instant, GB, tz=UTC) == "04/03/2026 23:30"
    plus_eight = timezone(timedelta(hours=8))
    assert format_datetime(instant, GB, tz=plus_eight) == "05/03/2026 07:30"
    with pytest.raises(ValueError, match="no timezone"):
        format_datetime(datetime(2026, 3, 4), GB)


def test_relative_days_without_translator_use_the_source_text() -> None:
    assert format_relative_days(0) == "today"
    assert format_relative_days(1) == "tomorrow"
    assert format_relative_days(-1) == "yesterday"
    assert format_relative_days(12) == "in 12 day(s)"
    assert format_relative_days(-3) == "3 day(s) ago"
    assert format_relative_date(date(2026, 1, 13), date(2026, 1, 1)) == "in 12 day(s)"
    with pytest.raises(TypeError):
        format_relative_days(True)


def test_parse_refuses_negative_amounts() -> None:
    with pytest.raises(MoneyParseError, match="negative"):
        parse_money("-2.25", "GBP", GB)
