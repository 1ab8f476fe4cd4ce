"""Autopilot for a card of your own through the Reloadly account, in the app (issue 17): it
asks first with a notice, the card's line offers "Top up now", one yes sends one top-up; the
choice "without asking" is kept. Real widgets, the Reloadly double over loopback, a real
SQLite store, the secret in a real in-memory keyring backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lebwallet.domain.cards import Card
from lebwallet.provider.client import ProviderClient
from lebwallet.services.autopilot import StepKind
from lebwallet.services.autopilot_backend import ServiceAutopilotBackend
from lebwallet.services.channel_accounts import add_reloadly
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.notifications import NoticeKind, NoticeLog, NotificationPolicy
from lebwallet.services.settings import ReloadlyAccount, Settings
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.ui.autopilot_screens import AutopilotScreens
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.tray import TrayController
from tests.channels.reloadly.conftest import UK
from tests.doubles.reloadly import ReloadlyDouble
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 15_000


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(default_sqlite_url(tmp_path / "wallet"))
    yield opened
    opened.dispose()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.shutdown()


@pytest.fixture
def backend(tmp_path: Path, double: ReloadlyDouble, store: Store) -> ServiceAutopilotBackend:
    credentials = CredentialStore(MemoryKeyring())
    account = ReloadlyAccount(
        client_id=double.client_id, sandbox=True, auth_url=double.url, api_url=double.url
    )
    settings = add_reloadly(tmp_path, credentials, account, double.client_secret)
    return ServiceAutopilotBackend(
        lambda: ProviderClient("http://127.0.0.1:9", retries=0),  # never asked: no such card
        store,
        settings=settings,
        credentials=credentials,
    )


def own_card(store: Store) -> Card:
    """A UK number of your own (giffgaff: 6 months), last used 150 days ago: due in 60."""
    used = datetime.now(UTC) - timedelta(days=150)
    item = KeepAliveService(store, clock=lambda: used).add_local_card(
        label="UK number", msisdn=UK, rule_id="giffgaff-gb"
    )
    return item.card


def test_it_asks_first_and_one_yes_sends_one_top_up(
    qtbot: QtBot,
    store: Store,
    runner: TaskRunner,
    backend: ServiceAutopilotBackend,
    double: ReloadlyDouble,
    tmp_path: Path,
) -> None:
    card = own_card(store)
    parent = QWidget()
    qtbot.addWidget(parent)
    screens = AutopilotScreens(lambda: backend, runner, parent, pass_ms=0, follow_ms=300)
    screens.show_card(card)
    qtbot.waitUntil(
        lambda: screens.status_label.text() == "Not kept alive automatically.", timeout=TIMEOUT_MS
    )
    assert not screens.approve_button.isVisibleTo(parent)

    dialog = screens.open_dialog()  # a child of `parent`, deleted once saved
    assert dialog is not None
    assert dialog.without_asking.isVisibleTo(dialog)
    assert not dialog.without_asking.isChecked()  # default: ask first
    assert "Reloadly" in dialog.explain.text()
    dialog.enabled.setChecked(True)
    dialog.days.setValue(60)
    with qtbot.waitSignal(screens.steps_done, timeout=TIMEOUT_MS) as done:
        dialog.save()  # saving runs a pass at once
    (step,) = done.args[0]
    assert step.kind is StepKind.WAITS_FOR_APPROVAL
    assert double.topups_sent() == 0  # nothing sent without a yes
    qtbot.waitUntil(lambda: screens.approve_button.isVisibleTo(parent), timeout=TIMEOUT_MS)
    assert "waits for your yes" in screens.status_label.text()
    assert "0.79" in screens.status_label.text()

    policy = NotificationPolicy(NoticeLog(tmp_path / "notices.json"), Settings())
    (notice,) = policy.for_autopilot(
        step.kind.value,
        card_id=step.card_id,
        card_name=step.card_name,
        deadline=step.deadline,
        amount=step.amount,
    )
    assert notice.kind is NoticeKind.AUTOPILOT
    assert notice.card_id == card.id  # a click selects the card: its line has "Top up now"
    title, body = TrayController(QIcon(), tray_available=False).notice_text(notice)
    assert title == "Keep-alive top-up waits for your yes"
    assert card.display_name in body

    with qtbot.waitSignal(screens.steps_done, timeout=TIMEOUT_MS) as sent:
        screens.approve_button.click()
    (sent_step,) = sent.args[0]
    assert sent_step.kind is StepKind.IN_PROGRESS  # the double credits in 0.2 s
    with qtbot.waitSignal(screens.steps_done, timeout=TIMEOUT_MS) as told:
        pass  # a pass follows soon by itself and tells what was done
    assert [s.kind for s in told.args[0]] == [StepKind.TOPPED_UP]
    qtbot.waitUntil(lambda: "next on" in screens.status_label.text(), timeout=TIMEOUT_MS)
    assert not screens.approve_button.isVisibleTo(parent)  # the deadline moved on
    assert double.topups_sent() == 1

    screens.approve()  # a second yes (another window, a double click): nothing sent
    qtbot.waitUntil(lambda: "Not topped up" in screens.status_label.text(), timeout=TIMEOUT_MS)
    assert double.topups_sent() == 1


def test_the_choice_without_asking_is_kept(
    qtbot: QtBot, store: Store, runner: TaskRunner, backend: ServiceAutopilotBackend
) -> None:
    card = own_card(store)
    parent = QWidget()
    qtbot.addWidget(parent)
    screens = AutopilotScreens(lambda: backend, runner, parent, pass_ms=0)
    screens.show_card(card)
    dialog = screens.open_dialog()  # a child of `parent`, deleted once saved
    assert dialog is not None
    dialog.enabled.setChecked(True)
    dialog.without_asking.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT_MS):
        dialog.save()
    settings = backend.settings(card.id)
    assert settings is not None
    assert settings.without_asking

    again = screens.open_dialog()
    assert again is not None
    qtbot.waitUntil(again.without_asking.isChecked, timeout=TIMEOUT_MS)


def check_only_reminded(
    qtbot: QtBot, runner: TaskRunner, backend: ServiceAutopilotBackend, card: Card
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    screens = AutopilotScreens(lambda: backend, runner, parent, pass_ms=0)
    screens.show_card(card)
    dialog = screens.open_dialog()  # a child of `parent`, deleted once saved
    assert dialog is not None
    qtbot.waitUntil(lambda: "reminds you" in dialog.explain.text(), timeout=TIMEOUT_MS)
    assert "Reloadly balance" not in dialog.explain.text()
    assert not dialog.without_asking.isVisibleTo(dialog)
    assert dialog.enabled.text() == "Remind me before the deadline"
    dialog.enabled.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT_MS):
        dialog.save()
    qtbot.waitUntil(lambda: "Reminds you" in screens.status_label.text(), timeout=TIMEOUT_MS)
    assert "Kept alive automatically" not in screens.status_label.text()


def test_an_own_card_without_a_reloadly_account_is_only_reminded_and_says_so(
    qtbot: QtBot, store: Store, runner: TaskRunner
) -> None:
    """The walk: an own giffgaff card with no Reloadly account said "Kept alive
    automatically, next on …" although nothing can top it up: the wallet only reminds."""
    backend = ServiceAutopilotBackend(
        lambda: ProviderClient("http://127.0.0.1:9", retries=0), store, settings=Settings()
    )
    check_only_reminded(qtbot, runner, backend, own_card(store))


def test_a_card_whose_rule_counts_calls_and_texts_is_only_reminded_and_says_so(
    qtbot: QtBot, store: Store, runner: TaskRunner, backend: ServiceAutopilotBackend
) -> None:
    used = datetime.now(UTC) - timedelta(days=150)
    card = (
        KeepAliveService(store, clock=lambda: used)
        .add_local_card(label="EE number", msisdn=UK, rule_id="ee-payg-gb")
        .card
    )
    check_only_reminded(qtbot, runner, backend, card)
