"""The ISO 7816 framing (STORE DATA chaining, 61xx + GET RESPONSE, 6Cxx, 91xx) and the
service's checks, against the virtual eUICC in process (no reader): the same card the PC/SC
tests plug into pcscd."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from lebwallet.euicc import codec
from lebwallet.euicc.apdu import CardChannel, exchange, select_isd_r, store_data
from lebwallet.euicc.errors import CardRefused, GarbledResponse, InvalidNickname, NotAnEuicc
from lebwallet.euicc.service import EuiccService
from tests.doubles.virtual_euicc import VirtualEuicc
from tests.euicc.conftest import HK_ICCID, UK_ICCID, stock_profiles


class InProcess:
    """A `CardChannel` straight to a virtual card; keeps the APDUs sent."""

    def __init__(self, card: VirtualEuicc) -> None:
        self.card = card
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int, int]:
        self.sent.append(apdu)
        answer = self.card.answer(apdu)
        return answer[:-2], answer[-2], answer[-1]


class Scripted:
    """A `CardChannel` that answers from a list, for status words a good card rarely sends."""

    def __init__(self, *answers: str) -> None:
        self.answers = [bytes.fromhex(a) for a in answers]
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int, int]:
        self.sent.append(apdu)
        answer = self.answers.pop(0)
        return answer[:-2], answer[-2], answer[-1]


def service_for(card: VirtualEuicc) -> EuiccService:
    @contextmanager
    def open_card(reader: str) -> Iterator[CardChannel]:
        yield InProcess(card)

    return EuiccService(list_readers=lambda: ["in-process"], open_card=open_card)


def test_a_long_command_goes_in_numbered_blocks() -> None:
    card = VirtualEuicc(profiles=stock_profiles())
    channel = InProcess(card)
    select_isd_r(channel)
    long_nickname = "n" * 300  # more than one block (not allowed by SGP.22: a framing test)

    answer = store_data(channel, codec.set_nickname_request(HK_ICCID, long_nickname))

    codec.check_result("rename", answer)
    blocks = [apdu for apdu in channel.sent if apdu[1] == 0xE2]
    assert [(apdu[2], apdu[3]) for apdu in blocks] == [(0x11, 0), (0x91, 1)]
    assert card.profile(HK_ICCID).nickname == long_nickname


def test_a_long_answer_comes_through_get_response() -> None:
    card = VirtualEuicc(profiles=stock_profiles(), chunk=16)
    channel = InProcess(card)
    select_isd_r(channel)

    profiles = codec.decode_profiles(store_data(channel, codec.profile_list_request()))

    assert len(profiles) == 3
    get_responses = [apdu for apdu in channel.sent if apdu[1] == 0xC0]
    assert len(get_responses) > 5
    assert all(1 <= apdu[4] <= 16 for apdu in get_responses)


def test_wrong_length_is_sent_again_and_91xx_is_done() -> None:
    channel = Scripted("6c05", "01020304059110")

    assert exchange(channel, bytes.fromhex("80ca00fe00")) == (bytes.fromhex("0102030405"), 0x9000)
    assert channel.sent[1] == bytes.fromhex("80ca00fe05")


def test_a_card_that_never_stops_offering_data_is_garbled() -> None:
    channel = Scripted(*(["0061ff"] * 300))

    with pytest.raises(GarbledResponse, match="without end"):
        exchange(channel, bytes.fromhex("80e2910003bf2d00"))


def test_a_card_without_isd_r_is_not_an_euicc() -> None:
    with pytest.raises(NotAnEuicc, match="6A82"):
        select_isd_r(InProcess(VirtualEuicc(is_euicc=False)))


def test_ok_without_the_change_is_not_reported_done() -> None:
    card = VirtualEuicc(profiles=stock_profiles(), lie={"enable"})

    with pytest.raises(CardRefused) as refused:
        service_for(card).enable("in-process", HK_ICCID)

    assert refused.value.reason == "notApplied"


def test_an_unknown_profile_is_refused_before_any_change() -> None:
    card = VirtualEuicc(profiles=stock_profiles())

    with pytest.raises(CardRefused, match="no profile"):
        service_for(card).disable("in-process", "8944110000000000999")

    assert "disable" not in card.commands


def test_a_nickname_longer_than_64_bytes_changes_nothing() -> None:
    card = VirtualEuicc(profiles=stock_profiles())

    with pytest.raises(InvalidNickname, match="64 bytes"):
        service_for(card).set_nickname("in-process", UK_ICCID, "保" * 22)  # 66 bytes

    assert card.commands == []
    service_for(card).set_nickname("in-process", UK_ICCID, "保" * 21)
    assert card.profile(UK_ICCID).nickname == "保" * 21
