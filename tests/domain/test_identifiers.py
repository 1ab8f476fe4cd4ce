"""ICCID, EID, phone number and activation code: published vectors, every refusal, masking."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lebwallet.domain.identifiers import (
    ActivationCode,
    Eid,
    Iccid,
    InvalidIdentifier,
    Msisdn,
    detect_card_identifier,
    eid_check_digits,
    luhn_check_digit,
    luhn_valid,
    parse_activation_code,
    parse_eid,
    parse_iccid,
    parse_msisdn,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)

# --- Luhn -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "check"),
    [
        ("7992739871", "3"),  # the worked example of ISO/IEC 7812-1 (Wikipedia, Luhn algorithm)
        ("8901410321111851072", "0"),
        ("899110120000320451", "4"),
        ("0", "0"),
    ],
)
def test_luhn_check_digit_vectors(payload: str, check: str) -> None:
    assert luhn_check_digit(payload) == check
    assert luhn_valid(payload + check)


@pytest.mark.parametrize("number", ["79927398710", "", "1", "12a4", "٣٤"])
def test_luhn_valid_is_false_for_wrong_or_non_digit_input(number: str) -> None:
    assert not luhn_valid(number)


def test_luhn_check_digit_refuses_non_digits() -> None:
    with pytest.raises(ValueError, match="non-empty string of ASCII digits"):
        luhn_check_digit("12x")
    with pytest.raises(ValueError, match="non-empty string of ASCII digits"):
        luhn_check_digit("")


# --- ICCID ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "masked", "calling_code", "region"),
    [
        # Published examples, each checked here by computing its Luhn digit.
        ("89014103211118510720", "89014103211118510720", "8901 •••• •••• •••• 0720", 1, "US"),
        ("8929901012345678905", "8929901012345678905", "8929 •••• •••• •••8 905", 299, "GL"),
        # Written the way SIM cards print them.
        ("8944 1100 6825 6270 054", "8944110068256270054", "8944 •••• •••• •••0 054", 44, "GB"),
        ("89-86-0000-0000-0000-0001", "89860000000000000001", "8986 •••• •••• •••• 0001", 86, "CN"),
        (
            " 8985 2000 0000 0000 000 8 ",
            "89852000000000000008",
            "8985 •••• •••• •••• 0008",
            852,
            "HK",
        ),
    ],
)
def test_valid_iccids(text: str, value: str, masked: str, calling_code: int, region: str) -> None:
    iccid = parse_iccid(text)
    assert iccid.value == value
    assert iccid.has_check_digit
    assert iccid.luhn_ok
    assert iccid.check_digit == value[-1]
    assert iccid.payload == value[:-1]
    assert iccid.masked == masked == str(iccid)
    assert repr(iccid) == f"Iccid({masked!r})"
    assert iccid.issuer_calling_code == calling_code
    assert iccid.issuer_region == region
    assert iccid.grouped.replace(" ", "") == value


def test_a_non_geographic_issuer_has_a_calling_code_but_no_region() -> None:
    value = "8988247" + "0" * 11
    iccid = parse_iccid(value + luhn_check_digit(value))
    assert iccid.issuer_calling_code == 882
    assert iccid.issuer_region is None


def test_wikipedia_iccid_example_fails_luhn_and_the_message_names_the_right_digit() -> None:
    # 8991101200003204510 is the example in Wikipedia's SIM card article. Computed here, its
    # Luhn check digit is 4, not 0, so it is refused (with the digit it should have).
    with pytest.raises(InvalidIdentifier, match=r"should be 4 \(its Luhn check digit\), not 0"):
        parse_iccid("8991101200003204510")
    assert parse_iccid("8991101200003204514").issuer_region == "IN"


def test_an_18_digit_iccid_without_check_digit_is_accepted_but_flagged() -> None:
    iccid = parse_iccid("8944 1100 6825 6270 05")
    assert not iccid.has_check_digit
    assert not iccid.luhn_ok
    assert iccid.check_digit is None
    assert iccid.payload == "894411006825627005"
    assert iccid.masked == "8944 •••• •••• ••70 05"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "enter the ICCID"),
        ("  - ", "enter the ICCID"),
        ("8944 11OO 6825 6270 054", "only digits; 'O' is not a digit"),
        ("8944/1100", "only digits; '/' is not a digit"),
        ("1234567890123456789", "starts with 89 .*this one starts with 12"),
        ("894411006825627", "19 or 20 digits; this one has 15"),
        ("894411006825627005412", "19 or 20 digits; this one has 21"),
        ("8" * 65, "19 or 20 digits; this one has 65"),
        ("8944110068256270055", "should be 4 .*not 5"),
    ],
)
def test_invalid_iccids_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InvalidIdentifier, match=message):
        parse_iccid(text)


def test_iccid_refuses_non_text() -> None:
    with pytest.raises(InvalidIdentifier, match="text, not int"):
        parse_iccid(8944110068256270054)  # type: ignore[arg-type]


def test_stored_iccids_are_validated_again() -> None:
    with pytest.raises(InvalidIdentifier):
        Iccid("8944110068256270055")
    assert Iccid("8944110068256270054") == parse_iccid("8944-1100-6825-6270-054")


iccid_payloads = st.builds(
    lambda rest: "89" + rest, st.text(alphabet="0123456789", min_size=16, max_size=17)
)


@settings(max_examples=150)
@given(payload=iccid_payloads, data=st.data())
def test_luhn_round_trip_and_every_single_digit_error_is_caught(
    payload: str, data: st.DataObject
) -> None:
    number = payload + luhn_check_digit(payload)
    iccid = parse_iccid(number)
    assert iccid.luhn_ok
    assert iccid.value == number
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    replacement = data.draw(digits.filter(lambda d: d != number[position]))
    typo = number[:position] + replacement + number[position + 1 :]
    assert not luhn_valid(typo)
    with pytest.raises(InvalidIdentifier):
        parse_iccid(typo)


@settings(max_examples=50)
@given(payload=iccid_payloads)
def test_masked_iccid_never_shows_the_middle_digits(payload: str) -> None:
    number = payload + luhn_check_digit(payload)
    masked = parse_iccid(number).masked.replace(" ", "")
    assert masked[:4] == number[:4]
    assert masked[-4:] == number[-4:]
    assert set(masked[4:-4]) == {"•"}


# --- EID ------------------------------------------------------------------------------------------

SGP29_EID = "89049032123451234512345678901235"


@pytest.mark.parametrize(
    "value",
    [
        SGP29_EID,  # GSMA SGP.29 example (#EID1 in SGP.23 / SGP.26 test material)
        "89086030202200000022000023022943",
        "89044045116727494800000004479366",
    ],
)
def test_published_eids_are_valid(value: str) -> None:
    eid = parse_eid(value)
    assert eid.value == value
    assert int(value) % 97 == 1
    assert eid_check_digits(value[:30]) == value[30:]


def test_eid_forms() -> None:
    eid = parse_eid("8904 9032 1234 5123 4512 3456 7890 1235")
    assert eid == Eid(SGP29_EID)
    assert eid.masked == "8904 •••• •••• •••• •••• •••• •••• 1235" == str(eid)
    assert repr(eid) == f"Eid({eid.masked!r})"
    assert eid.grouped == "8904 9032 1234 5123 4512 3456 7890 1235"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "enter the EID"),
        ("8904903212345123451234567890123X", "only digits; 'X' is not a digit"),
        ("890490321234512345123456789012", "32 digits; this one has 30"),
        ("9" * 70, "32 digits; this one has 70"),
        ("12049032123451234512345678901235", "starts with 89; this one starts with 12"),
        ("89049032123451234512345678901234", "should be 35 .*not 34"),
        ("89049032123451234512345678901335", "should be 32 .*not 35"),
    ],
)
def test_invalid_eids_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InvalidIdentifier, match=message):
        parse_eid(text)


def test_eid_check_digits_needs_thirty_digits() -> None:
    with pytest.raises(ValueError, match="first 30 digits"):
        eid_check_digits("8904")


@settings(max_examples=150)
@given(rest=st.text(alphabet="0123456789", min_size=28, max_size=28), data=st.data())
def test_mod97_round_trip_and_every_single_digit_error_is_caught(
    rest: str, data: st.DataObject
) -> None:
    first = "89" + rest
    value = first + eid_check_digits(first)
    assert parse_eid(value).value == value
    position = data.draw(st.integers(min_value=0, max_value=31))
    replacement = data.draw(digits.filter(lambda d: d != value[position]))
    with pytest.raises(InvalidIdentifier):
        parse_eid(value[:position] + replacement + value[position + 1 :])


# --- MSISDN ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "e164", "number_region", "international", "masked"),
    [
        ("+44 7400 123456", None, "+447400123456", "GB", "+44 7400 123456", "+44 •••• •••456"),
        ("07400 123456", "GB", "+447400123456", "GB", "+44 7400 123456", "+44 •••• •••456"),
        ("07400-123-456", "gb", "+447400123456", "GB", "+44 7400 123456", "+44 •••• •••456"),
        ("0044 7400 123456", "GB", "+447400123456", "GB", "+44 7400 123456", "+44 •••• •••456"),
        ("+1 (202) 555-0123", None, "+12025550123", "US", "+1 202-555-0123", "+1 •••-•••-•123"),
        ("6123 4567", "HK", "+85261234567", "HK", "+852 6123 4567", "+852 •••• •567"),
        (
            "+86 138 0013 8000",
            "GB",
            "+8613800138000",
            "CN",
            "+86 138 0013 8000",
            "+86 ••• •••• •000",
        ),
    ],
)
def test_valid_phone_numbers(
    text: str,
    region: str | None,
    e164: str,
    number_region: str,
    international: str,
    masked: str,
) -> None:
    msisdn = parse_msisdn(text, region)
    assert msisdn.e164 == msisdn.value == e164
    assert msisdn.region == number_region
    assert msisdn.international == international
    assert msisdn.masked == masked == str(msisdn)
    assert repr(msisdn) == f"Msisdn({masked!r})"
    assert msisdn.is_mobile


def test_msisdn_details() -> None:
    landline = parse_msisdn("+44 20 7946 0000")
    assert not landline.is_mobile
    assert landline.country_code == 44
    assert parse_msisdn("+800 1234 5678").region is None  # non-geographic
    assert Msisdn("+447400123456") == parse_msisdn("07400123456", "GB")


@pytest.mark.parametrize(
    ("text", "region", "message"),
    [
        ("", None, "enter the phone number"),
        ("07400 123456", None, "has no country code: write it as \\+44"),
        ("+999 1234567", None, "does not start with a known country calling code"),
        ("07400 123456", "XX", "'XX' is not a region"),
        ("+44 7400 12345", None, "is not a valid number for \\+44 \\(GB\\)"),
        ("+4474", None, "is too short for \\+44 \\(GB\\)"),
        ("+44 7400 1234567890123", None, "too long"),
        ("1-800-FLOWERS", "US", "only digits, spaces.*'F' is not one"),
        ("+44 7400 123456 ext 1", None, "'e' is not one"),
        ("+", None, "does not look like a phone number"),
        ("1" * 65, "GB", "too long to be a phone number"),
    ],
)
def test_invalid_phone_numbers_say_why(text: str, region: str | None, message: str) -> None:
    with pytest.raises(InvalidIdentifier, match=message) as caught:
        parse_msisdn(text, region)
    assert "7400" not in str(caught.value)  # messages may reach a log: no number in them


@pytest.mark.parametrize("value", ["447400123456", "+44 7400 123456", "+447400", "+44740012345"])
def test_stored_msisdn_must_be_valid_e164(value: str) -> None:
    with pytest.raises(InvalidIdentifier):
        Msisdn(value)


# --- activation codes -----------------------------------------------------------------------------

SGP22_EXAMPLES = [
    # (input, smdp, matching id, oid, confirmation code required)
    ("LPA:1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815", "SMDP.GSMA.COM", "04386-AGYFT-A74Y8-3F815",
     None, False),
    ("LPA:1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815$$1", "SMDP.EXAMPLE.COM",
     "04386-AGYFT-A74Y8-3F815", None, True),
    ("LPA:1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746$1", "SMDP.EXAMPLE.COM",
     "04386-AGYFT-A74Y8-3F815", "1.3.6.1.4.1.31746", True),
    ("LPA:1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746", "SMDP.EXAMPLE.COM",
     "04386-AGYFT-A74Y8-3F815", "1.3.6.1.4.1.31746", False),
    ("LPA:1$SMDP.EXAMPLE.COM$$1.3.6.1.4.1.31746", "SMDP.EXAMPLE.COM", "", "1.3.6.1.4.1.31746",
     False),
    ("LPA:1$SMDP.EXAMPLE.COM$$1.3.6.1.4.1.31746$1", "SMDP.EXAMPLE.COM", "", "1.3.6.1.4.1.31746",
     True),
    ("LPA:1$SMDP.EXAMPLE.NET$KL14XA-8C7RLY$1.3.6.1.4.1.3174", "SMDP.EXAMPLE.NET", "KL14XA-8C7RLY",
     "1.3.6.1.4.1.3174", False),
]  # fmt: skip


@pytest.mark.parametrize(("text", "smdp", "matching_id", "oid", "confirm"), SGP22_EXAMPLES)
def test_sgp22_examples_parse_and_round_trip(
    text: str, smdp: str, matching_id: str, oid: str | None, confirm: bool
) -> None:
    code = parse_activation_code(text)
    assert (code.smdp_address, code.matching_id, code.smdp_oid) == (smdp, matching_id, oid)
    assert code.confirmation_code_required is confirm
    assert code.canonical == code.value == text
    assert parse_activation_code(code.canonical) == code
    assert ActivationCode.parse(text) == code


def test_prefix_is_optional_and_case_insensitive_and_canonical_uses_lpa() -> None:
    expected = "LPA:1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815"
    for text in (
        "lpa:1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815",
        "1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815",
        "  LPA:1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815\n",
        "LPA:1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815$$",
    ):
        assert parse_activation_code(text).canonical == expected


def test_later_sgp22_fields_are_kept_verbatim() -> None:
    text = "LPA:1$rsp.example.com$ABC-123$$1$F54172BDF98A95D65CBEB88A38A1C11D800A85C3"
    code = parse_activation_code(text)
    assert code.extra_fields == ("F54172BDF98A95D65CBEB88A38A1C11D800A85C3",)
    assert code.confirmation_code_required
    assert code.canonical == text


def test_str_and_repr_mask_the_matching_id() -> None:
    code = parse_activation_code("LPA:1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815$$1")
    assert str(code) == "LPA:1$SMDP.GSMA.COM$" + "•" * 19 + "F815$$1"
    assert "04386" not in repr(code)
    assert "04386" not in str(code)
    short = parse_activation_code("LPA:1$smdp.example.com$ABCD1234")
    assert short.masked == "LPA:1$smdp.example.com$••••••••"
    empty = parse_activation_code("LPA:1$smdp.example.com$")
    assert empty.masked == empty.canonical == "LPA:1$smdp.example.com$"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "enter the activation code"),
        ("LPA:2$SMDP.GSMA.COM$X", "format '2' is not supported"),
        ("SMDP.GSMA.COM$X", "starts with LPA:1\\$"),
        ("LPA:1$SMDP.EXAMPLE.COM", "needs an SM-DP\\+ address and a matching ID"),
        ("LPA:1$$ABC", "the SM-DP\\+ address is missing"),
        ("LPA:1$1.2.3.4$ABC", "'1.2.3.4' is not a host name"),
        ("LPA:1$localhost$ABC", "'localhost' is not a host name"),
        ("LPA:1$smdp_.example.com$ABC", "is not a host name"),
        ("LPA:1$-smdp.example.com$ABC", "is not a host name"),
        ("LPA:1$smdp.example.com.$ABC", "is not a host name"),
        ("LPA:1$smdp.example.com$ABC_123", "letters, digits and '-'; '_' is not one"),
        ("LPA:1$smdp.example.com$ABC$1.3.x", "OID '1.3.x' is not a dotted number"),
        ("LPA:1$smdp.example.com$ABC$3.1", "OID '3.1' is not a dotted number"),
        ("LPA:1$smdp.example.com$ABC$$2", "flag of an activation code is 1 or empty, not '2'"),
        ("LPA:1$smdp.example.com$AB C", "no spaces or line breaks"),
        ("LPA:1$smdp.example.com$A$$1$b$c$d", "at most 7 fields"),
        ("LPA:1$smdp.example.com$" + "A" * 300, "at most 255 characters"),
        ("LPA:1$smdp.example.com$" + "A" * 240, "at most 255 characters"),
    ],
)
def test_invalid_activation_codes_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InvalidIdentifier, match=message):
        parse_activation_code(text)


def test_activation_code_direct_construction_is_validated() -> None:
    with pytest.raises(InvalidIdentifier, match="control character"):
        ActivationCode("smdp.example.com", "ABC", extra_fields=("a\x00",))
    with pytest.raises(InvalidIdentifier, match="not a host name"):
        ActivationCode("smdp", "ABC")


labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
activation_codes = st.builds(
    ActivationCode,
    smdp_address=st.builds(
        lambda parts, tld: ".".join([*parts, tld]),
        st.lists(labels, min_size=1, max_size=3),
        st.from_regex(r"[a-z]{2,6}", fullmatch=True),
    ),
    matching_id=st.from_regex(r"[0-9A-Za-z-]{0,40}", fullmatch=True),
    smdp_oid=st.one_of(
        st.none(), st.from_regex(r"[0-2](\.(0|[1-9][0-9]{0,5})){1,8}", fullmatch=True)
    ),
    confirmation_code_required=st.booleans(),
)


@settings(max_examples=100)
@given(code=activation_codes)
def test_canonical_activation_code_round_trips(code: ActivationCode) -> None:
    assert parse_activation_code(code.canonical) == code
    assert parse_activation_code(code.canonical.lower().replace("lpa:", "LPA:", 1)).smdp_address
    if len(code.matching_id) > 8:
        assert code.matching_id not in str(code)


# --- ICCID or phone number ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "kind", "value"),
    [
        ("8944 1100 6825 6270 054", None, Iccid, "8944110068256270054"),
        ("89014103211118510720", "GB", Iccid, "89014103211118510720"),
        ("894411006825627005", None, Iccid, "894411006825627005"),
        ("+44 7400 123456", None, Msisdn, "+447400123456"),
        ("0044 7400 123456", "GB", Msisdn, "+447400123456"),
        ("07400 123456", "GB", Msisdn, "+447400123456"),
        ("(202) 555-0123", "US", Msisdn, "+12025550123"),
        ("8 916 123-45-67", "RU", Msisdn, "+79161234567"),  # national, starts with 89
    ],
)
def test_detect_card_identifier(text: str, region: str | None, kind: type, value: str) -> None:
    found = detect_card_identifier(text, region)
    assert isinstance(found, kind)
    assert (found.value if isinstance(found, Iccid) else found.e164) == value


@pytest.mark.parametrize(
    ("text", "region", "message"),
    [
        ("", "GB", "enter the card's ICCID .* or its phone number"),
        ("8944 1100 6825 6270 055", "GB", "should be 4"),
        ("1234 5678 9012 3456 789", "GB", "starts with 89"),
        ("8944 1100 6825 627", "GB", "19 or 20 digits; this one has 15"),
        ("07400 123456", None, "has no country code"),
        ("+44 7400 12345", None, "not a valid number"),
    ],
)
def test_detect_card_identifier_explains_against_the_detected_kind(
    text: str, region: str | None, message: str
) -> None:
    with pytest.raises(InvalidIdentifier, match=message):
        detect_card_identifier(text, region)


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("８９４４１１００６８２５６２７００５４", Iccid, "8944110068256270054"),
        ("８９４４ １１００ ６８２５ ６２７０ ０５４", Iccid, "8944110068256270054"),
        ("＋４４ ７４００ １２３４５６", Msisdn, "+447400123456"),
        ("\u3000+44\u30007400\u3000123456", Msisdn, "+447400123456"),
    ],
)
def test_numbers_typed_with_a_chinese_input_method_are_read_as_typed(
    typed: str, kind: type, value: str
) -> None:
    identifier = detect_card_identifier(typed)
    assert isinstance(identifier, kind)
    assert (identifier.value if isinstance(identifier, Iccid) else identifier.e164) == value
