"""Guessing an eSIM profile's carrier from its service-provider name against the catalogue."""

from __future__ import annotations

from datetime import date

import pytest

from lebwallet.domain.catalogue import (
    CarrierEntry,
    carrier_brand,
    entry_from_table,
    guess_carrier,
)
from lebwallet.services.carriers import shipped_catalogue


def entry(rule_id: str, name: str, country: str = "GB") -> CarrierEntry:
    return entry_from_table(
        {
            "id": rule_id,
            "name": name,
            "country": country,
            "currency": "GBP",
            "actions": ["topup"],
            "period": "180 days",
            "source": "https://example.com/rules",
            "checked": date(2026, 12, 1),
            "confidence": "stated",
        }
    )


ENTRIES = (
    entry("giffgaff-gb", "giffgaff"),
    entry("three-payg-gb", "Three pay as you go"),
    entry("tmobile-prepaid-us", "T-Mobile prepaid", "US"),
    entry("att-prepaid-us", "AT&T PREPAID", "US"),
    entry("cm", "China Mobile", "CN"),
    entry("cmhk-hk", "China Mobile Hong Kong", "HK"),
    entry("csl-hk", "csl Rechargeable SIM (PCCW-HKT)", "HK"),
    entry("vodafone-au", "Vodafone", "AU"),
    entry("vodafone-ie", "Vodafone prepaid", "IE"),
    entry("asda-mobile-gb", "Asda Mobile"),
    entry("chunghwa-tw", "Chunghwa Telecom 如意卡", "TW"),
    entry("cmcc-cn", "中国移动", "CN"),
)


@pytest.mark.parametrize(
    ("service_provider", "expected"),
    [
        ("giffgaff", "giffgaff-gb"),
        ("GIFFGAFF", "giffgaff-gb"),
        ("giffgaff.", "giffgaff-gb"),
        ("Three UK", "three-payg-gb"),
        ("t-mobile", "tmobile-prepaid-us"),
        ("T Mobile USA", "tmobile-prepaid-us"),
        ("AT&T", "att-prepaid-us"),
        ("csl.", "csl-hk"),
        ("China Mobile Hong Kong", "cmhk-hk"),  # the longer name wins over "China Mobile"
        ("China Mobile", "cm"),
        ("ASDA MOBILE", "asda-mobile-gb"),
        ("Chunghwa Telecom", "chunghwa-tw"),
        ("中国移动", "cmcc-cn"),
    ],
)
def test_a_carrier_named_by_whole_words_is_guessed(service_provider: str, expected: str) -> None:
    guess = guess_carrier(service_provider, ENTRIES)
    assert guess is not None
    assert guess.id == expected


@pytest.mark.parametrize(
    "service_provider",
    [
        "",
        "Lebara",  # not in the catalogue
        "giffgaffer",  # a word that only starts like a carrier's name
        "Threeuk",
        "Asda",  # only part of the carrier's name
        "Vodafone",  # two different carriers are called Vodafone: the user chooses
        "giffgaff on Three",  # two carriers named
    ],
)
def test_no_or_an_ambiguous_match_guesses_nothing(service_provider: str) -> None:
    assert guess_carrier(service_provider, ENTRIES) is None


def test_the_brand_leaves_out_the_plan_and_brackets() -> None:
    brands = {e.id: carrier_brand(e) for e in ENTRIES}
    assert brands["three-payg-gb"] == ("three",)
    assert brands["att-prepaid-us"] == ("at", "t")
    assert brands["csl-hk"] == ("csl",)
    assert brands["chunghwa-tw"] == ("chunghwa", "telecom")


def test_the_shipped_catalogue_guesses_the_virtual_cards_carriers() -> None:
    entries = shipped_catalogue()
    guessed = {sp: guess_carrier(sp, entries) for sp in ("giffgaff", "Ultra Mobile", "EE")}
    assert {sp: e.id if e else None for sp, e in guessed.items()} == {
        "giffgaff": "giffgaff-gb",
        "Ultra Mobile": "ultra-mobile-us",
        "EE": "ee-payg-gb",
    }
    assert guess_carrier("Vodafone", entries) is None
