"""The recharge wizard over every channel: each card goes to the channel that tops it up.

    backend = RoutedRechargeBackend(store, [leb_backend, reloadly_backend])
    backend.cards()              # every card of the store
    backend.channel_of(card)     # "leb" for a provider's card, "reloadly" for an own number
    backend.recharge_options(card_id, None)   # asked of that card's channel
    backend.refresh(local_id)    # asked of the order's channel

A channel's backend is a `RechargeBackend` with a `name` (`services.channels`); the first
one that reaches a card wins. Blocking, like every `RechargeBackend`: a TaskRunner's work.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from lebwallet.domain.cards import Card
from lebwallet.domain.recharge import Quote, RechargeOptions
from lebwallet.services.channels import ChannelNotAvailable
from lebwallet.services.order_details import OrderRecord
from lebwallet.services.recharge_backend import RechargeBackend, StoredOrders
from lebwallet.store import queries
from lebwallet.store.engine import Store


class ChannelBackend(RechargeBackend, Protocol):
    @property
    def name(self) -> str: ...


class RoutedRechargeBackend(StoredOrders):
    """`RechargeBackend` that sends each card and order to its channel's backend."""

    def __init__(self, store: Store, channels: Sequence[ChannelBackend]) -> None:
        super().__init__(store)
        self._channels = tuple(channels)

    def channel_of(self, card: Card) -> str | None:
        return next(
            (name for c in self._channels if (name := c.channel_of(card)) is not None), None
        )

    def _for_card(self, card_id: str) -> ChannelBackend:
        with self._store.session(readonly=True) as session:
            card = queries.card(session, card_id)
        for channel in self._channels:
            if card is not None and channel.channel_of(card) is not None:
                return channel
        raise ChannelNotAvailable(f"no channel tops up card {card_id}")

    def _for_order(self, local_id: int) -> ChannelBackend:
        record = self.order(local_id)
        name = record.channel if record is not None else None
        found = next((c for c in self._channels if c.name == name), None)
        if found is None:
            raise ChannelNotAvailable(f"no channel follows order {local_id}")
        return found

    def recharge_options(self, card_id: str, pay_currency: str | None) -> RechargeOptions:
        return self._for_card(card_id).recharge_options(card_id, pay_currency)

    def detect_again(self, card_id: str) -> RechargeOptions:
        return self._for_card(card_id).detect_again(card_id)

    def price(self, card_id: str, quote: Quote) -> Quote:
        return self._for_card(card_id).price(card_id, quote)

    def submit(self, card_id: str, quote: Quote, idempotency_key: str) -> OrderRecord:
        return self._for_card(card_id).submit(card_id, quote, idempotency_key)

    def refresh(self, local_id: int) -> OrderRecord | None:
        return self._for_order(local_id).refresh(local_id)

    def cancel(self, local_id: int) -> OrderRecord:
        return self._for_order(local_id).cancel(local_id)


__all__ = ["ChannelBackend", "RoutedRechargeBackend"]
