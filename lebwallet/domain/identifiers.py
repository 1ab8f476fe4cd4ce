"""Identifiers of SIM and eSIM cards: ICCID, EID, MSISDN (phone number) and LPA activation code.

Each `parse_*` function takes what a person typed or a scanner read and returns a frozen value
object, or raises `InvalidIdentifier` (a `ValueError`) whose text says what is wrong. The value
objects can also be built directly from stored, already normalised text (`Iccid("89…")`,
`Eid("89…")`, `Msisdn("+44…")`, `ActivationCode.parse(...)`); they validate again.

Privacy: `str()` and `repr()` of every identifier give its masked form, so an identifier that
reaches a log line or an exception message never shows the whole number or the matching ID.
Use `.value` (`.e164`, `.canonical`) where the full text is really needed.

Rules implemented
- ICCID (ITU-T E.118): `89` (telecommunications), the issuer's country calling code, the
  issuer and account digits, then a Luhn check digit; 19 or 20 digits with the check digit.
  An 18-digit number is accepted as an ICCID printed without its check digit and flagged
  (`has_check_digit is False`) so the UI can warn. A 19/20-digit number whose check digit is
  wrong is refused with the digit it should have been.
- EID (GSMA SGP.29): 32 digits starting `89`; the whole number mod 97 is 1 (ISO 7064
  MOD 97-10, like an IBAN).
- MSISDN: E.164 via `phonenumbers`; national input needs a region. `phonenumbers` (~25 ms
  to import) is imported by the first phone number, so cards known by ICCID alone never pay
  for it (the window paints stored cards through this module).
- Activation code (GSMA SGP.22 §4.1): `LPA:` + `1$<SM-DP+ address>$<matching ID>` then the
  optional `$<SM-DP+ OID>$<confirmation code required flag "1">`; the later SGP.22 fields
  (CI public key indicator, …) are kept verbatim so the QR payload round-trips.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from lebwallet.domain.text import normalize_typed

if TYPE_CHECKING:
    import phonenumbers

_MASK: Final = "•"
_SEPARATORS: Final = re.compile(r"[\s\-]+")


class InvalidIdentifier(ValueError):
    """The text is not a valid ICCID, EID, phone number or activation code; says why."""


def _show(text: str, limit: int = 24) -> str:
    """Quote user input in a message without echoing a huge paste."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _group(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def _mask_middle(digits: str, keep_start: int = 4, keep_end: int = 4) -> str:
    """Keep the first and last digits, replace the rest, group by four."""
    hidden = len(digits) - keep_start - keep_end
    if hidden <= 0:
        return _group(_MASK * len(digits))
    return _group(digits[:keep_start] + _MASK * hidden + digits[-keep_end:])


def _first_non_digit(text: str) -> str | None:
    if text.isascii() and text.isdigit():
        return None
    for char in text:
        if not ("0" <= char <= "9"):
            return char
    return None


# --- Luhn (ISO/IEC 7812-1) ---------------------------------------------------------------------


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
    if not payload or _first_non_digit(payload) is not None:
        raise ValueError("a Luhn payload is a non-empty string of ASCII digits")
    return str((10 - _luhn_sum(payload, double_last=True) % 10) % 10)


def luhn_valid(number: str) -> bool:
    """True when the last digit of `number` is its correct Luhn check digit."""
    if len(number) < 2 or _first_non_digit(number) is not None:
        return False
    return _luhn_sum(number, double_last=False) % 10 == 0


# --- ICCID -------------------------------------------------------------------------------------

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
        return _group(self.value)

    @property
    def masked(self) -> str:
        """First and last four digits only: ``8944 •••• •••• •••0 054``."""
        return _mask_middle(self.value)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Iccid({self.masked!r})"


def _check_iccid_digits(digits: str) -> None:
    if not isinstance(digits, str) or not digits:
        raise InvalidIdentifier("enter the ICCID: the 19 or 20 digits printed on the SIM card")
    bad = _first_non_digit(digits)
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
    digits = _SEPARATORS.sub("", text)
    if len(digits) > 64:
        raise InvalidIdentifier(f"an ICCID has 19 or 20 digits; this one has {len(digits)}")
    return Iccid(digits)


# --- EID ---------------------------------------------------------------------------------------

EID_LENGTH: Final = 32


def eid_check_digits(first_30: str) -> str:
    """The two SGP.29 check digits for the first 30 digits of an EID."""
    if len(first_30) != EID_LENGTH - 2 or _first_non_digit(first_30) is not None:
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
        bad = _first_non_digit(digits)
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
        return _group(self.value)

    @property
    def masked(self) -> str:
        """First and last four digits only, grouped by four."""
        return _mask_middle(self.value)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Eid({self.masked!r})"


def parse_eid(text: str) -> Eid:
    """Read an EID; spaces and dashes are ignored."""
    if not isinstance(text, str):
        raise InvalidIdentifier(f"an EID is text, not {type(text).__name__}")
    digits = _SEPARATORS.sub("", text)
    if len(digits) > 64:
        raise InvalidIdentifier(f"an EID has 32 digits; this one has {len(digits)}")
    return Eid(digits)


# --- MSISDN ------------------------------------------------------------------------------------

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
                out.append(char if seen > total - 3 else _MASK)
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


# --- LPA activation code (GSMA SGP.22 §4.1) ----------------------------------------------------

ACTIVATION_CODE_MAX_LENGTH: Final = 255
_LPA_PREFIX: Final = "LPA:"
_AC_FORMAT: Final = "1"
_AC_MAX_FIELDS: Final = 7
_FQDN_LABEL: Final = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_MATCHING_ID: Final = re.compile(r"[0-9A-Za-z-]*")
_OID: Final = re.compile(r"[0-2](\.(0|[1-9][0-9]*))+")


def _check_fqdn(address: str) -> None:
    hint = "a host name like smdp.example.com"
    if not address:
        raise InvalidIdentifier(f"the SM-DP+ address is missing; it is {hint}")
    labels = address.split(".")
    if (
        len(address) > 253
        or len(labels) < 2
        or not all(_FQDN_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise InvalidIdentifier(f"the SM-DP+ address {_show(address, 40)} is not {hint}")


@dataclass(frozen=True, slots=True)
class ActivationCode:
    """An eSIM activation code (GSMA SGP.22 §4.1), as put in the QR code with ``LPA:``.

    `matching_id` may be empty (the SM-DP+ then finds the profile by EID). It is compared
    as given; SGP.22 writes it in upper case, lower case is accepted as some carriers issue
    it. `extra_fields` holds the fields after the confirmation-code flag that later SGP.22
    versions define (CI public key indicator, …), verbatim.
    """

    smdp_address: str
    matching_id: str
    smdp_oid: str | None = None
    confirmation_code_required: bool = False
    extra_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_fqdn(self.smdp_address)
        if not _MATCHING_ID.fullmatch(self.matching_id):
            bad = next(c for c in self.matching_id if not _MATCHING_ID.fullmatch(c))
            raise InvalidIdentifier(
                f"the matching ID may contain only letters, digits and '-'; {bad!r} is not one"
            )
        if self.smdp_oid is not None and not _OID.fullmatch(self.smdp_oid):
            raise InvalidIdentifier(
                f"the SM-DP+ OID {_show(self.smdp_oid, 40)} is not a dotted number "
                "like 1.3.6.1.4.1.31746"
            )
        if len(self.extra_fields) > _AC_MAX_FIELDS - 5:
            raise InvalidIdentifier(
                f"an activation code has at most {_AC_MAX_FIELDS} fields separated by '$'"
            )
        for extra in self.extra_fields:
            if "$" in extra or any(c.isspace() or not c.isprintable() for c in extra):
                raise InvalidIdentifier(
                    f"the activation code field {_show(extra)} has a space or a control character"
                )
        if len(self.canonical) > ACTIVATION_CODE_MAX_LENGTH:
            raise InvalidIdentifier(
                f"an activation code has at most {ACTIVATION_CODE_MAX_LENGTH} characters"
            )

    @classmethod
    def parse(cls, text: str) -> ActivationCode:
        return parse_activation_code(text)

    @property
    def canonical(self) -> str:
        """The QR payload: ``LPA:1$<address>$<matching ID>[$<OID>[$1]]``; parses back equal."""
        fields = [_AC_FORMAT, self.smdp_address, self.matching_id]
        optional = [
            self.smdp_oid or "",
            "1" if self.confirmation_code_required else "",
            *self.extra_fields,
        ]
        while optional and optional[-1] == "":
            optional.pop()
        return _LPA_PREFIX + "$".join(fields + optional)

    @property
    def value(self) -> str:
        return self.canonical

    @property
    def masked_matching_id(self) -> str:
        """The matching ID with all but its last four characters hidden (all, if short)."""
        token = self.matching_id
        if len(token) <= 8:
            return _MASK * len(token)
        return _MASK * (len(token) - 4) + token[-4:]

    @property
    def masked(self) -> str:
        """The canonical form with the matching ID masked, for logs."""
        return self.canonical.replace(
            f"${self.smdp_address}${self.matching_id}",
            f"${self.smdp_address}${self.masked_matching_id}",
            1,
        )

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"ActivationCode({self.masked!r})"


def parse_activation_code(text: str) -> ActivationCode:
    """Read an activation code, with or without the ``LPA:`` prefix (any case).

    Surrounding white space is ignored; white space inside is an error. Empty trailing
    optional fields (``…$TOKEN$``) are accepted and dropped from `canonical`.
    """
    if not isinstance(text, str):
        raise InvalidIdentifier(f"an activation code is text, not {type(text).__name__}")
    code = text.strip()
    if not code:
        raise InvalidIdentifier("enter the activation code: LPA:1$<SM-DP+ address>$<matching ID>")
    if len(code) > ACTIVATION_CODE_MAX_LENGTH + len(_LPA_PREFIX):
        raise InvalidIdentifier(
            f"an activation code has at most {ACTIVATION_CODE_MAX_LENGTH} characters"
        )
    if any(c.isspace() for c in code):
        raise InvalidIdentifier("an activation code has no spaces or line breaks inside")
    if code[: len(_LPA_PREFIX)].upper() == _LPA_PREFIX:
        code = code[len(_LPA_PREFIX) :]
    fields = code.split("$")
    if fields[0] != _AC_FORMAT:
        if fields[0].isascii() and fields[0].isdigit():
            raise InvalidIdentifier(
                f"activation code format {_show(fields[0], 8)} is not supported; "
                "this app reads format 1 (GSMA SGP.22)"
            )
        raise InvalidIdentifier(
            "an activation code starts with LPA:1$, as in LPA:1$<SM-DP+ address>$<matching ID>"
        )
    if len(fields) < 3:
        raise InvalidIdentifier(
            "an activation code needs an SM-DP+ address and a matching ID: "
            "LPA:1$<SM-DP+ address>$<matching ID>"
        )
    while len(fields) > 3 and fields[-1] == "":
        fields.pop()
    if len(fields) > _AC_MAX_FIELDS:
        raise InvalidIdentifier(
            f"an activation code has at most {_AC_MAX_FIELDS} fields separated by '$'"
        )
    oid = fields[3] if len(fields) > 3 else ""
    flag = fields[4] if len(fields) > 4 else ""
    if flag not in ("", "1"):
        raise InvalidIdentifier(
            f"the confirmation-code flag of an activation code is 1 or empty, not {_show(flag, 8)}"
        )
    return ActivationCode(
        smdp_address=fields[1],
        matching_id=fields[2],
        smdp_oid=oid or None,
        confirmation_code_required=flag == "1",
        extra_fields=tuple(fields[5:]),
    )


# --- "bind a card by ICCID or phone number" ----------------------------------------------------

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
    compact = _SEPARATORS.sub("", stripped)
    if compact.startswith(("+", "00")):
        return parse_msisdn(stripped, default_region)
    if (
        compact.isascii()
        and compact.isdigit()
        and ((compact.startswith("89") and len(compact) >= _ICCID_MIN_DIGITS) or len(compact) > 15)
    ):
        return parse_iccid(compact)
    return parse_msisdn(stripped, default_region)
