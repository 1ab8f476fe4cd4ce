"""The whole app with a Reloadly account: added from Settings → Top-up channels (tested, the
secret into a real in-memory keyring backend), then an own card with a phone number topped
up from the window through the Reloadly double over loopback — once, its deadline moved."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lebwallet.cli import main
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import load_settings
from lebwallet.ui.reloadly_account_dialog import ReloadlyAccountDialog
from lebwallet.ui.wallet_app import WalletApp
from tests.doubles.reloadly import ReloadlyDouble
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 20_000


@pytest.fixture
def double() -> Iterator[ReloadlyDouble]:
    with ReloadlyDouble(processing_seconds=0.3) as running:
        yield running


def test_add_reloadly_in_settings_then_top_up_an_own_card_from_the_window(
    qtbot: QtBot, tmp_path: Path, double: ReloadlyDouble, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    long_ago = (datetime.now(UTC).date() - timedelta(days=60)).isoformat()
    assert main(["--data-dir", str(tmp_path), "cards", "add", "--msisdn", "+447400123456",
                 "--label", "UK number", "--carrier", "giffgaff-gb"]) == 0  # fmt: skip
    assert main(["--data-dir", str(tmp_path), "cards", "log", "UK number", "call",
                 "--on", long_ago]) == 0  # fmt: skip
    keyring = MemoryKeyring()
    app = WalletApp(tmp_path, load_settings(tmp_path), credentials=CredentialStore(keyring))
    try:
        qtbot.addWidget(app.window)
        app.start()
        qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
        assert app.welcome is not None
        app.welcome.sign_in_button.click()
        qtbot.wait_until(
            lambda: any(c.label == "UK number" for c in app.window.cards_model.cards),
            timeout=TIMEOUT_MS,
        )
        card = next(c for c in app.window.cards_model.cards if c.label == "UK number")
        before = card.keep_alive_deadline

        # without an account: where to add one, nothing opened
        assert app.open_recharge(card.id) is None
        assert "add a Reloadly account in Settings" in app.window.status.currentMessage()

        # Settings → Top-up channels → Reloadly account: tested, then saved
        settings_dialog = app.open_settings()
        settings_dialog.reloadly_button.click()
        account = settings_dialog.findChild(ReloadlyAccountDialog)
        assert account is not None
        account.client_id.setText(double.client_id)
        account.secret.setText(double.client_secret)
        account.advanced.setChecked(True)
        account.auth_url.setText(double.url)
        account.api_url.setText(double.url)
        account.test_button.click()
        qtbot.wait_until(lambda: "balance is" in account.connection.text(), timeout=TIMEOUT_MS)
        with qtbot.wait_signal(account.account_saved, timeout=TIMEOUT_MS):
            account.save()
        assert app.settings.reloadly is not None
        assert "sandbox" in settings_dialog.reloadly_status.text()
        assert settings_dialog.try_accept()
        assert load_settings(tmp_path).settings.reloadly == app.settings.reloadly
        assert list(keyring.secrets.values()).count(double.client_secret) == 1

        # the card's top-up goes through Reloadly, in the recharge wizard
        wizard = app.open_recharge(card.id)
        assert wizard is not None
        qtbot.wait_until(
            lambda: wizard.button(wizard.WizardButton.NextButton).isEnabled(), timeout=TIMEOUT_MS
        )
        wizard.next()
        qtbot.wait_until(lambda: wizard.flow.options is not None, timeout=TIMEOUT_MS)
        assert "Double Mobile UK" in wizard.amount_page.facts.operator_label.text()
        wizard.amount_page.amount_edit.setText("7.90")
        qtbot.wait_until(wizard.amount_page.isComplete, timeout=TIMEOUT_MS)
        wizard.next()
        qtbot.wait_until(wizard.confirm_page.isComplete, timeout=TIMEOUT_MS)
        wizard.next()
        with qtbot.wait_signal(wizard.order_finished, timeout=TIMEOUT_MS) as finished:
            wizard.pay_page.pay_button.click()
        assert finished.args[0].status.value == "credited"
        assert double.topups_sent() == 1

        def shown_deadline() -> object:
            return next(
                c for c in app.window.cards_model.cards if c.id == card.id
            ).keep_alive_deadline

        qtbot.wait_until(lambda: shown_deadline() != before, timeout=TIMEOUT_MS)
        assert shown_deadline() > before  # type: ignore[operator]
        wizard.close()
    finally:
        app.shutdown()
