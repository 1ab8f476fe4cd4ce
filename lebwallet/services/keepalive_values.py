"""What the keep-alive use cases give back: a card with its rule and deadline, a logged action.

Light on purpose (domain values only, no store): the window's widgets import these types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lebwallet.domain.cards import Card, CardSource, KeepAliveState, keep_alive_state
from lebwallet.domain.catalogue import CarrierEntry
from lebwallet.domain.keepalive import KeepAliveAction, KeepAliveRule, StageEffect

UNNAMED_CARRIER = "own rule"
"""What is stored as the carrier of a card with its own rule and no carrier's name (the CLI's
`--every` alone): a marker, not display text; a view shows its own words for it."""


class CardBookError(ValueError):
    """Bad input for a card or an action (the message says what is wrong); nothing changed."""


@dataclass(frozen=True, slots=True)
class CardKeepAlive:
    """A card with its keep-alive rule, last qualifying action and deadline."""

    card: Card
    rule: KeepAliveRule
    entry: CarrierEntry | None
    """The catalogue or custom entry of a local card; None for a provider card."""
    last_action: KeepAliveAction | None
    last_day: date
    stages: tuple[tuple[date, StageEffect], ...]

    @property
    def source(self) -> CardSource:
        return self.card.source

    def days_left(self, today: date) -> int:
        return (self.last_day - today).days

    def state(self, today: date) -> KeepAliveState:
        return keep_alive_state(self.days_left(today), self.rule.period.approx_days)


@dataclass(frozen=True, slots=True)
class LoggedAction:
    action: KeepAliveAction
    counted: bool
    """False when the card's rule does not count this action: it does not move the deadline."""
    overview: CardKeepAlive
