"""The composition root: embedded sandbox, first-run welcome, restored session, start-up."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import load_settings, settings_path
from lebwallet.ui.wallet_app import WalletApp
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
        assert load_settings(tmp_path).settings.login is None  # kept in the store instead
        assert not settings_path(tmp_path).exists() or "login" not in settings_path(
            tmp_path
        ).read_text(encoding="utf-8")
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
        assert app.wallet.language_tag() == "zh-CN"  # the provider answers in it too
        app.update_settings(app.settings.model_copy(update={"language": "en"}))
        qtbot.wait_until(lambda: app.window.tabs.tabText(0) == "Cards", timeout=TIMEOUT_MS)
        assert app.wallet.language_tag() == "en"
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


def test_cards_read_directly_from_the_store_match_the_store(tmp_path):
    from lebwallet.services.stored_cards import CARDS_SYNC_KEY, STORE_FILE, read_stored_cards
    from lebwallet.services.sync import CARDS_KEY
    from lebwallet.store.engine import DB_FILENAME
    from tests.ui.wallet_support import signed_in_wallet

    assert (STORE_FILE, CARDS_SYNC_KEY) == (DB_FILENAME, CARDS_KEY)
    empty = read_stored_cards(tmp_path / "none")
    assert empty is not None
    assert empty.cards == ()
    with signed_in_wallet(tmp_path) as wallet:
        stored = wallet.load_cards()
        direct = read_stored_cards(wallet.data_dir)
        assert direct == stored
        assert direct is not None
        assert len(direct.cards) == 3
        assert direct.last_synced_at is not None
        assert any(card.activation_code is not None for card in direct.cards)
    (tmp_path / "damaged").mkdir()
    (tmp_path / "damaged" / STORE_FILE).write_bytes(b"not a database at all" * 100)
    assert read_stored_cards(tmp_path / "damaged") is None


def test_early_settings_are_read_without_validation_and_never_fail(tmp_path):
    from lebwallet.app import SETTINGS_FILE, EarlySettings, read_early_settings
    from lebwallet.services.settings import SETTINGS_FILE as VALIDATED_FILE

    assert SETTINGS_FILE == VALIDATED_FILE
    assert read_early_settings(tmp_path) == EarlySettings()
    path = tmp_path / SETTINGS_FILE
    path.write_text(
        '{"language": "zh_CN", "provider_url": "https://p.example", "database_url": " ",'
        ' "start_minimised": true}',
        encoding="utf-8",
    )
    assert read_early_settings(tmp_path) == EarlySettings(
        language="zh_CN", uses_sandbox=False, default_store=True, start_minimised=True
    )
    for broken in ("not json", "[1, 2]", '{"language": "klingon", "start_minimised": "yes"}'):
        path.write_text(broken, encoding="utf-8")
        assert read_early_settings(tmp_path) == EarlySettings()


def test_the_window_frame_imports_nothing_heavy():
    """The first paint needs Qt alone: no domain (phonenumbers), settings (pydantic), store
    (SQLAlchemy), and no `Qt` namespace (PySide6 builds all its enums on first use)."""
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from lebwallet.app import read_early_settings\n"
        "from lebwallet.ui.main_window import MainWindow\n"
        "window = MainWindow(None, None, defer=True)\n"
        "window.show()\n"
        "app.processEvents()\n"
        "heavy = {'phonenumbers', 'pydantic', 'sqlalchemy', 'lebwallet.domain.cards',\n"
        "         'lebwallet.ui.tasks', 'lebwallet.services.wallet', 'segno'}\n"
        "import PySide6.QtCore\n"
        "loaded = heavy & set(sys.modules)\n"
        "if 'Qt' in PySide6.QtCore.__dict__:\n"
        "    loaded.add('the Qt namespace')\n"
        "print(sorted(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_the_command_reaches_the_first_paint_with_qt_alone(tmp_path):
    """The whole start up to the first paint, by the `lebwallet` command's own path (issue
    18): no `Qt` namespace (the colour scheme is read after the paint: ~20 ms of enums), no
    sub-command's parser or modules (uuid, dataclasses), no money formatting (decimal), and
    not every widget class of QtWidgets with its enums (~10 ms: PySide6 resolves them all to
    wrap the table's viewport from `viewport()`, a plain QWidget)."""
    script = (
        "import os, sys\n"
        "from lebwallet import app\n"
        "def at_first_paint(boot):\n"
        "    import PySide6.QtCore\n"
        "    heavy = {'decimal', 'dataclasses', 'uuid', 'lebwallet.cli_cards',\n"
        "             'lebwallet.cli_channels', 'lebwallet.ui.i18n_text', 'pydantic'}\n"
        "    loaded = heavy & set(sys.modules)\n"
        "    if 'Qt' in PySide6.QtCore.__dict__:\n"
        "        loaded.add('the Qt namespace')\n"
        "    import PySide6.QtWidgets\n"
        "    if 'QWizard' in PySide6.QtWidgets.__dict__:\n"
        "        loaded.add('every widget class')\n"
        "    print(sorted(loaded), flush=True)\n"
        "    os._exit(0)\n"
        "app._Boot._on_first_paint = at_first_paint\n"
        "from lebwallet.cli import main\n"
        f"main(['--data-dir', {str(tmp_path)!r}, '--quit-when-ready'])\n"
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr[-2000:]


def test_stored_cards_known_by_iccid_need_no_phonenumbers(tmp_path):
    """The first cards paint reads the store with sqlite3 and the domain alone; phonenumbers
    (~25 ms to import) waits for the first card with a phone number."""
    from tests.benchmarks.bench_startup import seed_cards

    seed_cards(tmp_path, 3)  # ICCID only
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from lebwallet.services.stored_cards import read_stored_cards\n"
        f"snapshot = read_stored_cards(Path({str(tmp_path)!r}))\n"
        "print(len(snapshot.cards), sorted({'phonenumbers', 'sqlalchemy', 'pydantic',\n"
        "      'lebwallet.services.wallet'} & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "3 []", result.stdout


def test_the_last_save_folder_is_kept_in_the_settings(qtbot, tmp_path):
    """Save dialogs open where the user last saved, across restarts."""
    folder = tmp_path / "exports"
    folder.mkdir()
    app = _app(tmp_path / "data", MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        app.start(connect=False)
        app.window.save_folder.remember(folder / "history.csv")
        assert load_settings(tmp_path / "data").settings.save_folder == str(folder)
    finally:
        app.shutdown()
    again = _app(tmp_path / "data", MemoryKeyring())
    try:
        qtbot.addWidget(again.window)
        assert again.window.save_folder.folder == folder
    finally:
        again.shutdown()
