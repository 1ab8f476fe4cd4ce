"""Checks on the geometry of real widgets: nothing squeezed, nothing overlapping."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtWidgets import QLabel, QWidget


def assert_not_squashed(dialog: QWidget) -> None:
    """Every visible child of `dialog` has at least the height it needs (a wrapped label:
    its height for its width), and no two overlap."""
    shown = [w for w in dialog.findChildren(QWidget) if w.isVisible() and w.parent() is dialog]
    for widget in shown:
        need = widget.minimumSizeHint().height()
        text = widget.text() if isinstance(widget, QLabel) else ""
        if isinstance(widget, QLabel) and widget.wordWrap() and text:
            need = widget.heightForWidth(widget.width())
        assert widget.height() >= need, (widget.objectName(), text, widget.height(), need)
    boxes = [w.geometry() for w in shown if not isinstance(w, QLabel) or w.text()]
    for a, b in combinations(boxes, 2):
        assert not a.intersects(b), (a, b)
