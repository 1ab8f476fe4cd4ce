"""The provider's cards and account made ready for the store: the store takes its own
neutral rows (`store.card_pages.PreparedCard`, `store.writes.AccountProfile`) and knows no
provider, so the wire types are read here.

`prepare_card_page` is pure CPU work (amounts to minor units, the domain's identifier and
label checks); a sync runs it off the thread that stores (`services.sync`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lebwallet.domain.cards import CardError
from lebwallet.domain.identifiers import InvalidIdentifier
from lebwallet.domain.money import Money, MoneyError
from lebwallet.provider import wire
from lebwallet.provider.convert import card_to_domain
from lebwallet.store.card_pages import PreparedCard, PreparedPage
from lebwallet.store.models import to_minor
from lebwallet.store.writes import AccountProfile


def account_profile(account: wire.Account) -> AccountProfile:
    """The account's profile as the store keeps it (no limits, no secrets)."""
    profile = account.profile
    method = profile.default_payment_method
    return AccountProfile(
        id=profile.id,
        name=profile.name,
        email=profile.email,
        phone=profile.phone,
        default_payment_method=None if method is None else method.value,
        profile_complete=profile.profile_complete,
        missing_fields=tuple(profile.missing_fields),
        created_at=profile.created_at,
    )


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
            return PreparedCard(card.id, card_values(card), str(exc))
        except MoneyError as money:
            return PreparedCard(card.id, None, str(money))
    except MoneyError as exc:
        return PreparedCard(card.id, None, str(exc))
    plan = domain.plan  # the amounts once: the domain card holds them
    return PreparedCard(
        card.id, _values(card, domain.balance, plan.minimum_topup, plan.min_balance), None
    )


def prepare_card_page(cards: Sequence[wire.Card]) -> PreparedPage:
    """Each card of a page with its values and the domain's verdict."""
    return PreparedPage(tuple(prepare_card(card) for card in cards))
