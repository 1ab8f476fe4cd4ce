"""The wallet's cards beside the profiles of an eSIM card, matched by ICCID.

A profile whose ICCID is a wallet card's is that card living on the eSIM card; an
operational profile with no card is a number the wallet does not watch yet (offered as a new
card); test and provisioning profiles carry no subscriber's number and are never offered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lebwallet.domain.cards import Card
from lebwallet.domain.identifiers import Iccid
from lebwallet.euicc.profiles import EuiccCard, EuiccProfile, ProfileClass


def same_iccid(stored: Iccid, digits: str) -> bool:
    """True when the card's reported `digits` are the stored ICCID (one stored without its
    check digit matches the digits without theirs)."""
    if stored.value == digits:
        return True
    return not stored.has_check_digit and digits[:-1] == stored.value


@dataclass(frozen=True, slots=True)
class ProfileMatch:
    profile: EuiccProfile
    card: Card | None

    @property
    def offer_as_new_card(self) -> bool:
        """No wallet card has this profile's number, and it is a subscriber's profile."""
        return self.card is None and self.profile.profile_class is ProfileClass.OPERATIONAL


def match_profiles(euicc: EuiccCard, cards: Iterable[Card]) -> tuple[ProfileMatch, ...]:
    """Each profile of `euicc` with the wallet card of the same ICCID, if there is one."""
    with_iccid = [card for card in cards if card.iccid is not None]
    matches = []
    for profile in euicc.profiles:
        card = next(
            (c for c in with_iccid if c.iccid is not None and same_iccid(c.iccid, profile.iccid)),
            None,
        )
        matches.append(ProfileMatch(profile, card))
    return tuple(matches)


@dataclass(frozen=True, slots=True)
class Residence:
    """Where a wallet card's profile lives: on the eSIM card with `eid`, in `reader`."""

    card_id: str
    reader: str
    euicc: EuiccCard
    profile: EuiccProfile


def where_cards_live(euiccs: Sequence[EuiccCard], cards: Iterable[Card]) -> dict[str, Residence]:
    """For each wallet card whose profile is on one of `euiccs`: where it lives, by card id."""
    found: dict[str, Residence] = {}
    for euicc in euiccs:
        for match in match_profiles(euicc, cards):
            if match.card is not None:
                found[match.card.id] = Residence(match.card.id, euicc.reader, euicc, match.profile)
    return found
