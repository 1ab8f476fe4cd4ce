"""Small widget builders shared by the wizard pages."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QLabel, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """`widget` with its object name set (tests and style sheets find it by name)."""
    widget.setObjectName(name)
    return widget


def wrapped_label(name: str) -> QLabel:
    """An empty word-wrapping label named `name`."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label
