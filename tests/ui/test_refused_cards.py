"""A card the sync refuses is told to the user in the status bar, not dropped in silence."""

from __future__ import annotations

import pytest

from lebwallet.ui.main_window import MainWindow
from tests.ui.wallet_support import DEMO_EMAIL, DEMO_PASSWORD, english, real_wallet  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 10_000


def test_a_card_the_sync_refuses_is_told(qtbot, runner, tmp_path):
    with real_wallet(tmp_path) as (wallet, sandbox):
        db = sandbox.server.db
        assert db is not None
        with db.write() as conn:
            conn.execute("UPDATE cards SET label = ? WHERE id = 'card_demo_uk'", ("a\x00b",))
        wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
        window = MainWindow(runner, wallet)
        qtbot.addWidget(window)
        window.show()
        with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
            window.sync()
        message = window.status.currentMessage()
        assert "1 card that cannot be shown (card_demo_uk)" in message
        assert window.cards_model.rowCount() == 2
