"""The EID, the identifier of an eUICC (the chip holding eSIM profiles), GSMA SGP.29."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from lebwallet.domain.identifiers.digits import (
    SEPARATORS,
    InvalidIdentifier,
    first_non_digit,
    group_digits,
    mask_middle,
)

EID_LENGTH: Final = 32


def eid_check_digits(first_30: str) -> str:
    """The two SGP.29 check digits for the first 30 digits of an EID."""
    if len(first_30) != EID_LENGTH - 2 or first_non_digit(first_30) is not None:
        raise ValueError(f"expected the first 30 digits of an EID, not {len(first_30)} characters")
    return f"{98 - int(first_30 + '00') % 97:02d}"


@dataclass(frozen=True, slots=True)
class Eid:
    """The identifier of an eUICC (the chip holding eSIM profiles), GSMA SGP.29."""

    value: str

    def __post_init__(self) -> None:
        digits = self.value
        if not isinstance(digits, str) or not digits:
            raise InvalidIdentifier("enter the EID: the 32 digits shown in the phone's settings")
        bad = first_non_digit(digits)
        if bad is not None:
            raise InvalidIdentifier(f"an EID has only digits; {bad!r} is not a digit")
        if len(digits) != EID_LENGTH:
            raise InvalidIdentifier(f"an EID has 32 digits; this one has {len(digits)}")
        if not digits.startswith("89"):
            raise InvalidIdentifier(f"an EID starts with 89; this one starts with {digits[:2]}")
        if int(digits) % 97 != 1:
            expected = eid_check_digits(digits[:30])
            raise InvalidIdentifier(
                f"the last two digits of this EID should be {expected} (its check digits), "
                f"not {digits[30:]}; a digit is probably mistyped"
            )

    @property
    def grouped(self) -> str:
        return group_digits(self.value)

    @property
    def masked(self) -> str:
        """First and last four digits only, grouped by four."""
        return mask_middle(self.value)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Eid({self.masked!r})"


def parse_eid(text: str) -> Eid:
    """Read an EID; spaces and dashes are ignored."""
    if not isinstance(text, str):
        raise InvalidIdentifier(f"an EID is text, not {type(text).__name__}")
    digits = SEPARATORS.sub("", text)
    if len(digits) > 64:
        raise InvalidIdentifier(f"an EID has 32 digits; this one has {len(digits)}")
    return Eid(digits)
