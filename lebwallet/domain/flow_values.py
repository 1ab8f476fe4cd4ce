"""The recharge flow's vocabulary (`lebwallet.domain.flow`): its steps and their order, its
errors, the notices it leaves, the order details an idempotency key belongs to, and the
duplicate rule (the same card and amount within `DUPLICATE_WINDOW`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from lebwallet.domain.money import Money
from lebwallet.domain.orders import FINAL_STATUSES, OrderStatus
from lebwallet.domain.recharge import PaymentMethod, Quote

DUPLICATE_WINDOW: Final = timedelta(minutes=10)
IDEMPOTENCY_KEY_PATTERN: Final = re.compile(r"[!-~]{8,255}")
_NOT_CHARGED: Final = FINAL_STATUSES - {OrderStatus.CREDITED}
"""Final without a charge: failed, cancelled, expired."""


class Step(StrEnum):
    CARD = "card"
    AMOUNT = "amount"
    CONFIRM = "confirm"
    PAY = "pay"
    RESULT = "result"


NAVIGATION: Final[Mapping[Step, Step | None]] = MappingProxyType(
    {
        Step.CARD: Step.AMOUNT,
        Step.AMOUNT: Step.CONFIRM,
        Step.CONFIRM: Step.PAY,
        Step.PAY: Step.RESULT,
        Step.RESULT: None,
    }
)
"""The next step of each step (None: the last one)."""


class FlowError(ValueError):
    """The flow cannot do that now; nothing was changed."""


class StepNotReady(FlowError):
    """The current step is not complete (no card, no valid quote, no order yet …)."""


class WrongStep(FlowError):
    """The action belongs to another step."""


class CannotGoBack(FlowError):
    """There is no way back from here (first step, or an order exists)."""


class FlowClosed(FlowError):
    """The flow was cancelled or closed."""


class CancelOutcome(StrEnum):
    DISCARDED = "discarded"
    """Nothing was ordered; nothing is left behind."""
    ORDER_CONTINUES = "order_continues"
    """An order exists or may exist; it goes on and the refresher follows it."""


class NoticeKind(StrEnum):
    QUOTE_EXPIRED = "quote_expired"
    ORDER_REJECTED = "order_rejected"
    PRICE_CHANGED = "price_changed"
    """The provider's order differed from the confirmed price; it was cancelled."""


@dataclass(frozen=True, slots=True)
class FlowNotice:
    """Why the flow moved the user somewhere they did not ask to go."""

    kind: NoticeKind
    message: str


@dataclass(frozen=True, slots=True)
class OrderDetails:
    """What the create-order request says; an idempotency key belongs to exactly one of these."""

    card_id: str
    amount: Money
    payment_method: PaymentMethod
    pay_currency: str
    promo_code: str | None
    fx_quote_id: str | None

    @classmethod
    def of(cls, card_id: str, quote: Quote) -> OrderDetails:
        return cls(
            card_id=card_id,
            amount=quote.amount,
            payment_method=quote.payment_method,
            pay_currency=quote.pay_currency,
            promo_code=quote.promo_code,
            fx_quote_id=quote.fx_quote_id,
        )


def details_changed(previous: OrderDetails | None, current: OrderDetails) -> bool:
    """True when `current` cannot reuse the idempotency key issued for `previous`."""
    return previous != current


@dataclass(frozen=True, slots=True)
class RecentOrder:
    """An order already made, as the duplicate check needs it."""

    order_id: str
    card_id: str
    amount: Money
    created_at: datetime
    status: OrderStatus


def find_duplicate(
    card_id: str,
    amount: Money,
    recent_orders: Iterable[RecentOrder],
    now: datetime,
    window: timedelta = DUPLICATE_WINDOW,
) -> RecentOrder | None:
    """The newest order for the same card and amount made within `window` before `now`
    that may have taken money, or None."""
    matches = [
        order
        for order in recent_orders
        if order.card_id == card_id
        and order.amount == amount
        and order.status not in _NOT_CHARGED
        and now - window <= order.created_at <= now
    ]
    return max(matches, key=lambda order: order.created_at, default=None)
