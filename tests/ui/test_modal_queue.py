"""`ModalQueue`: dialogs the app opens on its own come one at a time, never stacked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from lebwallet.ui.modal_queue import ModalQueue


def _box(parent: QWidget, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, "t", text, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def test_dialogs_open_one_after_another_in_order(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    queue = ModalQueue()
    first, second, third = (_box(window, text) for text in ("1", "2", "3"))
    for box in (first, second, third):
        queue.show(box)
    queue.show(second)  # asked twice: still once
    assert first.isVisible()
    assert not second.isVisible()
    assert not third.isVisible()
    assert queue.current is first
    assert queue.waiting == (second, third)
    first.done(0)
    qtbot.wait_until(lambda: second.isVisible())
    assert not third.isVisible()
    second.done(0)
    qtbot.wait_until(lambda: third.isVisible())
    third.done(0)
    qtbot.wait_until(lambda: queue.current is None)
    assert not queue.waiting


def test_a_waiting_dialog_deleted_before_its_turn_is_dropped(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    queue = ModalQueue()
    first, gone, last = (_box(window, text) for text in ("1", "2", "3"))
    for box in (first, gone, last):
        queue.show(box)
    gone.deleteLater()
    qtbot.wait_until(lambda: len(queue.waiting) == 1)
    first.done(0)
    qtbot.wait_until(lambda: last.isVisible())
    assert queue.current is last
    last.done(0)
