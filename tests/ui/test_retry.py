"""Every load that fails offers Retry: the provider goes away (the sandbox stops), the load
says so next to a Retry button, the provider comes back on the same address, Retry loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lebwallet.sandbox.server import SandboxServer
from lebwallet.services.recharge_backend import ServiceRechargeBackend
from lebwallet.services.wallet import Wallet
from lebwallet.ui.main_window import MainWindow
from lebwallet.ui.recharge_wizard import RechargeWizard
from lebwallet.ui.retry_bar import RetryBar
from lebwallet.ui.tasks import TaskRunner
from tests.support.sandbox import SandboxHandle
from tests.support.wizard_driver import Env, wait_step
from tests.ui.wallet_support import (  # noqa: F401
    app_with_unreachable_provider,
    english,
)

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 30_000


def _go_offline(server: SandboxServer) -> None:
    """Stop the sandbox; it comes back on the same port (`server.start()`)."""
    server.port = int(server.url.rsplit(":", 1)[1])
    server.stop()


def _retry(qtbot: QtBot, bar: RetryBar) -> None:
    assert bar.isVisible()
    qtbot.mouseClick(bar.retry_button, Qt.MouseButton.LeftButton)


def test_refresh_while_offline_says_so_and_retries(
    qtbot: QtBot, runner: TaskRunner, wallet_and_sandbox: tuple[Wallet, SandboxHandle]
) -> None:
    wallet, sandbox = wallet_and_sandbox
    window = MainWindow(runner, wallet)
    qtbot.addWidget(window)
    window.show()
    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        window.sync()
    assert not window.retry_bar.isVisible()
    _go_offline(sandbox.server)
    window.refresh_action.trigger()
    qtbot.wait_until(window.retry_bar.isVisible, timeout=TIMEOUT_MS)
    assert "cannot be reached" in window.retry_bar.message.text()
    assert window.cards_model.rowCount() == 3  # the stored cards stay
    sandbox.server.start()
    _retry(qtbot, window.retry_bar)
    qtbot.wait_until(lambda: window.status.state.value == "online", timeout=TIMEOUT_MS)
    assert not window.retry_bar.isVisible()


def test_the_wizard_offline_offers_retry_for_the_prices(qtbot: QtBot, env: Env) -> None:
    from lebwallet.domain.flow_values import Step

    wizard = RechargeWizard(
        ServiceRechargeBackend(env.new_client, env.store),
        env.runner,
        env.client(),
        card_id="card_demo_uk",
        open_url=env.browser,
        poll_interval_ms=100,
    )
    qtbot.addWidget(wizard)
    env.wizards.append(wizard)
    _go_offline(env.sandbox.server)
    wizard.show()
    qtbot.wait_until(wizard.card_page.isComplete, timeout=TIMEOUT_MS)  # cards: from the store
    wizard.next()
    wait_step(qtbot, wizard, Step.AMOUNT)
    page = wizard.amount_page
    qtbot.wait_until(page.retry_bar.isVisible, timeout=TIMEOUT_MS)
    assert "prices could not be loaded" in page.retry_bar.message.text()
    assert not page.isComplete()
    env.sandbox.server.start()
    _retry(qtbot, page.retry_bar)
    qtbot.wait_until(lambda: wizard.flow.options is not None, timeout=TIMEOUT_MS)
    assert not page.retry_bar.isVisible()
    assert "£" in page.limits_label.text()


def test_a_history_page_that_cannot_be_read_offers_retry(
    qtbot: QtBot, runner: TaskRunner, wallet_and_sandbox: tuple[Wallet, SandboxHandle]
) -> None:
    from lebwallet.ui.history_view import HistoryView

    wallet, _sandbox = wallet_and_sandbox
    wallet.sync()
    store = wallet.store()
    with store.engine.begin() as connection:  # the store loses a table under the wallet
        connection.exec_driver_sql("ALTER TABLE orders RENAME TO orders_away")
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    view.show()
    view.ensure_loaded()
    qtbot.wait_until(view.retry_bar.isVisible, timeout=TIMEOUT_MS)
    assert "could not be read" in view.retry_bar.message.text()
    with store.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE orders_away RENAME TO orders")
    _retry(qtbot, view.retry_bar)
    qtbot.wait_until(lambda: "shown" in view.message.text(), timeout=TIMEOUT_MS)
    assert not view.retry_bar.isVisible()


def test_a_balance_history_that_cannot_be_read_offers_retry(
    qtbot: QtBot, runner: TaskRunner, wallet_and_sandbox: tuple[Wallet, SandboxHandle]
) -> None:
    wallet, _sandbox = wallet_and_sandbox
    window = MainWindow(runner, wallet)
    qtbot.addWidget(window)
    window.show()
    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        window.sync()
    store = wallet.store()
    with store.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE balance_snapshots RENAME TO snapshots_away")
    window.table.selectRow(1)
    qtbot.wait_until(window.retry_bar.isVisible, timeout=TIMEOUT_MS)
    assert "balance history" in window.retry_bar.message.text()
    with store.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE snapshots_away RENAME TO balance_snapshots")
    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        _retry(qtbot, window.retry_bar)
    assert not window.retry_bar.isVisible()


def test_refresh_when_offline_at_start_restores_the_session_not_the_sign_in(
    qtbot: QtBot, tmp_path: Path
) -> None:

    app = app_with_unreachable_provider(tmp_path)
    try:
        qtbot.addWidget(app.window)
        app.start()
        qtbot.wait_until(app.window.retry_bar.isVisible, timeout=TIMEOUT_MS)
        assert "cannot be reached" in app.window.retry_bar.message.text()
        assert app.session.reconnects == 1
        app.window.refresh_action.trigger()  # Refresh: try the kept session again, now
        qtbot.wait_until(lambda: app.session.reconnects == 2, timeout=TIMEOUT_MS)
        assert app.welcome is None  # never the sign-in for a session that is only offline
        qtbot.wait_until(app.window.retry_bar.isVisible, timeout=TIMEOUT_MS)
        _retry(qtbot, app.window.retry_bar)
        qtbot.wait_until(lambda: app.session.reconnects == 3, timeout=TIMEOUT_MS)
        assert app.welcome is None
    finally:
        app.shutdown()
