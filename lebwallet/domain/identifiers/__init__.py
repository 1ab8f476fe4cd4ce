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
  for it (the window paints stored cards through this package).
- Activation code (GSMA SGP.22 §4.1): `LPA:` + `1$<SM-DP+ address>$<matching ID>` then the
  optional `$<SM-DP+ OID>$<confirmation code required flag "1">`; the later SGP.22 fields
  (CI public key indicator, …) are kept verbatim so the QR payload round-trips.

Import the names from `lebwallet.domain.identifiers`; the modules under it keep one
identifier each (`iccid`, `eid`, `msisdn`, `activation_code`), what they share (`digits`:
the error, masking, Luhn) and the reading of "ICCID or phone number" (`detect`).
"""

from __future__ import annotations

from lebwallet.domain.identifiers.activation_code import (
    ACTIVATION_CODE_MAX_LENGTH,
    ActivationCode,
    parse_activation_code,
)
from lebwallet.domain.identifiers.detect import detect_card_identifier
from lebwallet.domain.identifiers.digits import InvalidIdentifier, luhn_check_digit, luhn_valid
from lebwallet.domain.identifiers.eid import EID_LENGTH, Eid, eid_check_digits, parse_eid
from lebwallet.domain.identifiers.iccid import (
    ICCID_LENGTH_WITHOUT_CHECK_DIGIT,
    ICCID_LENGTHS,
    Iccid,
    parse_iccid,
)
from lebwallet.domain.identifiers.msisdn import Msisdn, parse_msisdn

__all__ = [
    "ACTIVATION_CODE_MAX_LENGTH",
    "EID_LENGTH",
    "ICCID_LENGTHS",
    "ICCID_LENGTH_WITHOUT_CHECK_DIGIT",
    "ActivationCode",
    "Eid",
    "Iccid",
    "InvalidIdentifier",
    "Msisdn",
    "detect_card_identifier",
    "eid_check_digits",
    "luhn_check_digit",
    "luhn_valid",
    "parse_activation_code",
    "parse_eid",
    "parse_iccid",
    "parse_msisdn",
]
