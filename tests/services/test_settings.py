"""Settings: validation, atomic save, and a broken file that is reported and left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from lebwallet.services.settings import (
    NotificationKind,
    Settings,
    SettingsError,
    check_database_url,
    check_provider_url,
    load_settings,
    parse_settings,
    save_settings,
    settings_path,
)


def test_defaults_use_the_embedded_sandbox(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path)
    assert loaded.problem is None
    assert loaded.settings.uses_sandbox
    assert loaded.settings.notifies(NotificationKind.CREDITED)


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    settings = Settings(
        language="zh_CN",
        provider_url="https://provider.example/",
        refresh_seconds=30,
        notifications=frozenset({NotificationKind.FAILED}),
    )
    save_settings(tmp_path, settings)
    loaded = load_settings(tmp_path)
    assert loaded.problem is None
    assert loaded.settings.provider_url == "https://provider.example"
    assert loaded.settings == settings.model_copy(
        update={"provider_url": "https://provider.example"}
    )
    assert not list(tmp_path.glob(".settings-*"))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{", "not valid JSON"),
        ("[]", "JSON object"),
        ('{"language": "fr"}', "language"),
        ('{"refresh_seconds": 1}', "refresh_seconds"),
        ('{"provider_url": "ftp://x"}', "https://"),
        ('{"provider_url": "http://provider.example"}', "https://"),
        ('{"database_url": "not a url"}', "database URL"),
        ('{"database_url": "foo://x"}', "unknown database kind"),
        ('{"database_url": "mysql://u@h/db"}', "no driver"),
        ('{"colour": "blue"}', "colour"),
    ],
)
def test_bad_file_is_reported_and_left_untouched(tmp_path: Path, text: str, fragment: str) -> None:
    settings_path(tmp_path).write_text(text, encoding="utf-8")
    loaded = load_settings(tmp_path)
    assert loaded.settings == Settings()
    assert loaded.problem is not None
    assert fragment in loaded.problem
    assert settings_path(tmp_path).read_text(encoding="utf-8") == text
    with pytest.raises(SettingsError):
        parse_settings(text)


def test_url_checks() -> None:
    assert check_provider_url(" http://127.0.0.1:8080/ ") == "http://127.0.0.1:8080"
    assert check_database_url("postgresql+psycopg://u@h/db").startswith("postgresql")
    with pytest.raises(SettingsError):
        check_provider_url("https://x.example/?a=1")
