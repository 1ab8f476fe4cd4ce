"""An order's status, payment method and money in words, in the current language.

The money words follow one rule, `lebwallet.domain.orders.charge_of`: "to pay" before
payment, "paid" once paid, "credited" once credited, and a failed, cancelled or expired
order that was never paid says nothing was charged. History, its CSV, the order's details
and the support form all take their words from here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from lebwallet.domain.money import Money
from lebwallet.domain.orders import Charge, OrderStatus
from lebwallet.ui.money_format import format_money


def order_status_text(status: OrderStatus) -> str:
    """The status of an order in words, in the current language."""
    texts = {
        OrderStatus.AWAITING_PAYMENT: QCoreApplication.translate("OrderStatus", "Awaiting payment"),
        OrderStatus.REQUIRES_ACTION: QCoreApplication.translate("OrderStatus", "Needs your action"),
        OrderStatus.PAID: QCoreApplication.translate("OrderStatus", "Paid"),
        OrderStatus.CREDITING: QCoreApplication.translate("OrderStatus", "Crediting"),
        OrderStatus.CREDITED: QCoreApplication.translate("OrderStatus", "Credited"),
        OrderStatus.FAILED: QCoreApplication.translate("OrderStatus", "Failed"),
        OrderStatus.CANCELLED: QCoreApplication.translate("OrderStatus", "Cancelled"),
        OrderStatus.EXPIRED: QCoreApplication.translate("OrderStatus", "Expired"),
    }
    return texts[status]


def payment_method_text(method: str) -> str:
    """The method's name as the wizard shows it (an unknown one as sent)."""
    # Imported on first use: the wizard's messages bring the provider's wire schemas
    # (pydantic models, ~60 ms), which the window's start does not need (issue 18).
    from lebwallet.ui.wizard_pages.messages import method_name

    return method_name(method)


def total_text(charge: Charge, total: Money) -> str:
    """The order's total as what happened to it: to pay, paid, refunded or not charged."""
    money = format_money(total)
    if charge is Charge.TO_PAY:
        return QCoreApplication.translate("OrderMoney", "%1 to pay").replace("%1", money)
    if charge in (Charge.PAID, Charge.CREDITED):
        return QCoreApplication.translate("OrderMoney", "%1 paid").replace("%1", money)
    if charge is Charge.REFUNDED:
        return QCoreApplication.translate("OrderMoney", "%1 paid, then refunded").replace(
            "%1", money
        )
    return QCoreApplication.translate("OrderMoney", "Nothing charged")


def credited_text(charge: Charge, credited: Money) -> str:
    """What reached the card: the amount once credited, else that nothing did (yet)."""
    if charge is Charge.CREDITED:
        return format_money(credited)
    if charge in (Charge.TO_PAY, Charge.PAID):
        return QCoreApplication.translate("OrderMoney", "Not credited yet")
    return QCoreApplication.translate("OrderMoney", "Nothing credited")


def charge_word(charge: Charge) -> str:
    """The state of the order's money in one word or two (the CSV's column)."""
    words = {
        Charge.TO_PAY: QCoreApplication.translate("OrderMoney", "To pay"),
        Charge.PAID: QCoreApplication.translate("OrderMoney", "Paid, not credited"),
        Charge.CREDITED: QCoreApplication.translate("OrderMoney", "Paid and credited"),
        Charge.REFUNDED: QCoreApplication.translate("OrderMoney", "Refunded"),
        Charge.NOT_CHARGED: QCoreApplication.translate("OrderMoney", "Not charged"),
    }
    return words[charge]
