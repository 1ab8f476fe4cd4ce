"""A credit shows on the card in the window at once: after the wizard's order is credited,
the card row has the provider's new balance and deadline without waiting for the next card
sync (5 minutes) or a manual Refresh (the whole app against its embedded sandbox)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from lebwallet.domain.cards import Card
from lebwallet.provider.convert import card_to_domain
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import load_settings
from lebwallet.ui.wallet_app import WalletApp
from tests.support.keyrings import MemoryKeyring
from tests.support.wizard_driver import enter_amount, pay, pay_by_card, to_amount, to_pay
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 20_000
CARD = "card_demo_uk"


class Browser(QObject):
    """Takes the http URLs the app would open in the browser."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def browser() -> Iterator[Browser]:
    recorder = Browser()
    QDesktopServices.setUrlHandler("http", recorder, "open")  # type: ignore[arg-type]
    yield recorder
    QDesktopServices.unsetUrlHandler("http")


def shown(app: WalletApp) -> Card:
    return next(c for c in app.window.cards_model.cards if c.id == CARD)


def test_the_card_shows_the_new_balance_as_soon_as_the_credit_is_known(
    qtbot: QtBot, tmp_path: Path, browser: Browser
) -> None:
    keyring = MemoryKeyring()
    app = WalletApp(
        tmp_path,
        load_settings(tmp_path),
        credentials=CredentialStore(keyring),
        sandbox_credit_delay=0.2,
    )
    try:
        qtbot.addWidget(app.window)
        app.start()
        qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
        assert app.welcome is not None
        app.welcome.sign_in_button.click()
        qtbot.wait_until(lambda: app.refresher is not None, timeout=TIMEOUT_MS)
        qtbot.wait_until(lambda: app.window.cards_model.rowCount() == 3, timeout=TIMEOUT_MS)
        before = shown(app)
        wizard = app.open_recharge(CARD)
        assert wizard is not None
        to_amount(qtbot, wizard)
        enter_amount(qtbot, wizard, "10")
        to_pay(qtbot, wizard)
        pay(qtbot, wizard)
        record = wizard.order
        assert record is not None
        assert record.checkout_url is not None
        qtbot.wait_until(lambda: record.checkout_url in browser.urls, timeout=TIMEOUT_MS)
        pay_by_card(record.checkout_url, "4242424242424242")
        client = app.wallet.new_client()
        try:
            qtbot.wait_until(lambda: shown(app).balance != before.balance, timeout=TIMEOUT_MS)
            there = card_to_domain(client.get_card(CARD))
        finally:
            client.close()
        now = shown(app)
        assert now.balance == there.balance
        assert now.balance > before.balance
        assert now.keep_alive_deadline == there.keep_alive_deadline
    finally:
        app.shutdown()
