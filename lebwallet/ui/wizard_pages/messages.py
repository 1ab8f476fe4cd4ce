"""Translated texts of the recharge wizard that depend on domain values: rule errors,
payment methods, order statuses, provider errors. Every text goes through Qt's translation
(context "RechargeWizard")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from lebwallet.domain.money import MoneyParseError
from lebwallet.domain.offer_quotes import OfferCurrencyError
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import (
    AboveMaximum,
    BelowMinimum,
    DailyCapExceeded,
    FxQuoteExpired,
    FxQuoteRequired,
    MonthlyCapExceeded,
    NotOnStep,
    PaymentMethod,
    PaymentMethodOption,
    PaymentMethodUnavailable,
    PromotionExpired,
    PromotionNotApplicable,
    Quote,
    UnknownPromoCode,
    UnsupportedCurrency,
)
from lebwallet.domain.recharge_errors import NotOffered
from lebwallet.services.channels import ChannelNotAvailable
from lebwallet.services.errors import (
    AuthenticationRequired,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
    RuleViolation,
)
from lebwallet.services.reloadly_recharge import NotCancellable
from lebwallet.services.reloadly_topup import BalanceTooLow, OfferChanged
from lebwallet.ui.i18n_text import currency_name, format_percent, join_list, sentences
from lebwallet.ui.money_format import format_datetime, format_money
from lebwallet.ui.problem_text import error_text, refused_text

# Every call below is QCoreApplication.translate with literal context and text, so that
# pyside6-lupdate extracts it.


def method_name(method: PaymentMethod | str) -> str:
    value = method.value if isinstance(method, PaymentMethod) else method
    if value == PaymentMethod.BANK_CARD.value:
        return QCoreApplication.translate("RechargeWizard", "Bank card")
    if value == PaymentMethod.PAYPAL.value:
        return QCoreApplication.translate("RechargeWizard", "PayPal")
    if value == PaymentMethod.ALIPAY.value:
        return QCoreApplication.translate("RechargeWizard", "Alipay")
    if value == PaymentMethod.WECHAT_PAY.value:
        return QCoreApplication.translate("RechargeWizard", "WeChat Pay")
    if value == PaymentMethod.ACCOUNT_BALANCE.value:
        return QCoreApplication.translate("RechargeWizard", "Reloadly balance")
    return value


def method_label(option: PaymentMethodOption) -> str:
    """A payment method with its fee, or the currencies it takes when it cannot be used."""
    name = method_name(option.method)
    if not option.available:
        accepted = join_list(currency_name(code) for code in sorted(option.pay_currencies))
        return (
            QCoreApplication.translate("RechargeWizard", "%1 (pays in %2)")
            .replace("%1", name)
            .replace("%2", accepted)
        )
    fees = []
    if option.fee_percent:
        fees.append(format_percent(option.fee_percent))
    if option.fee_fixed.is_positive:
        fees.append(format_money(option.fee_fixed))
    if not fees:
        return QCoreApplication.translate("RechargeWizard", "%1 (no fee)").replace("%1", name)
    return (
        QCoreApplication.translate("RechargeWizard", "%1 (fee %2)")
        .replace("%1", name)
        .replace("%2", " + ".join(fees))
    )


def quote_summary(quote: Quote) -> str:
    """What the amount page says of a valid amount's price (the provider's comes later)."""
    if quote.promo_code_unverified:
        # Only the provider knows its codes: the price comes from it on the next page.
        summary = QCoreApplication.translate(
            "RechargeWizard", "The provider prices the promo code on the next page."
        )
    else:
        summary = (
            QCoreApplication.translate("RechargeWizard", "You pay %1; the card gets %2.")
            .replace("%1", format_money(quote.total))
            .replace("%2", format_money(quote.credited))
        )
    if quote.keeps_alive is False:
        summary = sentences(
            summary,
            QCoreApplication.translate(
                "RechargeWizard", "This amount does not reset the keep-alive deadline."
            ),
        )
    if quote.expires_at is not None:
        summary = sentences(
            summary,
            QCoreApplication.translate("RechargeWizard", "This price holds until %1.").replace(
                "%1", format_datetime(quote.expires_at)
            ),
        )
    return summary


def status_text(status: OrderStatus) -> str:
    match status:
        case OrderStatus.AWAITING_PAYMENT:
            return QCoreApplication.translate("RechargeWizard", "Waiting for your payment")
        case OrderStatus.REQUIRES_ACTION:
            return QCoreApplication.translate(
                "RechargeWizard", "Authentication needed: finish the verification in your browser"
            )
        case OrderStatus.PAID:
            return QCoreApplication.translate(
                "RechargeWizard", "Paid; the money is on its way to the card"
            )
        case OrderStatus.CREDITING:
            return QCoreApplication.translate("RechargeWizard", "Crediting the card")
        case OrderStatus.CREDITED:
            return QCoreApplication.translate("RechargeWizard", "Credited")
        case OrderStatus.FAILED:
            return QCoreApplication.translate("RechargeWizard", "Failed")
        case OrderStatus.CANCELLED:
            return QCoreApplication.translate("RechargeWizard", "Cancelled")
        case OrderStatus.EXPIRED:
            return QCoreApplication.translate("RechargeWizard", "Expired: it was not paid in time")


def rule_error_text(error: Exception) -> str:
    """The exact rule an amount, code or method breaks, for a person."""
    if isinstance(error, BelowMinimum):
        return QCoreApplication.translate("RechargeWizard", "The minimum top-up is %1.").replace(
            "%1", format_money(error.minimum)
        )
    if isinstance(error, AboveMaximum):
        return QCoreApplication.translate("RechargeWizard", "The maximum top-up is %1.").replace(
            "%1", format_money(error.maximum)
        )
    if isinstance(error, NotOnStep):
        text = QCoreApplication.translate("RechargeWizard", "Amounts go in steps of %1 from %2.")
        text = text.replace("%1", format_money(error.step)).replace(
            "%2", format_money(error.minimum)
        )
        near = [format_money(m) for m in (error.lower, error.higher) if m is not None]
        if near:
            text = sentences(
                text,
                QCoreApplication.translate("RechargeWizard", "Try %1.").replace(
                    "%1", join_list(near, last="or")
                ),
            )
        return text
    if isinstance(error, NotOffered):
        near = [format_money(m) for m in (error.lower, error.higher) if m is not None]
        return QCoreApplication.translate(
            "RechargeWizard", "The operator does not take this amount. Choose %1."
        ).replace("%1", join_list(near, last="or"))
    if isinstance(error, DailyCapExceeded):
        return (
            QCoreApplication.translate("RechargeWizard", "Only %1 left today (daily cap %2).")
            .replace("%1", format_money(error.left))
            .replace("%2", format_money(error.cap))
        )
    if isinstance(error, MonthlyCapExceeded):
        return (
            QCoreApplication.translate(
                "RechargeWizard", "Only %1 left this month (monthly cap %2)."
            )
            .replace("%1", format_money(error.left))
            .replace("%2", format_money(error.cap))
        )
    if isinstance(error, UnknownPromoCode):
        return QCoreApplication.translate("RechargeWizard", "This promo code is not known.")
    if isinstance(error, PromotionExpired):
        return QCoreApplication.translate("RechargeWizard", "This promotion is not running now.")
    if isinstance(error, PromotionNotApplicable):
        return (
            QCoreApplication.translate(
                "RechargeWizard", "This promotion does not apply to this amount."
            )
            + f" ({error})"
        )
    if isinstance(error, FxQuoteExpired):
        return QCoreApplication.translate(
            "RechargeWizard", "The exchange rate has expired; a new price is needed."
        )
    if isinstance(error, FxQuoteRequired):
        return QCoreApplication.translate(
            "RechargeWizard", "Paying in another currency needs an exchange rate; reload the price."
        )
    if isinstance(error, PaymentMethodUnavailable):
        return QCoreApplication.translate(
            "RechargeWizard", "This payment method is not available now."
        )
    if isinstance(error, UnsupportedCurrency):
        return QCoreApplication.translate(
            "RechargeWizard", "This payment method cannot take this currency."
        )
    if isinstance(error, MoneyParseError):
        if error.refused:
            return QCoreApplication.translate(
                "RechargeWizard", "An amount has only digits and a decimal point, not %1."
            ).replace("%1", refused_text(error.refused))
        return QCoreApplication.translate("RechargeWizard", "Enter an amount like 10 or 12.50.")
    return str(error)


def channel_error_text(error: Exception) -> str | None:
    """Why a top-up channel refused before anything was sent (None: not such an error)."""
    if isinstance(error, BalanceTooLow):
        return (
            QCoreApplication.translate(
                "RechargeWizard",
                "Your Reloadly balance (%1) does not cover %2. Add funds to the Reloadly "
                "account or choose a smaller amount; nothing was sent.",
            )
            .replace("%1", format_money(error.balance))
            .replace("%2", format_money(error.total))
        )
    if isinstance(error, OfferChanged):
        return (
            QCoreApplication.translate(
                "RechargeWizard",
                "The operator's price changed: it now asks %1 for %2, not the %3 you "
                "confirmed. Nothing was sent. Check the new price.",
            )
            .replace("%1", format_money(error.now.total))
            .replace("%2", format_money(error.now.credited))
            .replace("%3", format_money(error.confirmed.total))
        )
    if isinstance(error, NotCancellable):
        return QCoreApplication.translate(
            "RechargeWizard",
            "A top-up paid from the Reloadly balance cannot be cancelled; it ends by itself.",
        )
    if isinstance(error, ChannelNotAvailable):
        return QCoreApplication.translate(
            "RechargeWizard",
            "No top-up channel reaches this card. Add a Reloadly account in Settings to top "
            "up numbers of your own.",
        )
    if isinstance(error, OfferCurrencyError):
        return QCoreApplication.translate(
            "RechargeWizard",
            "The operator of this number does not top up in the card's currency, so the "
            "amount cannot be sent exactly.",
        )
    return None


def provider_error_text(error: Exception) -> str:
    """Why a provider call failed, for a person."""
    channel = channel_error_text(error)
    if channel is not None:
        return channel
    if isinstance(error, ProviderUnavailable):
        return QCoreApplication.translate(
            "RechargeWizard", "The provider cannot be reached right now."
        )
    if isinstance(error, RateLimited):
        return QCoreApplication.translate(
            "RechargeWizard", "The provider asks to slow down; try again in a moment."
        )
    if isinstance(error, AuthenticationRequired):
        return QCoreApplication.translate(
            "RechargeWizard", "Your session has ended; sign in again."
        )
    if isinstance(error, ProviderError):
        return error_text(error)  # in words: never the provider's own text
    return QCoreApplication.translate("RechargeWizard", "Something went wrong: %1").replace(
        "%1", str(error)
    )


def price_error_text(error: Exception) -> str:
    """Why the provider could not price the chosen top-up, for a person."""
    channel = channel_error_text(error)
    if channel is not None:
        return channel
    code = getattr(error.code, "value", None) if isinstance(error, RuleViolation) else None
    if code == UnknownPromoCode.code:
        return QCoreApplication.translate(
            "RechargeWizard", "The provider does not know this promo code. Go back to change it."
        )
    if isinstance(error, RuleViolation):
        return QCoreApplication.translate(
            "RechargeWizard", "The provider refused this top-up: %1"
        ).replace("%1", error.detail)
    return QCoreApplication.translate(
        "RechargeWizard", "The price could not be checked with the provider: %1"
    ).replace("%1", provider_error_text(error))
