"""CardDetails says where a card's profile lives once the eSIM cards were read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from lebwallet.domain.identifiers import Eid
from lebwallet.euicc.profiles import EuiccCard, EuiccProfile, ProfileClass, ProfileState
from lebwallet.ui.card_details import CardDetails
from lebwallet.ui.i18n import install_language
from tests.domain.builders import ICCID_GB, NOW, card
from tests.doubles.virtual_euicc import make_eid
from tests.ui.wallet_support import english, reset_language, wallet_qm_dir  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")
OTHER_ICCID = "8985200000000000027"


def euicc(iccid: str, state: ProfileState, reader: str = "Virtual Reader 00") -> EuiccCard:
    profile = EuiccProfile(iccid, state, ProfileClass.OPERATIONAL, name="giffgaff")
    return EuiccCard(reader, Eid(make_eid()), (profile,), ())


@pytest.fixture
def details(qtbot):
    widget = CardDetails(today=lambda: NOW.date())
    qtbot.addWidget(widget)
    return widget


def test_nothing_is_said_before_an_esim_card_was_read(details):
    details.show_card(card())
    assert details.residence_text() == ""


def test_the_selected_card_says_which_esim_card_and_reader_hold_it(details):
    details.show_card(card())
    masked = Eid(make_eid()).masked

    details.set_euicc_cards([euicc(ICCID_GB, ProfileState.ENABLED)])
    assert details.residence_text() == (
        f"On the eSIM card {masked} in Virtual Reader 00; its profile is enabled."
    )

    details.set_euicc_cards([euicc(ICCID_GB, ProfileState.DISABLED, "Reader 2")])
    assert details.residence_text().endswith("in Reader 2; its profile is disabled.")


def test_a_card_not_on_the_esim_card_says_nothing(details):
    details.set_euicc_cards([euicc(OTHER_ICCID, ProfileState.ENABLED)])
    details.show_card(card())
    assert details.residence_text() == ""
    details.show_card(card(with_iccid=False))
    assert details.residence_text() == ""


def test_choosing_another_card_updates_the_residence(details):
    details.set_euicc_cards([euicc(ICCID_GB, ProfileState.ENABLED)])
    details.show_card(card())
    assert details.residence_text() != ""
    details.show_card(card(with_iccid=False))
    assert details.residence_text() == ""
    details.show_card(None)
    assert details.residence_text() == ""


def test_in_chinese(details, qapp, tmp_path_factory):
    saved = QLocale()
    install_language(qapp, "zh_CN", wallet_qm_dir(tmp_path_factory))
    qapp.processEvents()  # the posted LanguageChange
    try:
        details.set_euicc_cards([euicc(ICCID_GB, ProfileState.ENABLED)])
        details.show_card(card())
        assert details._residence_caption.text() == "所在 eSIM 卡："
        assert details.residence_text().startswith("位于读卡器 Virtual Reader 00 中的 eSIM 卡")
        assert details.residence_text().endswith("上，配置文件已启用。")
    finally:
        reset_language(qapp, saved)
