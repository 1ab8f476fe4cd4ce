"""Enter on every page of the recharge wizard does the page's forward action (issue 13, item 8).

Each step is driven by a real key press (`QTest.keyClick`) on the widget that has the focus,
as a user pressing Enter would, against the running sandbox.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from lebwallet.domain.flow_values import Step
from lebwallet.domain.orders import OrderStatus
from lebwallet.ui.recharge_wizard import RechargeWizard
from tests.support.wizard_driver import (
    TIMEOUT_MS,
    Env,
    enter_amount,
    pay_by_card,
    to_confirm,
    wait_step,
)

pytestmark = pytest.mark.usefixtures("british_locale")


def press_enter(wizard: RechargeWizard) -> None:
    """Enter on whatever has the keyboard focus in the wizard (the wizard itself if nothing)."""
    wizard.activateWindow()
    focus = QApplication.focusWidget()
    target: QWidget = focus if focus is not None and wizard.isAncestorOf(focus) else wizard
    QTest.keyClick(target, Qt.Key.Key_Return)


def default_button(wizard: RechargeWizard) -> QPushButton | None:
    buttons = [b for b in wizard.findChildren(QPushButton) if b.isDefault() and b.isVisible()]
    return buttons[0] if buttons else None


def test_enter_moves_forward_on_every_page(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    qtbot.waitUntil(wizard.card_page.isComplete, timeout=TIMEOUT_MS)
    press_enter(wizard)
    wait_step(qtbot, wizard, Step.AMOUNT)
    qtbot.waitUntil(lambda: wizard.flow.options is not None, timeout=TIMEOUT_MS)

    enter_amount(qtbot, wizard, "20")
    wizard.amount_page.amount_edit.setFocus()
    press_enter(wizard)
    wait_step(qtbot, wizard, Step.CONFIRM)
    qtbot.waitUntil(wizard.confirm_page.isComplete, timeout=TIMEOUT_MS)  # priced by the provider

    # "Check and confirm": Enter continues to payment, it does not go back
    assert default_button(wizard) is wizard.button(RechargeWizard.WizardButton.NextButton)
    press_enter(wizard)
    wait_step(qtbot, wizard, Step.PAY)

    # Pay: before an order exists, Enter pays (once)
    press_enter(wizard)
    qtbot.waitUntil(lambda: wizard.order is not None, timeout=TIMEOUT_MS)
    assert wizard.pay_page.submit_count == 1
    pay_by_card(env.browser.urls[0], "4242 4242 4242 4242")
    wait_step(qtbot, wizard, Step.RESULT)
    qtbot.waitUntil(
        lambda: wizard.order is not None and wizard.order.status is OrderStatus.CREDITED,
        timeout=TIMEOUT_MS,
    )
    # Result: Enter finishes
    assert default_button(wizard) is wizard.button(RechargeWizard.WizardButton.FinishButton)
    press_enter(wizard)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=TIMEOUT_MS)


def test_enter_on_confirm_after_focusing_back_still_continues(qtbot: QtBot, env: Env) -> None:
    """Focus landing on Back (e.g. by Tab) must not make Back the Enter key's button."""
    wizard = env.wizard(qtbot)
    qtbot.waitUntil(wizard.card_page.isComplete, timeout=TIMEOUT_MS)
    wizard.next()
    wait_step(qtbot, wizard, Step.AMOUNT)
    qtbot.waitUntil(lambda: wizard.flow.options is not None, timeout=TIMEOUT_MS)
    enter_amount(qtbot, wizard, "20")
    to_confirm(qtbot, wizard)
    wizard.button(RechargeWizard.WizardButton.BackButton).setFocus()
    press_enter(wizard)
    wait_step(qtbot, wizard, Step.PAY)
