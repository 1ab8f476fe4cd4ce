"""Builders of domain objects for the domain tests: sensible defaults, override what a test
is about."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import count

from lebwallet.domain.cards import Card, CardStatus, KeepAlivePlan
from lebwallet.domain.identifiers import ActivationCode, Iccid, Msisdn
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
)

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
ICCID_GB = "8944110068256270054"  # synthetic, Luhn-valid
MSISDN_GB = "+447400123456"


def gbp(value: str | int) -> Money:
    return Money.of(str(value), "GBP")


def usd(value: str | int) -> Money:
    return Money.of(str(value), "USD")


def plan(
    minimum: str = "10", period_days: int = 180, min_balance: str | None = None
) -> KeepAlivePlan:
    return KeepAlivePlan(gbp(minimum), period_days, gbp(min_balance) if min_balance else None)


def card(
    *,
    card_id: str = "card-1",
    last_topup: datetime | None = NOW - timedelta(days=100),
    deadline: datetime | None = None,
    status: CardStatus = CardStatus.ACTIVE,
    balance: str = "5.00",
    keep_alive: KeepAlivePlan | None = None,
    label: str | None = "UK giffgaff",
    with_msisdn: bool = True,
    with_iccid: bool = True,
    is_esim: bool = False,
    activation_code: ActivationCode | None = None,
) -> Card:
    return Card(
        id=card_id,
        label=label,
        iccid=Iccid(ICCID_GB) if with_iccid else None,
        msisdn=Msisdn(MSISDN_GB) if with_msisdn else None,
        carrier="giffgaff",
        region="GB",
        currency="GBP",
        balance=gbp(balance),
        is_esim=is_esim,
        activation_code=activation_code,
        plan=keep_alive or plan(),
        last_qualifying_topup=last_topup,
        deadline=deadline,
        status=status,
    )


def limits(
    minimum: str = "10",
    maximum: str = "200",
    step: str = "5",
    daily_cap: str = "100",
    monthly_cap: str = "300",
    presets: tuple[str, ...] = ("10", "20", "50", "100"),
) -> RechargeLimits:
    return RechargeLimits(
        minimum=gbp(minimum),
        maximum=gbp(maximum),
        step=gbp(step),
        daily_cap=gbp(daily_cap),
        monthly_cap=gbp(monthly_cap),
        presets=tuple(gbp(p) for p in presets),
    )


def usage(daily: str = "0", monthly: str = "0") -> CapUsage:
    return CapUsage(gbp(daily), gbp(monthly))


def payment(
    method: PaymentMethod = PaymentMethod.BANK_CARD,
    *,
    fee_percent: str = "0",
    fee_fixed: str = "0",
    currency: str = "GBP",
    pay_currencies: tuple[str, ...] = ("GBP", "USD"),
    available: bool = True,
) -> PaymentMethodOption:
    flow = (
        PaymentFlow.QR
        if method in (PaymentMethod.ALIPAY, PaymentMethod.WECHAT_PAY)
        else (PaymentFlow.REDIRECT)
    )
    return PaymentMethodOption(
        method=method,
        flow=flow,
        available=available,
        fee_percent=Decimal(fee_percent),
        fee_fixed=Money.of(fee_fixed, currency),
        pay_currencies=frozenset(pay_currencies),
    )


def promotion(
    promo_id: str = "promo-1",
    *,
    kind: PromotionKind = PromotionKind.BONUS,
    value: str | None = None,
    percent: str | None = None,
    valid_from: datetime = NOW - timedelta(days=1),
    valid_until: datetime | None = NOW + timedelta(days=1),
    min_amount: str | None = None,
    code_required: bool = False,
    code: str | None = None,
    title: str = "Spring bonus",
) -> Promotion:
    return Promotion(
        id=promo_id,
        title=title,
        kind=kind,
        value=gbp(value) if value is not None else None,
        percent=Decimal(percent) if percent is not None else None,
        valid_from=valid_from,
        valid_until=valid_until,
        min_amount=gbp(min_amount) if min_amount is not None else None,
        code_required=code_required,
        code=code,
    )


def fx_quote(
    rate: str = "1.2655",
    *,
    quote_id: str = "fx-1",
    expires_at: datetime = NOW + timedelta(minutes=15),
    from_currency: str = "GBP",
    to_currency: str = "USD",
) -> FxQuote:
    return FxQuote(quote_id, from_currency, to_currency, Decimal(rate), expires_at)


def options(
    *,
    card_id: str = "card-1",
    pay_currency: str = "GBP",
    fx: FxQuote | None = None,
    promotions: tuple[Promotion, ...] = (),
    methods: tuple[PaymentMethodOption, ...] | None = None,
    cap_usage: CapUsage | None = None,
    amount_limits: RechargeLimits | None = None,
) -> RechargeOptions:
    if methods is None:
        methods = (
            payment(PaymentMethod.BANK_CARD, currency=pay_currency),
            payment(PaymentMethod.PAYPAL, currency=pay_currency, fee_percent="3.4"),
        )
    return RechargeOptions(
        card_id=card_id,
        pay_currency=pay_currency,
        limits=amount_limits or limits(),
        usage=cap_usage or usage(),
        plan=plan(),
        promotions=promotions,
        payment_methods=methods,
        fx_quote=fx,
    )


def key_factory(prefix: str = "idem-key") -> tuple[list[str], Callable[[], str]]:
    """A key factory that records what it handed out."""
    issued: list[str] = []
    numbers = count(1)

    def new_key() -> str:
        key = f"{prefix}-{next(numbers):04d}"
        issued.append(key)
        return key

    return issued, new_key
