"""简体中文 as a Chinese 保号 user reads it: every notice, every wizard page, the main window
with each kind of card, the history and order details, the add-card, settings, welcome and
about dialogs, rendered in zh_CN; every visible text passes the typography check and keeps
no English word in a Chinese sentence (names and the user's own values aside)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lebwallet.domain.identifiers import parse_msisdn
from lebwallet.domain.keepalive import ActionKind
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.provider.client import ProviderClient
from lebwallet.services.carriers import shipped_catalogue
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.notice_board import BoardEntry
from lebwallet.services.notifications import AUTOPILOT_OUTCOMES, Notice, NoticeKind
from lebwallet.services.recharge_backend import ServiceRechargeBackend
from lebwallet.services.settings import load_settings, save_settings
from lebwallet.ui.i18n import install_language
from lebwallet.ui.icons import tray_icon
from lebwallet.ui.notices_panel import NoticesDialog
from lebwallet.ui.recharge_wizard import RechargeWizard
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.tray import TrayController
from lebwallet.ui.wallet_app import WalletApp
from lebwallet.ui.welcome_dialog import WelcomeDialog
from tests.support.keyrings import MemoryKeyring
from tests.support.visible_text import chinese_problems, visible_texts
from tests.support.wizard_driver import (
    Env,
    enter_amount,
    pay,
    pay_by_card,
    to_amount,
    to_pay,
    wait_result,
)
from tests.ui.wallet_support import (  # noqa: F401
    DEMO_EMAIL,
    DEMO_PASSWORD,
    english,
    real_wallet,
    wallet_qm_dir,
)

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 20_000
SUPPORT = "客服"
OWN_VALUES = (
    "ord_1",
    "ord_seed_acct_demo_",  # the sandbox's orders, named in the keep-alive panel
    "UK giffgaff",
    "UK travel",
    "UK number",
    "US number",
    "HK eSIM",
    "KEEPALIVE5",
    "demo",
)


@pytest.fixture
def chinese(
    english: QApplication,  # noqa: F811 (the fixture: English first, then Chinese over it)
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    qapp = english
    install_language(qapp, "zh_CN", wallet_qm_dir(tmp_path_factory))
    QLocale.setDefault(
        QLocale(QLocale.Language.Chinese, QLocale.Script.SimplifiedHanScript, QLocale.Country.China)
    )
    yield
    install_language(qapp, "en", wallet_qm_dir(tmp_path_factory))


CARRIERS = tuple(entry.name for entry in shipped_catalogue())


def _problems(widget: QWidget, allowed: tuple[str, ...] = OWN_VALUES + CARRIERS) -> list[str]:
    QApplication.processEvents()
    return chinese_problems(visible_texts(widget), allowed)


# --- notices ----------------------------------------------------------------------------------

_GBP = Money.of("10.00", "GBP")
NOTICES = [
    Notice(NoticeKind.CREDITED, "c1", card_id="x", order_id=1, card_name="UK travel", amount=_GBP),
    Notice(NoticeKind.CREDITED, "c2", order_id=1, amount=_GBP),
    Notice(NoticeKind.FAILED, "f1", order_id=2, amount=_GBP, reason="银行拒绝了这笔付款。"),
    Notice(NoticeKind.FAILED, "f2", order_id=2, amount=_GBP),
    Notice(NoticeKind.EXPIRED, "e", order_id=3, amount=_GBP),
    Notice(NoticeKind.ACTION_NEEDED, "a", order_id=4, amount=_GBP, url="https://x.example"),
    Notice(NoticeKind.LOW_BALANCE, "l", card_id="x", card_name="UK travel", amount=_GBP),
    *(
        Notice(
            NoticeKind.DEADLINE,
            f"d{days}",
            card_id="x",
            card_name="UK travel",
            days_left=days,
            deadline=date(2026, 12, 1),
            amount=_GBP,
        )
        for days in (0, 1, 5)
    ),
    *(
        Notice(
            NoticeKind.DEADLINE,
            f"own{days}",
            card_id="y",
            card_name="UK giffgaff",
            days_left=days,
            deadline=date(2026, 12, 1),
        )
        for days in (0, 1, 5)
    ),
    Notice(NoticeKind.UPDATE, "u", version="0.9.0", url="https://x.example"),
    Notice(NoticeKind.SUPPORT_REPLY, "s", reason="ord_1", support_id=1),
    *(
        Notice(
            NoticeKind.AUTOPILOT,
            f"ap-{outcome}",
            card_id="x",
            card_name="UK travel",
            amount=_GBP,
            order_id=5 if outcome == "waits_for_payment" else None,
            reason=outcome,
            deadline=date(2026, 12, 1),
        )
        for outcome in sorted(AUTOPILOT_OUTCOMES)
    ),
]


def test_every_notice_kind_is_covered() -> None:
    assert {notice.kind for notice in NOTICES} == set(NoticeKind)


@pytest.mark.usefixtures("chinese")
def test_every_notice_reads_as_chinese(qtbot: QtBot) -> None:
    controller = TrayController(tray_icon(), tray_available=False)
    try:
        texts = [part for notice in NOTICES for part in controller.notice_text(notice)]
        problems = chinese_problems(texts, OWN_VALUES)
        dialog = NoticesDialog(controller.notice_text)
        qtbot.addWidget(dialog)
        at = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
        dialog.set_entries([BoardEntry(notice, at) for notice in NOTICES])
        dialog.show()
        problems += _problems(dialog)
        assert not problems, "\n".join(problems)
        for notice in NOTICES:
            body = controller.notice_text(notice)[1]
            if notice.kind in (NoticeKind.FAILED, NoticeKind.EXPIRED):
                assert SUPPORT in body
            if notice.kind is NoticeKind.DEADLINE:
                assert ("今天到期" if notice.days_left == 0 else "还剩") in body
                assert "还剩 0 天" not in body
    finally:
        controller.dispose()


# --- the recharge wizard ----------------------------------------------------------------------


def _chinese_wizard(qtbot: QtBot, env: Env, card_id: str) -> RechargeWizard:
    def client() -> ProviderClient:
        return ProviderClient(env.sandbox.url, tokens=env.tokens, language="zh-CN")

    policy = client()
    env.clients.append(policy)
    wizard = RechargeWizard(
        ServiceRechargeBackend(client, env.store),
        env.runner,
        policy,
        card_id=card_id,
        open_url=env.browser,
        poll_interval_ms=100,
    )
    qtbot.addWidget(wizard)
    env.wizards.append(wizard)
    wizard.show()
    return wizard


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize(
    ("card_id", "amount", "test_card", "status"),
    [
        ("card_demo_uk", "20", "4242 4242 4242 4242", OrderStatus.CREDITED),
        ("card_demo_hk", "100", "4242 4242 4242 4242", OrderStatus.CREDITED),
        ("card_demo_us", "10", "4000 0000 0000 0002", OrderStatus.FAILED),
        ("card_demo_uk", "20", "4000 0000 0000 9995", OrderStatus.FAILED),
    ],
)
def test_every_wizard_page_reads_as_chinese(
    qtbot: QtBot, env: Env, card_id: str, amount: str, test_card: str, status: OrderStatus
) -> None:
    wizard = _chinese_wizard(qtbot, env, card_id)
    assert wizard.windowTitle() == "为卡片充值"
    problems = _problems(wizard)  # card
    to_amount(qtbot, wizard)
    problems += _problems(wizard)
    wizard.amount_page.amount_edit.setText("10.37")  # off the provider's steps: "try …"
    qtbot.wait(200)
    problems += _problems(wizard)
    assert wizard.amount_page.error_label.text()
    wizard.amount_page.amount_edit.setText("99999")  # above the maximum
    qtbot.wait(200)
    problems += _problems(wizard)
    enter_amount(qtbot, wizard, amount, promo="KEEPALIVE5" if card_id == "card_demo_uk" else "")
    problems += _problems(wizard)
    to_pay(qtbot, wizard)  # passes through confirm
    problems += _problems(wizard)
    wizard.back()
    problems += _problems(wizard)
    wizard.next()
    pay(qtbot, wizard)
    problems += _problems(wizard)
    assert wizard.order is not None
    assert wizard.order.checkout_url is not None
    pay_by_card(wizard.order.checkout_url.split("?")[0], test_card)
    wait_result(qtbot, wizard, status)
    problems += _problems(wizard)
    assert not problems, "\n".join(problems)
    if status is OrderStatus.FAILED:
        assert SUPPORT in " ".join(visible_texts(wizard.result_page))


# --- the main window and its dialogs ----------------------------------------------------------


@pytest.mark.usefixtures("chinese")
def test_the_window_and_its_dialogs_read_as_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    save_settings(
        tmp_path,
        load_settings(tmp_path).settings.model_copy(
            update={"language": "zh_CN", "check_updates": False}
        ),
    )
    app = WalletApp(
        tmp_path,
        load_settings(tmp_path),
        credentials=CredentialStore(MemoryKeyring()),
        sandbox_credit_delay=0.2,
    )
    try:
        qtbot.addWidget(app.window)
        app.start()
        qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
        assert app.welcome is not None
        assert app.window.tabs.tabText(0) == "卡片"  # the check reads Chinese, not English
        problems = _problems(app.welcome)
        app.welcome.sign_in_button.click()
        qtbot.wait_until(lambda: app.window.cards_model.rowCount() == 3, timeout=TIMEOUT_MS)
        local = app.wallet.keep_alive().add_local_card(
            label="UK giffgaff", msisdn=parse_msisdn("+447400123456"), rule_id="giffgaff-gb"
        )
        app.window.show()
        app.window.load_cards()
        qtbot.wait_until(lambda: app.window.cards_model.rowCount() == 4, timeout=TIMEOUT_MS)
        problems += _problems(app.window)
        for card_id in ("card_demo_uk", "card_demo_hk", "card_demo_us", local.card.id):
            qtbot.wait_until(partial(app.window.select_card, card_id))
            qtbot.wait(300)
            problems += _problems(app.window)
        panel = app.window.keep_alive_panel  # the local card is selected last
        qtbot.wait_until(lambda: panel.overview is not None, timeout=TIMEOUT_MS)
        for kind in ActionKind:
            log_dialog = panel.open_log_dialog(kind=kind)
            assert log_dialog is not None
            problems += _problems(log_dialog)
            if kind is ActionKind.TOPUP:  # a bad amount names the currency in words
                log_dialog.amount.setText("abc")
                log_dialog.ok_button.click()
                assert "英镑" in log_dialog.message.text()
                problems += _problems(log_dialog)
            log_dialog.close()
        rule_dialog = panel.open_rule_dialog()
        assert rule_dialog is not None
        problems += _problems(rule_dialog)
        rule_dialog.close()
        app.window.tabs.setCurrentIndex(1)
        for attempt in range(20):  # the seeded orders arrive with the refresher's order sync
            if app.window.history.model.rowCount() >= 5:
                break
            if attempt % 5 == 4:
                app.refresh_now()  # under load the first sync has been seen to miss them
            app.window.history.reload()
            qtbot.wait(1000)
        assert app.window.history.model.rowCount() >= 5
        problems += _problems(app.window)
        for row in range(app.window.history.model.rowCount()):
            entry = app.window.history.model.entry_at(row)
            assert entry is not None
            details = app.open_order_details(entry.local_id)
            assert details is not None
            qtbot.wait(500)
            problems += _problems(details)
            details.close()
        for tab in range(2, app.window.tabs.count()):  # the keep-alive log and any later tab
            app.window.tabs.setCurrentIndex(tab)
            qtbot.wait(300)
            problems += _problems(app.window)
        for open_dialog in (app.open_settings, app.open_about, app.window.add_card):
            dialog = open_dialog()
            qtbot.wait(300)
            problems += _problems(dialog)
            if hasattr(dialog, "show_local_tab"):
                dialog.show_local_tab()
                qtbot.wait(500)
                problems += _problems(dialog)
            dialog.close()
        assert not problems, "\n".join(problems)
    finally:
        app.shutdown()


@pytest.mark.usefixtures("chinese")
def test_registering_reads_as_chinese(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    with real_wallet(tmp_path) as (wallet, _sandbox):
        dialog = WelcomeDialog(runner, wallet, demo=(DEMO_EMAIL, DEMO_PASSWORD))
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.use_provider.setChecked(True)
        dialog.provider_url.setText(wallet.provider_url)
        dialog.register_button.click()
        problems = _problems(dialog)
        dialog.login.setText("new.user@example.com")
        dialog.password.setText("a-long-password")
        dialog.name.setText("张三")
        with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
            dialog.register_button.click()
        assert dialog.code.isVisibleTo(dialog)
        assert any("演示验证码" in text for text in visible_texts(dialog))
        problems += _problems(dialog)
        dialog.close()
    assert not problems, "\n".join(problems)
