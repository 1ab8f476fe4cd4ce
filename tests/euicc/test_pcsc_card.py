"""The eSIM card use cases over a real pcscd, with a virtual eUICC in vpcd's reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from lebwallet.euicc.errors import (
    CardRefused,
    CardRemoved,
    GarbledResponse,
    NoCard,
    NoReader,
    NotAnEuicc,
    WrongConfirmation,
)
from lebwallet.euicc.profiles import (
    EuiccCard,
    EuiccProfile,
    NotificationEvent,
    ProfileClass,
    ProfileState,
)
from lebwallet.euicc.service import EuiccService
from tests.doubles.virtual_euicc import VirtualEuicc, make_eid
from tests.euicc.conftest import HK_ICCID, UK_ICCID, US_ICCID
from tests.support.pcscd import Pcscd, PcscdDaemon, wait_for_card


def _profile(card: EuiccCard, iccid: str) -> EuiccProfile:
    found = card.profile(iccid)
    assert found is not None
    return found


def test_reads_the_eid_and_the_profiles(
    card: VirtualEuicc, reader: str, service: EuiccService
) -> None:
    read = service.read(reader)

    assert read.reader == reader
    assert read.eid.value == make_eid()
    assert [p.iccid for p in read.profiles] == [UK_ICCID, HK_ICCID, US_ICCID]
    uk, hk, us = read.profiles
    assert (uk.name, uk.service_provider) == ("giffgaff", "giffgaff")
    assert uk.state is ProfileState.ENABLED
    assert (hk.name, hk.service_provider) == ("CMHK 1O1", "China Mobile Hong Kong")
    assert hk.state is ProfileState.DISABLED
    assert us.nickname == "US"
    assert all(p.profile_class is ProfileClass.OPERATIONAL for p in read.profiles)
    assert read.notifications == ()
    # The answers came through 61xx + GET RESPONSE: the profile list is longer than a chunk.
    assert card.chunk < 100


def test_lists_readers_with_and_without_a_card(
    pcscd: Pcscd, card: VirtualEuicc, service: EuiccService
) -> None:
    states = service.scan()

    assert [state.reader for state in states] == list(pcscd.readers)
    assert states[0].card is not None
    assert isinstance(states[1].error, NoCard)


def test_a_reader_with_no_card_is_no_card(pcscd: Pcscd, service: EuiccService) -> None:
    with pytest.raises(NoCard, match="no card"):
        service.read(pcscd.readers[1])


def test_an_unknown_reader_is_no_reader(pcscd: Pcscd, service: EuiccService) -> None:
    with pytest.raises(NoReader):
        service.read("Gone Reader 00 00")


def test_sets_a_nickname(card: VirtualEuicc, reader: str, service: EuiccService) -> None:
    after = service.set_nickname(reader, HK_ICCID, "  香港 保号  ")

    assert _profile(after, HK_ICCID).nickname == "香港 保号"
    assert card.profile(HK_ICCID).nickname == "香港 保号"
    assert _profile(service.read(reader), HK_ICCID).label == "香港 保号"


def test_enables_and_disables_with_the_state_read_back(
    card: VirtualEuicc, reader: str, service: EuiccService
) -> None:
    after = service.enable(reader, HK_ICCID)

    assert _profile(after, HK_ICCID).state is ProfileState.ENABLED
    assert _profile(after, UK_ICCID).state is ProfileState.DISABLED
    assert _profile(service.read(reader), HK_ICCID).enabled
    events = [(n.event, n.iccid) for n in after.notifications]
    assert events == [
        (NotificationEvent.DISABLE, UK_ICCID),
        (NotificationEvent.ENABLE, HK_ICCID),
    ]
    assert "has not been told yet" in after.notifications[1].meaning

    after = service.disable(reader, HK_ICCID)

    assert all(p.state is ProfileState.DISABLED for p in after.profiles)
    assert not card.profile(HK_ICCID).enabled


def test_enabling_an_enabled_profile_is_refused(
    card: VirtualEuicc, reader: str, service: EuiccService
) -> None:
    with pytest.raises(CardRefused) as refused:
        service.enable(reader, UK_ICCID)

    assert refused.value.reason == "profileNotInDisabledState"


def test_deletes_only_with_the_typed_iccid(
    card: VirtualEuicc, reader: str, service: EuiccService
) -> None:
    with pytest.raises(WrongConfirmation):
        service.delete(reader, HK_ICCID, typed_iccid=UK_ICCID)
    assert "delete" not in card.commands
    assert len(card.profiles) == 3

    spaced = " ".join(HK_ICCID[i : i + 4] for i in range(0, len(HK_ICCID), 4))
    after = service.delete(reader, HK_ICCID, typed_iccid=spaced)

    assert after.profile(HK_ICCID) is None
    assert [p.iccid for p in card.profiles] == [UK_ICCID, US_ICCID]


def test_a_card_removed_during_enable_reports_nothing_done(
    card: VirtualEuicc, reader: str, pcscd: Pcscd, service: EuiccService
) -> None:
    card.remove_at = "enable"

    with pytest.raises(CardRemoved, match="nothing was confirmed") as removed:
        service.enable(reader, HK_ICCID)

    assert not removed.value.confirmed
    assert card.commands[-1] == "enable"
    assert card.profile(UK_ICCID).enabled
    assert not card.profile(HK_ICCID).enabled
    # Put back (in the other reader: vpcd keeps the first one stuck after a mid-command loss).
    card.remove_at = None
    card.plug_in(pcscd.port + 1)
    wait_for_card(pcscd.readers[1], present=True)
    again = service.read(pcscd.readers[1])
    assert _profile(again, UK_ICCID).enabled
    assert not _profile(again, HK_ICCID).enabled


def test_a_card_removed_after_confirming_is_not_reported_done(
    card: VirtualEuicc, reader: str, service: EuiccService
) -> None:
    card.remove_after = "disable"

    with pytest.raises(CardRemoved, match="confirmed the disable") as removed:
        service.disable(reader, UK_ICCID)

    assert removed.value.confirmed
    assert not card.profile(UK_ICCID).enabled  # made on the card, not reported as done


def test_a_card_removed_while_sending_the_profile_list(
    card: VirtualEuicc, reader: str, service: EuiccService
) -> None:
    card.remove_at = "profiles"

    with pytest.raises(CardRemoved):
        service.read(reader)


def test_a_card_that_is_not_an_euicc(
    card: VirtualEuicc, reader: str, service: EuiccService
) -> None:
    card.is_euicc = False

    with pytest.raises(NotAnEuicc, match="not an eSIM card"):
        service.read(reader)


def test_a_garbled_profile_list(card: VirtualEuicc, reader: str, service: EuiccService) -> None:
    card.garble = {"profiles"}

    with pytest.raises(GarbledResponse, match="ProfileInfoListResponse"):
        service.read(reader)


def test_a_garbled_answer_to_enable_is_not_reported_done(
    card: VirtualEuicc, reader: str, service: EuiccService
) -> None:
    card.garble = {"enable"}

    with pytest.raises(GarbledResponse):
        service.enable(reader, HK_ICCID)


def test_no_reader_at_all(pcscd_daemon: PcscdDaemon, tmp_path: Path, service: EuiccService) -> None:
    pcscd_daemon.stop()
    bare = PcscdDaemon(tmp_path, with_vpcd=False)
    try:
        bare.fresh()
        assert service.readers() == []
        assert service.scan() == []
        with pytest.raises(NoReader):
            service.read("Virtual PCD 00 00")
    finally:
        bare.stop()
