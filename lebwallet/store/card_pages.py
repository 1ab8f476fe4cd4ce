"""A page of provider cards made ready to store: each card's column values and whether the
domain accepts it, worked out without the database.

`prepare_card_page` is pure CPU work (amounts to minor units, the domain's identifier and
label checks), so a sync runs it in the thread that fetches the pages, beside the thread
that stores the one before: SQLite releases the interpreter while it writes, and the two
overlap. `store.writes.upsert_card_page` takes the prepared page (or plain wire cards, and
prepares them itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from lebwallet.domain.cards import CardError
from lebwallet.domain.identifiers import InvalidIdentifier
from lebwallet.domain.money import Money, MoneyError
from lebwallet.provider import wire
from lebwallet.provider.convert import card_to_domain
from lebwallet.store.models import to_minor

CARD_FIELDS: Final = (
    "label",
    "iccid",
    "msisdn",
    "carrier",
    "region",
    "currency",
    "balance_minor",
    "is_esim",
    "activation_code",
    "keep_alive_minimum_minor",
    "keep_alive_period_days",
    "min_balance_minor",
    "last_qualifying_topup_at",
    "deadline",
    "status",
    "sandbox",
    "provider_updated_at",
)
"""The stored columns that come from the provider's card (compared to see a change)."""


@dataclass(frozen=True, slots=True)
class PreparedCard:
    card: wire.Card
    values: dict[str, Any] | None
    """The `CARD_FIELDS` columns; None when an amount does not fit its currency."""
    problem: str | None
    """Why the card cannot be stored (an amount, or a rule of the domain), or None."""


@dataclass(frozen=True, slots=True)
class PreparedPage:
    cards: tuple[PreparedCard, ...]


def card_values(card: wire.Card) -> dict[str, Any]:
    """The stored columns of a provider card (in `CARD_FIELDS` order); `MoneyError` when an
    amount does not fit."""
    plan = card.keep_alive
    return _values(
        card,
        card.balance.to_domain(),
        plan.minimum_topup.to_domain(),
        None if plan.min_balance is None else plan.min_balance.to_domain(),
    )


def _values(
    card: wire.Card, balance: Money, minimum_topup: Money, min_balance: Money | None
) -> dict[str, Any]:
    return {
        "label": card.label,
        "iccid": card.iccid,
        "msisdn": card.msisdn,
        "carrier": card.carrier,
        "region": card.region,
        "currency": card.currency,
        "balance_minor": to_minor(balance),
        "is_esim": card.is_esim,
        "activation_code": card.activation_code,
        "keep_alive_minimum_minor": to_minor(minimum_topup),
        "keep_alive_period_days": card.keep_alive.period_days,
        "min_balance_minor": None if min_balance is None else to_minor(min_balance),
        "last_qualifying_topup_at": card.last_qualifying_topup_at,
        "deadline": card.deadline,
        "status": card.status.value,
        "sandbox": card.sandbox,
        "provider_updated_at": card.updated_at,
    }


def prepare_card(card: wire.Card) -> PreparedCard:
    """The card's values and the domain's verdict. An amount that does not fit its currency
    comes first (the card is not stored at all); then the domain's rules, whose verdict
    counts only for a new or changed card."""
    try:
        domain = card_to_domain(card)  # what the domain refuses would break every later read
    except (InvalidIdentifier, CardError) as exc:
        try:
            return PreparedCard(card, card_values(card), str(exc))
        except MoneyError as money:
            return PreparedCard(card, None, str(money))
    except MoneyError as exc:
        return PreparedCard(card, None, str(exc))
    plan = domain.plan  # the amounts once: the domain card holds them
    return PreparedCard(
        card, _values(card, domain.balance, plan.minimum_topup, plan.min_balance), None
    )


def prepare_card_page(cards: Sequence[wire.Card] | PreparedPage) -> PreparedPage:
    """Each card of a page with its values and the domain's verdict (a prepared page as
    it is)."""
    if isinstance(cards, PreparedPage):
        return cards
    return PreparedPage(tuple(prepare_card(card) for card in cards))
