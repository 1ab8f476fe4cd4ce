"""Recharge rules and the quote: every limit, every message, and totals that add up exactly."""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lebwallet.domain.money import CurrencyMismatch as MoneyCurrencyMismatch
from lebwallet.domain.money import Money, MoneyError, minor_units
from lebwallet.domain.recharge import (
    AboveMaximum,
    BelowMinimum,
    CapUsage,
    CurrencyMismatch,
    DailyCapExceeded,
    FxQuote,
    FxQuoteExpired,
    FxQuoteRequired,
    MonthlyCapExceeded,
    NotOnStep,
    PaymentFlow,
    PaymentMethod,
    PaymentMethodOption,
    PaymentMethodUnavailable,
    Promotion,
    PromotionExpired,
    PromotionKind,
    PromotionNotApplicable,
    Quote,
    RechargeLimits,
    RechargeOptions,
    RechargeRuleError,
    UnknownPromoCode,
    UnsupportedCurrency,
    build_quote,
    check_amount,
    choose_promotion,
    minimum_qualifying_amount,
    normalise_promo_code,
    percent_of,
)
from tests.domain.builders import (
    NOW,
    fx_quote,
    gbp,
    limits,
    options,
    payment,
    plan,
    promotion,
    usage,
    usd,
)

# --- amounts, limits, caps ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "used_today", "used_month", "error", "message", "code"),
    [
        ("5", "0", "0", BelowMinimum, "^the minimum is £10.00$", "amount_below_minimum"),
        ("0", "0", "0", BelowMinimum, "^the minimum is £10.00$", "amount_below_minimum"),
        ("-10", "0", "0", BelowMinimum, "^the minimum is £10.00$", "amount_below_minimum"),
        ("205", "0", "0", AboveMaximum, "^the maximum is £200.00$", "amount_above_maximum"),
        (
            "17.50",
            "0",
            "0",
            NotOnStep,
            "^amounts go in steps of £5.00 from £10.00; try £15.00 or £20.00$",
            "amount_not_on_step",
        ),
        (
            "70",
            "60",
            "60",
            DailyCapExceeded,
            r"^£40.00 left today \(daily cap £100.00\)$",
            "daily_cap_exceeded",
        ),
        (
            "10",
            "100",
            "100",
            DailyCapExceeded,
            r"^£0.00 left today \(daily cap £100.00\)$",
            "daily_cap_exceeded",
        ),
        (
            "50",
            "0",
            "270",
            MonthlyCapExceeded,
            r"^£30.00 left this month \(monthly cap £300.00\)$",
            "monthly_cap_exceeded",
        ),
    ],
)
def test_each_amount_rule_names_its_limit(
    amount: str,
    used_today: str,
    used_month: str,
    error: type[RechargeRuleError],
    message: str,
    code: str,
) -> None:
    with pytest.raises(error, match=message) as caught:
        check_amount(gbp(amount), limits(), usage(used_today, used_month))
    assert caught.value.code == code
    assert isinstance(caught.value, RechargeRuleError)


def test_errors_carry_the_limits_for_the_ui() -> None:
    with pytest.raises(NotOnStep) as step:
        check_amount(gbp("12.34"), limits(), usage())
    assert (step.value.step, step.value.lower, step.value.higher) == (gbp(5), gbp(10), gbp(15))
    with pytest.raises(DailyCapExceeded) as daily:
        check_amount(gbp(50), limits(), usage("60"))
    assert (daily.value.cap, daily.value.left) == (gbp(100), gbp(40))
    with pytest.raises(BelowMinimum) as low:
        check_amount(gbp(5), limits(), usage())
    assert low.value.minimum == gbp(10)
    with pytest.raises(AboveMaximum) as high:
        check_amount(gbp(500), limits(), usage())
    assert high.value.maximum == gbp(200)


@pytest.mark.parametrize("amount", ["10", "15", "100"])
def test_valid_amounts_pass(amount: str) -> None:
    check_amount(gbp(amount), limits(), usage("0", "0"))


def test_rules_are_checked_in_order_minimum_before_caps() -> None:
    with pytest.raises(BelowMinimum):
        check_amount(gbp(5), limits(), usage("100", "300"))
    with pytest.raises(NotOnStep):
        check_amount(gbp("11"), limits(), usage("100", "300"))


def test_amount_in_another_currency_is_a_currency_mismatch() -> None:
    with pytest.raises(CurrencyMismatch, match="the amount is in USD, expected GBP") as caught:
        check_amount(usd(10), limits(), usage())
    assert isinstance(caught.value, MoneyCurrencyMismatch)
    assert caught.value.code == "validation_error"


def test_grid_helpers() -> None:
    lim = limits(minimum="10", maximum="203", step="5")
    assert lim.is_valid_amount(gbp(200))
    assert not lim.is_valid_amount(gbp(203))
    assert lim.nearest_valid(gbp(5)) == (None, gbp(10))
    assert lim.nearest_valid(gbp(300)) == (gbp(200), None)
    assert lim.nearest_valid(gbp("12.5")) == (gbp(10), gbp(15))
    assert lim.nearest_valid(gbp(15)) == (gbp(15), gbp(15))
    assert lim.largest_on_grid(gbp(203)) == gbp(200)
    assert lim.smallest_on_grid(gbp(11)) == gbp(15)
    assert lim.smallest_on_grid(gbp(201)) is None
    with pytest.raises(NotOnStep, match=r"try £200\.00$"):
        check_amount(gbp(202), lim, usage())


def test_caps_left_presets_and_largest_allowed() -> None:
    lim = limits()
    used = usage("65", "280")
    assert lim.left_today(used) == gbp(35)
    assert lim.left_this_month(used) == gbp(20)
    assert lim.largest_allowed(used) == gbp(20)
    assert lim.available_presets(used) == (gbp(10), gbp(20))
    assert lim.largest_allowed(usage("95")) is None
    assert lim.available_presets(usage("95")) == ()
    assert lim.left_today(usage("150")) == gbp(0)  # over-used never goes negative


def test_usage_from_what_the_provider_says_is_left() -> None:
    lim = limits(daily_cap="100", monthly_cap="300")
    used = CapUsage.from_left(lim, daily_left=gbp(40), monthly_left=gbp(250))
    assert used == CapUsage(gbp(60), gbp(50))
    assert lim.left_today(used) == gbp(40)
    assert CapUsage.from_left(lim, gbp(500), gbp(500)) == CapUsage.none("GBP")
    with pytest.raises(CurrencyMismatch):
        CapUsage.from_left(lim, usd(1), gbp(1))
    with pytest.raises(MoneyError, match="cannot be negative"):
        CapUsage(gbp(-1), gbp(0))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minimum": "0"}, "minimum top-up must be above zero"),
        ({"minimum": "50", "maximum": "20"}, "maximum £20.00 is below the minimum £50.00"),
        ({"step": "0"}, "step must be above zero"),
        ({"daily_cap": "-1"}, "cap cannot be negative"),
        ({"presets": ("12",)}, "preset £12.00 is not a valid amount"),
        ({"presets": ("500",)}, "preset £500.00 is not a valid amount"),
    ],
)
def test_inconsistent_limits_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(MoneyError, match=message):
        limits(**kwargs)


def test_limits_in_mixed_currencies_are_refused() -> None:
    with pytest.raises(CurrencyMismatch, match="maximum is in USD, expected GBP"):
        RechargeLimits(gbp(10), usd(100), gbp(5), gbp(100), gbp(300))


@pytest.mark.parametrize(
    ("plan_minimum", "expected"),
    [("0", "10"), ("10", "10"), ("12", "15"), ("200", "200"), ("201", None)],
)
def test_minimum_qualifying_amount_is_the_smallest_valid_amount_that_keeps_the_number(
    plan_minimum: str, expected: str | None
) -> None:
    found = minimum_qualifying_amount(limits(), plan(plan_minimum))
    assert found == (gbp(expected) if expected is not None else None)


# --- promotions ---------------------------------------------------------------------------------


def test_fixed_and_percent_benefits() -> None:
    assert promotion(value="2").benefit(gbp(20)) == gbp(2)
    # 7.5 % of £15.00 = £1.125 -> £1.12 (half-even).
    assert promotion(percent="7.5").benefit(gbp(15)) == gbp("1.12")
    # 7.5 % of £15.10 = £1.1325 -> £1.13.
    assert promotion(percent="7.5").benefit(gbp("15.10")) == gbp("1.13")
    # A discount is never more than the amount.
    assert promotion(kind=PromotionKind.DISCOUNT, value="50").benefit(gbp(10)) == gbp(10)
    assert promotion(kind=PromotionKind.DISCOUNT, percent="100").benefit(gbp(10)) == gbp(10)


def test_validity_window_is_inclusive_start_exclusive_end() -> None:
    promo = promotion(value="1", valid_from=NOW, valid_until=NOW + timedelta(hours=1))
    assert promo.is_active(NOW)
    assert not promo.is_active(NOW - timedelta(microseconds=1))
    assert not promo.is_active(NOW + timedelta(hours=1))
    with pytest.raises(PromotionExpired, match="'Spring bonus' ended on 2024-05-01 13:00 UTC"):
        promo.check_applies(gbp(10), NOW + timedelta(hours=1))
    with pytest.raises(PromotionExpired, match="starts on 2024-05-01 12:00 UTC") as caught:
        promo.check_applies(gbp(10), NOW - timedelta(seconds=1))
    assert caught.value.code == "promotion_not_applicable"


def test_minimum_amount_of_a_promotion() -> None:
    promo = promotion(value="5", min_amount="50")
    with pytest.raises(PromotionNotApplicable, match=r"needs a top-up of at least £50\.00"):
        promo.check_applies(gbp(20), NOW)
    promo.check_applies(gbp(50), NOW)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one of a value and a percent"),
        ({"value": "1", "percent": "5"}, "exactly one of a value and a percent"),
        ({"value": "0"}, "value must be above zero"),
        ({"percent": "0"}, "percent must be above zero"),
        ({"percent": "-1"}, "between 0 and"),
        ({"percent": "1000"}, "between 0 and 999.9999"),
        ({"percent": "101", "kind": PromotionKind.DISCOUNT}, "between 0 and 100"),
        ({"value": "1", "valid_until": NOW - timedelta(days=2)}, "ends before it starts"),
        ({"value": "1", "code": "SPRING"}, "has a code but does not require one"),
        ({"value": "1", "promo_id": "a b"}, "a promotion id is"),
        ({"value": "1", "title": " "}, "has no title"),
    ],
)
def test_invalid_promotions_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        promotion(**kwargs)


def test_promo_codes_compare_without_case_and_space() -> None:
    promo = promotion(value="5", code_required=True, code=" spring10 ")
    assert promo.code == "SPRING10"
    assert promo.matches_code("Spring10")
    assert normalise_promo_code("  abc-1 ") == "ABC-1"


def test_promo_codes_typed_with_a_chinese_input_method_are_read_as_typed() -> None:
    assert normalise_promo_code("ＫＥＥＰＡＬＩＶＥ５") == "KEEPALIVE5"
    assert normalise_promo_code("\u3000keepalive５\u3000") == "KEEPALIVE5"


@pytest.mark.parametrize(
    ("code", "message"),
    [("", "the promo code is empty"), ("A B", "no spaces"), ("X" * 65, "at most 64 characters")],
)
def test_malformed_promo_codes_are_refused(code: str, message: str) -> None:
    with pytest.raises(UnknownPromoCode, match=message):
        normalise_promo_code(code)


def test_choose_the_best_automatic_promotion() -> None:
    small = promotion("a-small", value="1")
    big = promotion("b-big", percent="10")  # £5 on £50
    coded = promotion("c-coded", value="20", code_required=True, code="BIG")
    ended = promotion("d-ended", value="30", valid_until=NOW)
    assert choose_promotion([small, big, coded, ended], gbp(50), NOW).promotion == big
    assert choose_promotion([small, big], gbp(10), NOW).promotion == small  # £1 vs £1: id
    assert choose_promotion([coded, ended], gbp(50), NOW).promotion is None


def test_an_entered_code_wins_and_its_errors_are_specific() -> None:
    big = promotion("auto", value="10")
    coded = promotion("coded", value="2", code_required=True, code="SMALL", min_amount="20")
    choice = choose_promotion([big, coded], gbp(20), NOW, promo_code="small")
    assert (choice.promotion, choice.promo_code, choice.unverified_code) == (coded, "SMALL", False)
    with pytest.raises(PromotionNotApplicable, match=r"at least £20\.00"):
        choose_promotion([big, coded], gbp(10), NOW, promo_code="SMALL")
    with pytest.raises(UnknownPromoCode, match="no promotion has the code 'NOPE'") as caught:
        choose_promotion([big, coded], gbp(20), NOW, promo_code="nope")
    assert caught.value.code == "unknown_promo_code"


def test_on_the_wallet_a_code_it_cannot_check_is_left_to_the_provider() -> None:
    hidden = promotion("hidden", value="5", code_required=True, code=None)
    choice = choose_promotion([hidden], gbp(20), NOW, promo_code="secret")
    assert choice.promotion is None
    assert choice.promo_code == "SECRET"
    assert choice.unverified_code


# --- FX and payment methods ---------------------------------------------------------------------


def test_fx_conversion_rounds_half_even_once() -> None:
    fx = fx_quote("1.2345")
    assert fx.convert(gbp(10)) == usd("12.34")  # 12.345 -> 12.34 (half-even, not 12.35)
    assert fx.convert(gbp("10.02")) == usd("12.37")  # 12.36969 -> 12.37
    assert fx_quote("151.237", to_currency="JPY").convert(gbp(10)) == Money.of("1512", "JPY")
    with pytest.raises(CurrencyMismatch):
        fx.convert(usd(1))


def test_fx_quote_expiry_is_exclusive() -> None:
    fx = fx_quote(expires_at=NOW)
    assert fx.is_expired(NOW)
    assert not fx.is_expired(NOW - timedelta(microseconds=1))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"rate": "0"}, MoneyError, "must be above zero, not 0"),
        ({"rate": "-1.2"}, MoneyError, "must be above zero"),
        ({"to_currency": "GBP"}, ValueError, "between two currencies"),
        ({"to_currency": "XYZ"}, UnsupportedCurrency, "'XYZ' is not an ISO 4217"),
        ({"quote_id": "fx 1"}, ValueError, "an FX quote id is"),
    ],
)
def test_invalid_fx_quotes_are_refused(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        fx_quote(**kwargs)


def test_fx_rate_must_be_decimal_and_time_aware() -> None:
    with pytest.raises(MoneyError, match="must be a Decimal, not float"):
        FxQuote("fx-1", "GBP", "USD", 1.2, NOW)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timezone-aware"):
        FxQuote("fx-1", "GBP", "USD", Decimal("1.2"), NOW.replace(tzinfo=None))


def test_payment_method_fee_and_usability() -> None:
    card_fee = payment(fee_percent="2.9", fee_fixed="0.30", currency="USD")
    # 2.9 % of $22.78 = $0.66062 -> $0.66, plus $0.30.
    assert card_fee.fee_for(usd("22.78")) == usd("0.96")
    card_fee.check_usable("USD")
    with pytest.raises(UnsupportedCurrency, match="bank_card cannot take HKD; it takes GBP, USD"):
        card_fee.check_usable("HKD")
    off = payment(PaymentMethod.ALIPAY, available=False)
    assert off.flow is PaymentFlow.QR
    with pytest.raises(PaymentMethodUnavailable, match="alipay is not available now") as caught:
        off.check_usable("GBP")
    assert caught.value.code == "payment_method_unavailable"
    with pytest.raises(CurrencyMismatch, match="fixed fee is in GBP, expected USD"):
        payment(fee_fixed="0.20", currency="GBP").check_usable("USD")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fee_percent": "-1"}, "between 0 and"),
        ({"fee_fixed": "-0.01"}, "fixed fee cannot be negative"),
    ],
)
def test_invalid_payment_methods_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(MoneyError, match=message):
        payment(**kwargs)


# --- the quote ----------------------------------------------------------------------------------


def test_worked_example_with_discount_fx_and_fee() -> None:
    quote = build_quote(
        gbp(20),
        limits=limits(),
        usage=usage(),
        payment=payment(fee_percent="2.9", fee_fixed="0.30", currency="USD"),
        pay_currency="USD",
        now=NOW,
        promotions=[promotion(kind=PromotionKind.DISCOUNT, percent="10")],
        fx_quote=fx_quote("1.2655"),
        plan=plan("10"),
    )
    assert quote.amount == gbp(20)
    assert quote.discount == gbp(2)
    assert quote.bonus == gbp(0)
    assert quote.subtotal == gbp(18)
    assert quote.converted_subtotal == usd("22.78")  # 22.779
    assert quote.fee == usd("0.96")
    assert quote.total == usd("23.74")
    assert quote.credited == gbp(20)
    assert quote.fx_rate == Decimal("1.2655")
    assert quote.fx_quote_id == "fx-1"
    assert quote.promotion_id == "promo-1"
    assert quote.pay_currency == "USD"
    assert quote.currency == "GBP"
    assert quote.keeps_alive is True
    assert quote.expires_at == NOW + timedelta(minutes=15)  # the FX quote ends first
    assert quote.breakdown.total == quote.total
    assert quote.breakdown.credited == gbp(20)


def test_same_currency_bonus_quote() -> None:
    quote = options(promotions=(promotion(percent="7.5"),)).quote(
        gbp(15), PaymentMethod.PAYPAL, now=NOW
    )
    assert quote.bonus == gbp("1.12")
    assert quote.credited == gbp("16.12")
    assert quote.fx_rate is None
    assert quote.converted_subtotal == gbp(15)
    assert quote.fee == gbp("0.51")  # 3.4 % of 15.00
    assert quote.total == gbp("15.51")
    assert quote.expires_at == NOW + timedelta(days=1)  # the promotion ends
    assert quote.keeps_alive is True
    assert not quote.is_expired(NOW)
    assert quote.is_expired(NOW + timedelta(days=1))


def test_a_full_discount_leaves_only_the_fee() -> None:
    quote = build_quote(
        gbp(10),
        limits=limits(),
        usage=usage(),
        payment=payment(fee_fixed="0.30"),
        pay_currency="GBP",
        now=NOW,
        promotions=[promotion(kind=PromotionKind.DISCOUNT, value="50")],
    )
    assert (quote.discount, quote.subtotal, quote.total) == (gbp(10), gbp(0), gbp("0.30"))
    assert quote.keeps_alive is None
    assert quote.expires_at == NOW + timedelta(days=1)


def test_quote_rule_order_and_fx_errors() -> None:
    base: dict[str, Any] = {
        "limits": limits(),
        "usage": usage(),
        "payment": payment(currency="USD"),
        "now": NOW,
    }
    with pytest.raises(BelowMinimum):
        build_quote(gbp(1), pay_currency="USD", **base)  # amount first
    with pytest.raises(FxQuoteRequired, match="paying GBP in USD needs an exchange-rate quote"):
        build_quote(gbp(10), pay_currency="USD", **base)
    with pytest.raises(CurrencyMismatch, match="converts GBP to JPY, not GBP to USD"):
        build_quote(gbp(10), pay_currency="USD", fx_quote=fx_quote(to_currency="JPY"), **base)
    with pytest.raises(FxQuoteExpired, match="quoted until 2024-05-01 12:00:00 UTC") as caught:
        build_quote(gbp(10), pay_currency="USD", fx_quote=fx_quote(expires_at=NOW), **base)
    assert caught.value.code == "fx_quote_expired"
    assert caught.value.quote_id == "fx-1"
    with pytest.raises(UnsupportedCurrency, match="'XYZ' is not"):
        build_quote(gbp(10), pay_currency="XYZ", **base)
    same = {**base, "payment": payment()}
    with pytest.raises(CurrencyMismatch, match="needs no exchange-rate quote"):
        build_quote(gbp(10), pay_currency="GBP", fx_quote=fx_quote(), **same)
    with pytest.raises(UnknownPromoCode):
        build_quote(gbp(10), pay_currency="GBP", promo_code="X1", **same)
    with pytest.raises(ValueError, match="timezone-aware"):
        build_quote(gbp(10), pay_currency="GBP", **{**same, "now": NOW.replace(tzinfo=None)})


def test_a_quote_whose_parts_do_not_add_up_cannot_exist() -> None:
    quote = options().quote(gbp(10), PaymentMethod.BANK_CARD, now=NOW)
    fields = {name: getattr(quote, name) for name in Quote.__dataclass_fields__}
    with pytest.raises(MoneyError, match="do not add up"):
        Quote(**{**fields, "total": gbp("10.01")})
    with pytest.raises(MoneyError, match="do not add up"):
        Quote(**{**fields, "credited": gbp("10.01")})


def test_recharge_options() -> None:
    opts = options(cap_usage=usage("65", "0"))
    assert opts.currency == "GBP"
    assert opts.daily_left == gbp(35)
    assert opts.monthly_left == gbp(300)
    assert opts.presets == (gbp(10), gbp(20))
    assert opts.minimum_qualifying_amount == gbp(10)
    with pytest.raises(DailyCapExceeded):
        opts.check_amount(gbp(50))
    with pytest.raises(PaymentMethodUnavailable, match="wechat_pay is not offered"):
        opts.quote(gbp(10), PaymentMethod.WECHAT_PAY, now=NOW)
    usd_opts = options(pay_currency="USD", fx=fx_quote("1.25"))
    assert usd_opts.quote(gbp(10), PaymentMethod.BANK_CARD, now=NOW).total == usd("12.50")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"pay_currency": "USD"}, FxQuoteRequired, "needs an exchange-rate quote from GBP to USD"),
        ({"fx": fx_quote()}, CurrencyMismatch, "needs no exchange-rate quote"),
        (
            {"pay_currency": "USD", "fx": fx_quote(to_currency="HKD")},
            FxQuoteRequired,
            "from GBP to USD",
        ),
        ({"card_id": "a/b"}, ValueError, "a card id is"),
        ({"methods": (payment(), payment())}, ValueError, "listed twice"),
        ({"cap_usage": CapUsage.none("USD")}, CurrencyMismatch, "cap usage is in USD"),
    ],
)
def test_inconsistent_options_are_refused(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        options(**kwargs)


def test_recharge_options_refuse_a_plan_in_another_currency() -> None:
    base = options()
    with pytest.raises(CurrencyMismatch, match="keep-alive plan"):
        RechargeOptions(
            card_id="card-1",
            pay_currency="GBP",
            limits=base.limits,
            usage=base.usage,
            plan=plan().__class__(usd(10), 30),
            promotions=(),
            payment_methods=base.payment_methods,
            fx_quote=None,
        )


def test_percent_of_is_exact_before_its_one_rounding() -> None:
    # 0.005 exactly is a tie: half-even keeps 0.00; a float or early rounding would not.
    assert percent_of(gbp("0.50"), Decimal("1")) == gbp("0.00")
    assert percent_of(gbp("1.50"), Decimal("1")) == gbp("0.02")
    huge = Money(Decimal("1234567890123456789012.34"), "GBP")
    assert percent_of(huge, Decimal("999.9999")) == gbp("12345677666666677766666.61")


def test_fx_conversion_never_rounds_before_its_one_rounding() -> None:
    # 0.01 × 0.5000…0001 is just above the tie 0.005, so it rounds up to 0.01. Rounding the
    # product to 28 digits first (Decimal's default context) would make it a tie -> 0.00.
    rate = "0." + "5" + "0" * 29 + "1"
    assert fx_quote(rate).convert(gbp("0.01")) == usd("0.01")


# --- properties ---------------------------------------------------------------------------------


def _half_even(value: Fraction, places: int) -> Decimal:
    scaled = value * 10**places
    floor = math.floor(scaled)
    rest = scaled - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2 == 1):
        floor += 1
    return Decimal(floor).scaleb(-places)


WIDE = RechargeLimits(
    minimum=gbp("0.01"),
    maximum=gbp("1000000"),
    step=gbp("0.01"),
    daily_cap=gbp("1000000"),
    monthly_cap=gbp("1000000"),
)


PricedTopUp = tuple[Money, PaymentMethodOption, FxQuote | None, list[Promotion]]


@st.composite
def priced_topups(draw: st.DrawFn) -> PricedTopUp:
    amount = Money(Decimal(draw(st.integers(1, 10**8))).scaleb(-2), "GBP")
    pay = draw(st.sampled_from(["GBP", "USD", "JPY", "KWD"]))
    fixed = Money(Decimal(draw(st.integers(0, 10**4))).scaleb(-minor_units(pay)), pay)
    method = PaymentMethodOption(
        PaymentMethod.BANK_CARD,
        PaymentFlow.REDIRECT,
        True,
        draw(st.decimals(min_value=0, max_value=20, places=4)),
        fixed,
        frozenset({pay}),
    )
    fx = None
    if pay != "GBP":
        rate = draw(st.decimals(min_value=Decimal("0.000001"), max_value=1000, places=6))
        fx = FxQuote("fx-1", "GBP", pay, rate, NOW + timedelta(minutes=5))
    promos: list[Promotion] = []
    if draw(st.booleans()):
        kind = draw(st.sampled_from(list(PromotionKind)))
        if draw(st.booleans()):
            promos.append(
                Promotion("p", "Promo", kind, None,
                          draw(st.decimals(min_value=Decimal("0.0001"), max_value=100, places=4)),
                          NOW - timedelta(days=1))
            )  # fmt: skip
        else:
            value = Money(Decimal(draw(st.integers(1, 10**9))).scaleb(-2), "GBP")
            promos.append(Promotion("p", "Promo", kind, value, None, NOW - timedelta(days=1)))
    return amount, method, fx, promos


@settings(max_examples=200)
@given(case=priced_topups())
def test_quote_totals_add_up_exactly_and_each_part_is_rounded_once(case: PricedTopUp) -> None:
    amount, method, fx, promos = case
    pay = method.fee_fixed.currency
    quote = build_quote(
        amount,
        limits=WIDE,
        usage=CapUsage.none("GBP"),
        payment=method,
        pay_currency=pay,
        now=NOW,
        promotions=promos,
        fx_quote=fx,
    )
    places = minor_units(pay)
    assert quote.total.currency == quote.fee.currency == pay
    assert quote.total == quote.converted_subtotal + quote.fee
    assert quote.credited == quote.amount + quote.bonus
    assert quote.subtotal == quote.amount - quote.discount
    assert Money.zero("GBP") <= quote.discount <= quote.amount
    assert quote.discount.is_zero or quote.bonus.is_zero
    rate = Fraction(fx.rate) if fx else Fraction(1)
    converted = _half_even(Fraction(quote.subtotal.amount) * rate, places)
    assert quote.converted_subtotal.amount == converted
    fee = _half_even(Fraction(converted) * Fraction(method.fee_percent) / 100, places)
    assert quote.fee.amount == fee + method.fee_fixed.amount
    assert not quote.total.is_negative
