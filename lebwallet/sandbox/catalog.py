"""What the sandbox provider offers: recharge rules per card currency, promotions, FX rates and
payment methods. Static data expressed in the domain's types (`lebwallet.domain.recharge`), so
prices are computed by the domain's one implementation.

| card currency | minimum | maximum | step | daily cap | monthly cap | presets            |
|---------------|---------|---------|------|-----------|-------------|--------------------|
| GBP           | 5       | 100     | 5    | 150       | 400         | 10, 20, 30, 50     |
| USD           | 5       | 100     | 5    | 200       | 500         | 10, 25, 50         |
| HKD           | 50      | 1000    | 10   | 1500      | 4000        | 50, 100, 200, 500  |

Pay currencies: the card's own, CNY and USD (FX quotes live `fx_quote_ttl`, 10 minutes).
Promotions: +10 % bonus on GBP top-ups of £20 or more; HK$20 bonus on HKD top-ups of HK$200
or more; promo code `KEEPALIVE5`: 5 % off any top-up.
Payment methods: bank_card (no fee), paypal (3.4 % + a fixed fee; not in CNY), alipay and
wechat_pay (QR; CNY only; wechat_pay 0.6 %).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Final

from lebwallet.domain.cards import KeepAlivePlan
from lebwallet.domain.money import Money
from lebwallet.domain.recharge import (
    CapUsage,
    FxQuote,
    PaymentFlow,
    PaymentMethod,
    PaymentMethodOption,
    Promotion,
    PromotionKind,
    RechargeLimits,
    RechargeOptions,
    UnsupportedCurrency,
)


def _m(value: str, currency: str) -> Money:
    return Money.of(value, currency)


def _limits(
    currency: str,
    minimum: str,
    maximum: str,
    step: str,
    daily: str,
    monthly: str,
    presets: tuple[str, ...],
) -> RechargeLimits:
    return RechargeLimits(
        minimum=_m(minimum, currency),
        maximum=_m(maximum, currency),
        step=_m(step, currency),
        daily_cap=_m(daily, currency),
        monthly_cap=_m(monthly, currency),
        presets=tuple(_m(p, currency) for p in presets),
    )


LIMITS: Final[dict[str, RechargeLimits]] = {
    "GBP": _limits("GBP", "5", "100", "5", "150", "400", ("10", "20", "30", "50")),
    "USD": _limits("USD", "5", "100", "5", "200", "500", ("10", "25", "50")),
    "HKD": _limits("HKD", "50", "1000", "10", "1500", "4000", ("50", "100", "200", "500")),
}
"""Recharge rules by card currency; a card in another currency cannot be recharged."""

EXTRA_PAY_CURRENCIES: Final = ("CNY", "USD")

FX_RATES: Final[dict[tuple[str, str], Decimal]] = {
    ("GBP", "CNY"): Decimal("9.1250"),
    ("GBP", "USD"): Decimal("1.2650"),
    ("USD", "CNY"): Decimal("7.2300"),
    ("HKD", "CNY"): Decimal("0.9260"),
    ("HKD", "USD"): Decimal("0.1280"),
}
"""One unit of the card currency costs this much of the pay currency."""

_PROMOTIONS_START: Final = datetime(2024, 1, 1, tzinfo=UTC)
PROMO_CODE: Final = "KEEPALIVE5"

PROMOTIONS: Final[tuple[Promotion, ...]] = (
    Promotion(
        id="promo_uk_bonus10",
        title="Sandbox bonus: +10% credit on top-ups of £20 or more",
        kind=PromotionKind.BONUS,
        value=None,
        percent=Decimal(10),
        valid_from=_PROMOTIONS_START,
        min_amount=_m("20", "GBP"),
    ),
    Promotion(
        id="promo_hk_bonus20",
        title="Sandbox bonus: HK$20 extra on top-ups of HK$200 or more",
        kind=PromotionKind.BONUS,
        value=_m("20", "HKD"),
        percent=None,
        valid_from=_PROMOTIONS_START,
        min_amount=_m("200", "HKD"),
    ),
    Promotion(
        id="promo_keepalive5",
        title="KEEPALIVE5: 5% off any top-up",
        kind=PromotionKind.DISCOUNT,
        value=None,
        percent=Decimal(5),
        valid_from=_PROMOTIONS_START,
        code_required=True,
        code=PROMO_CODE,
    ),
)


def promotions_for(currency: str) -> tuple[Promotion, ...]:
    """The promotions a card in `currency` can get (percentage ones apply to every currency)."""
    return tuple(p for p in PROMOTIONS if p.currency in (None, currency))


_FIXED_FEES: Final[dict[PaymentMethod, dict[str, str]]] = {
    PaymentMethod.PAYPAL: {"GBP": "0.20", "USD": "0.30", "HKD": "2.35"},
}
_METHODS: Final[tuple[tuple[PaymentMethod, PaymentFlow, Decimal, frozenset[str] | None], ...]] = (
    (PaymentMethod.BANK_CARD, PaymentFlow.REDIRECT, Decimal(0), None),
    (PaymentMethod.PAYPAL, PaymentFlow.REDIRECT, Decimal("3.4"), frozenset({"GBP", "USD", "HKD"})),
    (PaymentMethod.ALIPAY, PaymentFlow.QR, Decimal(0), frozenset({"CNY"})),
    (PaymentMethod.WECHAT_PAY, PaymentFlow.QR, Decimal("0.6"), frozenset({"CNY"})),
)
"""Method, flow, fee percent, pay currencies (None: every pay currency of the card)."""


def flow_of(method: PaymentMethod) -> PaymentFlow:
    for candidate, flow, _fee, _currencies in _METHODS:
        if candidate is method:
            return flow
    raise ValueError(f"unknown payment method {method!r}")  # pragma: no cover


def pay_currencies_for(card_currency: str) -> tuple[str, ...]:
    """The currencies a card in `card_currency` can be paid in, its own first."""
    return (card_currency, *(c for c in EXTRA_PAY_CURRENCIES if c != card_currency))


def payment_methods_for(card_currency: str, pay_currency: str) -> tuple[PaymentMethodOption, ...]:
    """Every payment method with its fee in `pay_currency`; unusable ones `available=False`."""
    card_pays = frozenset(pay_currencies_for(card_currency))
    options = []
    for method, flow, fee_percent, currencies in _METHODS:
        accepted = card_pays if currencies is None else currencies & card_pays
        fixed = _FIXED_FEES.get(method, {}).get(pay_currency, "0")
        options.append(
            PaymentMethodOption(
                method=method,
                flow=flow,
                available=pay_currency in accepted,
                fee_percent=fee_percent,
                fee_fixed=Money.of(fixed, pay_currency),
                pay_currencies=accepted,
            )
        )
    return tuple(options)


def fx_rate(from_currency: str, to_currency: str) -> Decimal:
    try:
        return FX_RATES[(from_currency, to_currency)]
    except KeyError:
        raise UnsupportedCurrency(
            f"cannot pay for a {from_currency} top-up in {to_currency}"
        ) from None


def check_pay_currency(card_currency: str, pay_currency: str) -> None:
    """Raise `UnsupportedCurrency` unless a card in `card_currency` can be paid in it."""
    if pay_currency not in pay_currencies_for(card_currency):
        accepted = ", ".join(pay_currencies_for(card_currency))
        raise UnsupportedCurrency(
            f"a {card_currency} top-up can be paid in {accepted}, not in {pay_currency}"
        )


def recharge_options(
    card_id: str,
    plan: KeepAlivePlan,
    pay_currency: str,
    usage: CapUsage,
    fx_quote: FxQuote | None,
) -> RechargeOptions:
    """The domain's `RechargeOptions` for a card (its currency is the plan's)."""
    currency = plan.currency
    limits = LIMITS.get(currency)
    if limits is None:
        raise UnsupportedCurrency(f"the sandbox does not recharge cards in {currency}")
    check_pay_currency(currency, pay_currency)
    return RechargeOptions(
        card_id=card_id,
        pay_currency=pay_currency,
        limits=limits,
        usage=usage,
        plan=plan,
        promotions=promotions_for(currency),
        payment_methods=payment_methods_for(currency, pay_currency),
        fx_quote=fx_quote,
    )
