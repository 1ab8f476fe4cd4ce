"""The Support view: every support request (those with unread replies first), the thread of
the chosen one, a reply box, and closing a request.

Opened from the window's menu and from a support reply notice (`select` picks the request).
Every call goes through the `SupportBackend` on the `TaskRunner`; reading a thread marks its
replies read.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.support import SupportAuthor, SupportMessageError, SupportState, check_message
from lebwallet.services.support_backend import SupportBackend
from lebwallet.services.support_values import SupportRecord, SupportThread
from lebwallet.ui.money_format import format_datetime
from lebwallet.ui.support_text import state_text, support_error_text, topic_text
from lebwallet.ui.tasks import TaskRunner

_ID_ROLE = Qt.ItemDataRole.UserRole


class SupportDialog(QDialog):
    """See the module docstring."""

    def __init__(
        self, backend: SupportBackend, runner: TaskRunner, *, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("support_view")
        self.resize(760, 520)
        self._backend = backend
        self._runner = runner
        self._records: list[SupportRecord] = []
        self._thread: SupportThread | None = None
        self._wanted: int | None = None
        self.requests = QListWidget(self)
        self.requests.setObjectName("support_requests")
        # a request's line wraps in the list rather than hiding behind a sideways scroll bar
        self.requests.setWordWrap(True)
        self.requests.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thread_view = QTextBrowser(self)
        self.thread_view.setObjectName("support_thread")
        self.reply_box = QPlainTextEdit(self)
        self.reply_box.setObjectName("support_reply")
        self.reply_box.setMaximumHeight(90)
        self.reply_button = QPushButton(self)
        self.reply_button.setObjectName("support_send_reply")
        self.close_request_button = QPushButton(self)
        self.close_request_button.setObjectName("support_close_request")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("support_view_message")
        self.message_label.setWordWrap(True)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.thread_view, 1)
        right_layout.addWidget(self.reply_box)
        actions = QHBoxLayout()
        actions.addWidget(self.reply_button)
        actions.addStretch(1)
        actions.addWidget(self.close_request_button)
        right_layout.addLayout(actions)
        splitter = QSplitter(self)
        splitter.addWidget(self.requests)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        self.requests.currentItemChanged.connect(lambda *_: self._open_current())
        self.reply_button.clicked.connect(self.send_reply)
        self.close_request_button.clicked.connect(self.close_request)
        self._retranslate()
        self.reload()

    # --- the list -------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the requests again (after a reply arrived); `select` picks one."""
        if select is not None:
            self._wanted = select
        backend = self._backend
        self._runner.run(
            self, backend.requests, self._on_requests, self._on_failed, description="support: list"
        )

    def select(self, local_id: int) -> None:
        self.reload(select=local_id)

    def _on_requests(self, records: list[SupportRecord]) -> None:
        current = self._wanted if self._wanted is not None else self.current_id()
        self._wanted = None
        self._records = records
        self.requests.blockSignals(True)
        self.requests.clear()
        for record in records:
            item = QListWidgetItem(self._item_text(record))
            item.setData(_ID_ROLE, record.local_id)
            if record.unread:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.requests.addItem(item)
            if record.local_id == current:
                self.requests.setCurrentItem(item)
        self.requests.blockSignals(False)
        self.empty_label.setVisible(not records)
        if self.requests.currentItem() is None and records:
            self.requests.setCurrentRow(0)
        else:
            self._open_current()

    def _item_text(self, record: SupportRecord) -> str:
        text = (
            self.tr("%1 · order %2 · %3")
            .replace("%1", topic_text(record.topic))
            .replace("%2", record.order_id)
            .replace("%3", state_text(record.state))
        )
        if record.unread:
            text = self.tr("%1 (%n new)", "", record.unread).replace("%1", text)
        return text

    def current_id(self) -> int | None:
        item = self.requests.currentItem()
        return None if item is None else int(item.data(_ID_ROLE))

    # --- the thread -----------------------------------------------------------------------

    def _open_current(self) -> None:
        local_id = self.current_id()
        self._show_thread()
        if local_id is None:
            return
        backend = self._backend

        def read() -> SupportThread:
            thread = backend.thread(local_id)
            if thread.request.unread:
                backend.mark_read(local_id)
            return thread

        self._runner.run(
            self, read, self._on_thread, self._on_failed, description="support: thread"
        )

    def _on_thread(self, thread: SupportThread) -> None:
        if thread.request.local_id != self.current_id():
            return
        self._thread = thread
        self._show_thread()
        item = self.requests.currentItem()
        if item is not None and thread.request.unread:
            font = item.font()
            font.setBold(False)
            item.setFont(font)

    def _show_thread(self) -> None:
        thread = self._thread
        if thread is None or thread.request.local_id != self.current_id():
            self.thread_view.clear()
            self.reply_button.setEnabled(False)
            self.close_request_button.setEnabled(False)
            return
        parts = []
        for message in thread.messages:
            mine = message.author is SupportAuthor.CUSTOMER
            if mine and not message.sent:
                header = self.tr("You · %1 (waiting to be sent)")
            else:
                header = self.tr("You · %1") if mine else self.tr("Support · %1")
            header = header.replace("%1", format_datetime(message.created_at))
            parts.append(f"<p><b>{_html(header)}</b><br>")
            parts.append(_html(message.body).replace("\n", "<br>") + "</p>")
        self.thread_view.setHtml("".join(parts))
        open_ = thread.request.state is not SupportState.CLOSED
        self.reply_button.setEnabled(open_)
        self.reply_box.setEnabled(open_)
        self.close_request_button.setEnabled(open_ and thread.request.sent)

    # --- reply and close ------------------------------------------------------------------

    def send_reply(self) -> None:
        local_id = self.current_id()
        if local_id is None:
            return
        try:
            words = check_message(self.reply_box.toPlainText())
        except SupportMessageError as error:
            self.message_label.setText(support_error_text(error))
            return
        self.reply_button.setEnabled(False)
        backend = self._backend
        self._runner.run(
            self,
            lambda: backend.reply(local_id, words),
            lambda _message: self._after_change(clear=True),
            self._on_failed,
            description="support: reply",
        )

    def close_request(self) -> None:
        local_id = self.current_id()
        if local_id is None:
            return
        self.close_request_button.setEnabled(False)
        backend = self._backend
        self._runner.run(
            self,
            lambda: backend.close(local_id),
            lambda _record: self._after_change(clear=False),
            self._on_failed,
            description="support: close",
        )

    def _after_change(self, *, clear: bool) -> None:
        if clear:
            self.reply_box.clear()
        self.message_label.clear()
        self.reload()

    def _on_failed(self, error: Exception) -> None:
        self.message_label.setText(support_error_text(error))
        self._show_thread()

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Support"))
        self.reply_button.setText(self.tr("Send reply"))
        self.close_request_button.setText(self.tr("Close request"))
        self.empty_label.setText(
            self.tr("No support requests yet. Ask about an order from its details.")
        )
        for row, record in enumerate(self._records):
            item = self.requests.item(row)
            if item is not None:
                item.setText(self._item_text(record))
        self._show_thread()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
