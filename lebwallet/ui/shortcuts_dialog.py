"""Help → Keyboard shortcuts: every action of a window that has a shortcut, with its keys.

Built from the actions themselves (their text and `shortcuts()`), so the list never drifts
from what the keys do.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what the action does, its keys in the platform's words) for each action with keys."""
    rows: list[tuple[str, str]] = []
    seen: set[int] = set()
    for action in actions:
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        if not keys or id(action) in seen:
            continue
        seen.add(id(action))
        text = action.iconText()  # the text without its mnemonic's "&"
        native = QKeySequence.SequenceFormat.NativeText
        rows.append((text.rstrip("…").strip(), ", ".join(k.toString(native) for k in keys)))
    return rows


class ShortcutsDialog(QDialog):
    """A list of the shortcuts of `actions`."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.list.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for text, keys in shortcut_rows(actions):
            QTreeWidgetItem(self.list, [text, keys])
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(420, 360)
