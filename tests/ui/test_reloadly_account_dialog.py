"""Settings → Channels → Reloadly account, on real widgets against the Reloadly double over
loopback, the secret in a real in-memory keyring backend (tests/support/keyrings.py)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lebwallet.services.channel_accounts import channel_list
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import ReloadlyAccount, Settings, load_settings, save_settings
from lebwallet.ui.reloadly_account_dialog import ReloadlyAccountDialog
from lebwallet.ui.settings_dialog import SettingsDialog
from lebwallet.ui.tasks import TaskRunner
from tests.doubles.reloadly import ReloadlyDouble
from tests.support.keyrings import LockedKeyring, MemoryKeyring
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def double() -> Iterator[ReloadlyDouble]:
    with ReloadlyDouble(balance=Decimal("250.00")) as running:
        yield running


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def dialog(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, keyring_backend: MemoryKeyring
) -> ReloadlyAccountDialog:
    widget = ReloadlyAccountDialog(runner, tmp_path, CredentialStore(keyring_backend))
    qtbot.addWidget(widget)
    return widget


def fill(dialog: ReloadlyAccountDialog, double: ReloadlyDouble, secret: str | None = None) -> None:
    dialog.client_id.setText(double.client_id)
    dialog.secret.setText(double.client_secret if secret is None else secret)
    dialog.sandbox.setChecked(True)
    dialog.advanced.setChecked(True)
    dialog.auth_url.setText(double.url)
    dialog.api_url.setText(double.url)


def test_test_connection_shows_the_balance_and_keeps_nothing(
    qtbot, dialog, double, keyring_backend, tmp_path
):
    fill(dialog, double)
    dialog.test_button.click()
    assert not dialog.test_button.isEnabled()  # the network is on the runner, not here
    qtbot.waitUntil(lambda: "balance" in dialog.connection.text(), timeout=10_000)
    assert "250.00" in dialog.connection.text()
    assert dialog.message.text() == ""
    assert dialog.test_button.isEnabled()
    assert keyring_backend.secrets == {}
    assert load_settings(tmp_path).settings.reloadly is None


def test_a_wrong_secret_is_said_in_words(qtbot, dialog, double):
    fill(dialog, double, secret="not-the-secret")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10_000)
    assert dialog.message.text() == "Reloadly did not accept this client id and secret."


@pytest.mark.parametrize(
    ("client_id", "secret", "host", "fragment"),
    [
        ("", "s", "", "client id"),
        ("id", "", "", "client secret"),
        ("an id", "s", "", "no spaces"),
        ("id", "s", "ftp://auth.example.com", "https://"),
    ],
)
def test_bad_input_is_refused_and_nothing_sent(
    qtbot, dialog, double, keyring_backend, tmp_path, client_id, secret, host, fragment
):
    dialog.client_id.setText(client_id)
    dialog.secret.setText(secret)
    dialog.advanced.setChecked(True)
    dialog.auth_url.setText(host)
    with qtbot.assert_not_emitted(dialog.account_saved):
        dialog.save()
        dialog.test_connection()
    assert fragment in dialog.message.text()
    assert dialog.test_button.isEnabled()
    assert keyring_backend.secrets == {}
    assert sum(double.requests.values()) == 0
    assert load_settings(tmp_path).settings.reloadly is None


def test_save_keeps_the_secret_in_the_keyring_only(
    qtbot, dialog, double, keyring_backend, tmp_path
):
    fill(dialog, double)
    with qtbot.wait_signal(dialog.account_saved, timeout=10_000) as saved:
        dialog._buttons.accepted.emit()
    settings = saved.args[0]
    assert settings.reloadly.client_id == double.client_id
    assert settings.reloadly.api_url == double.url
    assert list(keyring_backend.secrets.values()) == [double.client_secret]
    on_disk = load_settings(tmp_path).settings
    assert on_disk.reloadly == settings.reloadly
    assert double.client_secret not in (tmp_path / "settings.json").read_text()
    assert [c.name for c in channel_list(on_disk)] == ["leb", "reloadly"]


def test_a_locked_keyring_is_said_in_words_and_nothing_kept(qtbot, runner, tmp_path, double):
    dialog = ReloadlyAccountDialog(runner, tmp_path, CredentialStore(LockedKeyring()))
    qtbot.addWidget(dialog)
    fill(dialog, double)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10_000)
    assert "keyring" in dialog.message.text()
    assert load_settings(tmp_path).settings.reloadly is None


def test_the_settings_dialog_keeps_an_account_saved_meanwhile(qtbot, tmp_path):
    save_settings(tmp_path, Settings())
    settings_dialog = SettingsDialog(Settings(login="me@example.com"))
    qtbot.addWidget(settings_dialog)
    assert "no account" in settings_dialog.reloadly_status.text()
    with qtbot.wait_signal(settings_dialog.reloadly_requested):
        settings_dialog.reloadly_button.click()
    account = ReloadlyAccount(client_id="client-1", sandbox=False)
    settings_dialog.set_reloadly(account)
    assert "client-1 (live)" in settings_dialog.reloadly_status.text()
    assert settings_dialog.try_accept()
    assert settings_dialog.result_settings is not None
    assert settings_dialog.result_settings.reloadly == account
    assert settings_dialog.result_settings.login == "me@example.com"


def test_every_control_is_named(qtbot, dialog):
    from tests.support.accessibility import assert_all_named

    dialog.show()
    assert_all_named(dialog)
