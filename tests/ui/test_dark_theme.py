"""Light and dark (issue 19): the app follows the desktop's colour scheme, and every colour it
sets itself stays readable (WCAG AA, 4.5:1) on what it is drawn on, in both schemes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lebwallet.domain.cards import KeepAliveState
from lebwallet.ui.card_details import CardDetails
from lebwallet.ui.cards_model import STATE_ROLE, Column
from lebwallet.ui.icons import tray_icon
from lebwallet.ui.main_window import MainWindow
from lebwallet.ui.notices_panel import NoticesPanel
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.theme import (
    NOTICE_COLOURS,
    Tone,
    apply_colour_scheme,
    dark_palette,
    is_dark,
    keep_alive_text,
    tone,
)
from lebwallet.ui.tray import TrayController
from tests.domain.builders import NOW, card
from tests.ui.test_notices import CREDITED, FAILED, LOW, UPDATE, board_with
from tests.ui.wallet_support import english, signed_in_wallet  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")
AA = 4.5
TIMEOUT_MS = 10_000


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor | str, b: QColor | str) -> float:
    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[QPalette]:
    saved = QPalette(qapp.palette())
    qapp.setPalette(dark_palette())
    yield qapp.palette()
    qapp.setPalette(saved)


def palettes() -> list[QPalette]:
    return [QApplication.style().standardPalette(), dark_palette()]


def test_the_scheme_follows_the_desktop(qapp: QApplication) -> None:
    saved = QPalette(qapp.palette())
    try:
        apply_colour_scheme(qapp, Qt.ColorScheme.Dark)
        assert is_dark()
        apply_colour_scheme(qapp, Qt.ColorScheme.Light)
        assert not is_dark()
    finally:
        qapp.setPalette(saved)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_own_colour_is_readable(qapp: QApplication, scheme: str) -> None:
    palette = palettes()[scheme == "dark"]
    assert is_dark(palette) is (scheme == "dark")
    window = palette.color(QPalette.ColorRole.Window)
    for name in (Tone.ERROR, Tone.WARNING, Tone.SUCCESS):
        assert contrast(tone(name, palette), window) >= AA, name
    banner = contrast(tone(Tone.BANNER_TEXT, palette), tone(Tone.BANNER_BACKGROUND, palette))
    assert banner >= AA
    for state in KeepAliveState:
        colour = keep_alive_text(state, palette)
        for role in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
            text = colour if colour is not None else palette.color(QPalette.ColorRole.Text)
            assert contrast(text, palette.color(role)) >= AA, (state, role)
    for severity, pair in NOTICE_COLOURS.items():
        background, _border, notice_text = pair[scheme == "dark"]
        assert contrast(notice_text, background) >= AA, severity


def test_the_main_window_renders_readably_on_dark(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, dark: QPalette
) -> None:
    with signed_in_wallet(tmp_path) as wallet:
        window = MainWindow(runner, wallet)
        qtbot.addWidget(window)
        window.set_sandbox(True)
        window.show()
        with qtbot.wait_signal(window.cards_changed, timeout=TIMEOUT_MS):
            window.sync()
        image = window.grab().toImage()
        # the sandbox banner: dark background, light text
        corner = window.banner.mapTo(window, QPoint(2, 2))
        background = image.pixelColor(corner * window.devicePixelRatioF())
        assert background.lightnessF() < 0.4
        assert contrast(tone(Tone.BANNER_TEXT), background) >= AA
        # the deadlines: each state's text readable on the table's rows
        base = window.table.palette().color(QPalette.ColorRole.Base)
        model = window.cards_model
        for row in range(model.rowCount()):
            cell = model.index(row, Column.DEADLINE)
            brush = cell.data(Qt.ItemDataRole.ForegroundRole)
            text = brush.color() if brush is not None else dark.color(QPalette.ColorRole.Text)
            assert contrast(text, base) >= AA, cell.data(STATE_ROLE)


def test_notices_take_the_dark_colours(qtbot: QtBot, tmp_path: Path, dark: QPalette) -> None:
    tray = TrayController(tray_icon(), tray_available=False)
    panel = NoticesPanel(tray.notice_text)
    qtbot.addWidget(panel)
    panel.set_entries(board_with(tmp_path, CREDITED, FAILED, UPDATE, LOW).entries())
    panel.show()
    for row in panel.rows:
        background, _border, text = NOTICE_COLOURS[row.entry.severity.value][1]
        assert background in row.styleSheet()
        assert text in row.styleSheet()


def test_the_details_deadline_follows_a_scheme_change(qtbot: QtBot, qapp: QApplication) -> None:
    details = CardDetails(today=lambda: NOW.date())
    qtbot.addWidget(details)
    details.show_card(card(card_id="urgent", last_topup=NOW - timedelta(days=176)))
    light = keep_alive_text(KeepAliveState.URGENT)
    assert light is not None
    assert light.name() in details._deadline.styleSheet()
    saved = QPalette(qapp.palette())
    try:
        qapp.setPalette(dark_palette())
        dark_colour = keep_alive_text(KeepAliveState.URGENT)
        assert dark_colour is not None
        qtbot.waitUntil(lambda: dark_colour.name() in details._deadline.styleSheet())
    finally:
        qapp.setPalette(saved)
