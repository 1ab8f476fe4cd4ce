"""A damaged store at start: the user is told in words and offered a way out (restore the
newest sound backup, or a fresh store); the damaged file is kept aside."""

from __future__ import annotations

import pytest

from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import load_settings
from lebwallet.store.engine import DB_FILENAME
from lebwallet.ui.wallet_app import WalletApp
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 20_000
GARBAGE = b"this is not a database " * 500


def test_a_damaged_store_offers_a_fresh_one_and_keeps_the_file(qtbot, tmp_path):
    (tmp_path / DB_FILENAME).write_bytes(GARBAGE)
    app = WalletApp(tmp_path, load_settings(tmp_path), credentials=CredentialStore(MemoryKeyring()))
    try:
        qtbot.addWidget(app.window)
        app.start(connect=False)
        qtbot.wait_until(lambda: app.store_recovery.dialog is not None, timeout=TIMEOUT_MS)
        dialog = app.store_recovery.dialog
        assert dialog is not None
        assert dialog.isVisible()
        assert "damaged" in dialog.text()
        assert "no backup" in dialog.informativeText()
        assert dialog.restore_button is None
        with qtbot.wait_signal(app.window.store_read, timeout=TIMEOUT_MS):
            dialog.fresh_button.click()
        kept = list(tmp_path.glob(f"{DB_FILENAME}.damaged-*"))
        assert len(kept) == 1
        assert kept[0].read_bytes() == GARBAGE
        assert "kept as" in app.window.statusBar().currentMessage()
        assert app.window.cards_model.rowCount() == 0
    finally:
        app.shutdown()
