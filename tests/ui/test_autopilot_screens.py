"""Keep-alive on autopilot in the app (issue 17): a card opted in from its line under the
rule, a pass in the background prepares the top-up once and says so as a notice that opens
the payment; bad input changes nothing. Real widgets against the running sandbox."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lebwallet.services.autopilot import StepKind
from lebwallet.services.autopilot_backend import ServiceAutopilotBackend
from lebwallet.services.notifications import NoticeKind, NoticeLog, NotificationPolicy
from lebwallet.services.settings import Settings
from lebwallet.store.queries import card_listing, order_by_id
from lebwallet.ui.autopilot_screens import AutopilotScreens
from lebwallet.ui.tray import TrayController
from tests.support.wizard_driver import TIMEOUT_MS, Env, pay_by_card


def test_opt_in_then_a_pass_prepares_one_top_up_and_tells_it(
    qtbot: QtBot, env: Env, tmp_path: Path
) -> None:
    with env.store.session(readonly=True) as session:
        listing = card_listing(session, "card_demo_uk")
    assert listing is not None
    card = listing.card
    parent = QWidget()
    qtbot.addWidget(parent)
    backend = ServiceAutopilotBackend(env.new_client, env.store)
    screens = AutopilotScreens(lambda: backend, env.runner, parent, pass_ms=0)
    screens.show_card(card)
    qtbot.waitUntil(
        lambda: screens.status_label.text() == "Not kept alive automatically.", timeout=TIMEOUT_MS
    )

    dialog = screens.open_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.enabled.setChecked(True)
    dialog.days.setValue(30)  # the sandbox's UK card is due in 5 days
    dialog.budget.setText("ten")
    dialog.save()
    assert card.currency in dialog.message_label.text()
    # the walk: the error overlapped the explanation, both squeezed into the dialog's height
    explain, message = dialog.explain, dialog.message_label

    def laid_out() -> bool:
        return (
            not explain.geometry().intersects(message.geometry())
            and explain.height() >= explain.heightForWidth(explain.width())
            and message.height() >= message.heightForWidth(message.width())
        )

    qtbot.waitUntil(laid_out, timeout=2000)
    assert backend.settings(card.id) is None  # nothing saved

    dialog.budget.setText("25")
    with qtbot.waitSignal(screens.steps_done, timeout=TIMEOUT_MS) as done:
        dialog.save()  # saving runs a pass at once
    (step,) = done.args[0]
    assert step.kind is StepKind.WAITS_FOR_PAYMENT
    assert step.order_local_id is not None
    settings = backend.settings(card.id)
    assert settings is not None
    assert settings.days_before == 30
    assert settings.budget is not None
    assert str(settings.budget.amount) == "25.00"
    # the walk: the unpaid order said "this deadline is taken care of"
    qtbot.waitUntil(
        lambda: "waits for your payment" in screens.status_label.text(), timeout=TIMEOUT_MS
    )
    assert "taken care of" not in screens.status_label.text()
    assert screens.pay_button.isVisibleTo(parent)
    with qtbot.waitSignal(screens.order_requested, timeout=TIMEOUT_MS) as opened:
        screens.pay_button.click()
    assert opened.args == [step.order_local_id]

    policy = NotificationPolicy(NoticeLog(tmp_path / "notices.json"), Settings())
    (notice,) = policy.for_autopilot(
        step.kind.value,
        card_id=step.card_id,
        card_name=step.card_name,
        deadline=step.deadline,
        amount=step.amount,
        order_id=step.order_local_id,
    )
    assert notice.kind is NoticeKind.AUTOPILOT
    assert notice.order_id == step.order_local_id  # a click opens the payment
    title, body = TrayController(QIcon(), tray_available=False).notice_text(notice)
    assert title == "Keep-alive top-up ready"
    assert card.display_name in body

    with qtbot.assertNotEmitted(screens.steps_done, wait=500):
        screens.run_pass()  # the same deadline: nothing new, no second top-up
    assert backend.run_pass().steps[0].kind is StepKind.WAITS_FOR_PAYMENT
    assert backend.run_pass().steps[0].new is False

    with env.store.session(readonly=True) as session:
        record = order_by_id(session, step.order_local_id)
    assert record is not None
    assert record.provider_id is not None
    checkout_url = env.client().get_order(record.provider_id).checkout_url
    assert checkout_url is not None
    pay_by_card(checkout_url, "4242424242424242")
    qtbot.waitUntil(
        lambda: backend.run_pass().steps[0].kind is StepKind.TOPPED_UP, timeout=TIMEOUT_MS
    )
    screens.show_card(card)  # credited: the deadline moved on, the next one is planned
    qtbot.waitUntil(lambda: "next on" in screens.status_label.text(), timeout=TIMEOUT_MS)
    assert not screens.pay_button.isVisibleTo(parent)
