"""`lebwallet autopilot [--dry-run]` on a real data directory: as a real subprocess, and
in-process against the Reloadly double (the keyring a real in-memory backend)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lebwallet.domain.identifiers import parse_msisdn
from lebwallet.domain.keepalive import Period
from lebwallet.services.autopilot import AutopilotService
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.sync import SyncService
from lebwallet.store import autopilot as astore
from lebwallet.store import default_sqlite_url, open_store
from tests.doubles.reloadly import ReloadlyDouble
from tests.services.conftest import Wallet, wallet
from tests.test_cli_cards import run_cli
from tests.test_cli_channels import memory_keyring, run
from tests.test_cli_channels import wallet as reloadly_wallet

__all__ = ["memory_keyring", "reloadly_wallet", "wallet"]  # the fixtures


def test_nothing_opted_in_exits_0(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "autopilot")
    assert result.returncode == 0, result.stderr
    assert "no card is kept alive automatically" in result.stdout


def test_a_card_of_your_own_is_reminded_and_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    store = open_store(default_sqlite_url(tmp_path))
    try:
        item = KeepAliveService(store).add_local_card(
            label="Mine", msisdn=parse_msisdn("+447400123456"), every=Period.days(30)
        )
        service = AutopilotService(store)
        service.set_card(item.card.id, enabled=True, days_before=7)
    finally:
        store.dispose()
    not_due = run_cli(tmp_path, "autopilot")
    assert not_due.returncode == 0, not_due.stderr
    due_on = item.last_day - timedelta(days=7)
    assert f"Mine ({item.card.id}): not due; next on {due_on}" in not_due.stdout

    store = open_store(default_sqlite_url(tmp_path))
    try:
        AutopilotService(store).set_card(item.card.id, enabled=True, days_before=60)
    finally:
        store.dispose()
    dry = run_cli(tmp_path, "autopilot", "--dry-run")
    assert dry.returncode == 3, dry.stderr
    assert "yourself" in dry.stdout
    store = open_store(default_sqlite_url(tmp_path))
    try:
        with store.session(readonly=True) as session:
            assert astore.latest_runs(session, [item.card.id]) == {}  # nothing written
    finally:
        store.dispose()
    for _ in range(2):
        real = run_cli(tmp_path, "autopilot")
        assert real.returncode == 3, real.stderr
        assert "yourself" in real.stdout


def test_a_provider_card_without_a_session_fails_in_one_line(wallet: Wallet) -> None:
    SyncService(wallet.client, wallet.store).sync_all()
    AutopilotService(wallet.store).set_card("card_demo_uk", enabled=True, days_before=60)
    data_dir = wallet.data_dir / "wallet"
    assert default_sqlite_url(data_dir) == str(wallet.store.engine.url)
    result = run_cli(data_dir, "autopilot")
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "not signed in: sign in once in the wallet window" in result.stdout
    assert "Traceback" not in result.stderr
    with wallet.store.session(readonly=True) as session:
        assert astore.latest_runs(session, ["card_demo_uk"]) == {}


def test_a_card_of_your_own_is_topped_up_through_reloadly(
    reloadly_wallet: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    double: ReloadlyDouble,
) -> None:
    """In-process (the keyring is a real in-memory backend): asked first (exit 3, nothing
    sent), then with "without asking" sent once from the balance (exit 0), never again."""
    long_ago = (datetime.now(UTC).date() - timedelta(days=150)).isoformat()
    assert (
        run(monkeypatch, reloadly_wallet, "cards", "log", "UK number", "call", "--on", long_ago)
        == 0
    )
    store = open_store(default_sqlite_url(reloadly_wallet))
    try:
        card_id = KeepAliveService(store).find_card("UK number").card.id
        AutopilotService(store).set_card(card_id, enabled=True, days_before=60)
    finally:
        store.dispose()
    capsys.readouterr()
    assert run(monkeypatch, reloadly_wallet, "autopilot", "--dry-run") == 0
    assert "would top up £0.79" in capsys.readouterr().out
    assert run(monkeypatch, reloadly_wallet, "autopilot") == 3
    assert "waits for your yes" in capsys.readouterr().out
    assert double.topups_sent() == 0

    store = open_store(default_sqlite_url(reloadly_wallet))
    try:
        AutopilotService(store).set_card(card_id, enabled=True, days_before=60, without_asking=True)
    finally:
        store.dispose()
    assert run(monkeypatch, reloadly_wallet, "autopilot") == 0
    assert "under way" in capsys.readouterr().out
    assert double.topups_sent() == 1
    end = time.monotonic() + 10
    while "topped up" not in capsys.readouterr().out:
        assert time.monotonic() < end
        time.sleep(0.1)
        assert run(monkeypatch, reloadly_wallet, "autopilot") == 0
    assert run(monkeypatch, reloadly_wallet, "autopilot") == 0
    assert "not due" in capsys.readouterr().out
    assert double.topups_sent() == 1
