"""The eSIM activation code (GSMA SGP.22 §4.1), as put in the QR code with ``LPA:``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from lebwallet.domain.identifiers.digits import MASK, InvalidIdentifier, quoted

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
        raise InvalidIdentifier(f"the SM-DP+ address {quoted(address, 40)} is not {hint}")


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
                f"the SM-DP+ OID {quoted(self.smdp_oid, 40)} is not a dotted number "
                "like 1.3.6.1.4.1.31746"
            )
        if len(self.extra_fields) > _AC_MAX_FIELDS - 5:
            raise InvalidIdentifier(
                f"an activation code has at most {_AC_MAX_FIELDS} fields separated by '$'"
            )
        for extra in self.extra_fields:
            if "$" in extra or any(c.isspace() or not c.isprintable() for c in extra):
                raise InvalidIdentifier(
                    f"the activation code field {quoted(extra)} has a space or a control character"
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
            return MASK * len(token)
        return MASK * (len(token) - 4) + token[-4:]

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
                f"activation code format {quoted(fields[0], 8)} is not supported; "
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
            f"the confirmation-code flag of an activation code is 1 or empty, not {quoted(flag, 8)}"
        )
    return ActivationCode(
        smdp_address=fields[1],
        matching_id=fields[2],
        smdp_oid=oid or None,
        confirmation_code_required=flag == "1",
        extra_fields=tuple(fields[5:]),
    )
