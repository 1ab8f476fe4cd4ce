"""Completing the profile before a first recharge, against the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lebwallet.domain.recharge import PaymentMethod
from lebwallet.provider.client import ProviderClient
from lebwallet.services.wallet_api import AccountInfo
from lebwallet.ui.profile_dialog import ProfileDialog
from lebwallet.ui.tasks import TaskRunner
from tests.ui.layout_support import assert_not_squashed
from tests.ui.wallet_support import english, real_wallet  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 15_000


def test_a_new_account_completes_its_profile(qtbot: QtBot, tmp_path: Path) -> None:
    with real_wallet(tmp_path) as (wallet, _sandbox):
        pending = wallet.register("new.user@example.org", "a-good-password", "New User")
        assert pending.sandbox_code is not None
        wallet.verify(pending.verification_id, pending.sandbox_code)
        account = wallet.sign_in("new.user@example.org", "a-good-password")
        assert not account.profile_complete
        assert "default_payment_method" in account.missing_fields
        runner = TaskRunner()
        try:
            dialog = ProfileDialog(runner, wallet.update_profile, account)
            qtbot.addWidget(dialog)
            assert dialog.name.text() == "New User"
            dialog.method.setCurrentIndex(dialog.method.findData(PaymentMethod.ALIPAY.value))
            with qtbot.wait_signal(dialog.profile_saved, timeout=TIMEOUT_MS) as saved:
                dialog.save()
            updated = saved.args[0]
            assert isinstance(updated, AccountInfo)
            assert updated.profile_complete
            assert updated.missing_fields == ()
        finally:
            runner.shutdown()


def test_an_empty_name_is_refused_and_nothing_is_sent(qtbot: QtBot) -> None:
    calls: list[tuple[str, PaymentMethod]] = []

    def save(name: str, method: PaymentMethod) -> AccountInfo:
        calls.append((name, method))
        raise AssertionError("nothing should be sent")

    runner = TaskRunner()
    try:
        account = AccountInfo("", "x@example.org", False, ("name",))
        dialog = ProfileDialog(runner, save, account)
        qtbot.addWidget(dialog)
        dialog.name.setText("   ")
        assert not dialog.save_button.isEnabled()
        assert dialog.field_messages.message(dialog.name) == "Enter your name."
        dialog.save()
        assert runner.wait_for_all(5000)
        assert calls == []
    finally:
        runner.shutdown()


def test_a_refused_name_is_explained_next_to_it_in_words(qtbot: QtBot) -> None:
    """A provider's validation error names the member: the dialog words it, under the field."""

    def save(name: str, method: PaymentMethod) -> AccountInfo:
        # the client's own check of the request body, exactly as a long name would meet it
        ProviderClient("http://127.0.0.1:9").update_profile(name="x" * 101)
        raise AssertionError("the body should have been refused")

    runner = TaskRunner()
    try:
        dialog = ProfileDialog(runner, save, AccountInfo("Me", "x@example.org", False, ()))
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.resize(dialog.minimumSizeHint())
        dialog.save()
        assert runner.wait_for_all(5000)
        qtbot.wait_until(lambda: dialog.field_messages.message(dialog.name) != "")
        assert dialog.field_messages.message(dialog.name) == (
            "The name can have at most 100 characters."
        )
        assert dialog.error.text() == "The profile was not saved."
        assert "String should" not in dialog.error.text()
        assert dialog.isVisible()
        qtbot.wait(50)
        assert_not_squashed(dialog)
    finally:
        runner.shutdown()


def test_a_name_too_long_is_said_not_cut(qtbot: QtBot) -> None:
    runner = TaskRunner()
    try:
        dialog = ProfileDialog(runner, _never, AccountInfo("", "x@example.org", False, ("name",)))
        qtbot.addWidget(dialog)
        dialog.name.setText("N" * 101)
        assert dialog.name.text() == "N" * 101
        assert dialog.field_messages.message(dialog.name) == (
            "The name can have at most 100 characters."
        )
        assert not dialog.save_button.isEnabled()
    finally:
        runner.shutdown()


def _never(name: str, method: PaymentMethod) -> AccountInfo:
    raise AssertionError("nothing should be sent")
