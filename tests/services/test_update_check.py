"""The update check against the sandbox's release manifest (`GET /v1/app/latest`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lebwallet import __version__
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import ProviderUnavailable
from lebwallet.provider.wire import Platform
from lebwallet.sandbox.config import ManualClock, SandboxConfig
from lebwallet.services.settings import Settings
from lebwallet.services.update_check import (
    STATE_FILE,
    UpdateChecker,
    current_platform,
    should_check,
)
from tests.support.sandbox import running_sandbox
from tests.support.wallet_env import RequestLog

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


def checker_for(
    tmp_path: Path, clock: ManualClock, config: SandboxConfig | None = None
) -> Iterator[tuple[UpdateChecker, RequestLog]]:
    with (
        running_sandbox(tmp_path / "sandbox", config=config) as sandbox,
        ProviderClient(sandbox.url, retries=0) as client,
        RequestLog() as log,
    ):
        yield UpdateChecker(client, tmp_path / "data", now=clock), log


def test_a_newer_release_is_offered_with_notes_and_link(tmp_path: Path, clock: ManualClock) -> None:
    for checker, log in checker_for(tmp_path, clock):
        assert checker.due()
        info = checker.check()
        assert info is not None
        assert info.current == __version__
        assert info.version != __version__
        assert info.download_url.startswith("http")
        assert info.notes("en")
        assert info.notes("zh_CN")
        assert not info.required
        assert log.count("GET", "/v1/app/latest") == 1


def test_daily_at_most_and_remembered_across_restarts(tmp_path: Path, clock: ManualClock) -> None:
    for checker, log in checker_for(tmp_path, clock):
        assert checker.check_if_due() is not None
        assert not checker.due()
        assert checker.check_if_due() is None
        clock.advance(timedelta(hours=23))
        again = UpdateChecker(checker._client, tmp_path / "data", now=clock)
        assert not again.due()
        clock.advance(timedelta(hours=1))
        assert again.due()
        assert again.check_if_due() is not None
        assert log.count("GET", "/v1/app/latest") == 2
    assert (tmp_path / "data" / STATE_FILE).is_file()


def test_same_version_is_no_update(tmp_path: Path, clock: ManualClock) -> None:
    config = SandboxConfig(release_version=__version__)
    for checker, _log in checker_for(tmp_path, clock, config):
        assert checker.check() is None
        assert not checker.due()  # a successful check counts even without an update


def test_a_version_below_the_minimum_is_required(tmp_path: Path, clock: ManualClock) -> None:
    config = SandboxConfig(release_version="9.0.0", minimum_supported_version="8.0.0")
    for checker, _log in checker_for(tmp_path, clock, config):
        info = checker.check()
        assert info is not None
        assert info.version == "9.0.0"
        assert info.required


def test_a_failed_check_raises_and_stays_due(tmp_path: Path, clock: ManualClock) -> None:
    with (
        running_sandbox(tmp_path / "sandbox", faults="error_rate=1") as sandbox,
        ProviderClient(sandbox.url, retries=0) as client,
    ):
        checker = UpdateChecker(client, tmp_path / "data", now=clock)
        with pytest.raises(ProviderUnavailable):
            checker.check()
        assert checker.due()


def test_a_broken_state_file_means_due(tmp_path: Path, clock: ManualClock) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / STATE_FILE).write_text("nonsense", encoding="utf-8")
    with ProviderClient("http://127.0.0.1:9", retries=0) as client:
        assert UpdateChecker(client, tmp_path / "data", now=clock).due()


def test_settings_decide_and_none_means_ask() -> None:
    assert should_check(Settings()) is None
    assert should_check(Settings(check_updates=True)) is True
    assert should_check(Settings(check_updates=False)) is False
    assert current_platform() in set(Platform)
