"""Backup and restore in the running app: the refresher lets go of the old store and follows
the restored one; the window shows the restored data."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.support.keyrings import MemoryKeyring
from tests.ui.test_app_lifecycle import TIMEOUT_MS, _app, _sign_in
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


def test_restore_restarts_the_refresher_on_the_restored_store(qtbot: QtBot, tmp_path: Path) -> None:
    app = _app(tmp_path / "data", MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        _sign_in(qtbot, app)
        old_refresher = app.refresher
        assert old_refresher is not None
        assert app.window.backup_action.isEnabled()
        backup = tmp_path / "picked" / "wallet.sqlite3"
        with qtbot.wait_signal(app.data_actions.backed_up, timeout=TIMEOUT_MS):
            app.data_actions.back_up_to(backup)
        parts = app.wallet.open_parts()
        assert parts is not None
        old_store = parts[1]

        with qtbot.wait_signal(app.data_actions.restored, timeout=TIMEOUT_MS):
            app.data_actions.restore_from(backup)

        assert app.refresher is not None
        assert app.refresher is not old_refresher
        parts = app.wallet.open_parts()
        assert parts is not None
        assert parts[1] is not old_store  # the store was opened again
        qtbot.wait_until(lambda: app.window.cards_model.rowCount() == 3, timeout=TIMEOUT_MS)
    finally:
        app.shutdown()


def test_about_shows_the_data_and_log_folders(qtbot: QtBot, tmp_path: Path) -> None:
    app = _app(tmp_path / "data", MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        app.start(connect=False)
        dialog = app.open_about()
        assert dialog.data_label.text() == str(tmp_path / "data")
        assert dialog.log_label.text() == str(tmp_path / "data" / "logs")
        dialog.close()
    finally:
        app.shutdown()
