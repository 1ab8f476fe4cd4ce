"""Every interactive control a screen reader reaches has a name (issue 19).

The QAccessible tree of the main window (each tab, the details panes), every dialog of the
app and every page of the recharge wizard is walked with `tests.support.accessibility`;
a control without an accessible name (or, where its name is not on screen, a description)
fails the test with its class, parent and text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lebwallet.domain.flow_values import Step
from lebwallet.domain.keepalive import ActionKind
from lebwallet.domain.money import Money
from lebwallet.services.notice_board import NoticeBoard
from lebwallet.services.notifications import Notice, NoticeKind
from lebwallet.services.recharge_backend import ServiceRechargeBackend
from lebwallet.services.settings import Settings
from lebwallet.services.wallet import Wallet
from lebwallet.services.wallet_api import AccountInfo
from lebwallet.ui.about_dialog import AboutDialog
from lebwallet.ui.add_card_dialog import AddCardDialog
from lebwallet.ui.checkout_opener import CheckoutOpener
from lebwallet.ui.icons import tray_icon
from lebwallet.ui.log_action_dialog import LogActionDialog
from lebwallet.ui.main_window import MainWindow
from lebwallet.ui.notices_panel import NoticesPanel
from lebwallet.ui.order_details import OrderDetailsDialog
from lebwallet.ui.profile_dialog import ProfileDialog
from lebwallet.ui.settings_dialog import SettingsDialog
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.tray import TrayController
from lebwallet.ui.welcome_dialog import WelcomeDialog
from tests.support.accessibility import assert_all_named
from tests.support.wizard_driver import (
    TIMEOUT_MS,
    Env,
    enter_amount,
    pay,
    pay_by_card,
    to_amount,
    to_pay,
    wait_step,
)
from tests.ui.wallet_support import (  # noqa: F401
    DEMO_EMAIL,
    DEMO_PASSWORD,
    english,
    real_wallet,
)

pytestmark = pytest.mark.usefixtures("english")


def test_main_window_every_tab(qtbot: QtBot, runner: TaskRunner, wallet: Wallet) -> None:
    window = MainWindow(runner, wallet)
    qtbot.addWidget(window)
    window.show()
    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        window.sync()
    window.table.selectRow(0)  # the details panes below the table
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert_all_named(window)


def test_add_card_dialog_both_tabs(qtbot: QtBot, runner: TaskRunner, wallet: Wallet) -> None:
    dialog = AddCardDialog(runner, wallet)
    qtbot.addWidget(dialog)
    dialog.show()
    assert_all_named(dialog)
    dialog.show_local_tab()
    assert_all_named(dialog)


def test_log_action_dialog(qtbot: QtBot, runner: TaskRunner, wallet: Wallet) -> None:
    card = wallet.load_cards().cards[0]
    dialog = LogActionDialog(runner, wallet, card, kind=ActionKind.TOPUP)
    qtbot.addWidget(dialog)
    dialog.show()
    assert_all_named(dialog)


def test_settings_dialog(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(login="me@example.com"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert_all_named(dialog)


def test_welcome_dialog_sign_in_register_and_verify(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    with real_wallet(tmp_path) as (fresh, _sandbox):
        dialog = WelcomeDialog(runner, fresh, demo=(DEMO_EMAIL, DEMO_PASSWORD))
        qtbot.addWidget(dialog)
        dialog.show()
        assert_all_named(dialog)  # sign in, the sandbox
        dialog.use_provider.setChecked(True)
        assert_all_named(dialog)  # sign in, a provider's address
        dialog.use_sandbox.setChecked(True)
        dialog.login.setText("new.user@example.org")
        dialog.password.setText("a-long-enough-password")
        dialog.register_button.click()  # register: asks for the name
        assert_all_named(dialog)
        dialog.name.setText("New User")
        dialog.register_button.click()  # then sends the code
        qtbot.waitUntil(lambda: dialog.code.isVisible(), timeout=TIMEOUT_MS)
        assert_all_named(dialog)


def test_profile_and_about_dialogs(
    qtbot: QtBot, runner: TaskRunner, wallet: Wallet, tmp_path: Path
) -> None:
    account = AccountInfo("Me", DEMO_EMAIL, False, ())
    profile = ProfileDialog(runner, wallet.update_profile, account)
    qtbot.addWidget(profile)
    profile.show()
    assert_all_named(profile)
    about = AboutDialog(tmp_path, tmp_path / "logs", open_folder=lambda _path: True)
    qtbot.addWidget(about)
    about.show()
    assert_all_named(about)


def test_notices_panel(qtbot: QtBot, tmp_path: Path) -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    board = NoticeBoard.in_dir(tmp_path, now=lambda: now)
    board.add(
        [
            Notice(NoticeKind.FAILED, "order:2:failed", order_id=2, amount=Money.of("5", "GBP")),
            Notice(NoticeKind.UPDATE, "update:9.9", version="9.9", url="https://example.org"),
        ]
    )
    tray = TrayController(tray_icon(), tray_available=False)
    panel = NoticesPanel(tray.notice_text)
    qtbot.addWidget(panel)
    panel.set_entries(board.entries())
    panel.show()
    assert_all_named(panel)


def test_every_wizard_page_and_the_order_details(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    qtbot.waitUntil(wizard.card_page.isComplete, timeout=TIMEOUT_MS)
    assert_all_named(wizard)  # card
    to_amount(qtbot, wizard)
    assert_all_named(wizard)  # amount
    enter_amount(qtbot, wizard, "20")
    to_pay(qtbot, wizard)  # through confirm
    assert_all_named(wizard)  # pay
    pay(qtbot, wizard)
    assert_all_named(wizard)  # pay, waiting for the payment
    pay_by_card(env.browser.urls[0], "4242 4242 4242 4242")
    wait_step(qtbot, wizard, Step.RESULT)
    assert_all_named(wizard)  # result
    order = wizard.order
    assert order is not None
    wizard.close()
    dialog = OrderDetailsDialog(
        ServiceRechargeBackend(env.new_client, env.store),
        env.runner,
        CheckoutOpener(env.client(), env.browser),
        order.local_id,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.details is not None, timeout=TIMEOUT_MS)
    assert_all_named(dialog)


def test_the_confirm_page(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, "20")
    wizard.next()
    wait_step(qtbot, wizard, Step.CONFIRM)
    qtbot.waitUntil(wizard.confirm_page.isComplete, timeout=TIMEOUT_MS)
    assert_all_named(wizard)
