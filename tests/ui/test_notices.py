"""Notices the user can read and dismiss (issue 13, item 13): every severity in its own style
with an icon and a word, dismissible, kept across a restart of the app, reachable from the
window and the tray; the credited notice names the card, in English and 简体中文."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lebwallet.domain.money import Money
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.notice_board import NoticeBoard
from lebwallet.services.notifications import Notice, NoticeKind, Severity
from lebwallet.services.settings import load_settings, save_settings
from lebwallet.ui.i18n import install_language
from lebwallet.ui.i18n_tools import chinese_typography_problems
from lebwallet.ui.icons import tray_icon
from lebwallet.ui.notices_panel import NoticesDialog, NoticesPanel
from lebwallet.ui.tray import TrayController
from lebwallet.ui.wallet_app import WalletApp
from tests.services.test_notifications import card
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import english, reset_language, wallet_qm_dir  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 20_000
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

CREDITED = Notice(
    NoticeKind.CREDITED,
    "order:1:credited",
    card_id="card_demo_uk",
    order_id=1,
    card_name="UK number",
    amount=Money.of("10.00", "GBP"),
)
FAILED = Notice(NoticeKind.FAILED, "order:2:failed", order_id=2, amount=Money.of("5", "GBP"))
UPDATE = Notice(NoticeKind.UPDATE, "update:9.9", version="9.9", url="https://example.org")
LOW = Notice(
    NoticeKind.LOW_BALANCE, "low:c1", card_id="c1", card_name="US", amount=Money.of("1", "USD")
)


def board_with(tmp_path: Path, *notices: Notice) -> NoticeBoard:
    board = NoticeBoard.in_dir(tmp_path, now=lambda: NOW)
    board.add(notices)
    return board


def test_each_severity_has_its_style_icon_and_word(qtbot: QtBot, tmp_path: Path) -> None:
    tray = TrayController(tray_icon(), tray_available=False)
    panel = NoticesPanel(tray.notice_text)
    qtbot.addWidget(panel)
    panel.set_entries(board_with(tmp_path, CREDITED, FAILED, UPDATE, LOW).entries())
    panel.show()
    by_severity = {row.entry.severity: row for row in panel.rows}
    assert set(by_severity) == set(Severity)
    words = {s: r.severity_label.text() for s, r in by_severity.items()}
    assert words == {
        Severity.SUCCESS: "Done",
        Severity.INFO: "Info",
        Severity.WARNING: "Warning",
        Severity.ALARM: "Alarm",
    }
    sheets = {r.styleSheet() for r in panel.rows}
    assert len(sheets) == 4  # four different styles
    for row in panel.rows:
        assert row.objectName() == f"notice_{row.entry.severity.value}"
        pixmap = row.icon_label.pixmap()
        assert not pixmap.isNull()
        assert row.dismiss_button.isVisible()
    success = by_severity[Severity.SUCCESS]
    assert "#e6f4e7" in success.styleSheet()  # success is never in the alarm style
    assert "#fde2e1" not in success.styleSheet()
    assert "UK number" in success.text_label.text()


def test_dismissing_removes_the_notice_and_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    tray = TrayController(tray_icon(), tray_available=False)
    panel = NoticesPanel(tray.notice_text, limit=2)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_entries(board_with(tmp_path, CREDITED, FAILED, UPDATE).entries())
    assert len(panel.rows) == 2
    assert panel.show_all_button.text() == "All notices (3)…"
    first = panel.rows[0]
    with qtbot.wait_signal(panel.dismissed, timeout=1000) as dismissed:
        qtbot.mouseClick(first.dismiss_button, Qt.MouseButton.LeftButton)
    assert dismissed.args == [first.entry.key]
    assert first.entry.key not in [r.entry.key for r in panel.rows]
    with qtbot.wait_signal(panel.dismissed_all, timeout=1000):
        qtbot.mouseClick(panel.dismiss_all_button, Qt.MouseButton.LeftButton)
    assert panel.rows == []
    assert not panel.isVisible()  # nothing left: the window shows no empty bar


def _app(data_dir: Path) -> WalletApp:
    data_dir.mkdir(parents=True, exist_ok=True)
    loaded = load_settings(data_dir)
    save_settings(data_dir, loaded.settings.model_copy(update={"check_updates": False}))
    return WalletApp(
        data_dir, load_settings(data_dir), credentials=CredentialStore(MemoryKeyring())
    )


def test_notices_are_kept_across_a_restart_until_dismissed(qtbot: QtBot, tmp_path: Path) -> None:
    app = _app(tmp_path)
    try:
        qtbot.addWidget(app.window)
        app.start(connect=False)
        app.live.on_notice(CREDITED)
        app.live.on_notice(FAILED)
        qtbot.wait_until(lambda: len(app.notices.panel.rows) == 2, timeout=TIMEOUT_MS)
        assert app.notices.action.text() == "Notices (2)"
    finally:
        app.shutdown()

    again = _app(tmp_path)
    try:
        qtbot.addWidget(again.window)
        again.start(connect=False)
        keys = [row.entry.key for row in again.notices.panel.rows]
        assert keys == [FAILED.key, CREDITED.key]
        assert again.notices.panel.isVisibleTo(again.window)
        # reachable from the window's toolbar and from the tray menu
        assert again.notices.action in again.window.toolbar.actions()
        again.tray.notices_action.trigger()
        dialog = again.notices.dialog
        assert dialog is not None
        assert dialog.isVisible()
        assert [r.entry.key for r in dialog.panel.rows] == keys
        qtbot.mouseClick(dialog.panel.rows[0].dismiss_button, Qt.MouseButton.LeftButton)
        qtbot.wait_until(lambda: len(again.notices.panel.rows) == 1, timeout=TIMEOUT_MS)
        assert again.notices.board.entries()[0].key == CREDITED.key
    finally:
        again.shutdown()

    third = _app(tmp_path)
    try:
        qtbot.addWidget(third.window)
        third.start(connect=False)
        assert [row.entry.key for row in third.notices.panel.rows] == [CREDITED.key]
    finally:
        third.shutdown()


def test_the_credited_notice_names_the_card_in_both_languages(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tray = TrayController(tray_icon(), tray_available=False)
    _title, body = tray.notice_text(CREDITED)
    assert body == "£10.00 was credited to UK number."
    unnamed = Notice(NoticeKind.CREDITED, "k", amount=Money.of("10.00", "GBP"))
    assert tray.notice_text(unnamed)[1] == "£10.00 was credited to your card."
    install_language(qapp, "zh_CN", wallet_qm_dir(tmp_path_factory))
    try:
        tray.retranslate()
        for notice in (CREDITED, unnamed):
            _title, body = tray.notice_text(notice)
            assert chinese_typography_problems(body) == [], body
            assert "已充入" in body
        assert tray.notice_text(CREDITED)[1].endswith("已充入 UK number。")
        assert tray.notice_text(unnamed)[1].endswith("已充入您的卡片。")  # no stray space
    finally:
        install_language(qapp, "en", wallet_qm_dir(tmp_path_factory))


def test_a_failed_orders_notice_offers_contact_support(qtbot: QtBot, tmp_path: Path) -> None:
    tray = TrayController(tray_icon(), tray_available=False)
    panel = NoticesPanel(tray.notice_text)
    qtbot.addWidget(panel)
    panel.set_entries(board_with(tmp_path, CREDITED, FAILED).entries())
    panel.show()
    by_kind = {row.entry.notice.kind: row for row in panel.rows}
    assert not by_kind[NoticeKind.CREDITED].support_button.isVisible()
    failed = by_kind[NoticeKind.FAILED]
    assert failed.support_button.isVisible()
    assert failed.support_button.text() == "Contact support…"
    with qtbot.waitSignal(panel.support_requested) as asked:
        qtbot.mouseClick(failed.support_button, Qt.MouseButton.LeftButton)
    assert asked.args == [2]


def test_a_deadline_warning_goes_once_a_top_up_moved_the_deadline(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The walk: "Top up UK number … (5 days left)" stayed in the banner and in All notices
    after the top-up moved the deadline (and came back after a restart)."""
    near = card("c1", days=5)
    warning = Notice(
        NoticeKind.DEADLINE,
        "deadline:c1:x:7",
        card_id="c1",
        card_name="UK number",
        days_left=5,
        deadline=near.last_day,
    )
    board_with(tmp_path, CREDITED, warning)
    app = _app(tmp_path)
    try:
        qtbot.addWidget(app.window)
        app.start(connect=False)
        assert warning.key in [row.entry.key for row in app.notices.panel.rows]
        app.window.cards_changed.emit((near,))
        app.window.cards_changed.emit((card("c1", days=185),))
        qtbot.wait_until(lambda: len(app.notices.panel.rows) == 1, timeout=TIMEOUT_MS)
        assert app.notices.panel.rows[0].entry.key == CREDITED.key
        assert app.notices.action.text() == "Notices (1)"
    finally:
        app.shutdown()
    assert [e.key for e in NoticeBoard.in_dir(tmp_path).entries()] == [CREDITED.key]


def test_the_all_notices_dialog_fits_its_rows(qtbot: QtBot, tmp_path: Path) -> None:
    """The walk: the All notices dialog had a horizontal scrollbar and its Dismiss buttons
    were cut off. Every row fits the dialog's width, its buttons whole."""
    tray = TrayController(tray_icon(), tray_available=False)
    long_deadline = Notice(
        NoticeKind.DEADLINE,
        "deadline:c1:x:7",
        card_id="c1",
        card_name="UK number for the bank's codes",
        days_left=5,
        deadline=datetime(2026, 12, 10, tzinfo=UTC).date(),
        amount=Money.of("10.00", "GBP"),
    )
    failed = Notice(
        NoticeKind.FAILED,
        "order:3:failed",
        order_id=3,
        card_name="US number",
        amount=Money.of("5", "USD"),
        reason="card_declined",
    )
    dialog = NoticesDialog(tray.notice_text)
    qtbot.addWidget(dialog)
    dialog.set_entries(
        board_with(tmp_path, CREDITED, FAILED, UPDATE, long_deadline, failed).entries()
    )
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    assert not dialog.scroll_area.horizontalScrollBar().isVisible()
    viewport = dialog.scroll_area.viewport().rect()
    for row in dialog.panel.rows:
        for button in (row.open_button, row.support_button, row.dismiss_button):
            if button.isVisible():
                top_left = button.mapTo(dialog.scroll_area.viewport(), button.rect().topLeft())
                box = button.rect().translated(top_left)
                # whole across (the list scrolls down, never sideways)
                assert 0 <= box.left() <= box.right() <= viewport.right(), (button.text(), box)
