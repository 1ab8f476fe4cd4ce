"""The settings dialog refuses invalid values with a message and emits valid settings."""

from __future__ import annotations

import pytest

from lebwallet.services.settings import NotificationKind, Settings
from lebwallet.ui.settings_dialog import SettingsDialog
from tests.ui.layout_support import assert_not_squashed
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def dialog(qtbot):
    widget = SettingsDialog(Settings(login="me@example.com"))
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize(
    ("provider", "database", "fragment"),
    [
        ("http://provider.example.com", "", "https://"),
        ("ftp://provider.example.com", "", "Provider URL"),
        ("https://provider.example.com/?x=1", "", "query"),
        ("", "not a url", "Database URL"),
    ],
)
def test_invalid_values_are_refused(qtbot, dialog, provider, database, fragment):
    dialog.provider_url.setText(provider)
    dialog.database_url.setText(database)
    with qtbot.assert_not_emitted(dialog.settings_accepted):
        assert not dialog.try_accept()
    assert fragment in dialog.message.text()
    assert dialog.result_settings is None


def test_the_url_hint_follows_the_problem_not_words_in_the_url(dialog):
    dialog.provider_url.setText("ftp://query.example.com")
    assert not dialog.try_accept()
    assert "write it as https://provider.example.com" in dialog.message.text()


def test_valid_values_are_emitted(qtbot, dialog):
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.provider_url.setText(" https://provider.example.com/ ")
    dialog.database_url.setText("postgresql+psycopg://wallet@db.example.com/wallet")
    dialog.refresh_seconds.setValue(120)
    dialog.notifications[NotificationKind.UPDATE].setChecked(False)
    dialog.start_minimised.setChecked(True)
    with qtbot.wait_signal(dialog.settings_accepted) as accepted:
        assert dialog.try_accept()
    settings = accepted.args[0]
    assert settings.language == "zh_CN"
    assert settings.provider_url == "https://provider.example.com"
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.refresh_seconds == 120
    assert not settings.notifies(NotificationKind.UPDATE)
    assert settings.notifies(NotificationKind.CREDITED)
    assert settings.start_minimised
    assert settings.login == "me@example.com"


def test_empty_urls_mean_the_defaults(dialog):
    assert dialog.try_accept()
    assert dialog.result_settings is not None
    assert dialog.result_settings.uses_sandbox
    assert dialog.result_settings.database_url is None


def test_a_message_does_not_squash_the_fields(qtbot, dialog):
    dialog.show()
    dialog.resize(dialog.minimumSizeHint())
    dialog.provider_url.setText("ftp://provider.example.com")
    dialog.database_url.setText("not a url")
    assert not dialog.try_accept()
    qtbot.wait(50)
    assert_not_squashed(dialog)
