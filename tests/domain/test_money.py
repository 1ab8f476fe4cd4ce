"""Money is exact in minor units, refuses floats, and never loses or invents a minor unit."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lebwallet.domain.money import (
    CurrencyMismatch,
    Money,
    MoneyError,
    MoneyParseError,
    UnknownCurrency,
    is_currency,
    minor_units,
    sum_money,
)

CURRENCIES = ("GBP", "USD", "JPY", "KWD", "CLF", "HKD", "CNY")


# --- construction --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "wire"),
    [
        ("10", "GBP", "10.00"),
        ("10.5", "GBP", "10.50"),
        (7, "USD", "7.00"),
        (Decimal("3.14"), "EUR", "3.14"),
        ("500", "JPY", "500"),
        ("1.25", "KWD", "1.250"),
        ("-0", "GBP", "0.00"),
        ("0.0001", "CLF", "0.0001"),
    ],
)
def test_exact_values_normalise_to_the_currency_minor_units(
    value: Decimal | int | str, currency: str, wire: str
) -> None:
    assert Money.of(value, currency).to_wire() == wire


def test_equal_amounts_written_differently_are_equal_and_hash_alike() -> None:
    a = Money(Decimal("10"), "GBP")
    b = Money(Decimal("10.00"), "GBP")
    assert a == b
    assert hash(a) == hash(b)
    assert Money.of("10", "GBP") != Money.of("10", "USD")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (10.0, "floats are not accepted"),
        (True, "cannot make money from bool"),
        (None, "cannot make money from NoneType"),
    ],
)
def test_of_refuses_floats_bools_and_other_types(value: Any, message: str) -> None:
    with pytest.raises(MoneyError, match=message):
        Money.of(value, "GBP")


def test_constructor_refuses_a_float_amount() -> None:
    with pytest.raises(MoneyError, match="must be Decimal, not float"):
        Money(10.0, "GBP")  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["gbp", "XXX", "GB", "", "POUND"])
def test_unknown_currency_codes_are_refused(code: str) -> None:
    with pytest.raises(UnknownCurrency, match="is not an ISO 4217 currency code"):
        Money.of("1", code)


def test_more_places_than_the_currency_allows_is_an_error_not_a_rounding() -> None:
    with pytest.raises(MoneyError, match=r"10.001 has more decimal places than GBP allows \(2\)"):
        Money(Decimal("10.001"), "GBP")
    with pytest.raises(MoneyError, match="JPY allows"):
        Money(Decimal("1.5"), "JPY")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_amounts_are_refused(value: str) -> None:
    with pytest.raises(MoneyError, match="must be finite"):
        Money(Decimal(value), "GBP")
    with pytest.raises(MoneyError, match="must be finite"):
        Money.rounded(Decimal(value), "GBP")


def test_an_amount_too_large_for_exact_representation_is_refused_with_a_message() -> None:
    with pytest.raises(MoneyError, match="too large an amount of GBP"):
        Money(Decimal("1e40"), "GBP")
    with pytest.raises(MoneyError, match="too large an amount of GBP"):
        Money.from_wire("1" * 39, "GBP")


# --- wire form -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e3", "is not a decimal amount"),
        ("01", "is not a decimal amount"),
        ("1,000", "is not a decimal amount"),
        (" 1", "is not a decimal amount"),
        ("+1", "is not a decimal amount"),
        ("", "is not a decimal amount"),
        ("1.", "is not a decimal amount"),
        ("10.001", "10.001 has 3 decimal places; GBP allows 2"),
    ],
)
def test_from_wire_refuses_anything_but_plain_decimals(text: str, message: str) -> None:
    with pytest.raises(MoneyParseError, match=message):
        Money.from_wire(text, "GBP")


def test_from_wire_respects_zero_decimal_currencies() -> None:
    assert Money.from_wire("500", "JPY").in_minor_units == 500
    with pytest.raises(MoneyParseError, match="JPY allows 0"):
        Money.from_wire("500.0", "JPY")


# --- what people type ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("10", {}, "10.00"),
        ("1,250.5", {}, "1250.50"),
        ("£ 10", {}, "10.00"),
        ("10 GBP", {}, "10.00"),
        ("gbp 12.30", {}, "12.30"),
        (".5", {}, "0.50"),
        ("1.250,75", {"decimal_point": ",", "group_separator": "."}, "1250.75"),
        ("1\u202f250,75", {"decimal_point": ",", "group_separator": " "}, "1250.75"),
    ],
)
def test_parse_user_reads_locale_input(text: str, kwargs: dict[str, str], expected: str) -> None:
    assert Money.parse_user(text, "GBP", **kwargs).to_wire() == expected


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("", "GBP", "enter an amount"),
        ("£", "GBP", "enter an amount"),
        ("-5", "GBP", "cannot be negative"),
        ("-£5", "GBP", "cannot be negative"),
        ("abc", "GBP", "is not a number"),
        ("1,2345", "GBP", "digit grouping is not valid"),
        ("12,34", "GBP", "digit grouping is not valid"),
        ("5.", "GBP", "is not a number"),
        ("١٠", "GBP", "is not a number"),
        ("10.005", "GBP", "GBP amounts have at most 2 decimal places"),
        ("10.5", "JPY", "JPY amounts have no decimal places"),
    ],
)
def test_parse_user_explains_what_is_wrong(text: str, currency: str, message: str) -> None:
    with pytest.raises(MoneyParseError, match=message):
        Money.parse_user(text, currency)


# --- arithmetic ---------------------------------------------------------------------------------


def test_arithmetic_within_one_currency() -> None:
    a, b = Money.of("10.50", "GBP"), Money.of("0.75", "GBP")
    assert a + b == Money.of("11.25", "GBP")
    assert a - b == Money.of("9.75", "GBP")
    assert -b == Money.of("-0.75", "GBP")
    assert abs(-b) == b
    assert b.times(3) == Money.of("2.25", "GBP")
    assert b < a
    assert a > b
    assert a >= a
    assert b <= b
    assert (b - a).is_negative
    assert a.is_positive
    assert Money.zero("GBP").is_zero


def test_mixing_currencies_is_refused_with_both_codes_named() -> None:
    gbp, usd = Money.of("1", "GBP"), Money.of("1", "USD")
    with pytest.raises(CurrencyMismatch, match="cannot combine GBP with USD without an FX quote"):
        gbp + usd
    with pytest.raises(CurrencyMismatch):
        assert gbp < usd
    with pytest.raises(TypeError, match="cannot combine Money with int"):
        gbp + 1  # type: ignore[operator]


@pytest.mark.parametrize("count", [1.5, True, Decimal(2)])
def test_times_takes_only_a_whole_number(count: Any) -> None:
    with pytest.raises(TypeError, match="takes an int"):
        Money.of("1", "GBP").times(count)


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        ("12.345", ROUND_HALF_EVEN, "12.34"),
        ("12.355", ROUND_HALF_EVEN, "12.36"),
        ("12.345", ROUND_HALF_UP, "12.35"),
        ("12.349", ROUND_DOWN, "12.34"),
    ],
)
def test_rounded_uses_the_given_mode_once(value: str, mode: str, expected: str) -> None:
    assert Money.rounded(Decimal(value), "GBP", mode) == Money.of(expected, "GBP")


def test_rounded_and_percent_take_decimals_only() -> None:
    with pytest.raises(MoneyError, match="takes a Decimal"):
        Money.rounded(1.5, "GBP")  # type: ignore[arg-type]
    with pytest.raises(MoneyError, match="percentages must be Decimal"):
        Money.of("10", "GBP").percent(2.5)  # type: ignore[arg-type]
    assert Money.of("10.10", "GBP").percent(Decimal("2.5")) == Money.of("0.25", "GBP")


def test_minor_units_and_currency_table() -> None:
    assert (minor_units("GBP"), minor_units("JPY"), minor_units("KWD")) == (2, 0, 3)
    assert is_currency("HKD")
    assert not is_currency("ABC")
    with pytest.raises(UnknownCurrency):
        minor_units("ABC")
    assert Money.of("12.34", "GBP").in_minor_units == 1234
    assert Money.of("12.34", "GBP").minor_units == 2


def test_sum_money() -> None:
    assert sum_money([], "GBP") == Money.zero("GBP")
    assert sum_money([Money.of("1.10", "GBP"), Money.of("2.20", "GBP")], "GBP") == Money.of(
        "3.30", "GBP"
    )
    with pytest.raises(CurrencyMismatch):
        sum_money([Money.of("1", "USD")], "GBP")


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money.of("1234.5", "GBP"), "£1,234.50"),
        (Money.of("-5", "USD"), "-US$5.00"),
        (Money.of("500", "JPY"), "JP¥500"),
        (Money.of("1.25", "KWD"), "1.250 KWD"),
    ],
)
def test_display_is_plain_and_unambiguous(money: Money, text: str) -> None:
    assert money.display() == text
    assert str(Money.of("10", "GBP")) == "GBP 10.00"
    assert repr(Money.of("10", "GBP")) == "Money('10.00', 'GBP')"


# --- properties ---------------------------------------------------------------------------------

minor_counts = st.integers(min_value=-(10**15), max_value=10**15)


def _from_minor(count: int, currency: str) -> Money:
    return Money(Decimal(count).scaleb(-minor_units(currency)), currency)


@settings(max_examples=200)
@given(count=minor_counts, currency=st.sampled_from(CURRENCIES))
def test_wire_round_trip_keeps_every_minor_unit(count: int, currency: str) -> None:
    money = _from_minor(count, currency)
    assert money.in_minor_units == count
    again = Money.from_wire(money.to_wire(), currency)
    assert again == money
    assert again.to_wire() == money.to_wire()


@settings(max_examples=100)
@given(count=st.integers(min_value=0, max_value=10**12), currency=st.sampled_from(CURRENCIES))
def test_typed_amounts_round_trip(count: int, currency: str) -> None:
    money = _from_minor(count, currency)
    assert Money.parse_user(money.to_wire(), currency) == money
    assert Money.parse_user(f"{money.amount:,f}", currency) == money


@settings(max_examples=100)
@given(counts=st.lists(minor_counts, max_size=30), currency=st.sampled_from(CURRENCIES))
def test_sums_neither_lose_nor_invent_a_minor_unit(counts: list[int], currency: str) -> None:
    items = [_from_minor(c, currency) for c in counts]
    total = sum_money(items, currency)
    assert total.in_minor_units == sum(counts)
    if items:
        assert total - items[0] == sum_money(items[1:], currency)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("１０", "10.00"),
        ("１２．５", "12.50"),
        ("１２。５０", "12.50"),
        ("\u3000１０\u3000", "10.00"),
        ("￡１０", "10.00"),
        ("１，０００", "1000.00"),
    ],
)
def test_amounts_typed_with_a_chinese_input_method_are_read_as_typed(
    typed: str, value: str
) -> None:
    """The issue: full-width digits from a Chinese IME ("１０") were refused as an amount."""
    assert Money.parse_user(typed, "GBP") == Money.of(value, "GBP")


@pytest.mark.parametrize(("typed", "refused"), [("10块", "块"), ("1x0y", "xy"), ("٣", "٣")])
def test_an_amount_error_names_the_characters_it_refused(typed: str, refused: str) -> None:
    with pytest.raises(MoneyParseError) as caught:
        Money.parse_user(typed, "GBP")
    assert caught.value.refused == refused
