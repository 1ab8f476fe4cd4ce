"""A real pcscd with the vpcd virtual reader, and a virtual eSIM card plugged into it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lebwallet.euicc.service import EuiccService
from tests.doubles.virtual_euicc import StoredProfile, VirtualEuicc, make_iccid
from tests.support.pcscd import Pcscd, PcscdDaemon, wait_for_card, why_unavailable

UK_ICCID = make_iccid("894411000000000001")
HK_ICCID = make_iccid("898520000000000002")
US_ICCID = make_iccid("890126000000000003")


@pytest.fixture(scope="session")
def pcscd_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PcscdDaemon]:
    reason = why_unavailable()
    if reason is not None:
        pytest.skip(reason)
    daemon = PcscdDaemon(tmp_path_factory.mktemp("pcscd"))
    yield daemon
    daemon.stop()


@pytest.fixture
def pcscd(pcscd_daemon: PcscdDaemon) -> Pcscd:
    """The running pcscd (restarted after a test that left vpcd's reader stuck)."""
    return pcscd_daemon.fresh()


def stock_profiles() -> list[StoredProfile]:
    return [
        StoredProfile(UK_ICCID, name="giffgaff", service_provider="giffgaff", enabled=True),
        StoredProfile(HK_ICCID, name="CMHK 1O1", service_provider="China Mobile Hong Kong"),
        StoredProfile(US_ICCID, name="Ultra", service_provider="Ultra Mobile", nickname="US"),
    ]


@pytest.fixture
def reader(pcscd: Pcscd) -> str:
    """The reader the virtual card goes into."""
    return pcscd.readers[0]


@pytest.fixture
def card(pcscd_daemon: PcscdDaemon, pcscd: Pcscd, reader: str) -> Iterator[VirtualEuicc]:
    """A virtual eSIM card with three profiles, in the first reader."""
    euicc = VirtualEuicc(profiles=stock_profiles())
    euicc.plug_in(pcscd.port)
    wait_for_card(reader, present=True)
    yield euicc
    euicc.pull_out()
    if euicc.pulled_out_mid_command:
        pcscd_daemon.dirty = True
    else:
        wait_for_card(reader, present=False)


@pytest.fixture
def service() -> EuiccService:
    return EuiccService()
