"""End to end over a real pcscd: the main window's eSIM tab shows a virtual eSIM card's
profiles beside the wallet's cards, the matched card's details say where it lives, and the
profile with no card is offered as a new card with the add-card dialog filled in."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lebwallet.domain.cards import Card, CardSource
from lebwallet.domain.identifiers import Eid, Iccid
from lebwallet.services.keepalive_values import CardKeepAlive
from lebwallet.services.wallet import Wallet
from lebwallet.ui.add_card_dialog import AddCardDialog
from lebwallet.ui.euicc_tab import EuiccTab
from lebwallet.ui.main_window import MainWindow
from lebwallet.ui.tasks import TaskRunner
from tests.doubles.virtual_euicc import StoredProfile, VirtualEuicc
from tests.euicc.conftest import HK_ICCID, UK_ICCID
from tests.euicc.test_euicc_panel import row_texts
from tests.support.pcscd import Pcscd, PcscdDaemon, wait_for_card
from tests.ui.wallet_support import DEMO_EMAIL, DEMO_PASSWORD, english, real_wallet  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 15_000


@pytest.fixture
def two_profiles(pcscd_daemon: PcscdDaemon, pcscd: Pcscd) -> Iterator[VirtualEuicc]:
    """A virtual eSIM card with the wallet's UK card and a Hong Kong number it lacks."""
    reader = pcscd.readers[0]
    euicc = VirtualEuicc(
        profiles=[
            StoredProfile(UK_ICCID, name="giffgaff", service_provider="giffgaff", enabled=True),
            StoredProfile(HK_ICCID, name="CMHK 1O1", service_provider="China Mobile Hong Kong"),
        ]
    )
    euicc.plug_in(pcscd.port)
    wait_for_card(reader, present=True)
    yield euicc
    euicc.pull_out()
    wait_for_card(reader, present=False)


@pytest.fixture
def wallet(tmp_path: Path) -> Iterator[tuple[Wallet, Card]]:
    with real_wallet(tmp_path) as (opened, _sandbox):
        opened.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
        uk = opened.keep_alive().add_local_card(
            label="UK giffgaff", iccid=Iccid(UK_ICCID), rule_id="giffgaff-gb"
        )
        yield opened, uk.card


def _with_iccid(items: Sequence[Card | CardKeepAlive], iccid: str) -> list[Card]:
    cards = [item.card if isinstance(item, CardKeepAlive) else item for item in items]
    return [card for card in cards if card.iccid is not None and card.iccid.value == iccid]


def test_the_window_shows_the_esim_card_beside_the_wallet(
    qtbot: QtBot,
    runner: TaskRunner,
    wallet: tuple[Wallet, Card],
    two_profiles: VirtualEuicc,
    pcscd: Pcscd,
) -> None:
    backend, uk = wallet
    window = MainWindow(runner, backend)
    qtbot.addWidget(window)
    window.show()
    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        window.sync()
    assert window.cards_model.card(uk.id) is not None

    # The eSIM tab reads the card: both profiles, beside their cards.
    with qtbot.wait_signal(window.euicc_tab.cards_read, timeout=TIMEOUT_MS):
        window.tabs.setCurrentWidget(window.euicc_tab)
    panel = window.euicc_tab.panel
    assert panel is not None
    qtbot.waitUntil(lambda: runner.active_count() == 0, timeout=TIMEOUT_MS)
    assert row_texts(panel, UK_ICCID)[5] == "UK giffgaff"  # type: ignore[arg-type]
    assert row_texts(panel, HK_ICCID)[5] == "Not in the wallet"  # type: ignore[arg-type]
    assert [c.eid.value for c in window.euicc_tab.read_cards] == [two_profiles.eid]

    # The matched card's details say where it lives.
    assert window.select_card(uk.id)
    masked = Eid(two_profiles.eid).masked
    assert window.details.residence_text() == (
        f"On the eSIM card {masked} in {pcscd.readers[0]}; its profile is enabled."
    )

    # The other profile is offered as a new card: the dialog is filled in, nothing added yet.
    window.tabs.setCurrentWidget(window.euicc_tab)
    qtbot.waitUntil(lambda: runner.active_count() == 0, timeout=TIMEOUT_MS)
    panel.select_profile(HK_ICCID)  # type: ignore[attr-defined]
    assert panel.add_card_button.isEnabled()  # type: ignore[attr-defined]
    panel.add_card_button.click()  # type: ignore[attr-defined]
    dialog = window.findChild(AddCardDialog)
    assert dialog is not None
    form = dialog.local_form
    assert dialog.local_tab
    assert form.number.text() == HK_ICCID
    assert form.label_edit.text() == "CMHK 1O1"
    qtbot.waitUntil(lambda: form.selected_entry() is not None, timeout=TIMEOUT_MS)
    assert form.selected_entry().id == "cmhk-hk"  # type: ignore[union-attr]
    assert not _with_iccid(backend.keep_alive().overviews(), HK_ICCID)

    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        dialog.ok_button.click()

    added = _with_iccid(window.cards_model.cards, HK_ICCID)
    assert len(added) == 1
    assert added[0].source is CardSource.LOCAL
    window.tabs.setCurrentWidget(window.euicc_tab)
    qtbot.waitUntil(lambda: runner.active_count() == 0, timeout=TIMEOUT_MS)
    assert row_texts(panel, HK_ICCID)[5] == "CMHK 1O1"  # type: ignore[arg-type]


def test_a_card_taken_out_of_its_reader_is_forgotten_on_the_next_read(
    qtbot: QtBot, runner: TaskRunner, two_profiles: VirtualEuicc, pcscd: Pcscd
) -> None:
    tab = EuiccTab(runner)
    qtbot.addWidget(tab)
    with qtbot.wait_signal(tab.cards_read, timeout=TIMEOUT_MS):
        tab.shown()
    assert [c.reader for c in tab.read_cards] == [pcscd.readers[0]]
    qtbot.waitUntil(lambda: runner.active_count() == 0, timeout=TIMEOUT_MS)

    two_profiles.pull_out()
    wait_for_card(pcscd.readers[0], present=False)
    with qtbot.wait_signal(tab.cards_read, timeout=TIMEOUT_MS) as read:
        tab.shown()

    assert read.args[0] == ()
    assert tab.read_cards == ()
