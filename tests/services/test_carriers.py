"""The shipped carrier catalogue: every entry complete and valid, every URL, unique ids."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from lebwallet.domain.catalogue import (
    CarrierEntry,
    CatalogueError,
    entry_from_table,
    merge_entries,
    parse_catalogue,
    search,
)
from lebwallet.domain.keepalive import ActionKind, Confidence, Period, StageEffect
from lebwallet.domain.money import Money
from lebwallet.resources_path import resource_path
from lebwallet.services.carriers import read_catalogue, shipped_catalogue

REQUIRED = ("id", "name", "country", "currency", "actions", "period", "source", "checked")


def _raw() -> list[dict[str, Any]]:
    with resource_path("carriers.toml").open("rb") as handle:
        tables: list[dict[str, Any]] = tomllib.load(handle)["carrier"]
    return tables


def test_every_shipped_entry_has_every_field() -> None:
    tables = _raw()
    assert len(tables) >= 20
    for table in tables:
        for name in (*REQUIRED, "confidence", "source_title", "note"):
            assert table.get(name) not in (None, "", []), (table.get("id"), name)
        assert isinstance(table["checked"], date)
        assert table["checked"] <= date(2026, 12, 5)


def test_every_source_is_an_https_url_with_a_host() -> None:
    for entry in shipped_catalogue():
        url = entry.rule.source_url
        assert url is not None
        parts = urlsplit(url)
        assert parts.scheme == "https", entry.id
        assert "." in parts.netloc, entry.id
        assert " " not in url, entry.id
        assert not parts.query, entry.id
        assert not parts.fragment, entry.id


def test_ids_are_unique_and_name_carrier_and_country() -> None:
    ids = [table["id"] for table in _raw()]
    assert len(ids) == len(set(ids))
    for entry in shipped_catalogue():
        assert entry.id.endswith("-" + entry.country.lower()), entry.id
    keys = [(e.name, e.country) for e in shipped_catalogue()]
    assert len(keys) == len(set(keys))


def test_shipped_rules_are_the_sourced_ones() -> None:
    entries = {e.id: e for e in shipped_catalogue()}
    giffgaff = entries["giffgaff-gb"]
    assert giffgaff.rule.period == Period.months(6)
    assert giffgaff.rule.actions == set(ActionKind)
    assert giffgaff.currency == "GBP"
    asda = entries["asda-mobile-gb"].rule
    assert [(s.after, s.effect) for s in asda.stages] == [
        (Period.days(0), StageEffect.RESTRICTED),
        (Period.days(90), StageEffect.RECYCLED),
    ]
    assert entries["o2-payg-gb"].rule.confidence is Confidence.REPORTED
    assert entries["cmhk-hk"].rule.confidence is Confidence.REPORTED
    assert entries["cmhk-hk"].rule.minimum_topup == Money.of("300", "HKD")
    assert entries["three-payg-gb"].rule.confidence is Confidence.STATED
    # The note has no source for these: they are left out.
    assert not {"lebara-gb", "voxi-gb", "tello-us", "3hk-hk", "smartone-hk"} & set(entries)


def test_a_duplicate_id_is_refused(tmp_path: Path) -> None:
    text = resource_path("carriers.toml").read_text(encoding="utf-8")
    first = text.index("[[carrier]]")
    second = text.index("[[carrier]]", first + 1)
    path = tmp_path / "carriers.toml"
    path.write_text(text + "\n" + text[first:second], encoding="utf-8")
    with pytest.raises(CatalogueError, match="giffgaff-gb: the id is used twice"):
        read_catalogue(path)


def _table(**changes: Any) -> dict[str, Any]:
    table = dict(_raw()[0])
    table.update(changes)
    return {k: v for k, v in table.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source": "http://example.com/"}, "https"),
        ({"source": None}, "missing field"),
        ({"checked": "2026-12-05"}, "date"),
        ({"confidence": "rumour"}, "stated"),
        ({"period": "half a year"}, "period"),
        ({"actions": ["walk"]}, "topup, call"),
        ({"country": "gb"}, "ISO 3166"),
        ({"currency": "XYZ"}, "ISO 4217"),
        ({"minimum_topup": "1.234"}, "decimal places"),
        ({"stages": [{"after": "1 day", "effect": "vanished"}]}, "effect"),
        ({"colour": "blue"}, "unknown field"),
    ],
)
def test_bad_entries_are_refused_with_the_field_named(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue({"carrier": [_table(**changes)]})


def test_a_custom_rule_overrides_a_shipped_one_and_search_finds_by_name_and_country() -> None:
    shipped = shipped_catalogue()
    custom = CarrierEntry(
        id="giffgaff-gb",
        name="giffgaff (mine)",
        country="GB",
        currency="GBP",
        rule=entry_from_table(_table(period="5 months")).rule,
        custom=True,
    )
    merged = merge_entries(shipped, [custom])
    assert len(merged) == len(shipped)
    assert next(e for e in merged if e.id == "giffgaff-gb").custom
    assert {e.id for e in search(shipped, "hk")} >= {"cmhk-hk", "csl-hk"}
    assert [e.id for e in search(shipped, "GIFF")] == ["giffgaff-gb"]
