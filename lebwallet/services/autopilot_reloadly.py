"""Autopilot through the Reloadly account: `ReloadlyAutopilotTopUps`, the `AutopilotTopUps`
of a card of the user's own with a phone number, over the window's `ReloadlyTopUps` (the
operator detected from the number, the price, the balance checked before anything is sent,
the journal first with the key as Reloadly's `customIdentifier`, the order followed).

Reloadly pays from the account's prepaid balance, so a top-up needs no user:
`pays_from_balance` tells autopilot, which then sends it by itself only where the card's
choice says "without asking" (and asks with a notice first otherwise). The amount is the
smallest one the operator takes that the card's keep-alive rule counts. Blocking: call it
off the GUI thread.
"""

from __future__ import annotations

from decimal import ROUND_CEILING
from typing import Final

from lebwallet.domain.cards import Card
from lebwallet.domain.money import Money
from lebwallet.domain.recharge_errors import RechargeRuleError
from lebwallet.domain.topup_offers import AmountRange, Denominations
from lebwallet.services.autopilot_topups import (
    TopUpRefused,
    TopUpState,
    TopUpUnavailable,
    order_state,
)
from lebwallet.services.channels import ChannelNotAvailable
from lebwallet.services.credentials import CredentialsUnavailable
from lebwallet.services.errors import (
    AuthenticationRequired,
    ProviderError,
    ProviderUnavailable,
)
from lebwallet.services.reloadly_topup import BalanceTooLow, ReloadlyTopUps
from lebwallet.store.engine import Store
from lebwallet.store.queries import order_by_key
from lebwallet.store.writes import JournalError

_NOT_NOW: Final = (
    ChannelNotAvailable,
    CredentialsUnavailable,
    ProviderUnavailable,
    AuthenticationRequired,
)
"""Not set up, the keyring locked, Reloadly unreachable or the credentials refused: nothing
was sent, and the next pass tries again with the same key."""


def smallest_keeping_alive(offered: Denominations, minimum: Money) -> Money | None:
    """The smallest amount of `offered` (the card's currency) that is at least `minimum`
    and above zero; None when the operator takes none."""
    if isinstance(offered, AmountRange):
        if minimum <= offered.minimum:
            return offered.minimum
        steps = ((minimum.amount - offered.minimum.amount) / offered.step.amount).to_integral(
            ROUND_CEILING
        )
        amount = Money.of(offered.minimum.amount + steps * offered.step.amount, offered.currency)
        return amount if amount <= offered.maximum else None
    return next((a for a in offered.amounts if a >= minimum and a.is_positive), None)


class ReloadlyAutopilotTopUps:
    """See the module docstring. `topups` is owned by the caller (it closes it)."""

    pays_from_balance: Final = True

    def __init__(self, topups: ReloadlyTopUps, store: Store) -> None:
        self._topups = topups
        self._store = store

    def handles(self, card: Card) -> bool:
        return card.is_own_number

    def price(self, card: Card) -> Money:
        try:
            offer = self._topups.offer(card.id)
        except _NOT_NOW as error:
            raise TopUpUnavailable(str(error)) from None
        except (RechargeRuleError, ProviderError) as error:
            raise TopUpRefused(str(error)) from None
        amount = smallest_keeping_alive(offer.amounts, card.plan.minimum_topup)
        if amount is None:
            raise TopUpRefused(
                f"{offer.offer.operator_name} takes no amount that keeps this number alive"
            )
        return amount

    def submit(self, card: Card, amount: Money, key: str) -> TopUpState:
        known = self.state(key)
        if known is not None:
            return known
        try:
            record = self._topups.submit(card.id, amount, key)
        except JournalError:
            # another process journalled this key a moment ago: that top-up, as it stands
            found = self.state(key)
            if found is None:
                raise
            return found
        except _NOT_NOW as error:
            raise TopUpUnavailable(str(error)) from None
        except (BalanceTooLow, RechargeRuleError, ProviderError) as error:
            raise TopUpRefused(str(error)) from None
        return order_state(record)

    def state(self, key: str) -> TopUpState | None:
        with self._store.session(readonly=True) as session:
            record = order_by_key(session, key)
        if record is None:
            return None
        if not record.status.is_final:
            try:
                record = self._topups.follow(record.local_id) or record
            except (*_NOT_NOW, ProviderError):
                return order_state(record)  # as the journal has it; asked again next pass
        return order_state(record)


__all__ = ["ReloadlyAutopilotTopUps", "smallest_keeping_alive"]
