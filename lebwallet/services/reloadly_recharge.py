"""The recharge wizard's backend for the Reloadly channel: a card of the user's own with a
phone number, topped up from the Reloadly account balance.

The operator's offer becomes the wizard's `RechargeOptions` (`domain.offer_quotes.
offer_options`: FIXED amounts are the only valid ones, a RANGE is a grid, no caps, one way
to pay); the confirm page shows the operator's price (`ReloadlyTopUps.price`) and a balance
that does not cover it stops there (`BalanceTooLow`); "Top up" prices once more and sends
nothing when the price moved (`OfferChanged`). The journal and the exactly-once rules are
`RechargeService`'s, through `ReloadlyTopUps`. Blocking: a TaskRunner's work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from lebwallet.clock import utc_now
from lebwallet.domain.cards import Card
from lebwallet.domain.offer_quotes import offer_options
from lebwallet.domain.recharge import Quote, RechargeOptions
from lebwallet.services.channels import RELOADLY
from lebwallet.services.order_details import OrderRecord
from lebwallet.services.recharge_backend import StoredOrders
from lebwallet.services.reloadly_topup import BalanceTooLow, ReloadlyOffer, ReloadlyTopUps
from lebwallet.store.engine import Store


class NotCancellable(Exception):
    """A top-up paid from a channel's balance is not cancelled once sent: it ends by
    itself (credited, failed, or refunded)."""


class ReloadlyRechargeBackend(StoredOrders):
    """`RechargeBackend` over `ReloadlyTopUps` (see the module docstring)."""

    name = RELOADLY

    def __init__(
        self, topups: ReloadlyTopUps, store: Store, *, now: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(store)
        self._topups = topups
        self._now = now

    def channel_of(self, card: Card) -> str | None:
        return RELOADLY if self._topups.reaches(card) else None

    def recharge_options(self, card_id: str, pay_currency: str | None) -> RechargeOptions:
        """The operator's offer (`pay_currency` is the account's: there is no other)."""
        return self._options(self._topups.offer(card_id))

    def detect_again(self, card_id: str) -> RechargeOptions:
        """The card's operator detected anew (the number may have moved networks)."""
        return self._options(self._topups.offer(card_id, detect_again=True))

    def _options(self, offered: ReloadlyOffer) -> RechargeOptions:
        return offer_options(
            offered.card, offered.offer, offered.balance, channel=RELOADLY, now=self._now()
        )

    def price(self, card_id: str, quote: Quote) -> Quote:
        """The operator's price of `quote.amount`, paid from the balance; `BalanceTooLow`
        when the balance does not cover it."""
        priced = self._topups.price(card_id, quote.amount)
        if not priced.covered:
            raise BalanceTooLow(priced.balance, priced.quote.total)
        return replace(
            priced.quote,
            fx_quote_id=quote.fx_quote_id,
            keeps_alive=quote.keeps_alive,
            provider_priced=True,
        )

    def submit(self, card_id: str, quote: Quote, idempotency_key: str) -> OrderRecord:
        return self._topups.submit(card_id, quote.amount, idempotency_key, confirmed=quote)

    def refresh(self, local_id: int) -> OrderRecord | None:
        return self._topups.follow(local_id)

    def cancel(self, local_id: int) -> OrderRecord:
        raise NotCancellable(f"order {local_id} is paid from the Reloadly balance")


__all__ = ["NotCancellable", "ReloadlyRechargeBackend"]
