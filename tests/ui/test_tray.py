"""The tray: menu actions, tooltip without balances, notices in the tray or in the window."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lebwallet.domain.money import Money
from lebwallet.services.notifications import Notice, NoticeKind
from lebwallet.ui.icons import ConnectionState, tray_icon
from lebwallet.ui.money_format import format_money
from lebwallet.ui.tray import ShownNotice, TrayController

CREDITED = Notice(
    NoticeKind.CREDITED,
    "order:1:credited",
    card_id="card_demo_uk",
    order_id=1,
    card_name="UK travel",
    amount=Money.of("10.00", "GBP"),
)


@pytest.fixture
def tray(qtbot: Any) -> Any:
    controller = TrayController(tray_icon(), tray_available=True)
    controller.show()
    yield controller
    controller.dispose()


@pytest.mark.parametrize(
    ("action", "signal"),
    [
        ("open_action", "open_requested"),
        ("recharge_action", "recharge_requested"),
        ("notices_action", "notices_requested"),
        ("refresh_action", "refresh_requested"),
        ("quit_action", "quit_requested"),
        ("used_today_action", "used_today_requested"),
    ],
)
def test_menu_actions_emit_their_signal(qtbot: Any, tray: Any, action: str, signal: str) -> None:
    with qtbot.waitSignal(getattr(tray, signal), timeout=1000):
        getattr(tray, action).trigger()


def test_menu_has_its_entries_in_order(tray: Any) -> None:
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == [
        "Open LEB Wallet",
        "Recharge…",
        "I used this card today…",
        "Notices…",
        "Refresh now",
        "Quit",
    ]
    assert tray.tray_icon is not None
    assert tray.tray_icon.contextMenu() is tray.menu


def test_tooltip_shows_state_never_a_balance(tray: Any) -> None:
    tray.set_connection(ConnectionState.ONLINE)
    assert tray.tray_icon.toolTip() == "LEB Wallet — online"
    tray.set_connection(ConnectionState.OFFLINE)
    assert tray.tray_icon.toolTip() == "LEB Wallet — offline"
    tray.notify(CREDITED)
    tip = tray.tray_icon.toolTip()
    assert "10" not in tip
    assert "£" not in tip


def test_clicking_a_message_opens_its_order(qtbot: Any, tray: Any) -> None:
    tray.notify(CREDITED)
    with qtbot.waitSignal(tray.notice_activated, timeout=1000) as blocker:
        tray.tray_icon.messageClicked.emit()
    assert blocker.args == [CREDITED]


def test_clicking_the_icon_opens_the_window(qtbot: Any, tray: Any) -> None:
    from PySide6.QtWidgets import QSystemTrayIcon

    with qtbot.waitSignal(tray.open_requested, timeout=1000):
        tray.tray_icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)


def test_without_a_tray_notices_go_to_the_window(qtbot: Any) -> None:
    controller = TrayController(tray_icon(), tray_available=False)
    try:
        assert not controller.available
        assert controller.tray_icon is None
        with qtbot.waitSignal(controller.in_window_notice, timeout=1000) as blocker:
            controller.notify(CREDITED)
        shown = blocker.args[0]
        assert isinstance(shown, ShownNotice)
        assert shown.title == "Top-up credited"
        assert format_money(Money.of("10.00", "GBP")) in shown.body
        assert "UK travel" in shown.body
        assert not shown.warning
    finally:
        controller.dispose()


def test_offscreen_has_no_tray_by_default(qtbot: Any) -> None:
    controller = TrayController(tray_icon())
    try:
        assert controller.available is False  # the offscreen platform has no tray
    finally:
        controller.dispose()


@pytest.mark.parametrize(
    ("notice", "title", "words"),
    [
        (
            Notice(NoticeKind.FAILED, "f", amount=Money.of("5", "USD"), reason="Card declined."),
            "Top-up failed",
            ["Card declined."],
        ),
        (Notice(NoticeKind.EXPIRED, "e", amount=Money.of("5", "USD")), "Top-up expired", []),
        (
            Notice(NoticeKind.ACTION_NEEDED, "a", amount=Money.of("5", "USD")),
            "Payment needs your action",
            [],
        ),
        (
            Notice(NoticeKind.LOW_BALANCE, "l", card_name="US", amount=Money.of("1", "USD")),
            "Low balance",
            ["US"],
        ),
        (
            Notice(
                NoticeKind.DEADLINE,
                "d",
                card_name="UK",
                days_left=5,
                deadline=date(2026, 12, 1),
                amount=Money.of("10", "GBP"),
            ),
            "Keep-alive deadline soon",
            ["UK", "5"],
        ),
        (
            Notice(
                NoticeKind.DEADLINE,
                "own",
                card_name="UK giffgaff",
                days_left=1,
                deadline=date(2026, 12, 1),
            ),
            "Keep-alive deadline soon",
            ["UK giffgaff", "keep-alive rule", "(1 day"],
        ),
        (
            Notice(NoticeKind.UPDATE, "u", version="0.2.0", url="https://x"),
            "Update available",
            ["0.2.0"],
        ),
    ],
)
def test_every_kind_has_a_text(qtbot: Any, notice: Notice, title: str, words: list[str]) -> None:
    controller = TrayController(tray_icon(), tray_available=False)
    try:
        got_title, body = controller.notice_text(notice)
        assert got_title == title
        assert body
        assert "%" not in body
        for word in words:
            assert word in body
    finally:
        controller.dispose()
