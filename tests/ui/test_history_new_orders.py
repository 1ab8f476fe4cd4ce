"""History shows orders made outside the wizard (autopilot, another desktop, the command
line): Refresh, a notice about the order and the live updates bring them in (real app on
the embedded sandbox, real store, real widgets)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lebwallet.provider import wire
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import load_settings
from lebwallet.ui.history_view import HistoryView
from lebwallet.ui.wallet_app import WalletApp
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 20_000
DEMO_ORDERS = 5  # the sandbox's demo history


@pytest.fixture
def app(qtbot: QtBot, tmp_path: Path) -> Iterator[WalletApp]:
    app = WalletApp(
        tmp_path,
        load_settings(tmp_path),
        credentials=CredentialStore(MemoryKeyring()),
        sandbox_credit_delay=0.2,
    )
    try:
        qtbot.addWidget(app.window)
        app.start()
        qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
        welcome = app.welcome
        assert welcome is not None
        welcome.sign_in_button.click()
        qtbot.wait_until(lambda: app.window.cards_model.rowCount() == 3, timeout=TIMEOUT_MS)
        qtbot.wait_until(lambda: app.live.refresher is not None, timeout=TIMEOUT_MS)
        history = app.window.history
        history.ensure_loaded()
        qtbot.wait_until(lambda: history.model.rowCount() == DEMO_ORDERS, timeout=TIMEOUT_MS)
        yield app
    finally:
        app.shutdown()


def _order_made_elsewhere(app: WalletApp, key: str) -> None:
    """An open order another desktop (or the command line) made and stored."""
    app.wallet.client().create_order(
        wire.CreateOrderRequest(
            card_id="card_demo_us",
            amount=wire.WireMoney(value="10.00", currency="USD"),
            payment_method=wire.PaymentMethodCode.BANK_CARD,
            pay_currency="USD",
        ),
        idempotency_key=key,
    )
    app.wallet.sync()


def test_refresh_shows_an_open_order_made_elsewhere(qtbot, app):
    _order_made_elsewhere(app, "key-history-elsewhere-1")
    app.refresh_now()
    history = app.window.history
    qtbot.wait_until(lambda: history.model.rowCount() == DEMO_ORDERS + 1, timeout=TIMEOUT_MS)
    assert history.message.text() == f"{DEMO_ORDERS + 1} orders shown"


def test_the_live_updates_bring_in_an_order_made_elsewhere(qtbot, app):
    _order_made_elsewhere(app, "key-history-elsewhere-2")
    app.live.cards_changed()  # a follower tick: balances read again
    history = app.window.history
    qtbot.wait_until(lambda: history.model.rowCount() == DEMO_ORDERS + 1, timeout=TIMEOUT_MS)


def test_showing_the_history_again_adds_the_orders_made_since(qtbot, runner, wallet):
    """Switching to the tab, or a notice about the order, shows it (a search text too)."""
    view = HistoryView(runner, wallet)
    qtbot.addWidget(view)
    view.set_cards(wallet.load_cards().cards)
    view.search.setText("US number")
    with qtbot.wait_signal(view.model.page_loaded, timeout=TIMEOUT_MS):
        view.ensure_loaded()
    before = view.model.rowCount()
    wallet.client().create_order(
        wire.CreateOrderRequest(
            card_id="card_demo_us",
            amount=wire.WireMoney(value="10.00", currency="USD"),
            payment_method=wire.PaymentMethodCode.BANK_CARD,
            pay_currency="USD",
        ),
        idempotency_key="key-history-elsewhere-3",
    )
    wallet.sync()
    view.ensure_loaded()
    qtbot.wait_until(lambda: view.model.rowCount() == before + 1, timeout=TIMEOUT_MS)
    newest = view.model.entry_at(0)
    assert newest is not None
    assert newest.card_id == "card_demo_us"
