"""The ICCID, a SIM card's serial number (ITU-T E.118)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from lebwallet.domain.identifiers.digits import (
    SEPARATORS,
    InvalidIdentifier,
    first_non_digit,
    group_digits,
    luhn_check_digit,
    mask_middle,
)

ICCID_LENGTHS: Final = (19, 20)
"""Lengths of an ICCID with its check digit."""
ICCID_LENGTH_WITHOUT_CHECK_DIGIT: Final = 18


def _calling_code_prefix(digits: str) -> int | None:
    """The E.164 country calling code at the start of `digits` (codes are prefix-free)."""
    import phonenumbers

    for size in (1, 2, 3):
        code = int(digits[:size])
        if phonenumbers.region_code_for_country_code(code) != "ZZ":
            return code
    return None


@dataclass(frozen=True, slots=True)
class Iccid:
    """A SIM card serial number (ITU-T E.118), digits only.

    `value` has 19 or 20 digits ending in a valid Luhn check digit, or 18 digits when the
    check digit is missing (`has_check_digit` is False).
    """

    value: str

    def __post_init__(self) -> None:
        _check_iccid_digits(self.value)

    @property
    def has_check_digit(self) -> bool:
        return len(self.value) in ICCID_LENGTHS

    @property
    def luhn_ok(self) -> bool:
        """True when the number ends in a verified Luhn check digit (False when it has none):
        an `Iccid` with a check digit exists only if the digit is right."""
        return self.has_check_digit

    @property
    def check_digit(self) -> str | None:
        return self.value[-1] if self.has_check_digit else None

    @property
    def payload(self) -> str:
        """The digits without the check digit."""
        return self.value[:-1] if self.has_check_digit else self.value

    @property
    def issuer_calling_code(self) -> int | None:
        """The issuer's country calling code after `89` (e.g. 44), if it is a known one.

        Older North American cards write the code 1 as `01` (`8901…`), so one leading zero
        is skipped.
        """
        digits = self.value[2:]
        if digits.startswith("0"):
            digits = digits[1:]
        return _calling_code_prefix(digits)

    @property
    def issuer_region(self) -> str | None:
        """ISO 3166 alpha-2 region of the issuer's calling code (the main one for shared codes
        such as +1); None for an unknown or non-geographic code (e.g. +882)."""
        import phonenumbers

        code = self.issuer_calling_code
        if code is None:
            return None
        region = phonenumbers.region_code_for_country_code(code)
        return region if region.isalpha() and region != "ZZ" else None

    @property
    def grouped(self) -> str:
        """All digits in groups of four, for the card's owner: ``8944 1100 6825 6270 054``."""
        return group_digits(self.value)

    @property
    def masked(self) -> str:
        """First and last four digits only: ``8944 •••• •••• •••0 054``."""
        return mask_middle(self.value)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Iccid({self.masked!r})"


def _check_iccid_digits(digits: str) -> None:
    if not isinstance(digits, str) or not digits:
        raise InvalidIdentifier("enter the ICCID: the 19 or 20 digits printed on the SIM card")
    bad = first_non_digit(digits)
    if bad is not None:
        raise InvalidIdentifier(f"an ICCID has only digits; {bad!r} is not a digit")
    if not digits.startswith("89"):
        raise InvalidIdentifier(
            f"an ICCID starts with 89 (telecommunications); this one starts with {digits[:2]}"
        )
    if len(digits) == ICCID_LENGTH_WITHOUT_CHECK_DIGIT:
        return
    if len(digits) not in ICCID_LENGTHS:
        raise InvalidIdentifier(f"an ICCID has 19 or 20 digits; this one has {len(digits)}")
    expected = luhn_check_digit(digits[:-1])
    if digits[-1] != expected:
        raise InvalidIdentifier(
            f"the last digit of this ICCID should be {expected} (its Luhn check digit), "
            f"not {digits[-1]}; a digit is probably mistyped"
        )


def parse_iccid(text: str) -> Iccid:
    """Read an ICCID; spaces and dashes are ignored. See `Iccid` for the rules."""
    if not isinstance(text, str):
        raise InvalidIdentifier(f"an ICCID is text, not {type(text).__name__}")
    digits = SEPARATORS.sub("", text)
    if len(digits) > 64:
        raise InvalidIdentifier(f"an ICCID has 19 or 20 digits; this one has {len(digits)}")
    return Iccid(digits)
