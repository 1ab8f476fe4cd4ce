"""`LebChannel`: the LEB provider's client behind the top-up port.

The provider already does what the port asks: the `Idempotency-Key` header replays one
order per key (the client retries a lost answer with the same key), `GET /v1/orders?ids=`
reads up to 100 orders at once, `POST /v1/quotes` prices a quote, and the user pays at the
provider's hosted checkout or by QR. This adapter only converts wire ↔ domain.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Final

from lebwallet.domain.cards import Card
from lebwallet.domain.channel_orders import ChannelOrder
from lebwallet.domain.money import Money
from lebwallet.domain.recharge import Quote, RechargeOptions
from lebwallet.provider import wire
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.convert import (
    options_to_domain,
    order_to_domain,
    priced_quote_to_domain,
    quote_request,
)
from lebwallet.provider.errors import Conflict, NotFound
from lebwallet.services.channels import LEB, PaymentKind
from lebwallet.store.queries import OrderRecord

KEY_LOOKBACK: Final = timedelta(days=1)
"""How far before its journal time the provider's order for a key is looked for."""
KEY_SEARCH_LIMIT: Final = 500


def create_request(record: OrderRecord) -> wire.CreateOrderRequest:
    """The create-order request a journalled order stands for (the same for every re-send)."""
    return wire.CreateOrderRequest(
        card_id=record.card_id,
        amount=wire.WireMoney.from_domain(record.amount),
        payment_method=wire.PaymentMethodCode(record.payment_method),
        pay_currency=record.pay_currency,
        promo_code=record.promo_code,
        fx_quote_id=record.fx_quote_id,
    )


class LebChannel:
    """The LEB provider's orders through the port. One instance per thread."""

    def __init__(self, client: ProviderClient) -> None:
        self._client = client

    @property
    def client(self) -> ProviderClient:
        return self._client

    @property
    def name(self) -> str:
        return LEB

    @property
    def payment(self) -> PaymentKind:
        return PaymentKind.HOSTED

    def can_top_up(self, card: Card) -> bool:
        """Every card bound at the provider (the wallet's cards come from there)."""
        return True

    def recharge_options(self, card: Card) -> RechargeOptions:
        return options_to_domain(self._client.recharge_options(card.id))

    def price(self, card: Card, quote: Quote) -> Quote:
        priced = self._client.quote(quote_request(card.id, quote))
        return priced_quote_to_domain(quote, priced)

    def create(self, record: OrderRecord) -> ChannelOrder:
        order = self._client.create_order(
            create_request(record), idempotency_key=record.idempotency_key
        )
        return order_to_domain(order)

    def orders(self, records: Sequence[OrderRecord]) -> list[ChannelOrder]:
        ids = [r.provider_id for r in records if r.provider_id]
        if not ids:
            return []
        return [order_to_domain(o) for o in self._client.get_orders(ids)]

    def find(self, record: OrderRecord) -> ChannelOrder | None:
        since = record.created_at - KEY_LOOKBACK
        for order in self._client.orders_updated_since(since, limit=KEY_SEARCH_LIMIT):
            if order.idempotency_key == record.idempotency_key:
                return order_to_domain(order)
        return None

    def cancel(self, record: OrderRecord) -> ChannelOrder:
        assert record.provider_id is not None
        try:
            order = self._client.cancel_order(record.provider_id)
        except (Conflict, NotFound):
            order = self._client.get_order(record.provider_id)
        return order_to_domain(order)

    def account_balance(self) -> Money | None:
        return None
