"""Top up via Reloadly from the window: real widgets, the Reloadly double over loopback, a
real SQLite store, the secret in a real in-memory keyring backend."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lebwallet.cli import main
from lebwallet.services.channel_accounts import add_reloadly
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.reloadly_topup import ReloadlyTopUps
from lebwallet.services.settings import ReloadlyAccount, load_settings
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.ui.reloadly_topup_dialog import ReloadlyTopUpDialog
from lebwallet.ui.tasks import TaskRunner
from tests.doubles.reloadly import ReloadlyDouble
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

NUMBER = "+447400123456"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    added = main(
        ["--data-dir", str(tmp_path), "cards", "add", "--msisdn", NUMBER,
         "--label", "UK number", "--carrier", "giffgaff-gb"]
    )  # fmt: skip
    assert added == 0
    long_ago = (datetime.now(UTC).date() - timedelta(days=60)).isoformat()
    assert (
        main(["--data-dir", str(tmp_path), "cards", "log", "UK number", "call", "--on", long_ago])
        == 0
    )
    opened = open_store(default_sqlite_url(tmp_path), backup_dir=tmp_path / "backups")
    yield opened
    opened.dispose()


@pytest.fixture
def topups(tmp_path: Path, double: ReloadlyDouble, store: Store) -> Iterator[ReloadlyTopUps]:
    credentials = CredentialStore(MemoryKeyring())
    account = ReloadlyAccount(
        client_id=double.client_id, sandbox=True, auth_url=double.url, api_url=double.url
    )
    add_reloadly(tmp_path, credentials, account, double.client_secret)
    made = ReloadlyTopUps(load_settings(tmp_path).settings, credentials, lambda: store)
    yield made
    made.close()


def card_id(store: Store, data_dir: Path) -> str:
    return KeepAliveService(store, data_dir=data_dir).find_card("UK number").card.id


def open_dialog(qtbot: QtBot, runner: TaskRunner, topups: ReloadlyTopUps, card: str):  # type: ignore[no-untyped-def]
    dialog = ReloadlyTopUpDialog(runner, topups, card, follow_ms=50)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Double Mobile UK" in dialog.operator.text(), timeout=10_000)
    return dialog


def test_a_topup_from_the_window_is_credited_once_and_moves_the_deadline(
    qtbot, runner, topups, store, tmp_path, double
):
    card = card_id(store, tmp_path)
    before = KeepAliveService(store, data_dir=tmp_path).find_card(card)
    dialog = open_dialog(qtbot, runner, topups, card)
    assert not dialog.range_amount.isHidden()  # the UK operator offers a RANGE
    assert dialog.fixed_amounts.isHidden()
    assert "in steps of" in dialog.range_hint.text()
    assert dialog.promotions.text().startswith("Promotions of the operator: ")
    dialog.range_amount.setText("7.90")
    dialog.range_amount.editingFinished.emit()
    qtbot.waitUntil(dialog.topup_button.isEnabled, timeout=10_000)
    assert "Paid from the Reloadly account balance: $10.00 (1 GBP = " in dialog.price_text.text()
    with qtbot.wait_signal(dialog.order_finished, timeout=15_000) as finished:
        dialog.topup_button.click()
        dialog.submit()  # a second press sends nothing more
    record = finished.args[0]
    assert record.status.value == "credited"
    assert dialog.status.text().startswith("Credited: ")
    assert double.topups_sent() == 1
    after = KeepAliveService(store, data_dir=tmp_path).find_card(card)
    assert after.last_action != before.last_action
    assert after.last_day > before.last_day  # the credited top-up is the card's keep-alive


def test_a_balance_too_low_is_said_and_nothing_is_sent(
    qtbot, runner, topups, store, tmp_path, double
):
    double.set_balance(Decimal("5.00"))
    dialog = open_dialog(qtbot, runner, topups, card_id(store, tmp_path))
    dialog.range_amount.setText("7.90")
    dialog.range_amount.editingFinished.emit()
    qtbot.waitUntil(lambda: "does not cover" in dialog.message.text(), timeout=10_000)
    assert not dialog.topup_button.isEnabled()
    dialog.message.clear()
    dialog.submit()  # even if asked: the balance is checked again before anything is sent
    qtbot.waitUntil(lambda: "nothing was sent" in dialog.message.text(), timeout=10_000)
    assert double.requests[("POST", "/topups-async")] == 0
    assert dialog.order is None


def test_an_amount_the_operator_does_not_take_is_refused(qtbot, runner, topups, store, tmp_path):
    dialog = open_dialog(qtbot, runner, topups, card_id(store, tmp_path))
    dialog.range_amount.setText("99.00")
    dialog.range_amount.editingFinished.emit()
    qtbot.waitUntil(lambda: "does not take this amount" in dialog.message.text(), timeout=10_000)
    assert not dialog.topup_button.isEnabled()
    dialog.range_amount.setText("seven")
    dialog.range_amount.editingFinished.emit()
    assert dialog.message.text() == "Enter an amount like 10.00."


def test_the_apps_follower_without_the_channel_leaves_a_pending_reloadly_order_alone(
    topups, store, tmp_path, double
):
    """The app's follower (LEB only) meets an order of the window still crediting: it is
    left to the one that has the channel, not an error that stops every other order."""
    from lebwallet.domain.money import Money
    from lebwallet.services.recharge import RechargeService

    double.processing_seconds = 30.0
    record = topups.submit(card_id(store, tmp_path), Money.of("7.90", "GBP"), "key-1")
    assert not record.status.is_final
    assert RechargeService(None, store).refresh() == []
    assert double.topups_sent() == 1


def test_every_control_is_named(qtbot, runner, topups, store, tmp_path):
    from tests.support.accessibility import assert_all_named

    dialog = open_dialog(qtbot, runner, topups, card_id(store, tmp_path))
    dialog.show()
    assert_all_named(dialog)
