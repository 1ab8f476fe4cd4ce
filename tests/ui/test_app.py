"""The composition root: embedded sandbox, first-run welcome, restored session, start-up."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from lebwallet.app import WalletApp
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import load_settings, settings_path
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import DEMO_EMAIL, english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 20_000


def _app(data_dir, keyring):
    data_dir.mkdir(parents=True, exist_ok=True)
    return WalletApp(
        data_dir,
        load_settings(data_dir),
        credentials=CredentialStore(keyring),
        sandbox_credit_delay=0.2,
    )


def test_first_run_signs_in_to_the_embedded_sandbox(qtbot, tmp_path):
    keyring = MemoryKeyring()
    app = _app(tmp_path, keyring)
    try:
        qtbot.addWidget(app.window)
        app.start()
        qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
        welcome = app.welcome
        assert welcome.login.text() == DEMO_EMAIL
        with qtbot.wait_signal(app.window.cards_changed, timeout=TIMEOUT_MS):
            welcome.sign_in_button.click()
        qtbot.wait_until(lambda: app.window.cards_model.rowCount() == 3, timeout=TIMEOUT_MS)
        assert app.window.banner.isVisibleTo(app.window)
        assert app.wallet.provider_url.startswith("http://127.0.0.1:")
        assert (tmp_path / "sandbox").is_dir()
        assert load_settings(tmp_path).settings.login == DEMO_EMAIL
        assert any(key[1].endswith("#refresh-token") for key in keyring.secrets)
    finally:
        app.shutdown()
    assert not app.wallet.provider_url

    # A second start restores the session from the keyring: no welcome dialog.
    again = _app(tmp_path, keyring)
    try:
        qtbot.addWidget(again.window)
        again.start()
        qtbot.wait_until(
            lambda: again.window.status.connection_text().startswith("Online"),
            timeout=TIMEOUT_MS,
        )
        assert again.welcome is None
        assert again.window.cards_model.rowCount() == 3
    finally:
        again.shutdown()


def test_a_broken_settings_file_is_reported_and_kept(qtbot, tmp_path):
    settings_path(tmp_path).write_text('{"language": "klingon"}', encoding="utf-8")
    app = _app(tmp_path, MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        app.start(connect=False)
        box = app.settings_problem_box
        assert box.isVisible()
        assert "language" in box.informativeText()
        assert settings_path(tmp_path).read_text(encoding="utf-8") == '{"language": "klingon"}'
    finally:
        app.shutdown()


def test_settings_change_switches_language_and_is_saved(qtbot, tmp_path):
    app = _app(tmp_path, MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        app.start(connect=False)
        app.update_settings(app.settings.model_copy(update={"language": "zh_CN"}))
        qtbot.wait_until(lambda: app.window.tabs.tabText(0) == "卡片", timeout=TIMEOUT_MS)
        assert load_settings(tmp_path).settings.language == "zh_CN"
        app.update_settings(app.settings.model_copy(update={"language": "en"}))
        qtbot.wait_until(lambda: app.window.tabs.tabText(0) == "Cards", timeout=TIMEOUT_MS)
    finally:
        app.shutdown()


def test_quit_when_ready_exits_zero(tmp_path):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "lebwallet", "--data-dir", str(tmp_path), "--quit-when-ready"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30
    assert (tmp_path / "wallet.sqlite3").is_file()
    assert (tmp_path / "logs" / "lebwallet.log").is_file()


def test_welcome_can_switch_to_another_provider(qtbot, tmp_path):
    from tests.support.sandbox import running_sandbox

    with running_sandbox(tmp_path / "remote") as remote:
        app = _app(tmp_path / "wallet", MemoryKeyring())
        try:
            qtbot.addWidget(app.window)
            app.start()
            qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
            welcome = app.welcome
            welcome.use_provider.setChecked(True)
            welcome.provider_url.setText(remote.url)
            welcome.login.setText(remote.email)
            welcome.password.setText(remote.password)
            with qtbot.wait_signal(app.window.cards_changed, timeout=TIMEOUT_MS):
                welcome.sign_in_button.click()
            assert app.settings.provider_url == remote.url
            assert app.wallet.provider_url == remote.url
            assert load_settings(tmp_path / "wallet").settings.provider_url == remote.url
            assert not (tmp_path / "wallet" / "sandbox").exists()
        finally:
            app.shutdown()


def test_card_snapshot_round_trips_and_survives_damage(tmp_path):
    from tests.ui.wallet_support import signed_in_wallet

    with signed_in_wallet(tmp_path) as wallet:
        stored = wallet.load_cards()
        cached = wallet.load_cached_cards()
        assert cached == stored
        assert any(card.activation_code is not None for card in cached.cards)
        wallet.snapshot_path.write_text('{"version": 1, "cards": [{"id": "x"}]}', "utf-8")
        assert wallet.load_cached_cards() is None
        wallet.snapshot_path.write_text("not json", "utf-8")
        assert wallet.load_cached_cards() is None
        wallet.snapshot_path.unlink()
        assert wallet.load_cached_cards() is None
