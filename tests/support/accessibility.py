"""Walk the QAccessible tree of a widget and list the interactive controls a screen reader
could not announce (issue 19).

A control is named when its accessible interface gives a name: Qt derives it from the
widget's accessibleName, from a button's or check box's visible text, or from the QLabel
whose buddy it is. An icon-only button or a field next to a label that is not its buddy has
no name. Controls whose name alone does not say what they do (icon-only buttons, fields that
filter or search) must also have a description.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

Role = QAccessible.Role

INTERACTIVE_ROLES = frozenset(
    {
        Role.PushButton,
        Role.ButtonMenu,
        Role.ButtonDropDown,
        Role.CheckBox,
        Role.RadioButton,
        Role.EditableText,
        Role.ComboBox,
        Role.SpinBox,
        Role.Table,
        Role.List,
        Role.Tree,
        Role.PageTab,
        Role.MenuItem,
        Role.Link,
        Role.Slider,
    }
)
"""The roles of controls a user acts on (a table's cells are announced by their model)."""

_SKIP_CHILDREN = frozenset({Role.Table, Role.List, Role.Tree, Role.ComboBox, Role.SpinBox})
"""Items and inner parts announced through their container."""


@dataclass(frozen=True)
class Problem:
    role: str
    what: str
    missing: str

    def __str__(self) -> str:
        return f"{self.role} {self.what}: no accessible {self.missing}"


def _describe(iface: QAccessibleInterface) -> str:
    obj: QObject | None = iface.object()
    if obj is None:
        return "<no object>"
    name = obj.objectName()
    parent = obj.parent()
    chain = type(obj).__name__ + (f"#{name}" if name else "")
    if parent is not None:
        chain = f"{type(parent).__name__}/{chain}"
    tip = obj.toolTip() if isinstance(obj, QWidget) else ""
    text = obj.text() if isinstance(obj, QAbstractButton) else ""
    return f"{chain} text={text!r} tip={tip!r}"


_FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
"""Controls whose shown text is their value (or a placeholder that goes when typing): their
name is their own accessible name or the caption whose buddy they are, nothing else."""


def _labelled_field(widget: QWidget) -> bool:
    if widget.accessibleName().strip():
        return True
    window = widget.window()
    return any(label.buddy() is widget and label.text() for label in window.findChildren(QLabel))


def _field_widget(iface: QAccessibleInterface) -> QWidget | None:
    obj = iface.object()
    if isinstance(obj, _FIELDS):
        return obj
    if isinstance(obj, QWidget) and isinstance(obj.parent(), QAbstractSpinBox):
        return None  # the line edit inside a spin box: announced by the spin box
    return None


def _needs_description(iface: QAccessibleInterface) -> bool:
    obj = iface.object()
    if isinstance(obj, QAbstractButton):
        return not obj.text().strip()  # icon only: its name is not on screen
    return False


def unnamed_controls(root: QWidget) -> list[Problem]:
    """Every visible interactive control under `root` without a name (or a needed description)."""
    problems: list[Problem] = []
    top = QAccessible.queryAccessibleInterface(root)
    assert top is not None, f"no accessible interface for {root!r}"
    seen: set[int] = set()

    def walk(iface: QAccessibleInterface) -> None:
        state = iface.state()
        if state.invisible:
            return
        role = iface.role()
        if role in INTERACTIVE_ROLES:
            field = _field_widget(iface)
            if field is not None and not _labelled_field(field):
                problems.append(Problem(role.name, _describe(iface), "name (own or buddy)"))
            elif not iface.text(QAccessible.Text.Name).strip():
                problems.append(Problem(role.name, _describe(iface), "name"))
            elif _needs_description(iface) and not iface.text(QAccessible.Text.Description).strip():
                problems.append(Problem(role.name, _describe(iface), "description"))
        if role in _SKIP_CHILDREN:
            return
        for i in range(iface.childCount()):
            child: QAccessibleInterface | None = iface.child(i)
            if child is None:
                continue
            key = id(child.object()) if child.object() is not None else id(child)
            if child.object() is not None and key in seen:
                continue
            seen.add(key)
            walk(child)

    walk(top)
    return problems


def assert_all_named(root: QWidget) -> None:
    problems = unnamed_controls(root)
    assert not problems, f"{type(root).__name__}:\n" + "\n".join(map(str, problems))
