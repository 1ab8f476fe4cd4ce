"""Support in the app (issue 17): "Contact support" from a failed order's details opens the
form with the order's facts, the request is sent once, its answer shows unread in the
Support view, and reading it marks it read; a reply and closing work. Real widgets against
the running sandbox (answering at once) and a real SQLite store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from lebwallet.domain.support import MailDraft, SupportState, SupportTopic
from lebwallet.sandbox.config import SandboxConfig
from lebwallet.sandbox.server import SandboxServer
from lebwallet.services.notifications import NoticeKind, NoticeLog, NotificationPolicy
from lebwallet.services.recharge_backend import ServiceRechargeBackend
from lebwallet.services.settings import NotificationKind, Settings
from lebwallet.services.support_backend import ServiceSupportBackend
from lebwallet.services.support_values import SupportChannel, SupportRecord
from lebwallet.services.sync import SyncService
from lebwallet.store.queries import order_by_provider_id
from lebwallet.ui.checkout_opener import CheckoutOpener
from lebwallet.ui.order_details import OrderDetailsDialog
from lebwallet.ui.support_screens import SupportScreens
from lebwallet.ui.tray import TrayController
from tests.support.wizard_driver import TIMEOUT_MS, Env, wizard_env

FAILED_ORDER = "ord_seed_acct_demo_0000005"


@pytest.fixture
def env(tmp_path: Path, qtbot: QtBot) -> Iterator[Env]:
    yield from wizard_env(tmp_path, qtbot, config=SandboxConfig(support_delay=0))


def env_dir(env: Env) -> Path:
    return Path(str(env.store.engine.url.database)).parent


def failed_order(env: Env) -> int:
    SyncService(env.new_client(), env.store).sync_all()
    with env.store.session(readonly=True) as session:
        record = order_by_provider_id(session, FAILED_ORDER)
    assert record is not None
    return record.local_id


def test_contact_support_from_an_order_then_read_the_answer(qtbot: QtBot, env: Env) -> None:
    local_id = failed_order(env)
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = QMenu(window)
    backend = ServiceSupportBackend(env.new_client, env.store)
    screens = SupportScreens(lambda: backend, env.runner, window, menu, poll_ms=0)
    assert screens.action in menu.actions()

    details = OrderDetailsDialog(
        ServiceRechargeBackend(env.new_client, env.store),
        env.runner,
        CheckoutOpener(env.client(), env.browser),
        local_id,
        ask_provider=False,
        poll_interval_ms=0,
    )
    qtbot.addWidget(details)
    details.support_requested.connect(screens.open_form)
    details.show()
    details.support_button.click()
    form = screens.open_form(local_id)
    assert form is not None
    qtbot.waitUntil(lambda: FAILED_ORDER in form.facts_label.text(), timeout=TIMEOUT_MS)
    assert "Sandbox" in form.facts_label.text() or "•" in form.facts_label.text()

    form.send()  # no words yet: refused, nothing sent
    assert "few words" in form.message_label.text()
    assert backend.requests() == []

    form.topic.setCurrentIndex(form.topic.findData(SupportTopic.CHARGED_BUT_FAILED.value))
    form.words.setPlainText("I was charged but the top-up failed.")
    with qtbot.waitSignal(form.sent, timeout=TIMEOUT_MS):
        form.send()
        form.send()  # a double click: one request
    assert "Sent" in form.message_label.text()
    (request,) = backend.requests()
    assert request.topic is SupportTopic.CHARGED_BUT_FAILED

    # the background poll finds the answer once; it becomes a support reply notice
    with qtbot.waitSignal(screens.replies_arrived, timeout=TIMEOUT_MS) as arrived:
        screens.poll_now()
    (reply,) = arrived.args[0]
    assert reply.request_local_id == request.local_id
    policy = NotificationPolicy(NoticeLog(env_dir(env) / "notices.json"), Settings())
    (notice,) = policy.for_support_reply(
        reply.request_local_id, reply.message_local_id, reply.order_id
    )
    assert notice.kind is NoticeKind.SUPPORT_REPLY
    assert notice.support_id == request.local_id
    assert policy.for_support_reply(reply.request_local_id, reply.message_local_id, "x") == []
    off = NotificationPolicy(
        NoticeLog(env_dir(env) / "off.json"),
        Settings(notifications=frozenset(NotificationKind) - {NotificationKind.SUPPORT_REPLY}),
    )
    assert off.for_support_reply(1, 2, "x") == []
    title, body = TrayController(QIcon(), tray_available=False).notice_text(notice)
    assert title == "Support answered"
    assert FAILED_ORDER in body
    with qtbot.assertNotEmitted(screens.replies_arrived, wait=300):
        screens.poll_now()  # told once

    view = screens.open_view(select=request.local_id)
    assert view is not None
    qtbot.waitUntil(lambda: view.requests.count() == 1, timeout=TIMEOUT_MS)
    # the sandbox agent answers at once: the thread shows it, and reading marks it read
    qtbot.waitUntil(lambda: "Support" in view.thread_view.toPlainText(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: backend.requests()[0].unread == 0, timeout=TIMEOUT_MS)

    view.reply_box.setPlainText("Thank you, waiting for the refund.")
    view.send_reply()
    qtbot.waitUntil(
        lambda: "waiting for the refund" in view.thread_view.toPlainText(), timeout=TIMEOUT_MS
    )
    view.close_request()
    qtbot.waitUntil(lambda: backend.requests()[0].state is SupportState.CLOSED, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not view.reply_button.isEnabled(), timeout=TIMEOUT_MS)
    view.close()
    form.close()


def test_written_offline_the_request_waits_and_the_poll_sends_it_once(
    qtbot: QtBot, env: Env, tmp_path: Path
) -> None:
    local_id = failed_order(env)
    window = QMainWindow()
    qtbot.addWidget(window)
    backend = ServiceSupportBackend(env.new_client, env.store)
    screens = SupportScreens(lambda: backend, env.runner, window, poll_ms=0)
    form = screens.open_form(local_id)
    assert form is not None
    qtbot.waitUntil(lambda: FAILED_ORDER in form.facts_label.text(), timeout=TIMEOUT_MS)
    port = int(env.sandbox.url.rsplit(":", 1)[1])
    env.sandbox.server.stop()
    form.words.setPlainText("Charged, not credited.")
    with qtbot.waitSignal(form.sent, timeout=TIMEOUT_MS * 3):
        form.send()
    assert "waits in the wallet" in form.message_label.text()
    (waiting,) = backend.requests()
    assert waiting.state is SupportState.WAITING_TO_SEND

    back = SandboxServer(
        tmp_path / "sandbox", port=port, config=SandboxConfig(support_delay=0)
    ).start()
    try:
        screens.poll_now()
        qtbot.waitUntil(lambda: backend.requests()[0].sent, timeout=TIMEOUT_MS)
        screens.poll_now()
        qtbot.wait(300)
        (sent,) = backend.requests()
        assert sent.provider_id is not None
        with closing(sqlite3.connect(tmp_path / "sandbox" / "sandbox.sqlite3")) as conn:
            cases = conn.execute("SELECT COUNT(*) FROM support_cases").fetchone()[0]
        assert cases == 1
    finally:
        form.close()
        back.stop()


class MailProgram(QObject):
    """Takes the mailto: URLs the form opens."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


class MailOnlyBackend(ServiceSupportBackend):
    """The support backend of a channel without a support API (Reloadly)."""

    def open(
        self, order_local_id: int, topic: SupportTopic, words: str, idempotency_key: str
    ) -> SupportRecord | MailDraft:
        return self._with(
            lambda s: s.open(
                order_local_id,
                topic,
                words,
                channel=SupportChannel("Reloadly", False, "support@example.org"),
                idempotency_key=idempotency_key,
            )
        )


def test_a_channel_without_a_support_api_opens_a_mail_draft_and_says_so(
    qtbot: QtBot, env: Env
) -> None:
    local_id = failed_order(env)
    mail = MailProgram()
    QDesktopServices.setUrlHandler("mailto", mail, "open")  # type: ignore[arg-type]
    try:
        window = QMainWindow()
        qtbot.addWidget(window)
        backend = MailOnlyBackend(env.new_client, env.store)
        screens = SupportScreens(lambda: backend, env.runner, window, poll_ms=0)
        form = screens.open_form(local_id)
        assert form is not None
        form.words.setPlainText("Where is my refund?")
        with qtbot.waitSignal(form.sent, timeout=TIMEOUT_MS):
            form.send()
        (url,) = mail.urls
        assert url.startswith("mailto:support@example.org?subject=")
        assert FAILED_ORDER in url
        assert "mail program" in form.message_label.text()
        assert "support@example.org" in form.message_label.text()
        assert backend.requests() == []  # nothing journalled or sent
        form.close()
    finally:
        QDesktopServices.unsetUrlHandler("mailto")
