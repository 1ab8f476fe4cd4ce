"""Profiles beside the wallet's cards, by ICCID; where a wallet card's profile lives."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from lebwallet.domain.identifiers import Eid, Iccid
from lebwallet.euicc import codec
from lebwallet.euicc.matching import match_profiles, same_iccid, where_cards_live
from lebwallet.euicc.profiles import EuiccCard, EuiccProfile, ProfileClass, ProfileState
from tests.domain.builders import card as wallet_card
from tests.doubles.virtual_euicc import make_eid
from tests.euicc.conftest import HK_ICCID, UK_ICCID, US_ICCID

ROOT = Path(__file__).resolve().parents[2]


def profile(iccid: str, profile_class: ProfileClass = ProfileClass.OPERATIONAL) -> EuiccProfile:
    return EuiccProfile(iccid, ProfileState.DISABLED, profile_class, name=f"P{iccid[-3:]}")


def euicc(*profiles: EuiccProfile, reader: str = "Reader 0") -> EuiccCard:
    return EuiccCard(reader, Eid(make_eid()), profiles, ())


def test_an_iccid_stored_without_its_check_digit_still_matches() -> None:
    assert same_iccid(Iccid(UK_ICCID), UK_ICCID)
    assert same_iccid(Iccid(UK_ICCID[:-1]), UK_ICCID)
    assert not same_iccid(Iccid(UK_ICCID), HK_ICCID)
    assert not same_iccid(Iccid(UK_ICCID), UK_ICCID[:-1])


def test_profiles_get_their_card_and_only_operational_ones_are_offered() -> None:
    uk_card = dataclasses.replace(wallet_card(card_id="uk"), iccid=Iccid(UK_ICCID))
    no_iccid = wallet_card(card_id="phone-only", with_iccid=False)
    card = euicc(profile(UK_ICCID), profile(HK_ICCID), profile(US_ICCID, ProfileClass.TEST))

    uk, hk, test = match_profiles(card, [no_iccid, uk_card])

    assert uk.card is uk_card
    assert not uk.offer_as_new_card
    assert hk.card is None
    assert hk.offer_as_new_card
    assert test.card is None
    assert not test.offer_as_new_card


def test_a_wallet_card_shows_where_its_profile_lives() -> None:
    uk_card = dataclasses.replace(wallet_card(card_id="uk"), iccid=Iccid(UK_ICCID))
    elsewhere = wallet_card(card_id="elsewhere")
    first = euicc(profile(HK_ICCID), reader="Reader 0")
    second = euicc(profile(UK_ICCID), reader="Reader 1")

    found = where_cards_live([first, second], [uk_card, elsewhere])

    assert list(found) == ["uk"]
    assert found["uk"].reader == "Reader 1"
    assert found["uk"].profile.iccid == UK_ICCID


def test_the_schema_ships_with_the_package_and_the_bundle() -> None:
    assert codec.SCHEMA.is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "euicc/es10.asn" in pyproject["tool"]["setuptools"]["package-data"]["lebwallet"]
    assert '"lebwallet" / "euicc" / "es10.asn"' in (ROOT / "build.spec").read_text("utf-8")
