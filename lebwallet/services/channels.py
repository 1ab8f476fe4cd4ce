"""The top-up port: one protocol for every way a card is topped up.

    channel = channels["reloadly"]              # or "leb"
    channel.can_top_up(card)                    # this channel reaches this card?
    channel.recharge_options(card)              # RechargeOptions (LEB) | OperatorOffer
    channel.create(record)                      # the journalled order, sent with its key
    channel.orders(records)                     # many orders' status at once
    channel.find(record)                        # the order made with the record's key
    channel.cancel(record)
    channel.payment                             # HOSTED (checkout/QR) | ACCOUNT_BALANCE
    channel.account_balance()                   # Money, or None without an account

The journal, reconcile, the follower and the exactly-once rules live once above this port
(`lebwallet.services.recharge`): a channel only speaks to its network and answers in domain
values (`ChannelOrder`, `RechargeOptions`, `OperatorOffer`, `Money`). Errors are the typed
`ProviderError`s of `lebwallet.provider.errors` (Reloadly's errors subclass them), so
`RechargeService` handles every channel's failures alike.

Blocking: call it off the GUI thread, one instance per thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Final, Protocol, runtime_checkable

from lebwallet.domain.cards import Card
from lebwallet.domain.channel_orders import ChannelOrder
from lebwallet.domain.money import Money
from lebwallet.domain.recharge import Quote, RechargeOptions
from lebwallet.domain.topup_offers import OperatorOffer
from lebwallet.store.queries import OrderRecord

LEB: Final = "leb"
RELOADLY: Final = "reloadly"


class PaymentKind(StrEnum):
    HOSTED = "hosted"
    """The user pays at the provider (a checkout page or a QR code)."""
    ACCOUNT_BALANCE = "account_balance"
    """A prepaid account balance at the channel pays; nothing for the user to do."""


ChannelOptions = RechargeOptions | OperatorOffer
"""What a channel offers for one card: the LEB provider's limits, caps, promotions and
payment methods, or a network operator's FIXED/RANGE amounts, FX and promotions."""


class ChannelNotAvailable(LookupError):
    """No channel of that name is set up (e.g. no Reloadly account added)."""


@runtime_checkable
class TopUpChannel(Protocol):
    """How one channel tops up cards. Not safe for concurrent use (one per thread)."""

    @property
    def name(self) -> str:
        """The channel's name as the journal stores it (`leb`, `reloadly`)."""
        ...

    @property
    def payment(self) -> PaymentKind: ...

    def can_top_up(self, card: Card) -> bool:
        """True when this channel can reach `card` (no network call)."""
        ...

    def recharge_options(self, card: Card) -> ChannelOptions: ...

    def price(self, card: Card, quote: Quote) -> Quote:
        """`quote` as the channel will charge it (the LEB provider prices it; a network
        channel checks it against the operator's current offer)."""
        ...

    def create(self, record: OrderRecord) -> ChannelOrder:
        """Send the journalled order with `record.idempotency_key`, exactly once: a lost
        answer is retried or looked up with the same key, never sent as a second order."""
        ...

    def orders(self, records: Sequence[OrderRecord]) -> list[ChannelOrder]:
        """The current state of these confirmed orders (unknown ones are left out)."""
        ...

    def find(self, record: OrderRecord) -> ChannelOrder | None:
        """The channel's order made with the record's key, if there is one."""
        ...

    def cancel(self, record: OrderRecord) -> ChannelOrder:
        """Cancel an unpaid order; the order as it stands when it cannot be cancelled."""
        ...

    def account_balance(self) -> Money | None:
        """The prepaid balance that pays top-ups, or None when the channel has none."""
        ...


def channel_of(channels: dict[str, TopUpChannel], name: str) -> TopUpChannel:
    try:
        return channels[name]
    except KeyError:
        raise ChannelNotAvailable(f"no top-up channel {name!r} is set up") from None


__all__ = [
    "LEB",
    "RELOADLY",
    "ChannelNotAvailable",
    "ChannelOptions",
    "PaymentKind",
    "TopUpChannel",
    "channel_of",
]
