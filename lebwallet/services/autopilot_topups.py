"""What autopilot needs of a way to top up: the `AutopilotTopUps` protocol (a narrow view for
one use case; the channels themselves are `services.channels.TopUpChannel`), and its
implementation over `RechargeService`.

The protocol is small on purpose (price the rule's minimum, submit an amount with a key, look
a key up) so that another channel plugs in beside this one: the Reloadly account does
(`services.autopilot_reloadly`), and says with `pays_from_balance` that it needs no user. A channel
never charges twice for one key: `submit` with a key it has seen finishes that top-up instead.
Blocking: call it off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Protocol

from lebwallet.clock import utc_now
from lebwallet.domain.cards import Card, CardSource
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import PaymentFlow, PaymentMethod, RechargeOptions
from lebwallet.store.engine import Store
from lebwallet.store.queries import OrderRecord, order_by_key

if TYPE_CHECKING:
    from lebwallet.services.recharge import RechargeService


class TopUpStatus(StrEnum):
    WAITS_FOR_USER = "waits_for_user"
    """Prepared; the user pays it (hosted checkout, QR)."""
    IN_PROGRESS = "in_progress"
    """Sent or paid, not credited yet."""
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class TopUpState:
    status: TopUpStatus
    amount: Money
    order_local_id: int | None = None
    """The order in the wallet's history (opens its details), when the channel keeps one."""
    detail: str | None = None


class TopUpRefused(Exception):
    """The channel refused this top-up for good (a rule, a limit, the price changed)."""


class TopUpUnavailable(Exception):
    """The channel cannot be reached now; the same call with the same key is safe later."""


class AutopilotTopUps(Protocol):
    """A way to top a card up, as autopilot uses it."""

    def handles(self, card: Card) -> bool:
        """Whether this channel tops `card` up."""
        ...

    def price(self, card: Card) -> Money:
        """The smallest amount the channel takes that keeps the number alive (card currency).
        Raises `TopUpRefused` or `TopUpUnavailable`."""
        ...

    def submit(self, card: Card, amount: Money, key: str) -> TopUpState:
        """Top `card` up by `amount` once for `key` (a key seen before: that top-up, as it
        stands now). Raises `TopUpRefused` or `TopUpUnavailable`."""
        ...

    def state(self, key: str) -> TopUpState | None:
        """The top-up made with `key` brought up to date (None: never submitted)."""
        ...


def pays_from_balance(channel: object) -> bool:
    """Whether `channel` pays its top-ups from a prepaid account balance (Reloadly): such a
    top-up needs no user, so autopilot sends it by itself only where the card's choice says
    "without asking" (it asks first otherwise). A channel says so with a true
    `pays_from_balance` attribute; the LEB provider's hosted checkout always waits for the
    user anyway."""
    return getattr(channel, "pays_from_balance", False) is True


_STATUS: Final = {
    OrderStatus.AWAITING_PAYMENT: TopUpStatus.WAITS_FOR_USER,
    OrderStatus.REQUIRES_ACTION: TopUpStatus.WAITS_FOR_USER,
    OrderStatus.PAID: TopUpStatus.IN_PROGRESS,
    OrderStatus.CREDITING: TopUpStatus.IN_PROGRESS,
    OrderStatus.CREDITED: TopUpStatus.DONE,
    OrderStatus.FAILED: TopUpStatus.FAILED,
    OrderStatus.CANCELLED: TopUpStatus.FAILED,
    OrderStatus.EXPIRED: TopUpStatus.FAILED,
}


def order_state(record: OrderRecord) -> TopUpState:
    status = _STATUS[record.status]
    if not record.confirmed and not record.status.is_final:
        status = TopUpStatus.IN_PROGRESS  # journalled, not confirmed by the provider yet
    detail = record.failure_reason if status is TopUpStatus.FAILED else None
    return TopUpState(status, record.amount, record.local_id, detail or record.status.value)


def _method(options: RechargeOptions) -> PaymentMethod:
    """The way to pay a prepared order: the hosted checkout first, else any available."""
    available = [o for o in options.payment_methods if o.available]
    if not available:
        raise TopUpRefused("no payment method is available for this card now")
    redirect = [o for o in available if o.flow is PaymentFlow.REDIRECT]
    return (redirect or available)[0].method


class RechargeTopUps:
    """The LEB provider: an order prepared through `RechargeService` (journal first), paid by
    the user at the provider's hosted checkout (so every top-up waits for the user)."""

    def __init__(
        self,
        recharge: RechargeService,
        store: Store,
        *,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._recharge = recharge
        self._store = store
        self._now = now

    def handles(self, card: Card) -> bool:
        return card.source is CardSource.PROVIDER

    def _options(self, card: Card) -> RechargeOptions:
        from lebwallet.provider.convert import options_to_domain
        from lebwallet.provider.errors import ProviderError, ProviderUnavailable

        try:
            return options_to_domain(self._recharge.client.recharge_options(card.id))
        except ProviderUnavailable as error:
            raise TopUpUnavailable(str(error)) from None
        except ProviderError as error:
            raise TopUpRefused(error.detail or str(error)) from None

    def price(self, card: Card) -> Money:
        amount = self._options(card).minimum_qualifying_amount
        if amount is None:
            raise TopUpRefused("no amount the provider takes keeps this number alive")
        return amount

    def submit(self, card: Card, amount: Money, key: str) -> TopUpState:
        from lebwallet.domain.recharge import RechargeRuleError
        from lebwallet.provider.errors import ProviderError, ProviderUnavailable
        from lebwallet.services.recharge import PriceChanged
        from lebwallet.store.writes import JournalError

        known = self.state(key)
        if known is not None:
            return known
        options = self._options(card)
        try:
            quote = options.quote(amount, _method(options), now=self._now())
            priced = self._recharge.price(card.id, quote)
            record = self._recharge.submit(card.id, priced, key)
        except (RechargeRuleError, PriceChanged) as error:
            raise TopUpRefused(str(error)) from None
        except JournalError:
            # another process journalled this key a moment ago: that top-up, as it stands
            found = self.state(key)
            if found is None:
                raise
            return found
        except ProviderUnavailable as error:
            raise TopUpUnavailable(str(error)) from None
        except ProviderError as error:
            raise TopUpRefused(error.detail or str(error)) from None
        return order_state(record)

    def state(self, key: str) -> TopUpState | None:
        from lebwallet.provider.errors import ProviderError

        with self._store.session(readonly=True) as session:
            record = order_by_key(session, key)
        if record is None:
            return None
        if not record.status.is_final:
            try:
                self._recharge.refresh([record.local_id])
            except ProviderError:
                return order_state(record)  # as the journal has it; asked again next pass
            with self._store.session(readonly=True) as session:
                record = order_by_key(session, key) or record
        return order_state(record)
