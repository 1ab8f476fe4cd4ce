"""The eSIM card panel over a real pcscd with a virtual eUICC: profiles beside the wallet's
cards, actions on the worker, every failure in words."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lebwallet.domain.identifiers import Iccid
from lebwallet.euicc.matching import where_cards_live
from lebwallet.euicc.service import EuiccService
from lebwallet.ui.euicc_panel import EuiccPanel
from lebwallet.ui.euicc_texts import residence_text
from lebwallet.ui.i18n import install_language
from lebwallet.ui.tasks import TaskRunner
from tests.domain.builders import card as wallet_card
from tests.doubles.virtual_euicc import VirtualEuicc
from tests.euicc.conftest import HK_ICCID, UK_ICCID
from tests.support.pcscd import Pcscd, PcscdDaemon
from tests.ui.wallet_support import english, reset_language, wallet_qm_dir  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 15_000


class Answers:
    """What the user answers to the panel's questions; what they were asked."""

    def __init__(self, confirm: bool = True, text: str | None = None) -> None:
        self.confirm_answer = confirm
        self.text_answer = text
        self.asked: list[str] = []

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        self.asked.append(text)
        return self.confirm_answer

    def ask_text(self, parent: QWidget, title: str, label: str, text: str) -> str | None:
        self.asked.append(label)
        return self.text_answer


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def panel(qtbot: QtBot, runner: TaskRunner, answers: Answers) -> EuiccPanel:
    widget = EuiccPanel(runner, EuiccService(), confirm=answers.confirm, ask_text=answers.ask_text)
    qtbot.addWidget(widget)
    uk = dataclasses.replace(wallet_card(label="UK giffgaff"), iccid=Iccid(UK_ICCID))
    widget.set_wallet_cards([uk])
    return widget


def refreshed(qtbot: QtBot, runner: TaskRunner, panel: EuiccPanel) -> EuiccPanel:
    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        panel.refresh()
    return panel


def act(qtbot: QtBot, runner: TaskRunner, action: object) -> None:
    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        action()  # type: ignore[operator]


def row_texts(panel: EuiccPanel, iccid: str) -> list[str]:
    for row in range(panel.table.rowCount()):
        items = [panel.table.item(row, column) for column in range(panel.COLUMNS)]
        texts = [item.text() if item is not None else "" for item in items]
        if items[0] is not None and items[0].data(Qt.ItemDataRole.UserRole) == iccid:
            return texts
    raise AssertionError(f"no row for {iccid}")


def test_shows_the_profiles_beside_the_wallet_cards(
    qtbot: QtBot, runner: TaskRunner, panel: EuiccPanel, card: VirtualEuicc, pcscd: Pcscd
) -> None:
    refreshed(qtbot, runner, panel)

    assert panel.reader == pcscd.readers[0]
    assert panel.eid_label.text().startswith("EID: 8904 ••••")
    assert panel.table.rowCount() == 3
    assert row_texts(panel, UK_ICCID)[0] == "Enabled"
    assert row_texts(panel, UK_ICCID)[5] == "UK giffgaff"
    assert row_texts(panel, HK_ICCID)[5] == "Not in the wallet"
    panel.reader_box.setCurrentIndex(1)
    assert panel.status.text() == "There is no card in this reader."
    assert panel.table.rowCount() == 0


def test_enable_asks_warns_and_reads_the_state_back(
    qtbot: QtBot, runner: TaskRunner, panel: EuiccPanel, card: VirtualEuicc, answers: Answers
) -> None:
    refreshed(qtbot, runner, panel)
    panel.select_profile(HK_ICCID)
    answers.confirm_answer = False
    panel.enable_selected()
    assert "enable" not in card.commands
    assert "must then refresh" in answers.asked[-1]

    answers.confirm_answer = True
    act(qtbot, runner, panel.enable_selected)

    assert row_texts(panel, HK_ICCID)[0] == "Enabled"
    assert row_texts(panel, UK_ICCID)[0] == "Disabled"
    assert card.profile(HK_ICCID).enabled
    assert "has not been told yet" in panel.notifications.text()
    assert "the wallet does not send them yet" in panel.notifications.text()


def test_delete_needs_the_typed_iccid(
    qtbot: QtBot, runner: TaskRunner, panel: EuiccPanel, card: VirtualEuicc, answers: Answers
) -> None:
    refreshed(qtbot, runner, panel)
    panel.select_profile(HK_ICCID)
    answers.text_answer = UK_ICCID

    act(qtbot, runner, panel.delete_selected)

    assert panel.status.text() == "The ICCID typed is not this profile's. Nothing was deleted."
    assert len(card.profiles) == 3
    answers.text_answer = HK_ICCID
    act(qtbot, runner, panel.delete_selected)
    assert panel.table.rowCount() == 2


def test_a_card_removed_mid_command_says_nothing_was_confirmed(
    qtbot: QtBot, runner: TaskRunner, panel: EuiccPanel, card: VirtualEuicc
) -> None:
    refreshed(qtbot, runner, panel)
    panel.select_profile(HK_ICCID)
    card.remove_at = "enable"

    act(qtbot, runner, panel.enable_selected)

    assert "Nothing was confirmed by the card" in panel.status.text()
    assert row_texts(panel, HK_ICCID)[0] == "Disabled"
    assert not card.profile(HK_ICCID).enabled


def test_a_card_that_is_not_an_euicc(
    qtbot: QtBot, runner: TaskRunner, panel: EuiccPanel, card: VirtualEuicc
) -> None:
    card.is_euicc = False

    refreshed(qtbot, runner, panel)

    assert panel.status.text() == "The card in this reader is not an eSIM card."


def test_in_chinese(
    qtbot: QtBot,
    qapp: QApplication,
    runner: TaskRunner,
    panel: EuiccPanel,
    card: VirtualEuicc,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    saved = QLocale()
    install_language(qapp, "zh_CN", wallet_qm_dir(tmp_path_factory))
    try:
        refreshed(qtbot, runner, panel)
        assert panel.refresh_button.text() == "刷新"
        assert row_texts(panel, UK_ICCID)[0] == "已启用"
        panel.reader_box.setCurrentIndex(1)
        assert panel.status.text() == "此读卡器中没有卡。"
    finally:
        reset_language(qapp, saved)


def test_no_reader_connected(
    qtbot: QtBot,
    runner: TaskRunner,
    panel: EuiccPanel,
    pcscd_daemon: PcscdDaemon,
    tmp_path: Path,
) -> None:
    assert panel.status.text() == "Press Refresh to read the card readers."
    pcscd_daemon.stop()
    bare = PcscdDaemon(tmp_path, with_vpcd=False)
    try:
        bare.fresh()
        refreshed(qtbot, runner, panel)
    finally:
        bare.stop()

    assert panel.status.text() == "No card reader is connected. Plug one in and press Refresh."
    assert panel.reader_box.count() == 0


def test_a_card_removed_after_confirming(
    qtbot: QtBot, runner: TaskRunner, panel: EuiccPanel, card: VirtualEuicc
) -> None:
    refreshed(qtbot, runner, panel)
    panel.select_profile(HK_ICCID)
    card.remove_after = "enable"

    act(qtbot, runner, panel.enable_selected)

    assert panel.status.text().startswith("The card confirmed the change, then stopped")


def test_a_wallet_card_says_where_its_profile_lives(
    qtbot: QtBot, runner: TaskRunner, panel: EuiccPanel, card: VirtualEuicc, pcscd: Pcscd
) -> None:
    with qtbot.wait_signal(panel.card_read, timeout=TIMEOUT_MS) as read:
        panel.refresh()
    uk = dataclasses.replace(wallet_card(card_id="uk"), iccid=Iccid(UK_ICCID))

    found = where_cards_live([read.args[0]], [uk])

    assert residence_text(found["uk"]) == (
        f"On the eSIM card 8904 •••• •••• •••• •••• •••• •••• 0057 in {pcscd.readers[0]}; "
        "its profile is enabled."
    )
