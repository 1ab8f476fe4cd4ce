"""What every identifier shares: the error it raises, and the digit strings it is made of —
separators, grouping, masking, and the Luhn check digit (ISO/IEC 7812-1)."""

from __future__ import annotations

import re
from typing import Final

MASK: Final = "•"
SEPARATORS: Final = re.compile(r"[\s\-]+")


class InvalidIdentifier(ValueError):
    """The text is not a valid ICCID, EID, phone number or activation code; says why."""


def quoted(text: str, limit: int = 24) -> str:
    """Quote user input in a message without echoing a huge paste."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def group_digits(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def mask_middle(digits: str, keep_start: int = 4, keep_end: int = 4) -> str:
    """Keep the first and last digits, replace the rest, group by four."""
    hidden = len(digits) - keep_start - keep_end
    if hidden <= 0:
        return group_digits(MASK * len(digits))
    return group_digits(digits[:keep_start] + MASK * hidden + digits[-keep_end:])


def first_non_digit(text: str) -> str | None:
    if text.isascii() and text.isdigit():
        return None
    for char in text:
        if not ("0" <= char <= "9"):
            return char
    return None


# --- Luhn (ISO/IEC 7812-1) ------------------------------------------------------------------------

_DOUBLED: Final = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
"""A digit doubled, less 9 when over 9."""


def _luhn_sum(digits: str, *, double_last: bool) -> int:
    """Every second digit from the right doubled (starting with the last one if
    `double_last`), then all digits summed."""
    reverse = digits[::-1]
    doubled, kept = (
        (reverse[0::2], reverse[1::2]) if double_last else (reverse[1::2], reverse[0::2])
    )
    return sum(map(int, kept)) + sum(map(_DOUBLED.__getitem__, map(int, doubled)))


def luhn_check_digit(payload: str) -> str:
    """The Luhn check digit to append to `payload` (a string of ASCII digits)."""
    if not payload or first_non_digit(payload) is not None:
        raise ValueError("a Luhn payload is a non-empty string of ASCII digits")
    return str((10 - _luhn_sum(payload, double_last=True) % 10) % 10)


def luhn_valid(number: str) -> bool:
    """True when the last digit of `number` is its correct Luhn check digit."""
    if len(number) < 2 or first_non_digit(number) is not None:
        return False
    return _luhn_sum(number, double_last=False) % 10 == 0
