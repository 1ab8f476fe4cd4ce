"""The running app when the keyring cannot be used: sign-out still ends the session, the
problem is told once per session, and the modal dialogs of the start never stack."""

from __future__ import annotations

import logging
from pathlib import Path

import keyring.backend
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import load_settings, save_settings, settings_path
from lebwallet.ui.wallet_app import WalletApp
from tests.support.keyrings import BrokenKeyring
from tests.ui.wallet_support import DEMO_EMAIL, DEMO_PASSWORD, english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 20_000


def _app(
    data_dir: Path,
    backend: keyring.backend.KeyringBackend,
    *,
    login: str | None = None,
    check_updates: bool | None = False,
) -> WalletApp:
    data_dir.mkdir(parents=True, exist_ok=True)
    loaded = load_settings(data_dir)
    save_settings(
        data_dir,
        loaded.settings.model_copy(update={"check_updates": check_updates, "login": login}),
    )
    return WalletApp(
        data_dir,
        load_settings(data_dir),
        credentials=CredentialStore(backend),
        sandbox_credit_delay=0.2,
    )


def _open_modals() -> list[QDialog]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QDialog) and widget.isVisible()
    ]


def _message_boxes() -> list[QMessageBox]:
    return [dialog for dialog in _open_modals() if isinstance(dialog, QMessageBox)]


def _sign_in(qtbot: QtBot, app: WalletApp) -> None:
    qtbot.wait_until(
        lambda: app.welcome is not None and app.welcome.isVisible(), timeout=TIMEOUT_MS
    )
    welcome = app.welcome
    assert welcome is not None
    welcome.login.setText(DEMO_EMAIL)
    welcome.password.setText(DEMO_PASSWORD)
    welcome.sign_in_button.click()
    qtbot.wait_until(lambda: app.refresher is not None, timeout=TIMEOUT_MS)
    qtbot.wait_until(lambda: app.window.cards_model.rowCount() == 3, timeout=TIMEOUT_MS)


@pytest.mark.parametrize("backend", [FailKeyring, BrokenKeyring], ids=["no-keyring", "broken"])
def test_sign_out_without_a_keyring_ends_the_session_and_offers_sign_in(
    qtbot: QtBot, tmp_path: Path, backend: type[keyring.backend.KeyringBackend]
) -> None:
    app = _app(tmp_path, backend())
    try:
        qtbot.addWidget(app.window)
        app.start()
        _sign_in(qtbot, app)
        qtbot.wait_until(lambda: app.welcome is None, timeout=TIMEOUT_MS)
        for box in _message_boxes():
            box.done(0)
        app.window.sign_out_action.trigger()
        # The window's session ends at once, whatever the keyring does.
        assert app.account is None
        assert app.window.account is None
        assert app.refresher is None
        qtbot.wait_until(
            lambda: app.welcome is not None and app.welcome.isVisible(), timeout=TIMEOUT_MS
        )
        assert app.window.cards_model.rowCount() == 3  # the stored cards stay
        # And the user can sign in again, with the refresher following orders again.
        _sign_in(qtbot, app)
        assert app.account is not None
    finally:
        app.shutdown()


def test_an_unusable_keyring_is_told_once_and_remember_is_not_offered(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A second start (the login is known) without a keyring: restoring the session fails,
    the sign-in says why and does not offer "remember"; signing in (remember unticked)
    tells it no second time; the update question comes alone."""
    app = _app(tmp_path, FailKeyring(), login=DEMO_EMAIL, check_updates=None)
    try:
        qtbot.addWidget(app.window)
        app.start()
        qtbot.wait_until(
            lambda: app.welcome is not None and app.welcome.isVisible(), timeout=TIMEOUT_MS
        )
        welcome = app.welcome
        assert welcome is not None
        assert not welcome.remember.isEnabled()
        assert not welcome.remember.isChecked()
        assert welcome.keyring_note.isVisible()
        assert "keyring" in welcome.keyring_note.text().lower()
        assert _open_modals() == [welcome]  # the reason is in the sign-in, not stacked on it
        welcome.password.setText(DEMO_PASSWORD)
        welcome.sign_in_button.click()
        qtbot.wait_until(lambda: app.account is not None, timeout=TIMEOUT_MS)
        qtbot.wait_until(lambda: bool(_message_boxes()), timeout=TIMEOUT_MS)
        boxes = _message_boxes()
        assert len(boxes) == 1
        assert "new version" in boxes[0].text()  # the update question, and nothing else
        assert "keyring" not in boxes[0].text().lower()
    finally:
        app.shutdown()


def test_a_keyring_problem_found_at_sign_in_waits_for_the_update_question(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """First start: the keyring fails only when used (a crashed service). Its message and the
    update question both come after the sign-in: one after the other, never stacked."""
    app = _app(tmp_path, BrokenKeyring(), check_updates=None)
    try:
        qtbot.addWidget(app.window)
        app.start()
        _sign_in(qtbot, app)
        qtbot.wait_until(lambda: bool(_message_boxes()), timeout=TIMEOUT_MS)
        first = _message_boxes()
        assert len(first) == 1
        assert "keyring" in first[0].text().lower()
        first[0].done(0)
        qtbot.wait_until(lambda: bool(_message_boxes()), timeout=TIMEOUT_MS)
        second = _message_boxes()
        assert len(second) == 1
        assert "new version" in second[0].text()
        second[0].done(0)
        # Signing out and in again in the same session tells it no second time.
        app.window.sign_out_action.trigger()
        _sign_in(qtbot, app)
        qtbot.wait(200)
        assert _message_boxes() == []
    finally:
        app.shutdown()


def test_a_settings_problem_and_the_sign_in_come_one_after_the_other(
    qtbot: QtBot, tmp_path: Path
) -> None:
    settings_path(tmp_path).write_text('{"language": "klingon"}', encoding="utf-8")
    app = WalletApp(tmp_path, load_settings(tmp_path), credentials=CredentialStore(FailKeyring()))
    try:
        qtbot.addWidget(app.window)
        app.start()
        qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
        qtbot.wait(100)
        assert _open_modals() == [app.settings_problem_box]
        app.settings_problem_box.done(0)
        qtbot.wait_until(lambda: app.welcome is not None and app.welcome.isVisible())
        assert len(_open_modals()) == 1
    finally:
        app.shutdown()


def test_signing_in_without_a_keyring_logs_one_line_and_no_traceback(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from lebwallet.services.settings import Settings
    from lebwallet.services.wallet import Wallet, WalletConfig
    from tests.support.sandbox import running_sandbox

    caplog.set_level(logging.DEBUG, logger="lebwallet")
    with running_sandbox(tmp_path / "sandbox") as sandbox:
        wallet = Wallet(
            WalletConfig(tmp_path / "wallet", Settings(provider_url=sandbox.url)),
            CredentialStore(FailKeyring()),
        )
        try:
            for _ in range(2):
                wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
                with wallet.new_client() as client:
                    client.refresh()
        finally:
            wallet.close()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.exc_info]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "keyring" in warnings[0].getMessage().lower()
