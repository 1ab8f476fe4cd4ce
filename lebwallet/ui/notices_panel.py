"""The notices the user can read and dismiss: a panel (in the window: the newest few) and a
dialog (all of them), both over `services.notice_board.NoticeBoard` entries.

Every notice is shown in its severity's style — success, info, warning, alarm — each with
its own icon *and* word, never colour alone, with a "Dismiss" button; "Dismiss all" clears
the list. A click on "Open" asks for what the notice is about (its card, order or release).

    panel = NoticesPanel(tray.notice_text, limit=3)
    panel.set_entries(board.entries())

Signals (panel and dialog):
    dismissed(str): the user dismissed the notice with this key.
    dismissed_all(): the user dismissed every notice.
    activated(object): the user opened this `Notice`.
    support_requested(int): "Contact support" about a failed order's notice (its local id).
    show_all_requested(): (panel with a limit) the user asked for every notice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from lebwallet.services.notice_board import BoardEntry
from lebwallet.services.notifications import Notice, NoticeKind, Severity
from lebwallet.ui.money_format import format_datetime
from lebwallet.ui.theme import notice_colours

NoticeText = Callable[[Notice], tuple[str, str]]
"""(title, body) of a notice in the current language (`TrayController.notice_text`)."""

_PIXMAP = QStyle.StandardPixmap
_ICONS: Final[dict[Severity, QStyle.StandardPixmap]] = {
    Severity.SUCCESS: _PIXMAP.SP_DialogApplyButton,
    Severity.INFO: _PIXMAP.SP_MessageBoxInformation,
    Severity.WARNING: _PIXMAP.SP_MessageBoxWarning,
    Severity.ALARM: _PIXMAP.SP_MessageBoxCritical,
}
_ICON_PX: Final = 20


class NoticeRow(QFrame):
    """One notice: icon, severity word, title, body, time; Open and Dismiss (and Contact
    support on a failed order's notice)."""

    dismissed = Signal(str)
    activated = Signal(object)
    support_requested = Signal(int)

    def __init__(
        self,
        entry: BoardEntry,
        text_of: NoticeText,
        parent: QWidget | None = None,
        *,
        buttons_below: bool = False,
    ):
        """`buttons_below`: the buttons in a row under the text and a title that wraps, so
        the row fits a narrow list (the dialog) without a horizontal scrollbar."""
        super().__init__(parent)
        self.entry = entry
        self._text_of = text_of
        severity = entry.severity
        self.setObjectName(f"notice_{severity.value}")
        self.setProperty("severity", severity.value)
        self._apply_colours()
        self.icon_label = QLabel(self)
        icon = self.style().standardIcon(_ICONS[severity])
        self.icon_label.setPixmap(icon.pixmap(_ICON_PX, _ICON_PX))
        self.severity_label = QLabel(self)
        self.title_label = QLabel(self)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.severity_label, self.title_label):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        self.time_label = QLabel(self)
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton(self)
        self.open_button.setAutoDefault(False)
        self.support_button = QPushButton(self)
        self.support_button.setObjectName("notice_contact_support")
        self.support_button.setAutoDefault(False)
        notice = entry.notice
        self.support_button.setVisible(
            notice.kind is NoticeKind.FAILED and notice.order_id is not None
        )
        self.dismiss_button = QPushButton(self)
        self.dismiss_button.setObjectName("dismiss")
        self.dismiss_button.setAutoDefault(False)
        header = QHBoxLayout()
        header.addWidget(self.severity_label)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.time_label)
        text = QVBoxLayout()
        text.addLayout(header)
        text.addWidget(self.text_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        buttons = (self.open_button, self.support_button, self.dismiss_button)
        if buttons_below:
            self.title_label.setWordWrap(True)
            row = QHBoxLayout()
            row.addStretch(1)
            for button in buttons:
                row.addWidget(button)
            text.addLayout(row)
        else:
            for button in buttons:
                layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.open_button.clicked.connect(lambda: self.activated.emit(self.entry.notice))
        self.dismiss_button.clicked.connect(lambda: self.dismissed.emit(self.entry.key))
        self.support_button.clicked.connect(self._ask_support)
        self.retranslate()

    def _apply_colours(self) -> None:
        """The severity's colours for the palette's scheme (light or dark)."""
        background, border, colour = notice_colours(self.entry.severity.value)
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ background: {background}; "
            f"border-left: 4px solid {border}; }} "
            f"QFrame#{self.objectName()} QLabel {{ color: {colour}; background: transparent; }}"
        )

    def _ask_support(self) -> None:
        if self.entry.notice.order_id is not None:
            self.support_requested.emit(self.entry.notice.order_id)

    def retranslate(self) -> None:
        words = {
            Severity.SUCCESS: self.tr("Done"),
            Severity.INFO: self.tr("Info"),
            Severity.WARNING: self.tr("Warning"),
            Severity.ALARM: self.tr("Alarm"),
        }
        self.severity_label.setText(words[self.entry.severity])
        title, body = self._text_of(self.entry.notice)
        self.title_label.setText(title)
        self.time_label.setText(format_datetime(self.entry.at))
        self.text_label.setText(body)
        self.text_label.setVisible(bool(body))
        self.open_button.setText(self.tr("Open"))
        self.support_button.setText(self.tr("Contact support…"))
        self.dismiss_button.setText(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(self.tr("Remove this notice from the list"))


class NoticesPanel(QWidget):
    """A list of notice rows (see the module docstring). `limit` None shows them all; with a
    limit, "All notices (N)…" asks for the rest. Hidden while there is nothing to show."""

    dismissed = Signal(str)
    dismissed_all = Signal()
    activated = Signal(object)
    support_requested = Signal(int)
    show_all_requested = Signal()

    def __init__(
        self,
        text_of: NoticeText,
        *,
        limit: int | None = None,
        parent: QWidget | None = None,
        buttons_below: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notices_panel")
        self._text_of = text_of
        self._limit = limit
        self._buttons_below = buttons_below
        self._entries: list[BoardEntry] = []
        self.rows: list[NoticeRow] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(2)
        self.empty_label = QLabel(self)
        self.show_all_button = QPushButton(self)
        self.show_all_button.setObjectName("show_all_notices")
        self.show_all_button.setAutoDefault(False)
        self.dismiss_all_button = QPushButton(self)
        self.dismiss_all_button.setObjectName("dismiss_all")
        self.dismiss_all_button.setAutoDefault(False)
        footer = QHBoxLayout()
        footer.addWidget(self.empty_label, 1)
        footer.addWidget(self.show_all_button)
        footer.addWidget(self.dismiss_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(self._rows_layout)
        layout.addLayout(footer)
        self.show_all_button.clicked.connect(self.show_all_requested)
        self.dismiss_all_button.clicked.connect(self._dismiss_all)
        self._retranslate()

    @property
    def entries(self) -> list[BoardEntry]:
        """The notices shown (or, over the limit, listed)."""
        return list(self._entries)

    def set_entries(self, entries: Sequence[BoardEntry]) -> None:
        """Show these notices (newest first); dismissed ones are left out."""
        self._entries = [e for e in entries if not e.dismissed]
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []
        shown = self._entries if self._limit is None else self._entries[: self._limit]
        for entry in shown:
            row = NoticeRow(entry, self._text_of, self, buttons_below=self._buttons_below)
            row.dismissed.connect(self._dismiss)
            row.activated.connect(self.activated)
            row.support_requested.connect(self.support_requested)
            self._rows_layout.addWidget(row)
            self.rows.append(row)
        self._retranslate()

    def _dismiss(self, key: str) -> None:
        self.set_entries([e for e in self._entries if e.key != key])
        self.dismissed.emit(key)

    def _dismiss_all(self) -> None:
        self.set_entries([])
        self.dismissed_all.emit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            for row in self.rows:
                row.retranslate()
            self._retranslate()
        elif event.type() == QEvent.Type.PaletteChange:  # light ⇄ dark
            for row in self.rows:
                row._apply_colours()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        count = len(self._entries)
        self.empty_label.setText(self.tr("No notices.") if count == 0 else "")
        self.show_all_button.setText(self.tr("All notices (%n)…", "", count))
        self.show_all_button.setVisible(self._limit is not None and count > 0)
        self.dismiss_all_button.setText(self.tr("Dismiss all"))
        self.dismiss_all_button.setVisible(count > 1 or (self._limit is None and count > 0))
        if self._limit is not None:
            self.setVisible(count > 0)


class NoticesDialog(QDialog):
    """Every notice not dismissed, in a scrolling list (signals as the panel's)."""

    def __init__(self, text_of: NoticeText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notices_dialog")
        self.panel = NoticesPanel(text_of, parent=self, buttons_below=True)
        self.dismissed = self.panel.dismissed
        self.dismissed_all = self.panel.dismissed_all
        self.activated = self.panel.activated
        self.support_requested = self.panel.support_requested
        scroll = self.scroll_area = QScrollArea(self)
        scroll.setWidgetResizable(True)
        # the rows wrap their text to the width: they scroll down, never sideways
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.panel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self._retranslate()

    def set_entries(self, entries: Sequence[BoardEntry]) -> None:
        self.panel.set_entries(entries)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Notices"))
