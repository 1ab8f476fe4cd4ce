"""Back up and restore from the window: in the background, with the outcome in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from lebwallet.clock import utc_now
from lebwallet.services.backup import back_up, restore
from lebwallet.services.settings import Settings
from lebwallet.services.wallet import Wallet, WalletConfig
from lebwallet.store.models import SyncStateRow
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.wallet_data import WalletDataActions
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")
TIMEOUT_MS = 10_000


@pytest.fixture
def wallet(tmp_path: Path) -> Iterator[Wallet]:
    opened = Wallet(WalletConfig(tmp_path / "data", Settings()))
    try:
        yield opened
    finally:
        opened.close()


class Hooks:
    def __init__(self) -> None:
        self.calls: list[str] = []


@pytest.fixture
def actions(qtbot: QtBot, runner: TaskRunner, wallet: Wallet) -> tuple[WalletDataActions, Hooks]:
    window = QWidget()
    qtbot.addWidget(window)
    hooks = Hooks()
    acts = WalletDataActions(
        window,
        runner,
        lambda path: back_up(wallet, path),
        lambda path: restore(wallet, path),
        pause=lambda: hooks.calls.append("pause"),
        resume=lambda: hooks.calls.append("resume"),
    )
    return acts, hooks


def _mark(wallet: Wallet, key: str) -> None:
    with wallet.store().session() as session:
        session.add(SyncStateRow(key=key, synced_at=utc_now()))


def _keys(wallet: Wallet) -> set[str]:
    with wallet.store().session(readonly=True) as session:
        return {row.key for row in session.query(SyncStateRow)}


def test_backup_then_confirmed_restore(
    qtbot: QtBot, actions: tuple[WalletDataActions, Hooks], wallet: Wallet, tmp_path: Path
) -> None:
    acts, hooks = actions
    _mark(wallet, "saved")
    target = tmp_path / "picked.sqlite3"
    with qtbot.wait_signal(acts.backed_up, timeout=TIMEOUT_MS):
        acts.back_up_to(target)
    assert acts.box is not None
    assert acts.box.text() == f"The wallet's data was backed up to {target}."
    _mark(wallet, "later")

    question = acts.confirm_restore(target)
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.Cancel)
    assert hooks.calls == []  # nothing happens before the user says yes
    with qtbot.wait_signal(acts.restored, timeout=TIMEOUT_MS):
        question.button(QMessageBox.StandardButton.Yes).click()
    assert hooks.calls == ["pause", "resume"]
    assert _keys(wallet) == {"saved"}
    assert acts.box.text().startswith("The wallet's data was restored from picked.sqlite3.")
    assert "backups" in acts.box.text()


def test_a_file_that_is_not_a_wallet_is_refused_in_words(
    qtbot: QtBot, actions: tuple[WalletDataActions, Hooks], wallet: Wallet, tmp_path: Path
) -> None:
    acts, hooks = actions
    _mark(wallet, "kept")
    source = tmp_path / "holiday.jpg"
    source.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    with qtbot.wait_signal(acts.failed, timeout=TIMEOUT_MS) as failed:
        acts.restore_from(source)
    assert failed.args == ["This file is not a LEB Wallet backup. Nothing was changed."]
    assert acts.box is not None
    assert acts.box.icon() is QMessageBox.Icon.Warning
    assert hooks.calls == ["pause", "resume"]  # the app goes on as it was
    assert _keys(wallet) == {"kept"}
    assert not acts.busy
