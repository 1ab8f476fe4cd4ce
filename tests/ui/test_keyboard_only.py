"""The app works with the keyboard alone (issue 19): sign-in, a recharge up to the pay page,
history filtering, settings and adding a card are done with QTest key events only; focus
moves in reading order, and each window's mnemonics are unique."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QTabBar,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from lebwallet.domain.flow_values import Step
from lebwallet.services.settings import Settings
from lebwallet.services.wallet import Wallet
from lebwallet.ui.add_card_dialog import AddCardDialog
from lebwallet.ui.i18n import install_language
from lebwallet.ui.main_window import MainWindow
from lebwallet.ui.settings_dialog import SettingsDialog
from lebwallet.ui.shortcuts_dialog import ShortcutsDialog
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.welcome_dialog import WelcomeDialog
from tests.support.wizard_driver import TIMEOUT_MS, Env, wait_step
from tests.ui.wallet_support import (  # noqa: F401
    DEMO_EMAIL,
    DEMO_PASSWORD,
    english,
    real_wallet,
    reset_language,
    wallet_qm_dir,
)

pytestmark = pytest.mark.usefixtures("english")

SPARE_UK_ICCID = "8944100000000001081"  # the sandbox's spare UK card
Key = Qt.Key


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press on whatever has the focus, as the user's keyboard would send it."""
    QTest.keyClick(focused(), key, modifier)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def tab_to(window: QWidget, target: QWidget, *, limit: int = 30) -> list[QWidget]:
    """Tab until `target` has the focus; the widgets passed on the way, in order."""
    visited: list[QWidget] = []
    for _ in range(limit):
        if focused() is target:
            return visited
        visited.append(focused())
        press(Key.Key_Tab)
    raise AssertionError(f"Tab never reaches {target!r} in {window!r}: {visited}")


def show(qtbot: QtBot, window: QWidget) -> None:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(
        lambda: QApplication.activeWindow() is window and QApplication.focusWidget() is not None,
        timeout=TIMEOUT_MS,
    )


def test_sign_in_with_the_keyboard(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    with real_wallet(tmp_path) as (wallet, _sandbox):
        dialog = WelcomeDialog(runner, wallet, demo=(DEMO_EMAIL, DEMO_PASSWORD))
        show(qtbot, dialog)
        assert focused() is dialog.use_sandbox  # reading order: the provider, then the account
        assert tab_to(dialog, dialog.login) == [dialog.use_sandbox]  # the address is disabled
        press(Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(DEMO_EMAIL)
        press(Key.Key_Tab)
        assert focused() is dialog.password
        press(Key.Key_E, Qt.KeyboardModifier.AltModifier)  # the caption's mnemonic: its field
        assert focused() is dialog.login
        press(Key.Key_W, Qt.KeyboardModifier.AltModifier)
        assert focused() is dialog.password
        press(Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(DEMO_PASSWORD)
        with qtbot.wait_signal(dialog.signed_in, timeout=TIMEOUT_MS) as signed:
            press(Key.Key_S, Qt.KeyboardModifier.AltModifier)  # &Sign in
        assert signed.args[0].login == DEMO_EMAIL


def test_recharge_to_the_pay_page_with_the_keyboard(qtbot: QtBot, env: Env) -> None:
    wizard = env.wizard(qtbot)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.card_page.isComplete, timeout=TIMEOUT_MS)
    assert focused() is wizard.card_page.cards_list
    press(Key.Key_Down)
    press(Key.Key_Up)
    press(Key.Key_Return)
    wait_step(qtbot, wizard, Step.AMOUNT)
    qtbot.waitUntil(lambda: wizard.flow.options is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: focused() is wizard.amount_page.amount_edit, timeout=TIMEOUT_MS)
    type_text("20")
    qtbot.waitUntil(wizard.amount_page.isComplete, timeout=TIMEOUT_MS)
    press(Key.Key_Return)
    wait_step(qtbot, wizard, Step.CONFIRM)
    qtbot.waitUntil(wizard.confirm_page.isComplete, timeout=TIMEOUT_MS)
    press(Key.Key_Return)
    wait_step(qtbot, wizard, Step.PAY)


def main_window(qtbot: QtBot, runner: TaskRunner, wallet: Wallet) -> MainWindow:
    window = MainWindow(runner, wallet)
    show(qtbot, window)
    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        window.sync()
    return window


def test_filter_the_history_with_the_keyboard(
    qtbot: QtBot, runner: TaskRunner, wallet: Wallet
) -> None:
    window = main_window(qtbot, runner, wallet)
    window.table.setFocus()
    press(Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # the next tab: the history
    assert window.tabs.currentWidget() is window.history
    history = window.history
    history.table.setFocus()  # Tab leaves a table (no cell-by-cell trap) and wraps round
    visited = tab_to(window, history.search)
    order = [history.card_filter, history.status_filter, history.date_filter]
    assert [w for w in visited if w in order] == order  # the filters, left to right
    type_text("giffgaff")
    qtbot.waitUntil(lambda: history.model.query.text == "giffgaff", timeout=TIMEOUT_MS)


def test_tab_leaves_the_cards_table(qtbot: QtBot, runner: TaskRunner, wallet: Wallet) -> None:
    window = main_window(qtbot, runner, wallet)
    window.table.setFocus()
    press(Key.Key_Down)
    assert window.selected_card() is not None  # arrows move in the table
    press(Key.Key_Tab)
    assert focused() is not window.table


def test_settings_with_the_keyboard(qtbot: QtBot, runner: TaskRunner, wallet: Wallet) -> None:
    window = main_window(qtbot, runner, wallet)
    with qtbot.wait_signal(window.settings_requested, timeout=TIMEOUT_MS):
        press(Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = SettingsDialog(Settings(login=DEMO_EMAIL))
    show(qtbot, dialog)
    tab_to(dialog, dialog.refresh_seconds)
    press(Key.Key_L, Qt.KeyboardModifier.AltModifier)  # &Language: its field
    assert focused() is dialog.language
    press(Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Refresh every:
    assert focused() is dialog.refresh_seconds
    press(Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("600")
    with qtbot.wait_signal(dialog.settings_accepted, timeout=TIMEOUT_MS) as accepted:
        press(Key.Key_Return)
    assert accepted.args[0].refresh_seconds == 600


def test_add_a_card_with_the_keyboard(qtbot: QtBot, runner: TaskRunner, wallet: Wallet) -> None:
    window = main_window(qtbot, runner, wallet)
    press(Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AddCardDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddCardDialog)
    qtbot.waitUntil(lambda: focused() is dialog.number, timeout=TIMEOUT_MS)
    type_text(SPARE_UK_ICCID)
    press(Key.Key_Tab)
    assert focused() is dialog.label_edit
    press(Key.Key_I, Qt.KeyboardModifier.AltModifier)  # &ICCID or phone number:
    assert focused() is dialog.number
    press(Key.Key_L, Qt.KeyboardModifier.AltModifier)  # &Label (optional):
    assert focused() is dialog.label_edit
    type_text("Spare")
    with qtbot.wait_signal(dialog.card_bound, timeout=TIMEOUT_MS) as bound:
        press(Key.Key_Return)
    assert bound.args[0].label == "Spare"
    assert window is not None


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" in `text` (None without one)."""
    index = text.replace("&&", "").find("&")
    plain = text.replace("&&", "")
    return plain[index + 1].casefold() if 0 <= index < len(plain) - 1 else None


def test_menus_have_unique_mnemonics(qtbot: QtBot, runner: TaskRunner, wallet: Wallet) -> None:
    window = main_window(qtbot, runner, wallet)
    menus = [m for a in window.menuBar().actions() if isinstance(m := a.menu(), QMenu)]
    titles = [mnemonic(m.title()) for m in menus]
    assert None not in titles
    assert len(set(titles)) == len(titles), titles
    for menu in menus:
        items = [a.text() for a in menu.actions() if not a.isSeparator()]
        letters = [mnemonic(text) for text in items]
        assert None not in letters, f"{menu.title()}: {items}"
        assert len(set(letters)) == len(letters), f"{menu.title()}: {items}"


def test_the_menu_opens_and_runs_with_the_keyboard(
    qtbot: QtBot, runner: TaskRunner, wallet: Wallet
) -> None:
    """Alt+H, then K: Help → Keyboard shortcuts, which lists every action's keys."""
    window = main_window(qtbot, runner, wallet)
    press(Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.help_menu.isVisible(), timeout=TIMEOUT_MS)
    QTest.keyClick(window.help_menu, Key.Key_K)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=TIMEOUT_MS)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ShortcutsDialog)
    items = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    rows = {item.text(0): item.text(1) for item in items if item is not None}
    assert rows["Recharge"] == "Ctrl+R"
    assert rows["Rename"] == "F2"
    assert "Ctrl+," in rows["Settings"]
    with_keys = {
        a.iconText().rstrip("…")
        for menu in (window.wallet_menu, window.cards_menu, window.help_menu)
        for a in menu.actions()
        if not a.shortcut().isEmpty()
    }
    assert set(rows) == with_keys  # built from the actions: it never drifts
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=TIMEOUT_MS)
    press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT_MS)


def window_mnemonics(window: QWidget) -> list[str]:
    """The mnemonic letters a window's visible labels, buttons and tabs offer (Alt+letter)."""
    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton | QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
    return [letter for text in texts if (letter := mnemonic(text)) is not None]


def test_every_window_s_mnemonics_are_unique(
    qtbot: QtBot, runner: TaskRunner, wallet: Wallet, tmp_path: Path
) -> None:
    windows: list[QWidget] = [
        main_window(qtbot, runner, wallet),
        SettingsDialog(Settings(login=DEMO_EMAIL)),
        AddCardDialog(runner, wallet),
        WelcomeDialog(runner, wallet, demo=(DEMO_EMAIL, DEMO_PASSWORD)),
    ]
    for window in windows:
        qtbot.addWidget(window)
        window.show()
        letters = window_mnemonics(window)
        assert len(set(letters)) == len(letters), f"{type(window).__name__}: {letters}"


def test_toolbar_buttons_show_no_mnemonic_marks(
    qtbot: QtBot, runner: TaskRunner, wallet: Wallet, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A menu item's "充值(&R)…" is "充值" on its toolbar button, not "充值(R)"."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = main_window(qtbot, runner, wallet)
    saved = QLocale()
    install_language(app, "zh_CN", wallet_qm_dir(tmp_path_factory))
    try:
        qtbot.waitUntil(lambda: window.recharge_action.text() == "充值(&R)…")
        buttons = [window.toolbar.widgetForAction(a) for a in window.toolbar.actions() if a.text()]
        texts = [b.text() for b in buttons if isinstance(b, QToolButton)]
        assert "充值" in texts
        assert not [t for t in texts if "(" in t or "&" in t or "…" in t], texts
    finally:
        reset_language(app, saved)
