"""Colour is never the only signal (issue 19): a keep-alive state and a notice's severity each
have an icon whose shape differs (not only its hue) and words, on screen and for a screen
reader."""

from __future__ import annotations

from datetime import timedelta
from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lebwallet.domain.cards import KeepAliveState
from lebwallet.services.notifications import Severity
from lebwallet.ui.cards_model import STATE_ROLE, CardsModel, Column
from lebwallet.ui.icons import keep_alive_icon, tray_icon
from lebwallet.ui.notices_panel import NoticesPanel
from lebwallet.ui.tray import TrayController
from tests.domain.builders import NOW, card
from tests.ui.test_notices import CREDITED, FAILED, LOW, UPDATE, board_with
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

_DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole


def grey(pixmap: QPixmap) -> bytes:
    """The pixmap without its colours: what a colour-blind user tells apart."""
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    return bytes(image.constBits())


def shapes_differ(pixmaps: list[QPixmap]) -> bool:
    greys = [grey(p) for p in pixmaps]
    return all(a != b for a, b in combinations(greys, 2))


def test_keep_alive_icons_differ_in_shape_not_only_colour(qapp: QApplication) -> None:
    icons: list[QIcon] = [keep_alive_icon(state) for state in KeepAliveState]
    pixmaps = [i.pixmap(32, 32) for i in icons]
    assert all(not p.isNull() for p in pixmaps)
    assert shapes_differ(pixmaps)


def test_the_deadline_cell_says_the_state_in_words(qapp: QApplication) -> None:
    model = CardsModel(today=lambda: NOW.date())
    model.set_cards(
        [
            card(card_id="far", last_topup=NOW - timedelta(days=10)),
            card(card_id="soon", last_topup=NOW - timedelta(days=160)),
            card(card_id="urgent", last_topup=NOW - timedelta(days=176)),
            card(card_id="lapsed", last_topup=NOW - timedelta(days=200)),
        ]
    )
    words: dict[str, str] = {}
    for row in range(model.rowCount()):
        cell = model.index(row, Column.DEADLINE)
        state = cell.data(STATE_ROLE)
        assert cell.data(Qt.ItemDataRole.DisplayRole)  # the date and the days left
        assert not cell.data(Qt.ItemDataRole.DecorationRole).isNull()
        description = cell.data(_DESCRIPTION)  # what a screen reader adds to the cell
        assert description, f"no words for {state}"
        assert cell.data(Qt.ItemDataRole.ToolTipRole) == description
        words[state] = description
    assert set(words) == {s.value for s in KeepAliveState}
    assert len(set(words.values())) == len(KeepAliveState)


def test_each_notice_severity_has_its_own_icon_shape_and_word(qtbot: QtBot, tmp_path: Path) -> None:
    tray = TrayController(tray_icon(), tray_available=False)
    panel = NoticesPanel(tray.notice_text)
    qtbot.addWidget(panel)
    panel.set_entries(board_with(tmp_path, CREDITED, FAILED, UPDATE, LOW).entries())
    panel.show()
    rows = {row.entry.severity: row for row in panel.rows}
    assert set(rows) == set(Severity)
    assert shapes_differ([row.icon_label.pixmap() for row in rows.values()])
    words = [row.severity_label.text() for row in rows.values()]
    assert all(words)
    assert len(set(words)) == len(words)
