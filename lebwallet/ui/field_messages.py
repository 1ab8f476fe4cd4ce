"""Messages next to the fields of a form: a wrapped, coloured line under each field.

    messages = FieldMessages(form)
    messages.attach(self.login, "email", "phone", "login")
    left = messages.show_problems(describe_problem(error))   # the fields no row takes

A message row is hidden while it is empty, and the dialog grows (never squeezes its fields)
when one appears: `grow_to_fit(dialog)` after any message changes.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from lebwallet.services.problems import FieldProblem, ProblemInfo
from lebwallet.ui.problem_text import field_problem_text, join_sentences
from lebwallet.ui.theme import error_style


class FieldMessages:
    """The message rows of one `QFormLayout` (see the module docstring)."""

    def __init__(self, form: QFormLayout) -> None:
        self._form = form
        self._labels: dict[QWidget, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

    def attach(self, widget: QWidget, *fields: str) -> QLabel:
        """Add a message row under `widget`'s row, for the request members `fields`."""
        # PySide6 returns (row, role); its stub says `object`
        position = cast(tuple[int, object], self._form.getWidgetPosition(widget))
        row = position[0]
        label = QLabel(widget.parentWidget())
        label.setObjectName(f"{widget.objectName() or 'field'}_message")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setStyleSheet(error_style())
        label.setTextFormat(Qt.TextFormat.PlainText)
        self._form.insertRow(row + 1, "", label)
        self._form.setRowVisible(label, False)
        self._labels[widget] = label
        for field in fields:
            self._fields[field] = widget
        return label

    def label(self, widget: QWidget) -> QLabel:
        return self._labels[widget]

    def message(self, widget: QWidget) -> str:
        return self._labels[widget].text()

    def set_message(self, widget: QWidget, text: str) -> None:
        label = self._labels[widget]
        label.setText(text)
        self._form.setRowVisible(label, bool(text) and widget.isVisibleTo(widget.window()))
        widget.setAccessibleDescription(text)

    def clear(self) -> None:
        for widget in self._labels:
            self.set_message(widget, "")

    def show_problems(self, info: ProblemInfo) -> list[FieldProblem]:
        """Put each refused field's sentence under its widget; return the problems no row
        takes (members this form does not show, or that no sentence words)."""
        self.clear()
        texts: dict[QWidget, list[str]] = {}
        left: list[FieldProblem] = []
        for problem in info.fields:
            widget = self._fields.get(problem.field) or self._fields.get(problem.leaf)
            text = field_problem_text(problem)
            if widget is None or text is None:
                left.append(problem)
                continue
            if text not in texts.setdefault(widget, []):
                texts[widget].append(text)
        for widget, sentences in texts.items():
            self.set_message(widget, join_sentences(sentences))
        return left


def grow_to_fit(dialog: QWidget) -> None:
    """Grow `dialog` (never shrink it) so every row gets the height it needs at its width:
    a wrapped message must not squeeze the fields above it."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
    needed = max(needed, layout.totalMinimumSize().height(), dialog.minimumSizeHint().height())
    if needed > dialog.height():
        dialog.resize(width, needed)
