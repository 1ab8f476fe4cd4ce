"""The ES10 messages in BER, pinned to the bytes SGP.22 defines, and what is not a message."""

from __future__ import annotations

import pytest

from lebwallet.euicc import codec
from lebwallet.euicc.errors import CardRefused, GarbledResponse
from lebwallet.euicc.profiles import NotificationEvent, ProfileClass, ProfileState
from tests.doubles.virtual_euicc import make_eid

ICCID = "8944110068256270054"
ICCID_BCD = "984411008652260750f4"  # swapped nibbles, F-padded (EF ICCID coding)


def test_iccid_is_swapped_bcd_padded_with_f() -> None:
    assert codec.iccid_to_bytes(ICCID).hex() == ICCID_BCD
    assert codec.iccid_from_bytes(bytes.fromhex(ICCID_BCD)) == ICCID
    assert codec.iccid_from_bytes(bytes.fromhex("98441100866572600745")) == "89441100685627067054"


def test_an_iccid_that_is_not_digits_is_garbled() -> None:
    with pytest.raises(GarbledResponse, match="not digits"):
        codec.iccid_from_bytes(bytes.fromhex("98a41100866572600745"))


@pytest.mark.parametrize(
    ("request_bytes", "expected"),
    [
        (codec.get_eid_request(), "bf3e035c015a"),
        (codec.profile_list_request(), "bf2d0a5c085a4f9f7090919295"),
        (codec.list_notification_request(), "bf2800"),
        (codec.delete_request(ICCID), f"bf330c5a0a{ICCID_BCD}"),
    ],
    ids=["eid", "profiles", "notifications", "delete"],
)
def test_requests_have_the_sgp22_tags(request_bytes: bytes, expected: str) -> None:
    assert request_bytes.hex() == expected


def test_enable_and_disable_carry_the_iccid_and_the_refresh_flag() -> None:
    iccid = ICCID_BCD
    assert codec.enable_request(ICCID).hex() == f"bf3111a00c5a0a{iccid}8101ff"
    assert codec.disable_request(ICCID, refresh=False).hex() == f"bf3211a00c5a0a{iccid}810100"
    nickname = codec.set_nickname_request(ICCID, "UK").hex()
    assert nickname == f"bf29105a0a{iccid}9002554b"


def test_decodes_a_profile_list_with_fields_of_a_later_version() -> None:
    # E3: ICCID, state enabled, nickname "UK", provider "gfg", name "Gvf", class
    # operational, and an unknown field DF7F (a later SGP.22 version): skipped, not an error.
    body = f"5a0a{ICCID_BCD}9f7001019002554b91036766679203477666950102df7f0101"
    info = f"e3{len(bytes.fromhex(body)):02x}{body}"
    outer = f"a0{len(bytes.fromhex(info)):02x}{info}"
    data = bytes.fromhex(f"bf2d{len(bytes.fromhex(outer)):02x}{outer}")

    (profile,) = codec.decode_profiles(data)

    assert profile.iccid == ICCID
    assert profile.state is ProfileState.ENABLED
    assert profile.profile_class is ProfileClass.OPERATIONAL
    assert (profile.nickname, profile.service_provider, profile.name) == ("UK", "gfg", "Gvf")


def test_a_profile_without_a_class_is_operational_and_without_a_state_disabled() -> None:
    data = bytes.fromhex(f"bf2d10a00ee30c5a0a{ICCID_BCD}")

    (profile,) = codec.decode_profiles(data)

    assert profile.profile_class is ProfileClass.OPERATIONAL
    assert profile.state is ProfileState.DISABLED


@pytest.mark.parametrize(
    "data",
    [b"", b"\x90\x00", bytes.fromhex("bf2d05a003e30199"), bytes.fromhex("bf3e035c015a")],
    ids=["empty", "status-word", "truncated", "another-message"],
)
def test_what_is_not_a_profile_list_is_garbled(data: bytes) -> None:
    with pytest.raises(GarbledResponse):
        codec.decode_profiles(data)


def test_a_profile_list_error_is_reported() -> None:
    with pytest.raises(GarbledResponse, match="could not list its profiles"):
        codec.decode_profiles(bytes.fromhex("bf2d03810101"))


def test_eid_and_an_eid_that_fails_its_check_digits() -> None:
    eid = make_eid()
    assert codec.decode_eid(bytes.fromhex(f"bf3e125a10{eid}")).value == eid
    bad = eid[:-1] + str((int(eid[-1]) + 1) % 10)
    with pytest.raises(GarbledResponse, match="invalid EID"):
        codec.decode_eid(bytes.fromhex(f"bf3e125a10{bad}"))


def test_notifications_decode_with_their_event() -> None:
    # seqNumber 1, operation: bit 1 (enable) of a 2-bit string, address "a.b", ICCID.
    meta = f"800101810206400c03612e625a0a{ICCID_BCD}"
    item = f"bf2f{len(bytes.fromhex(meta)):02x}{meta}"
    outer = f"a0{len(bytes.fromhex(item)):02x}{item}"
    data = bytes.fromhex(f"bf28{len(bytes.fromhex(outer)):02x}{outer}")

    (note,) = codec.decode_notifications(data)

    assert (note.seq_number, note.event, note.address, note.iccid) == (
        1,
        NotificationEvent.ENABLE,
        "a.b",
        ICCID,
    )
    assert note.meaning.startswith("The profile was enabled (8944 ")
    assert "a.b has not been told yet" in note.meaning


@pytest.mark.parametrize(
    ("operation", "data", "reason"),
    [
        ("enable", "bf3103800102", "profileNotInDisabledState"),
        ("disable", "bf3203800103", "disallowedByPolicy"),
        ("delete", "bf3303800101", "iccidOrAidNotFound"),
        ("rename", "bf2903800101", "iccidNotFound"),
        ("enable", "bf310380015a", "undefinedError(90)"),
    ],
)
def test_a_refusal_names_its_reason(operation: str, data: str, reason: str) -> None:
    with pytest.raises(CardRefused) as refused:
        codec.check_result(operation, bytes.fromhex(data))

    assert refused.value.reason == reason


def test_ok_results_pass() -> None:
    for operation, tag in (("enable", "31"), ("disable", "32"), ("delete", "33"), ("rename", "29")):
        codec.check_result(operation, bytes.fromhex(f"bf{tag}03800100"))
