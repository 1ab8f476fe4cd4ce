"""The carrier catalogue's model: one keep-alive rule per carrier and country.

The shipped catalogue is data (resources/carriers.toml, read by `lebwallet.services.carriers`);
this module turns its parsed tables into `CarrierEntry` values and refuses anything
incomplete, with the entry and field named. A user's own rule is a `CarrierEntry` too
(`custom=True`); one with a shipped entry's id overrides it (`merge_entries`).

An entry's TOML table::

    [[carrier]]
    id = "giffgaff-gb"            # lower-case letters, digits, '-' or '_'
    name = "giffgaff"
    country = "GB"                # ISO 3166-1 alpha-2
    currency = "GBP"              # the carrier's currency (ISO 4217)
    actions = ["topup", "call", "sms", "data"]
    period = "6 months"           # "<n> days" or "<n> months"
    minimum_topup = "10.00"       # optional, in `currency`
    stages = [{ after = "0 days", effect = "recycled" }]
    source = "https://…"          # where the rule is stated
    source_title = "…"            # the page's title
    checked = 2026-12-05          # last checked
    confidence = "stated"         # or "reported"
    note = "…"                    # what the source says, in its words (optional)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from lebwallet.domain.keepalive import (
    RULE_ID_PATTERN,
    ActionKind,
    Confidence,
    KeepAliveError,
    KeepAliveRule,
    Period,
    PeriodUnit,
    Stage,
    StageEffect,
)
from lebwallet.domain.money import Money, MoneyError, is_currency

NAME_MAX_LENGTH: Final = 100
_COUNTRY: Final = re.compile(r"[A-Z]{2}")
_PERIOD: Final = re.compile(r"(\d{1,4}) (days?|months?)")
_FIELDS: Final = frozenset(
    {
        "id",
        "name",
        "country",
        "currency",
        "actions",
        "period",
        "minimum_topup",
        "stages",
        "source",
        "source_title",
        "checked",
        "confidence",
        "note",
    }
)
_REQUIRED: Final = frozenset(
    {"id", "name", "country", "currency", "actions", "period", "source", "checked", "confidence"}
)


class CatalogueError(ValueError):
    """A catalogue entry or a custom rule is incomplete or inconsistent."""


@dataclass(frozen=True, slots=True)
class CarrierEntry:
    """A carrier in one country, its currency and its keep-alive rule."""

    id: str
    name: str
    country: str
    currency: str
    rule: KeepAliveRule
    source_title: str | None = None
    note: str | None = None
    custom: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not RULE_ID_PATTERN.fullmatch(self.id):
            raise CatalogueError(
                f"a carrier id is lower-case letters, digits, '-' or '_', not {self.id!r}"
            )
        name = self.name.strip() if isinstance(self.name, str) else ""
        if not name or len(name) > NAME_MAX_LENGTH or not name.isprintable():
            raise CatalogueError(f"a carrier name has 1 to {NAME_MAX_LENGTH} characters")
        object.__setattr__(self, "name", name)
        if not isinstance(self.country, str) or not _COUNTRY.fullmatch(self.country):
            raise CatalogueError(f"a country is an ISO 3166 code like GB, not {self.country!r}")
        if not isinstance(self.currency, str) or not is_currency(self.currency):
            raise CatalogueError(f"{self.currency!r} is not an ISO 4217 currency code")
        minimum = self.rule.minimum_topup
        if minimum is not None and minimum.currency != self.currency:
            raise CatalogueError(f"the minimum top-up must be in {self.currency}")

    def matches(self, text: str) -> bool:
        """True when `text` is part of the name, id or country (case-insensitive)."""
        needle = text.strip().casefold()
        return not needle or any(
            needle in value.casefold() for value in (self.name, self.id, self.country)
        )


def parse_period(text: object) -> Period:
    """``"6 months"``, ``"180 days"``, ``"1 month"`` as a `Period`."""
    match = _PERIOD.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise CatalogueError(f"a period is like '180 days' or '6 months', not {text!r}")
    unit = PeriodUnit.MONTHS if match.group(2).startswith("month") else PeriodUnit.DAYS
    try:
        return Period(int(match.group(1)), unit)
    except KeepAliveError as error:
        raise CatalogueError(str(error)) from None


def _stage(value: object) -> Stage:
    if not isinstance(value, Mapping) or set(value) != {"after", "effect"}:
        raise CatalogueError("a stage is a table with 'after' and 'effect'")
    try:
        effect = StageEffect(value["effect"])
    except ValueError:
        effects = ", ".join(e.value for e in StageEffect)
        raise CatalogueError(f"a stage's effect is one of {effects}") from None
    return Stage(parse_period(value["after"]), effect)


def _text(entry: Mapping[str, Any], name: str, *, required: bool = True) -> str | None:
    value = entry.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"'{name}' must be non-empty text")
    return value.strip()


def entry_from_table(entry: Mapping[str, Any]) -> CarrierEntry:
    """One catalogue table as a `CarrierEntry` (raises `CatalogueError`)."""
    unknown = set(entry) - _FIELDS
    if unknown:
        raise CatalogueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    missing = _REQUIRED - set(entry)
    if missing:
        raise CatalogueError(f"missing field(s): {', '.join(sorted(missing))}")
    currency = _text(entry, "currency")
    assert currency is not None
    actions = entry["actions"]
    if not isinstance(actions, list) or not actions:
        raise CatalogueError("'actions' is a non-empty list")
    try:
        kinds = frozenset(ActionKind(a) for a in actions)
    except ValueError:
        raise CatalogueError("an action is topup, call, sms or data") from None
    if len(kinds) != len(actions):
        raise CatalogueError("'actions' lists an action twice")
    stages = entry.get("stages", [])
    if not isinstance(stages, list):
        raise CatalogueError("'stages' is a list")
    checked = entry["checked"]
    if not isinstance(checked, date):
        raise CatalogueError("'checked' is a date like 2026-12-05")
    try:
        confidence = Confidence(entry["confidence"])
    except ValueError:
        raise CatalogueError("'confidence' is 'stated' or 'reported'") from None
    minimum_text = entry.get("minimum_topup")
    try:
        minimum = None if minimum_text is None else Money.from_wire(str(minimum_text), currency)
        rule = KeepAliveRule(
            actions=kinds,
            period=parse_period(entry["period"]),
            minimum_topup=minimum,
            stages=tuple(_stage(s) for s in stages),
            source_url=_text(entry, "source"),
            checked_on=checked,
            confidence=confidence,
        )
    except (KeepAliveError, MoneyError) as error:
        raise CatalogueError(str(error)) from None
    return CarrierEntry(
        id=str(entry["id"]),
        name=str(entry["name"]),
        country=str(entry["country"]),
        currency=currency,
        rule=rule,
        source_title=_text(entry, "source_title", required=False),
        note=_text(entry, "note", required=False),
    )


def parse_catalogue(data: Mapping[str, Any]) -> tuple[CarrierEntry, ...]:
    """The entries of a parsed catalogue (``{"carrier": [ {...}, … ]}``), sorted by country
    then name; raises `CatalogueError` naming the entry for the first problem."""
    if set(data) != {"carrier"} or not isinstance(data["carrier"], list):
        raise CatalogueError("the catalogue is a list of [[carrier]] tables")
    entries: list[CarrierEntry] = []
    seen: set[str] = set()
    for index, table in enumerate(data["carrier"], start=1):
        label = table.get("id", f"#{index}") if isinstance(table, Mapping) else f"#{index}"
        if not isinstance(table, Mapping):
            raise CatalogueError(f"carrier {label}: not a table")
        try:
            entry = entry_from_table(table)
        except CatalogueError as error:
            raise CatalogueError(f"carrier {label}: {error}") from None
        if entry.id in seen:
            raise CatalogueError(f"carrier {entry.id}: the id is used twice")
        seen.add(entry.id)
        entries.append(entry)
    return tuple(sorted(entries, key=lambda e: (e.country, e.name.casefold(), e.id)))


def merge_entries(
    shipped: Sequence[CarrierEntry], custom: Iterable[CarrierEntry]
) -> tuple[CarrierEntry, ...]:
    """The shipped entries with the user's own: a custom entry replaces a shipped one with
    the same id."""
    merged = {entry.id: entry for entry in shipped}
    for entry in custom:
        merged[entry.id] = entry
    return tuple(sorted(merged.values(), key=lambda e: (e.country, e.name.casefold(), e.id)))


def search(entries: Iterable[CarrierEntry], text: str) -> list[CarrierEntry]:
    """The entries whose name, id or country contains `text`."""
    return [entry for entry in entries if entry.matches(text)]


# Words after which a catalogue name names a plan, not the carrier ("Three pay as you go",
# "Fido prepaid", "csl Rechargeable SIM"): a service provider's name does not carry them.
_PLAN_WORDS: Final = frozenset({"pay", "payg", "prepaid", "rechargeable"})
_WORD: Final = re.compile(r"[^\W_]+")


def _words(text: str) -> tuple[str, ...]:
    """`text` as case-folded words; punctuation and brackets separate words and are dropped
    (so "T-Mobile" is ("t", "mobile") and "AT&T" is ("at", "t"))."""
    return tuple(_WORD.findall(text.casefold()))


def carrier_brand(entry: CarrierEntry) -> tuple[str, ...]:
    """The words of the carrier's name without its plan: up to a plan word, a bracket or a
    word in another script ("Three pay as you go" → three, "Chunghwa Telecom 如意卡" →
    chunghwa telecom)."""
    words = _words(entry.name.split("(", 1)[0])
    for index, word in enumerate(words):
        if word in _PLAN_WORDS or (index and word.isascii() != words[0].isascii()):
            return words[:index]
    return words


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """True when `part` is a run of whole words of `words`."""
    size = len(part)
    return size > 0 and any(words[i : i + size] == part for i in range(len(words) - size + 1))


def guess_carrier(service_provider: str, entries: Iterable[CarrierEntry]) -> CarrierEntry | None:
    """The one catalogue carrier whose name (without its plan) is whole words of an eSIM
    profile's `service_provider` name, ignoring case and punctuation; None when none is, or
    when several different carriers are (the user chooses). A longer name wins over one it
    contains ("China Mobile Hong Kong" over a "China Mobile")."""
    spoken = _words(service_provider)
    found = [(carrier_brand(e), e) for e in entries if _contains(spoken, carrier_brand(e))]
    best = [
        (brand, entry)
        for brand, entry in found
        if not any(len(other) > len(brand) and _contains(other, brand) for other, _ in found)
    ]
    return best[0][1] if len(best) == 1 else None
