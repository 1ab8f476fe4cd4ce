"""The recharge wizard tops up a number of the user's own through Reloadly: real wizard
pages, the Reloadly double over loopback, a real SQLite store, the secret in a real
in-memory keyring backend. One top-up per confirmed order, whatever the double does."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lebwallet.cli import main
from lebwallet.domain.flow_values import Step
from lebwallet.services.channel_accounts import add_reloadly
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.recharge_routes import RoutedRechargeBackend
from lebwallet.services.reloadly_recharge import ReloadlyRechargeBackend
from lebwallet.services.reloadly_topup import ReloadlyTopUps
from lebwallet.services.settings import ReloadlyAccount, load_settings
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.ui.recharge_wizard import NO_CHECKOUT, PAGE_IDS, RechargeWizard
from lebwallet.ui.tasks import TaskRunner
from tests.doubles.reloadly import (
    DOUBLE_DROP_AFTER_COMMIT,
    DOUBLE_ERROR_500,
    DOUBLE_ERROR_503,
    DOUBLE_RESET,
    ReloadlyDouble,
)
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 15_000
CARDS = {
    "UK number": ("+447400123456", "giffgaff-gb"),  # the double's RANGE operator, USD account
    "HK number": ("+85251234567", "csl-hk"),  # FIXED local amounts: HK$50, 100, 300
}


def add_card(data_dir: Path, label: str) -> None:
    number, carrier = CARDS[label]
    assert main(["--data-dir", str(data_dir), "cards", "add", "--msisdn", number,
                 "--label", label, "--carrier", carrier]) == 0  # fmt: skip
    long_ago = (datetime.now(UTC).date() - timedelta(days=60)).isoformat()
    assert main(["--data-dir", str(data_dir), "cards", "log", label, "call", "--on",
                 long_ago]) == 0  # fmt: skip


@pytest.fixture
def double() -> Iterator[ReloadlyDouble]:
    with ReloadlyDouble(processing_seconds=0.2) as running:
        yield running


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    for label in CARDS:
        add_card(tmp_path, label)
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


def card_of(store: Store, data_dir: Path, label: str) -> str:
    return KeepAliveService(store, data_dir=data_dir).find_card(label).card.id


def open_wizard(
    qtbot: QtBot, runner: TaskRunner, topups: ReloadlyTopUps, store: Store, card_id: str
) -> RechargeWizard:
    backend = RoutedRechargeBackend(store, [ReloadlyRechargeBackend(topups, store)])
    wizard = RechargeWizard(
        backend, runner, NO_CHECKOUT, card_id=card_id, follow_by_refresher=True, poll_interval_ms=50
    )
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(
        lambda: wizard.button(wizard.WizardButton.NextButton).isEnabled(), timeout=TIMEOUT_MS
    )
    line = wizard.card_page.cards_list.currentItem().text()
    assert "via Reloadly" in line
    assert "£" not in line  # an own number's balance is its carrier's: not shown
    assert "Balance" not in wizard.card_page.details.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.flow.options is not None, timeout=TIMEOUT_MS)
    return wizard


def to_pay_page(qtbot: QtBot, wizard: RechargeWizard, amount: str) -> None:
    wizard.amount_page.amount_edit.setText(amount)
    qtbot.waitUntil(wizard.amount_page.isComplete, timeout=TIMEOUT_MS)
    wizard.next()
    qtbot.waitUntil(wizard.confirm_page.isComplete, timeout=TIMEOUT_MS)
    wizard.next()
    assert wizard.currentId() == PAGE_IDS[Step.PAY]


def test_a_range_operator_top_up_from_the_wizard_is_credited_once_and_moves_the_deadline(
    qtbot: QtBot, runner: TaskRunner, topups: ReloadlyTopUps, store: Store, tmp_path: Path,
    double: ReloadlyDouble,
) -> None:  # fmt: skip
    card = card_of(store, tmp_path, "UK number")
    before = KeepAliveService(store, data_dir=tmp_path).find_card(card)
    wizard = open_wizard(qtbot, runner, topups, store, card)
    facts = wizard.amount_page.facts
    assert facts.operator_label.text() == "Operator: Double Mobile UK (detected from the number)"
    assert facts.balance_label.text().startswith("Paid from your Reloadly account balance, now $")
    assert facts.limits_label.text() == "£0.79 to £47.40, in steps of £0.01"
    assert facts.caps_label.isHidden()  # a network has no caps
    assert "The operator's promotions" in facts.promotions_label.text()
    assert wizard.amount_page.promo_edit.isHidden()
    assert facts.keep_alive_label.text().startswith("Keep-alive: any top-up every ")
    to_pay_page(qtbot, wizard, "7.90")
    confirm = wizard.confirm_page.values
    assert confirm["total"].text() == "$10.00"
    assert not confirm["expires"].isVisibleTo(wizard.confirm_page)  # the price does not expire
    assert confirm["method"].text() == "Reloadly balance"
    pay = wizard.pay_page
    assert pay.pay_button.text() == "Top up now"
    with qtbot.waitSignal(wizard.order_finished, timeout=TIMEOUT_MS) as finished:
        pay.pay_button.click()
        pay.pay()  # a second press sends nothing more
    assert finished.args[0].status.value == "credited"
    assert finished.args[0].total.to_wire() == "10.00"
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_IDS[Step.RESULT], timeout=TIMEOUT_MS)
    result = wizard.result_page
    qtbot.waitUntil(lambda: "Keep-alive deadline" in result.details.text(), timeout=TIMEOUT_MS)
    assert "New balance" not in result.details.text()  # its carrier knows it, the wallet not
    assert double.topups_sent() == 1
    after = KeepAliveService(store, data_dir=tmp_path).find_card(card)
    assert after.last_day > before.last_day  # the credited top-up kept the number


def test_fixed_amounts_only_and_paid_in_the_account_currency(
    qtbot: QtBot, runner: TaskRunner, topups: ReloadlyTopUps, store: Store, tmp_path: Path,
    double: ReloadlyDouble,
) -> None:  # fmt: skip
    wizard = open_wizard(qtbot, runner, topups, store, card_of(store, tmp_path, "HK number"))
    page = wizard.amount_page
    assert page.facts.limits_label.text() == (
        "The operator takes only these amounts: HK$50.00, HK$100.00, HK$300.00."
    )
    assert [b.text() for b in page.preset_buttons] == ["HK$50.00 ✓", "HK$100.00 ✓", "HK$300.00 ✓"]
    page.amount_edit.setText("60")
    qtbot.waitUntil(lambda: "does not take this amount" in page.error_label.text())
    assert (
        page.error_label.text()
        == "The operator does not take this amount. Choose HK$50.00 or HK$100.00."
    )
    assert not page.isComplete()
    to_pay_page(qtbot, wizard, "100")
    assert wizard.confirm_page.values["total"].text() == "$12.82"
    with qtbot.waitSignal(wizard.order_finished, timeout=TIMEOUT_MS):
        wizard.pay_page.pay_button.click()
    assert double.topups_sent() == 1


def test_a_balance_too_low_stops_at_the_confirm_page_and_nothing_is_sent(
    qtbot: QtBot, runner: TaskRunner, topups: ReloadlyTopUps, store: Store, tmp_path: Path,
    double: ReloadlyDouble,
) -> None:  # fmt: skip
    double.set_balance(Decimal("5.00"))
    wizard = open_wizard(qtbot, runner, topups, store, card_of(store, tmp_path, "UK number"))
    wizard.amount_page.amount_edit.setText("7.90")
    qtbot.waitUntil(wizard.amount_page.isComplete, timeout=TIMEOUT_MS)
    wizard.next()
    confirm = wizard.confirm_page
    qtbot.waitUntil(lambda: "does not cover" in confirm.error_label.text(), timeout=TIMEOUT_MS)
    assert confirm.error_label.text() == (
        "Your Reloadly balance ($5.00) does not cover $10.00. Add funds to the Reloadly "
        "account or choose a smaller amount; nothing was sent."
    )
    assert not confirm.isComplete()
    assert double.requests[("POST", "/topups-async")] == 0


@pytest.mark.parametrize(
    "fault", [DOUBLE_DROP_AFTER_COMMIT, DOUBLE_ERROR_500, DOUBLE_ERROR_503, DOUBLE_RESET]
)
def test_a_fault_on_the_top_up_then_try_again_makes_one_top_up(
    qtbot: QtBot, runner: TaskRunner, topups: ReloadlyTopUps, store: Store, tmp_path: Path,
    double: ReloadlyDouble, fault: str,
) -> None:  # fmt: skip
    wizard = open_wizard(qtbot, runner, topups, store, card_of(store, tmp_path, "UK number"))
    to_pay_page(qtbot, wizard, "7.90")
    double.faults.arm("POST", "/topups-async", fault, times=3)  # past the client's retries
    pay = wizard.pay_page
    pay.pay_button.click()
    qtbot.waitUntil(
        lambda: wizard.order is not None or pay.pay_button.text() == "Try again",
        timeout=TIMEOUT_MS,
    )
    with qtbot.waitSignal(wizard.order_finished, timeout=TIMEOUT_MS) as finished:
        if wizard.order is None:  # nothing confirmed: the same key again
            assert "will not be charged twice" in pay.status_label.text()
            pay.pay_button.click()
    assert finished.args[0].status.value == "credited"
    assert double.topups_sent() == 1
    assert {t["customIdentifier"] for t in double.transactions()} == {wizard.flow.idempotency_key}


def test_the_operator_is_detected_again_on_demand_and_the_amount_keeps_the_focus(
    qtbot: QtBot, runner: TaskRunner, topups: ReloadlyTopUps, store: Store, tmp_path: Path,
    double: ReloadlyDouble,
) -> None:  # fmt: skip
    wizard = open_wizard(qtbot, runner, topups, store, card_of(store, tmp_path, "UK number"))
    wizard.activateWindow()
    page = wizard.amount_page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.amount_edit, timeout=TIMEOUT_MS)
    detections = double.requests[("GET", "/operators/auto-detect/phone/447400123456/countries/GB")]
    page.facts.detect_button.click()
    qtbot.waitUntil(
        lambda: (
            double.requests[("GET", "/operators/auto-detect/phone/447400123456/countries/GB")]
            == detections + 1
        ),
        timeout=TIMEOUT_MS,
    )
    qtbot.waitUntil(
        lambda: wizard.flow.options is not None and not page._loading, timeout=TIMEOUT_MS
    )
    assert (
        page.facts.operator_label.text() == "Operator: Double Mobile UK (detected from the number)"
    )


def test_the_wizard_leaves_a_reloadly_order_to_a_refresher_that_follows_reloadly(
    qtbot: QtBot, runner: TaskRunner, topups: ReloadlyTopUps, store: Store, tmp_path: Path,
    double: ReloadlyDouble,
) -> None:  # fmt: skip
    wizard = open_wizard(qtbot, runner, topups, store, card_of(store, tmp_path, "UK number"))
    to_pay_page(qtbot, wizard, "7.90")
    wizard.set_refresher_connected(True, frozenset({"leb", "reloadly"}))
    with qtbot.waitSignal(wizard.order_created, timeout=TIMEOUT_MS):
        wizard.pay_page.pay_button.click()
    assert not wizard.is_polling  # one follower per order: the refresher's
    wizard.set_refresher_connected(True, frozenset({"leb"}))
    assert wizard.is_polling or (wizard.order is not None and wizard.order.status.is_final)
