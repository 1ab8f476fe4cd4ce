"""The MSISDN, a card's phone number, in E.164 form, read and checked with `phonenumbers`.

`phonenumbers` (~25 ms to import) is imported by the first phone number, so cards known by
ICCID alone never pay for it (the window paints stored cards through this package)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from lebwallet.domain.identifiers.digits import MASK, InvalidIdentifier

if TYPE_CHECKING:
    import phonenumbers

_PHONE_CHARS: Final = re.compile(r"[0-9+\-().\s]*")
_E164: Final = re.compile(r"\+[1-9][0-9]{6,14}")
_PHONE_MAX_INPUT: Final = 64


@functools.cache
def _mobile_types() -> tuple[int, ...]:
    import phonenumbers

    return (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


@functools.cache
def _parse_errors() -> dict[int, str]:
    import phonenumbers

    error = phonenumbers.NumberParseException
    return {
        error.NOT_A_NUMBER: "does not look like a phone number",
        error.TOO_SHORT_NSN: "is too short to be a phone number",
        error.TOO_SHORT_AFTER_IDD: "is too short after the international prefix",
        error.TOO_LONG: "is too long to be a phone number",
    }


@functools.cache
def _possibility_errors() -> dict[int, str]:
    import phonenumbers

    result = phonenumbers.ValidationResult
    return {
        result.TOO_SHORT: "is too short",
        result.TOO_LONG: "is too long",
        result.INVALID_LENGTH: "has the wrong number of digits",
        result.IS_POSSIBLE_LOCAL_ONLY: "is a local number; add the area code",
    }


def _region_label(country_code: int | None) -> str:
    import phonenumbers

    if country_code is None:
        return "its country code"
    region = phonenumbers.region_code_for_country_code(country_code)
    if region.isalpha() and region != "ZZ":
        return f"+{country_code} ({region})"
    return f"+{country_code}"


def _checked_region(default_region: str | None) -> str | None:
    import phonenumbers

    if default_region is None or default_region == "":
        return None
    region = default_region.upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidIdentifier(
            f"{default_region!r} is not a region phone numbers can be read for; "
            "use an ISO 3166 code such as GB"
        )
    return region


def _parse_phone(text: str, region: str | None) -> phonenumbers.PhoneNumber:
    import phonenumbers

    shown = "the number"  # never echo a phone number: messages may reach a log
    if not text.strip():
        raise InvalidIdentifier("enter the phone number, with its country code (+44 …)")
    if len(text) > _PHONE_MAX_INPUT:
        raise InvalidIdentifier(f"{shown} is too long to be a phone number")
    if not _PHONE_CHARS.fullmatch(text):
        bad = next(c for c in text if not _PHONE_CHARS.fullmatch(c))
        raise InvalidIdentifier(
            f"a phone number has only digits, spaces, '+', '-', '(' and ')'; {bad!r} is not one"
        )
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            if text.strip().startswith("+") or region is not None:
                raise InvalidIdentifier(
                    f"{shown} does not start with a known country calling code"
                ) from None
            raise InvalidIdentifier(
                f"{shown} has no country code: write it as +44 … or choose the card's region"
            ) from None
        reason = _parse_errors().get(exc.error_type, "is not a phone number")
        raise InvalidIdentifier(f"{shown} {reason}") from None


@functools.lru_cache(maxsize=65_536)
def _analyse_e164(e164: str) -> tuple[str | None, int, str, bool]:
    """(region, country code, international form, is mobile) of a valid E.164 number.

    Cached: the same numbers come back on every sync and every repaint of the cards list,
    and `phonenumbers` is slow. Raises `InvalidIdentifier` (not cached) when not valid."""
    import phonenumbers

    number = _parse_phone(e164, None)
    _check_valid(number)
    region = phonenumbers.region_code_for_number(number)
    kind = phonenumbers.number_type(number)
    return (
        region if region and region.isalpha() else None,
        number.country_code or 0,
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        kind in _mobile_types(),
    )


@dataclass(frozen=True, slots=True)
class Msisdn:
    """A phone number in E.164 form (``+447400123456``), valid according to `phonenumbers`."""

    e164: str
    region: str | None = field(init=False, compare=False)
    """ISO 3166 alpha-2 region of the number; None for non-geographic numbers (+800 …)."""
    international: str = field(init=False, compare=False)
    """International format for display, e.g. ``+44 7400 123456``."""
    is_mobile: bool = field(init=False, compare=False)
    """True for a mobile number (or one that may be mobile, as in North America)."""
    country_code: int = field(init=False, compare=False)
    """The country calling code, e.g. 44."""

    def __post_init__(self) -> None:
        if not isinstance(self.e164, str) or not _E164.fullmatch(self.e164):
            raise InvalidIdentifier("a stored phone number must be E.164, like +447400123456")
        region, country_code, international, is_mobile = _analyse_e164(self.e164)
        object.__setattr__(self, "region", region)
        object.__setattr__(self, "country_code", country_code)
        object.__setattr__(self, "international", international)
        object.__setattr__(self, "is_mobile", is_mobile)

    @property
    def value(self) -> str:
        return self.e164

    @property
    def masked(self) -> str:
        """Country code and last three digits only: ``+44 •••• •••456``."""
        prefix = f"+{self.country_code}"
        rest = self.international[len(prefix) :]
        total = sum(c.isdigit() for c in rest)
        seen = 0
        out = []
        for char in rest:
            if char.isdigit():
                seen += 1
                out.append(char if seen > total - 3 else MASK)
            else:
                out.append(char)
        return prefix + "".join(out)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Msisdn({self.masked!r})"


def _check_valid(number: phonenumbers.PhoneNumber) -> None:
    import phonenumbers

    shown = "the number"
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible == phonenumbers.ValidationResult.INVALID_COUNTRY_CODE:
        raise InvalidIdentifier(f"{shown} does not start with a known country calling code")
    reason = _possibility_errors().get(possible)
    if reason is not None:
        raise InvalidIdentifier(f"{shown} {reason} for {_region_label(number.country_code)}")
    if not phonenumbers.is_valid_number(number):
        raise InvalidIdentifier(
            f"{shown} is not a valid number for {_region_label(number.country_code)}"
        )


def parse_msisdn(text: str, default_region: str | None = None) -> Msisdn:
    """Read a phone number: international (``+44 7400 123456``, ``0044…``) or, with
    `default_region` (ISO 3166 alpha-2, e.g. ``"GB"``), national (``07400 123456``)."""
    if not isinstance(text, str):
        raise InvalidIdentifier(f"a phone number is text, not {type(text).__name__}")
    import phonenumbers

    region = _checked_region(default_region)
    number = _parse_phone(text, region)
    _check_valid(number)
    return Msisdn(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
