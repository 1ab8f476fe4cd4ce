"""First run: the sandbox demo account pre-filled, sign in, register with a verification code."""

from __future__ import annotations

import pytest

from lebwallet.ui.welcome_dialog import WelcomeDialog
from tests.ui.wallet_support import DEMO_EMAIL, DEMO_PASSWORD, english, real_wallet  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 10_000


@pytest.fixture
def wallet(tmp_path):
    with real_wallet(tmp_path) as (wallet, _sandbox):
        yield wallet


def _dialog(qtbot, runner, wallet):
    dialog = WelcomeDialog(runner, wallet, demo=(DEMO_EMAIL, DEMO_PASSWORD))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_sandbox_demo_account_is_prefilled_and_signs_in(qtbot, runner, wallet):
    dialog = _dialog(qtbot, runner, wallet)
    assert dialog.use_sandbox.isChecked()
    assert dialog.login.text() == DEMO_EMAIL
    assert dialog.password.text() == DEMO_PASSWORD
    with (
        qtbot.wait_signal(dialog.provider_chosen) as chosen,
        qtbot.wait_signal(dialog.signed_in, timeout=TIMEOUT_MS) as signed,
    ):
        dialog.sign_in_button.click()
    assert chosen.args == [None]
    assert signed.args[0].login == DEMO_EMAIL
    assert signed.args[0].profile_complete
    assert not dialog.isVisible()


def test_wrong_password_is_explained(qtbot, runner, wallet):
    dialog = _dialog(qtbot, runner, wallet)
    dialog.password.setText("not-the-password")
    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        dialog.sign_in_button.click()
    assert dialog.isVisible()
    assert "wrong" in dialog.message.text()
    assert dialog.sign_in_button.isEnabled()


def test_provider_url_is_checked(qtbot, runner, wallet):
    dialog = _dialog(qtbot, runner, wallet)
    dialog.use_provider.setChecked(True)
    assert dialog.login.text() == ""
    dialog.login.setText("me@example.com")
    dialog.password.setText("secret-password")
    dialog.provider_url.setText("http://provider.example.com")
    with qtbot.assert_not_emitted(dialog.provider_chosen):
        dialog.sign_in_button.click()
    assert "provider's address" in dialog.message.text()


def test_register_then_verify_with_the_code(qtbot, runner, wallet):
    dialog = _dialog(qtbot, runner, wallet)
    dialog.use_provider.setChecked(True)
    dialog.provider_url.setText(wallet.provider_url)
    dialog.register_button.click()
    assert dialog.name.isVisibleTo(dialog)
    dialog.login.setText("new.user@example.com")
    dialog.password.setText("a-long-password")
    dialog.name.setText("New User")
    with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
        dialog.register_button.click()
    assert dialog.code.isVisibleTo(dialog)
    assert dialog.code.text(), "the sandbox reveals its code"
    with qtbot.wait_signal(dialog.signed_in, timeout=TIMEOUT_MS) as signed:
        dialog.verify_button.click()
    account = signed.args[0]
    assert account.name == "New User"
    assert account.login == "new.user@example.com"
