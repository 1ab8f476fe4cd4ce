"""Accessible names for form fields (issue 19).

A screen reader names a field by the caption whose buddy it is; `QFormLayout.addRow` sets the
buddy only for captions it creates from a string, not for the QLabel captions the dialogs
build (to retranslate them). `buddy_captions` makes every caption of a form the buddy of its
field, so the field is announced by its caption and the caption's mnemonic focuses it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLayoutItem, QWidget


def focus_target(widget: QWidget) -> QWidget | None:
    """`widget`, or its first child that takes the focus (a row of a field and a button)."""
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not isinstance(widget, QLabel):
        return widget
    for child in widget.findChildren(QWidget):
        if child.focusPolicy() != Qt.FocusPolicy.NoFocus and not isinstance(child, QLabel):
            return child
    return None


def buddy_captions(form: QFormLayout) -> None:
    """Make each QLabel caption of `form` the buddy of the field on its row."""
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label_item is None or field_item is None:
            continue
        label = label_item.widget()
        if not isinstance(label, QLabel):
            continue
        target = _first_focusable(field_item)
        if target is not None:
            label.setBuddy(target)


def _first_focusable(item: QLayoutItem) -> QWidget | None:
    widget = item.widget()
    if widget is not None:
        return focus_target(widget)
    layout = item.layout()
    if layout is None:
        return None
    for index in range(layout.count()):
        child = layout.itemAt(index)
        target = _first_focusable(child) if child is not None else None
        if target is not None:
            return target
    return None
