"""What the recharge wizard asks of the wallet: `RechargeBackend` and its real implementation.

Qt-free (it was `ui/wizard_pages/backend.py`); the wizard runs it through its TaskRunner.

Every method of a `RechargeBackend` blocks (network, database) and is called only from a
background task (`TaskRunner`), never on the GUI thread. `ServiceRechargeBackend` implements
it over the store and `RechargeService`; each call builds its own `ProviderClient` from the
factory (one client per thread, as the services require) and closes it afterwards.

`provider.convert.options_to_domain` turns the provider's `RechargeOptions` into the
domain's, so the wizard prices with the provider's rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol, TypeVar

from lebwallet.domain.cards import Card
from lebwallet.domain.flow_values import DUPLICATE_WINDOW, RecentOrder
from lebwallet.domain.recharge import (
    Quote,
    RechargeOptions,
)
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.convert import options_to_domain
from lebwallet.services import order_details as details_service
from lebwallet.services.channels import LEB
from lebwallet.services.order_details import OrderDetails, OrderRecord
from lebwallet.services.recharge import RechargeService
from lebwallet.store import queries
from lebwallet.store.engine import Store

T = TypeVar("T")

ClientFactory = Callable[[], ProviderClient]
"""Returns a new signed-in provider client for the calling thread."""


class RechargeBackend(Protocol):
    """Blocking operations of the recharge wizard (run them through a `TaskRunner`)."""

    def cards(self) -> list[Card]:
        """Every bound card from the local store."""
        ...

    def channel_of(self, card: Card) -> str | None:
        """The channel that tops `card` up (`services.channels`), None when none does (no
        network call)."""
        ...

    def recharge_options(self, card_id: str, pay_currency: str | None) -> RechargeOptions: ...

    def detect_again(self, card_id: str) -> RechargeOptions:
        """The options again, after the channel looked the card up anew (a network channel
        detects the number's operator again)."""
        ...

    def recent_orders(self, card_id: str, now: datetime) -> list[RecentOrder]:
        """The card's orders of the duplicate window before `now`."""
        ...

    def price(self, card_id: str, quote: Quote) -> Quote:
        """`quote` as the provider prices it (see `RechargeService.price`)."""
        ...

    def submit(self, card_id: str, quote: Quote, idempotency_key: str) -> OrderRecord:
        """Journal, then create the order (see `RechargeService.submit`); `PriceChanged`
        when the provider's order is not the confirmed price (it is cancelled)."""
        ...

    def refresh(self, local_id: int) -> OrderRecord | None:
        """Ask the provider about the order, store the answer, return the stored order."""
        ...

    def cancel(self, local_id: int) -> OrderRecord: ...

    def order(self, local_id: int) -> OrderRecord | None:
        """The order as the store holds it (no network)."""
        ...

    def order_details(self, local_id: int) -> OrderDetails | None:
        """The order with its card's name and status timeline (no network)."""
        ...

    def payable_order(self, card_id: str) -> OrderRecord | None:
        """The card's newest order that can still be paid (no network)."""
        ...


class StoredOrders:
    """The store-only half of a `RechargeBackend` (cards, recent orders, an order), shared
    by every channel's backend."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def cards(self) -> list[Card]:
        with self._store.session(readonly=True) as session:
            return queries.list_cards(session)

    def recent_orders(self, card_id: str, now: datetime) -> list[RecentOrder]:
        with self._store.session(readonly=True) as session:
            records: Sequence[OrderRecord] = queries.recent_orders(
                session, card_id, now - DUPLICATE_WINDOW
            )
        return [
            RecentOrder(
                order_id=r.provider_id or str(r.local_id),
                card_id=r.card_id,
                amount=r.amount,
                created_at=r.created_at,
                status=r.status,
            )
            for r in records
        ]

    def order(self, local_id: int) -> OrderRecord | None:
        with self._store.session(readonly=True) as session:
            return queries.order_by_id(session, local_id)

    def order_details(self, local_id: int) -> OrderDetails | None:
        return details_service.order_details(self._store, local_id)

    def payable_order(self, card_id: str) -> OrderRecord | None:
        return details_service.payable_order(self._store, card_id)


class ServiceRechargeBackend(StoredOrders):
    """`RechargeBackend` over the store and `RechargeService`: the LEB provider's cards.

    `client_factory` returns a **new** `ProviderClient` (signed in) for the calling thread;
    the backend closes it when the call is done.
    """

    name = LEB

    def __init__(self, client_factory: ClientFactory, store: Store) -> None:
        super().__init__(store)
        self._client_factory = client_factory

    def _with_service(self, work: Callable[[RechargeService], T]) -> T:
        client = self._client_factory()
        try:
            return work(RechargeService(client, self._store))
        finally:
            client.close()

    def channel_of(self, card: Card) -> str | None:
        return LEB if card.is_rechargeable else None

    def recharge_options(self, card_id: str, pay_currency: str | None) -> RechargeOptions:
        return self._with_service(
            lambda service: options_to_domain(
                service.client.recharge_options(card_id, pay_currency=pay_currency)
            )
        )

    def detect_again(self, card_id: str) -> RechargeOptions:
        return self.recharge_options(card_id, None)

    def price(self, card_id: str, quote: Quote) -> Quote:
        return self._with_service(lambda service: service.price(card_id, quote))

    def submit(self, card_id: str, quote: Quote, idempotency_key: str) -> OrderRecord:
        return self._with_service(lambda service: service.submit(card_id, quote, idempotency_key))

    def refresh(self, local_id: int) -> OrderRecord | None:
        self._with_service(lambda service: service.refresh([local_id]))
        return self.order(local_id)

    def cancel(self, local_id: int) -> OrderRecord:
        return self._with_service(lambda service: service.cancel(local_id))


__all__ = ["ClientFactory", "RechargeBackend", "ServiceRechargeBackend", "Store", "StoredOrders"]
