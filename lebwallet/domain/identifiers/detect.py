"""Reading what a person typed into "ICCID or phone number" when binding a card."""

from __future__ import annotations

from typing import Final

from lebwallet.domain.identifiers.digits import SEPARATORS, InvalidIdentifier
from lebwallet.domain.identifiers.iccid import Iccid, parse_iccid
from lebwallet.domain.identifiers.msisdn import Msisdn, parse_msisdn
from lebwallet.domain.text import normalize_typed

_ICCID_MIN_DIGITS: Final = 14
"""Digits from which input starting with 89 is read as an ICCID. National phone numbers
that start with 89 are shorter (Russia's 8 9xx xxx-xx-xx has 11), so a truncated ICCID gets
an ICCID message ("this one has 15 digits") rather than a phone-number one."""


def detect_card_identifier(text: str, default_region: str | None = None) -> Iccid | Msisdn:
    """Read what a person typed into "ICCID or phone number" and return the one it is.

    The text is normalised first (NFKC: ``８９４４…`` and ``＋４４`` read as typed on a
    plain keyboard). Rules: input starting with ``+`` or ``00`` is a phone number; input of
    only digits (spaces and dashes ignored) that starts with ``89`` and has at least 14
    digits, or has more digits than an E.164 number can (15), is an ICCID; anything else is
    a phone number read with `default_region`. The error explains against the kind that was
    detected.
    """
    if not isinstance(text, str):
        raise InvalidIdentifier(f"expected text, not {type(text).__name__}")
    stripped = normalize_typed(text)  # full-width digits and "＋" of an input method
    if not stripped:
        raise InvalidIdentifier("enter the card's ICCID (19 or 20 digits) or its phone number")
    compact = SEPARATORS.sub("", stripped)
    if compact.startswith(("+", "00")):
        return parse_msisdn(stripped, default_region)
    if (
        compact.isascii()
        and compact.isdigit()
        and ((compact.startswith("89") and len(compact) >= _ICCID_MIN_DIGITS) or len(compact) > 15)
    ):
        return parse_iccid(compact)
    return parse_msisdn(stripped, default_region)
