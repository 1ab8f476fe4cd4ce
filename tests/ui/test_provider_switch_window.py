"""The window after switching provider: the old provider account's cards, history rows and
balance chart are gone at once, even when the new account has no orders to sync."""

from __future__ import annotations

import pytest

from lebwallet.ui.main_window import MainWindow
from tests.support.sandbox import running_sandbox
from tests.ui.wallet_support import DEMO_EMAIL, DEMO_PASSWORD, english, real_wallet  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 10_000


def test_switching_provider_clears_the_old_accounts_history_and_cards(qtbot, runner, tmp_path):
    with (
        real_wallet(tmp_path) as (wallet, _a),
        running_sandbox(tmp_path / "b", credit_delay=0.1) as b,
    ):
        window = MainWindow(runner, wallet)
        qtbot.addWidget(window)
        window.show()
        window.set_account(wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD))
        with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
            window.sync()
        assert window.cards_model.rowCount() == 3
        with qtbot.wait_signal(window.history.model.page_loaded, timeout=TIMEOUT_MS):
            window.history.ensure_loaded()
        assert window.history.model.rowCount() == 5

        settings = wallet._config.settings.model_copy(update={"provider_url": b.url})
        wallet.reconfigure(settings)()
        pending = wallet.register("someone.else@example.org", "a-good-password", "Someone")
        assert pending.sandbox_code is not None
        wallet.verify(pending.verification_id, pending.sandbox_code)
        window.set_account(wallet.sign_in("someone.else@example.org", "a-good-password"))
        with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
            window.sync()
        assert window.cards_model.rowCount() == 0
        qtbot.wait_until(lambda: window.history.model.rowCount() == 0, timeout=TIMEOUT_MS)
        qtbot.wait_until(lambda: not window.history.model.is_fetching, timeout=TIMEOUT_MS)
        assert window.history.message.text() == "No orders match these filters."
