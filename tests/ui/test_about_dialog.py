"""Help → About: version, licence, data and log folders with buttons that open them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lebwallet import __version__
from lebwallet.ui.about_dialog import AboutDialog
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


def test_shows_version_licence_and_folders_and_opens_them(qtbot: QtBot, tmp_path: Path) -> None:
    opened: list[Path] = []

    def open_folder(path: Path) -> bool:
        opened.append(path)
        return True

    dialog = AboutDialog(tmp_path / "data", tmp_path / "data" / "logs", open_folder=open_folder)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "About LEB Wallet"
    assert dialog.version.text() == __version__
    assert dialog.licence.text() == "MIT"
    assert dialog.data_label.text() == str(tmp_path / "data")
    assert dialog.log_label.text() == str(tmp_path / "data" / "logs")
    dialog.open_data.click()
    dialog.open_logs.click()
    assert opened == [tmp_path / "data", tmp_path / "data" / "logs"]
    assert not dialog.problem.isVisibleTo(dialog)


def test_says_so_when_a_folder_cannot_be_opened(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = AboutDialog(tmp_path, tmp_path / "logs", open_folder=lambda _path: False)
    qtbot.addWidget(dialog)
    with qtbot.wait_signal(dialog.open_failed) as failed:
        dialog.open_logs.click()
    assert failed.args == [str(tmp_path / "logs")]
    assert dialog.problem.isVisibleTo(dialog)
    assert str(tmp_path / "logs") in dialog.problem.text()
