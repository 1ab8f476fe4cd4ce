"""Every text a user sees in a widget tree, and what is wrong with it in Chinese.

`visible_texts(widget)` walks a window as the user would read it: window titles, labels,
buttons, group boxes, tab titles, line-edit placeholders, combo-box items, menu actions,
tooltips, and every cell and header of an item view's model (DisplayRole and ToolTipRole).
`chinese_problems(texts, allowed)` reports `chinese_typography_problems` and English words
left in a Chinese sentence (names in `ALLOWED_WORDS` and the user's own values pass).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Final

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from lebwallet.ui.i18n_tools import chinese_typography_problems

ALLOWED_WORDS: Final = frozenset(
    word.lower()
    for word in (
        "LEB Wallet eSIM SIM ICCID EID SM-DP QR PayPal Reloadly CSV PDF URL UTC ID https http "
        "SQLite PostgreSQL Matching iCalendar ics Alipay WeChat Pay Visa Mastercard Apple Google "
        "giffgaff Three Vodafone EE O2 Lebara Lyca Mobile CMHK China Unicom Telecom csl "
        "SmarTone AT T-Mobile Ultra Mint Tello US UK HK GB CN GBP USD HKD EUR CNY JPY "
        "macOS Windows Linux KEEPALIVE Wallet LEB sandbox localhost example com www "
        "SMS API PIN PUK OTP MB GB KB Mbps tel mailto psycopg postgresql pcscd"
    ).split()
)
_HANZI: Final = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_WORD: Final = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_TAG: Final = re.compile(r"<[^>]*>")
_URLISH: Final = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\S+\.(?:com|org|net|uk|ics|csv)\b")


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        text = _TAG.sub("\n", text.replace("<br>", "\n").replace("<br/>", "\n"))
    return html.unescape(text).replace("&&", "&")


_FLAT: Final = (QAbstractListModel, QAbstractTableModel)  # their hasChildren is private


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    if isinstance(model, QAbstractListModel):  # its columnCount is private in Qt
        return 1
    return model.columnCount(parent)


def _model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    texts: list[str] = []
    root = QModelIndex() if parent is None else parent
    if parent is None:
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            count = _columns(model, root) if orientation is Qt.Orientation.Horizontal else 0
            for section in range(count):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.headerData(section, orientation, role)
                    if isinstance(value, str):
                        texts.append(value)
    for row in range(model.rowCount(root)):
        for column in range(_columns(model, root)):
            index = model.index(row, column, root)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = index.data(role)
                if isinstance(value, str):
                    texts.append(value)
            if column == 0 and not isinstance(model, _FLAT) and model.hasChildren(index):
                texts.extend(_model_texts(model, index))
    return texts


def _widget_texts(widget: QWidget) -> list[str]:
    texts = [widget.toolTip(), widget.windowTitle() if widget.isWindow() else ""]
    if isinstance(widget, (QLabel, QAbstractButton)):
        texts.append(widget.text())
    elif isinstance(widget, QGroupBox):
        texts.append(widget.title())
    elif isinstance(widget, QLineEdit):
        texts.append(widget.placeholderText())
    elif isinstance(widget, QComboBox):
        texts.extend(widget.itemText(i) for i in range(widget.count()))
    elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
        texts.append(widget.toPlainText())
    elif isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            texts.extend((widget.tabText(i), widget.tabToolTip(i)))
    elif isinstance(widget, QListWidget):
        texts.extend(widget.item(i).text() for i in range(widget.count()))
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        texts.extend(_model_texts(widget.model()))
    for action in widget.actions():
        texts.extend((action.text(), action.toolTip()))
        menu = action.menu()
        if isinstance(menu, QMenu):
            texts.extend(text for sub in menu.actions() for text in (sub.text(), sub.toolTip()))
    return texts


def visible_texts(root: QWidget) -> list[str]:
    """The texts of `root` and its children that are visible (or would be, once shown)."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        texts.extend(_widget_texts(widget))
    return [_plain(text) for text in texts if text and text.strip()]


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """English words in a Chinese `text` (none if it has no Chinese), except allowed names."""
    if not _HANZI.search(text):
        return []
    rest = _URLISH.sub(" ", text)
    for value in sorted(allowed, key=len, reverse=True):
        if value:
            rest = rest.replace(value, " ")
    return [
        word
        for word in _WORD.findall(rest)
        if word.lower() not in ALLOWED_WORDS and not (len(word) <= 3 and word.isupper())
    ]


def chinese_problems(texts: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """Every typography problem and every English word left in a Chinese text."""
    allowed = list(allowed)
    problems: list[str] = []
    for text in dict.fromkeys(texts):
        for line in text.splitlines():
            problems.extend(chinese_typography_problems(line))
            words = english_words(line, allowed)
            if words:
                problems.append(f"English words {words} in {line!r}")
    return problems
