"""An order as a top-up channel reports it, without the channel's wire types.

The journal (`store.writes`) takes a channel's view of an order as a `ChannelOrder`:
the LEB provider's `Order` and a Reloadly transaction both become one
(`lebwallet.channels.*`), so the journal rules — a final status never downgraded, a
contradiction flagged — are written once for every channel.

`amount`, `discount`, `bonus`, `credited` are in the card's currency; `fee` and `total` in
the pay currency. `provider_id` is the channel's id of the order (a Reloadly transaction id
as text).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.orders import OrderStatus


@dataclass(frozen=True, slots=True)
class ChannelOrder:
    provider_id: str
    card_id: str
    idempotency_key: str
    status: OrderStatus
    payment_method: str
    payment_flow: str
    amount: Money
    discount: Money
    bonus: Money
    credited: Money
    fee: Money
    total: Money
    fx_rate: Decimal | None
    created_at: datetime
    updated_at: datetime
    expires_at: datetime | None = None
    paid_at: datetime | None = None
    credited_at: datetime | None = None
    promotion_id: str | None = None
    promo_code: str | None = None
    checkout_url: str | None = None
    qr_payload: str | None = None
    next_action_url: str | None = None
    failure_code: str | None = None
    failure_reason: str | None = None
    refunded: bool = False
    """A failed order whose money was returned after it had been taken."""

    def __post_init__(self) -> None:
        card_currency = self.amount.currency
        for part in (self.discount, self.bonus, self.credited):
            if part.currency != card_currency:
                raise MoneyError(f"{part.display()} is not in the card's {card_currency}")
        if self.fee.currency != self.total.currency:
            raise MoneyError(f"the fee {self.fee.display()} is not in {self.total.currency}")
        if self.refunded and self.status is not OrderStatus.FAILED:
            raise ValueError("only a failed order can be refunded")

    @property
    def pay_currency(self) -> str:
        return self.total.currency

    @property
    def fx_rate_text(self) -> str | None:
        """The rate as the journal stores it."""
        return None if self.fx_rate is None else f"{self.fx_rate:f}"
