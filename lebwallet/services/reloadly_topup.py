"""Top up a card with a phone number through the Reloadly account, for the window.

    topups = ReloadlyTopUps(settings, credentials, store_source)
    offer = topups.offer(card_id)                 # operator (detected once per card), amounts,
                                                  # FX, promotions, the account balance
    offer = topups.offer(card_id, detect_again=True)
    priced = topups.price(card_id, amount)        # the quote paid from the balance
    record = topups.submit(card_id, amount, key)  # re-priced, balance checked, journalled
    record = topups.follow(record.local_id)       # the order asked once more

The same steps as `lebwallet topup` (the channel of `channel_accounts.reloadly_channel`, the
journal and exactly-once rules of `RechargeService`); a credited order moves the card's
deadline (`RechargeService` settles it). One channel (one client, its token cached) for the
life of the object; calls are serialised. Blocking: never on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import ExitStack, suppress
from dataclasses import dataclass

from lebwallet.channels.reloadly.channel import ReloadlyChannel
from lebwallet.channels.reloadly.errors import InsufficientBalance
from lebwallet.domain.cards import Card
from lebwallet.domain.money import Money
from lebwallet.domain.offer_quotes import OfferQuote, card_amounts
from lebwallet.domain.recharge import Quote
from lebwallet.domain.topup_offers import Denominations, OperatorOffer
from lebwallet.services.channel_accounts import reloadly_channel
from lebwallet.services.channels import RELOADLY, ChannelNotAvailable
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.errors import ProviderUnavailable
from lebwallet.services.order_details import OrderRecord
from lebwallet.services.recharge import RechargeService
from lebwallet.services.settings import Settings
from lebwallet.store import queries
from lebwallet.store.engine import Store


class OfferChanged(Exception):
    """The operator's price is not the one the user confirmed any more; nothing was sent."""

    def __init__(self, confirmed: Quote, now: Quote) -> None:
        super().__init__(
            f"the operator now asks {now.total.display()} for {now.credited.display()}, not "
            f"the confirmed {confirmed.total.display()} for {confirmed.credited.display()}"
        )
        self.confirmed = confirmed
        self.now = now


class BalanceTooLow(Exception):
    """The Reloadly account balance does not cover the top-up; nothing was sent."""

    def __init__(self, balance: Money, total: Money) -> None:
        super().__init__(
            f"the Reloadly balance {balance.display()} does not cover {total.display()}"
        )
        self.balance = balance
        self.total = total


@dataclass(frozen=True, slots=True)
class ReloadlyOffer:
    card: Card
    offer: OperatorOffer
    amounts: Denominations
    """What the card can be topped up with, in its own currency (FIXED or RANGE)."""
    balance: Money
    """The Reloadly account's balance now."""


@dataclass(frozen=True, slots=True)
class ReloadlyPrice:
    quote: Quote
    """Paid from the balance: `quote.total` in `quote.pay_currency`, at `quote.fx_rate`."""
    balance: Money

    @property
    def covered(self) -> bool:
        return self.balance.currency == self.quote.total.currency and not (
            self.balance < self.quote.total
        )


class ReloadlyTopUps:
    """The window's Reloadly top-ups (see the module docstring)."""

    def __init__(
        self,
        settings: Settings,
        credentials: CredentialStore,
        store_source: Callable[[], Store],
        **client_options: object,
    ) -> None:
        if settings.reloadly is None:
            raise ChannelNotAvailable("no Reloadly account is added")
        self._settings = settings
        self._credentials = credentials
        self._store_source = store_source
        self._client_options = client_options
        self._lock = threading.RLock()
        self._exit = ExitStack()
        self._channel: ReloadlyChannel | None = None

    def _open(self) -> ReloadlyChannel:
        if self._channel is None:
            self._channel = self._exit.enter_context(
                reloadly_channel(self._settings, self._credentials, **self._client_options)
            )
        return self._channel

    def _card(self, card_id: str) -> Card:
        with self._store_source().session(readonly=True) as session:
            found = queries.card(session, card_id)
        if found is None or found.msisdn is None:
            raise ChannelNotAvailable(f"card {card_id} has no phone number")
        return found

    def reaches(self, card: Card) -> bool:
        """Whether the channel can top `card` up (a card of the user's own with a number;
        no network call)."""
        return card.is_own_number

    def offer(self, card_id: str, *, detect_again: bool = False) -> ReloadlyOffer:
        with self._lock:
            channel, card = self._open(), self._card(card_id)
            if detect_again:
                channel.forget_operator(card_id)
            offer = channel.recharge_options(card)
            amounts = card_amounts(offer, card.currency)
            return ReloadlyOffer(card, offer, amounts, channel.account_balance())

    def _priced(self, card_id: str, amount: Money) -> tuple[Card, OfferQuote]:
        channel, card = self._open(), self._card(card_id)
        return card, channel.quote(card, amount)

    def price(self, card_id: str, amount: Money) -> ReloadlyPrice:
        """`amount` (the card's currency) priced; `AmountNotOffered` when the operator does
        not take it."""
        with self._lock:
            _card, priced = self._priced(card_id, amount)
            return ReloadlyPrice(priced.quote, self._open().account_balance())

    def submit(
        self,
        card_id: str,
        amount: Money,
        idempotency_key: str,
        *,
        confirmed: Quote | None = None,
    ) -> OrderRecord:
        """Price again (`OfferChanged` when it is not the `confirmed` price: nothing sent),
        check the balance (`BalanceTooLow`: nothing sent), journal and send with
        `idempotency_key` as Reloadly's customIdentifier. A lost answer is not an error: the
        journalled order is returned and `follow` finds it by its key.

        A key already journalled is never priced or checked again (the first request may
        have been debited, so the balance no longer says anything): the order is sent again
        with its key if Reloadly never confirmed it, looked up otherwise."""
        with self._lock:
            channel = self._open()
            service = RechargeService(None, self._store_source(), channels=[channel])
            journalled = service.order_by_key(idempotency_key)
            if journalled is not None:
                return self._again(service, journalled)
            card, priced = self._priced(card_id, amount)
            if confirmed is not None and (
                (priced.quote.total, priced.quote.credited) != (confirmed.total, confirmed.credited)
            ):
                raise OfferChanged(confirmed, priced.quote)
            try:
                channel.check_balance(priced.quote.total)
            except InsufficientBalance:
                raise BalanceTooLow(channel.account_balance(), priced.quote.total) from None
            detail = channel.detail(card, priced)
            try:
                return service.submit(
                    card.id, priced.quote, idempotency_key, channel=RELOADLY, channel_detail=detail
                )
            except ProviderUnavailable:
                found = service.order_by_key(idempotency_key)
                if found is None:
                    raise
                return found

    @staticmethod
    def _again(service: RechargeService, journalled: OrderRecord) -> OrderRecord:
        if not journalled.status.is_final:
            with suppress(ProviderUnavailable):  # still journalled: asked again later
                service.refresh([journalled.local_id])
        return service.order_by_key(journalled.idempotency_key) or journalled

    def follow(self, local_id: int) -> OrderRecord | None:
        """Ask Reloadly about the order once; the stored order afterwards."""
        with self._lock:
            store = self._store_source()
            service = RechargeService(None, store, channels=[self._open()])
            service.refresh([local_id])
            with store.session(readonly=True) as session:
                return queries.order_by_id(session, local_id)

    def close(self) -> None:
        with self._lock:
            self._channel = None
            self._exit.close()


__all__ = ["BalanceTooLow", "OfferChanged", "ReloadlyOffer", "ReloadlyPrice", "ReloadlyTopUps"]
