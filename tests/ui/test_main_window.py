"""The main window over a real wallet: cards from the store, sync, offline, actions, language."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from lebwallet.services.wallet_api import CardsSnapshot
from lebwallet.ui.cards_model import CARD_ID_ROLE, Column
from lebwallet.ui.cards_table import LABEL_MAX_CHARS
from lebwallet.ui.i18n import install_language
from lebwallet.ui.icons import ConnectionState
from lebwallet.ui.main_window import MainWindow
from tests.ui.wallet_support import (  # noqa: F401
    english,
    reset_language,
    wallet_qm_dir,
)

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 10_000


@pytest.fixture
def wallet(wallet_and_sandbox):
    return wallet_and_sandbox[0]


@pytest.fixture
def window(qtbot, runner, wallet):
    main = MainWindow(runner, wallet)
    qtbot.addWidget(main)
    main.show()
    return main


def _sync(qtbot, window):
    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        window.sync()


def test_paints_the_store_then_syncs(qtbot, window):
    with qtbot.wait_signal(window.cards_painted, timeout=TIMEOUT_MS):
        window.load_cards()
    assert window.cards_model.rowCount() == 0
    assert window.status.state.value == "offline"
    _sync(qtbot, window)
    assert window.cards_model.rowCount() == 3
    assert window.status.state.value == "online"
    assert "Online" in window.status.connection_text()
    assert window.selected_card() is not None
    assert window.recharge_action.isEnabled()


def test_sandbox_banner(qtbot, window):
    assert not window.banner.isVisibleTo(window)  # a provider URL: not known to be a sandbox
    _sync(qtbot, window)
    assert window.banner.isVisibleTo(window)  # its cards say they are sandbox cards
    assert window.banner.text() == "Sandbox — no real money"


def test_selection_survives_a_sync(qtbot, window):
    _sync(qtbot, window)
    assert window.select_card("card_demo_us")
    _sync(qtbot, window)
    assert window.selected_card().id == "card_demo_us"
    assert window.details.card.id == "card_demo_us"


def test_sorted_by_deadline_first(qtbot, window):
    _sync(qtbot, window)
    proxy = window.cards_proxy
    order = [proxy.index(row, Column.LABEL).data(CARD_ID_ROLE) for row in range(3)]
    assert order == ["card_demo_uk", "card_demo_us", "card_demo_hk"]


def test_esim_details_show_activation_code(qtbot, window):
    _sync(qtbot, window)
    window.select_card("card_demo_hk")
    assert window.details.qr.payload.startswith("LPA:1$")


def test_offline_keeps_the_cards(qtbot, window, wallet_and_sandbox):
    _sync(qtbot, window)
    wallet_and_sandbox[1].server.stop()
    with qtbot.wait_signal(window._runner.idle, timeout=30_000):
        window.sync()
    assert window.status.state is ConnectionState.OFFLINE
    assert "Offline" in window.status.connection_text()
    assert window.cards_model.rowCount() == 3
    assert window.status.last_sync is not None


def test_rename_and_unbind(qtbot, window):
    _sync(qtbot, window)
    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        window.rename_card("card_demo_us", "Travel USA")
    row = window.cards_model.row_of("card_demo_us")
    assert window.cards_model.index(row, Column.LABEL).data() == "Travel USA"
    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        window.unbind_card("card_demo_us")
    assert window.cards_model.row_of("card_demo_us") is None
    assert window.cards_model.rowCount() == 2


def test_recharge_requests_carry_the_card(qtbot, window):
    _sync(qtbot, window)
    window.select_card("card_demo_uk")
    with qtbot.wait_signal(window.recharge_requested) as requested:
        window.keep_alive_action.trigger()
    assert requested.args == ["card_demo_uk", True]


def test_switching_language_retranslates_at_once(qtbot, qapp, window, tmp_path_factory):
    _sync(qtbot, window)
    saved = QLocale()
    try:
        install_language(qapp, "zh_CN", wallet_qm_dir(tmp_path_factory))
        qapp.processEvents()
        assert window.tabs.tabText(0) == "卡片"
        assert window.banner.text() != "Sandbox — no real money"
        header = window.cards_model.headerData(Column.BALANCE, 1)
        assert header != "Balance"
        install_language(qapp, "en", wallet_qm_dir(tmp_path_factory))
        qapp.processEvents()
        assert window.tabs.tabText(0) == "Cards"
    finally:
        reset_language(qapp, saved)


def _many_cards(count: int, *, long_label_at: int | None = None) -> CardsSnapshot:
    from tests.domain.builders import card

    def label(i: int) -> str:
        return f"Card {i}" + ("  with a much longer name" if i == long_label_at else "")

    return CardsSnapshot(
        tuple(card(card_id=f"card-{i}", label=label(i)) for i in range(count)), None
    )


def test_columns_fit_the_rows_on_screen(qtbot):
    """Fitted to the rows on screen, not to every row (a long label far down stays cut)."""
    window = MainWindow(None, None, defer=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    snapshot = _many_cards(300, long_label_at=45)  # below the ~20 rows on screen
    with qtbot.wait_signal(window.cards_painted, timeout=TIMEOUT_MS):
        window.show_stored_cards(snapshot)
    label = window.table.columnWidth(Column.LABEL)
    metrics = window.table.fontMetrics()
    assert label >= metrics.horizontalAdvance("Card 10")
    assert window.table.rowAt(window.table.viewport().height() - 1) < 45
    assert label < metrics.horizontalAdvance("Card 45  with a much longer name")


def test_the_first_paint_is_the_table_viewport_s(qtbot):
    """The frame finds the table's viewport by its name (not `viewport()`, issue 18): it is
    the viewport itself, and its first paint is told."""
    from lebwallet.ui.cards_page import _viewport_of

    window = MainWindow(None, None, defer=True)
    qtbot.addWidget(window)
    assert _viewport_of(window.table) is window.table.viewport()
    with qtbot.wait_signal(window.first_painted, timeout=TIMEOUT_MS):
        window.show()


def test_a_hidden_window_fits_its_columns_when_shown(qtbot):
    """Hidden (started in the tray), Qt would measure every row: the fit waits until shown."""
    window = MainWindow(None, None, defer=True)
    qtbot.addWidget(window)
    window.show_stored_cards(_many_cards(5))
    default = window.table.horizontalHeader().defaultSectionSize()
    assert window.table.columnWidth(Column.NUMBER) == default
    window.show()  # fitted as it shows, before its first paint
    metrics = window.table.fontMetrics()
    number = window.cards_model.data(window.cards_model.index(0, Column.NUMBER))
    assert window.table.columnWidth(Column.NUMBER) >= metrics.horizontalAdvance(number)


def test_day_counts_move_on_at_utc_midnight(qtbot, runner, wallet):
    from datetime import UTC, datetime, timedelta

    today = [datetime.now(UTC).date()]
    main = MainWindow(runner, wallet, today=lambda: today[0])
    qtbot.addWidget(main)
    main.show()
    _sync(qtbot, main)
    now = datetime.now(UTC)
    to_midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC) - now
    assert main.cards_page.day_timer.isActive()
    assert main.cards_page.day_timer.remainingTime() <= to_midnight.total_seconds() * 1000 + 1100
    model = main.cards_model
    before = [model.data(model.index(row, Column.DEADLINE)) for row in range(model.rowCount())]
    today[0] += timedelta(days=1)
    main.cards_page.day_timer.timeout.emit()
    after = [model.data(model.index(row, Column.DEADLINE)) for row in range(model.rowCount())]
    assert all(b != a for b, a in zip(before, after, strict=True))
    assert main.cards_page.day_timer.isActive()  # armed for the next midnight


def test_ctrl_comma_opens_settings_and_help_has_about(qtbot, window):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    assert QKeySequence("Ctrl+,") in window.settings_action.shortcuts()
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow, timeout=TIMEOUT_MS)
    with qtbot.wait_signal(window.settings_requested, timeout=TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)

    assert window.help_menu.title() == "&Help"
    assert window.about_action in window.help_menu.actions()
    with qtbot.wait_signal(window.about_requested, timeout=TIMEOUT_MS):
        window.about_action.trigger()
    wallet_menu = window.wallet_menu.actions()
    assert window.backup_action in wallet_menu
    assert window.restore_action in wallet_menu
    assert window.backup_action.isEnabled()


def _answer_input_dialog(text: str) -> None:
    """Type `text` into the rename dialog (modal) once it is up, and press OK."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(text)
        dialog.accept()

    QTimer.singleShot(0, answer)


def test_a_label_too_long_is_explained_not_cut(qtbot, window):
    """The issue: a label longer than the limit was cut silently on rename."""
    _sync(qtbot, window)
    window.select_card("card_demo_us")
    long_label = "Travel USA card for the bank codes, kept alive"
    _answer_input_dialog(long_label)
    with qtbot.assert_not_emitted(window.cards_changed, wait=200):
        window.card_commands.rename_selected()
    box = window.findChild(QMessageBox, "problem_box")
    assert box is not None
    assert box.isVisible()
    assert box.text() == "The card was not renamed."
    assert box.informativeText() == "A label has at most 40 characters; this one has 46."
    box.close()
    row = window.cards_model.row_of("card_demo_us")
    assert window.cards_model.index(row, Column.LABEL).data() != long_label[:40]


def test_a_full_width_label_is_kept_in_its_plain_form(qtbot, window):
    _sync(qtbot, window)
    window.select_card("card_demo_us")
    _answer_input_dialog("\u3000ＵＳＡ 旅行卡\u3000")
    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        window.card_commands.rename_selected()
    row = window.cards_model.row_of("card_demo_us")
    assert window.cards_model.index(row, Column.LABEL).data() == "USA 旅行卡"


LONG_LABEL = "Travel SIM for the bank codes (WWWWWWW)"


def test_the_cards_table_fits_the_smallest_window(qtbot, window):
    """The issue: at the minimum window size one row showed and the keep-alive column was
    off-screen; a long label took 340 px."""
    with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
        window.rename_card("card_demo_us", LONG_LABEL)
    window.cards_model.set_cards([])  # the next load is a first one: the columns are fitted
    _sync(qtbot, window)
    smallest = window.minimumSize().expandedTo(window.minimumSizeHint())
    window.resize(smallest)
    qtbot.wait_until(lambda: window.size() == smallest)
    qtbot.wait(50)
    table, viewport = window.table, window.table.viewport()
    rows = window.cards_proxy.rowCount()
    assert rows == 3
    for row in range(rows):
        top = table.rowViewportPosition(row)
        assert top >= 0
        assert top + table.rowHeight(row) <= viewport.height(), (row, viewport.height())
    left = table.columnViewportPosition(Column.DEADLINE)
    width = table.columnWidth(Column.DEADLINE)
    assert left >= 0
    assert left + width <= viewport.width(), (left, width, viewport.width())
    assert width >= table.sizeHintForColumn(Column.DEADLINE)  # the deadline is never cut
    assert table.columnWidth(Column.LABEL) < table.sizeHintForColumn(Column.LABEL)
    assert (
        table.columnWidth(Column.LABEL) <= LABEL_MAX_CHARS * table.fontMetrics().averageCharWidth()
    )
    row = window.cards_proxy.mapFromSource(
        window.cards_model.index(window.cards_model.row_of("card_demo_us"), Column.LABEL)
    ).row()
    index = window.cards_proxy.index(row, Column.LABEL)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == LONG_LABEL
    assert table.textElideMode() == Qt.TextElideMode.ElideRight


def _euicc_panel(window: MainWindow) -> Any:
    return window.euicc_tab.panel


def test_the_esim_card_tab_builds_its_panel_when_first_shown(qtbot, window):
    _sync(qtbot, window)
    assert _euicc_panel(window) is None  # nothing of PC/SC or the codec at start-up
    window.tabs.setCurrentWidget(window.euicc_tab)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "eSIM card"
    panel = _euicc_panel(window)
    assert panel is not None
    assert panel._cards == window.cards_model.cards  # matched against the wallet's cards


def test_the_deadline_column_is_fitted_again_in_another_language(
    qtbot, window, qapp, tmp_path_factory
):
    """The deadline is never cut: 还剩 18 天 is wider than "18 days left"."""
    _sync(qtbot, window)
    saved = QLocale()
    install_language(qapp, "zh_CN", wallet_qm_dir(tmp_path_factory))
    qapp.processEvents()  # the posted LanguageChange
    try:
        assert window.tabs.tabText(0) == "卡片"
        table = window.table
        assert table.columnWidth(Column.DEADLINE) >= table.sizeHintForColumn(Column.DEADLINE)
    finally:
        reset_language(qapp, saved)
