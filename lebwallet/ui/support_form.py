""" "Contact support" about one order: a topic, the user's words, and the order's facts shown
read-only as what travels with the request.

Sent through the `SupportBackend` on the `TaskRunner`. The request's idempotency key is made
when the form opens, so Send twice (a double click, Send again after an error) makes one
request. Offline, the request waits in the journal and is sent later (the form says so). A
channel without a support API gives a mail draft: the form opens it in the mail program and
says so.

Signals:
    sent(object): the request was journalled (`SupportRecord`) or the draft opened.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.orders import charge_of
from lebwallet.domain.support import (
    MailDraft,
    OrderFacts,
    SupportMessageError,
    SupportState,
    SupportTopic,
    check_message,
)
from lebwallet.services.support_backend import SupportBackend
from lebwallet.services.support_values import SupportRecord
from lebwallet.ui.money_format import format_datetime, format_money
from lebwallet.ui.order_texts import order_status_text, total_text
from lebwallet.ui.support_text import support_error_text, topic_text
from lebwallet.ui.tasks import TaskRunner


class SupportFormDialog(QDialog):
    """See the module docstring."""

    sent = Signal(object)

    def __init__(
        self,
        backend: SupportBackend,
        runner: TaskRunner,
        order_local_id: int,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("support_form")
        self.setMinimumWidth(520)
        self.order_local_id = order_local_id
        self._backend = backend
        self._runner = runner
        self._key = f"support-{uuid.uuid4()}"
        self._sending = False
        self.topic = QComboBox(self)
        self.topic.setObjectName("support_topic")
        self.words = QPlainTextEdit(self)
        self.words.setObjectName("support_words")
        self.facts_label = QLabel(self)
        self.facts_label.setObjectName("support_facts")
        self.facts_label.setWordWrap(True)
        self._facts_caption = QLabel(self)
        self._topic_caption = QLabel(self)
        self._words_caption = QLabel(self)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("support_message")
        self.message_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("support_send")
        self.buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        self.send_button.clicked.connect(self.send)
        form = QFormLayout()
        form.addRow(self._topic_caption, self.topic)
        form.addRow(self._words_caption, self.words)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._facts_caption)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self._facts: OrderFacts | None = None
        self._retranslate()
        backend_ = backend
        runner.run(
            self,
            lambda: backend_.order_facts(order_local_id),
            self._on_facts,
            self._on_failed,
            description="support form: order facts",
        )

    # --- facts ----------------------------------------------------------------------------

    def _on_facts(self, facts: OrderFacts) -> None:
        self._facts = facts
        self._show_facts()

    def _show_facts(self) -> None:
        facts = self._facts
        if facts is None:
            self.facts_label.setText(self.tr("Reading the order…"))
            return
        charge = charge_of(facts.status, paid_at=facts.paid_at, failure_code=facts.failure_code)
        lines = [
            self.tr("Order: %1").replace("%1", facts.order_id),
            self.tr("Card: %1 (%2)").replace("%1", facts.card_number).replace("%2", facts.carrier),
            self.tr("Status: %1").replace("%1", order_status_text(facts.status)),
            self.tr("Top-up: %1, total: %2")
            .replace("%1", format_money(facts.amount))
            .replace("%2", total_text(charge, facts.total)),
            self.tr("Ordered: %1").replace("%1", format_datetime(facts.created_at)),
        ]
        lines += [
            self.tr("%1: %2")
            .replace("%1", format_datetime(step.at))
            .replace("%2", order_status_text(step.status))
            for step in facts.timeline
        ]
        if facts.failure_reason:
            lines.append(self.tr("Reason: %1").replace("%1", facts.failure_reason))
        self.facts_label.setText("\n".join(lines))

    # --- send -----------------------------------------------------------------------------

    def send(self) -> None:
        if self._sending:
            return
        try:
            words = check_message(self.words.toPlainText())
        except SupportMessageError:
            self.message_label.setText(
                self.tr("Write a few words about what went wrong (up to 4000 characters).")
            )
            return
        topic = SupportTopic(self.topic.currentData())
        self._sending = True
        self.send_button.setEnabled(False)
        self.message_label.setText(self.tr("Sending…"))
        backend, order_id, key = self._backend, self.order_local_id, self._key
        self._runner.run(
            self,
            lambda: backend.open(order_id, topic, words, key),
            self._on_sent,
            self._on_send_failed,
            description="support form: send",
        )

    def _on_sent(self, result: SupportRecord | MailDraft) -> None:
        self._sending = False
        if isinstance(result, MailDraft):
            opened = QDesktopServices.openUrl(QUrl(result.url))
            self.message_label.setText(
                self.tr(
                    "This channel has no support desk in the wallet: a mail to %1 with the "
                    "order's facts was opened in your mail program."
                ).replace("%1", result.to)
                if opened
                else self.tr(
                    "This channel has no support desk in the wallet, and no mail program "
                    "could be opened: write to %1."
                ).replace("%1", result.to)
            )
        elif result.state is SupportState.WAITING_TO_SEND:
            self.message_label.setText(
                self.tr(
                    "The provider cannot be reached now: your request waits in the wallet "
                    "and is sent once, as soon as it can be."
                )
            )
        else:
            self.message_label.setText(
                self.tr("Sent. The answer appears under Support and as a notice.")
            )
        self.words.setReadOnly(True)
        self.topic.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.sent.emit(result)

    def _on_send_failed(self, error: Exception) -> None:
        self._sending = False
        self.send_button.setEnabled(True)
        self.message_label.setText(self.tr("Not sent: %1").replace("%1", support_error_text(error)))

    def _on_failed(self, error: Exception) -> None:
        self.message_label.setText(
            self.tr("The order could not be read: %1").replace("%1", support_error_text(error))
        )

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Contact support"))
        current = self.topic.currentData()
        self.topic.clear()
        for topic in SupportTopic:
            self.topic.addItem(topic_text(topic), topic.value)
        if current is not None:
            self.topic.setCurrentIndex(max(self.topic.findData(current), 0))
        self._topic_caption.setText(self.tr("Topic"))
        self._words_caption.setText(self.tr("What happened"))
        self._facts_caption.setText(self.tr("Sent with your words (you need not repeat them):"))
        self.send_button.setText(self.tr("Send"))
        self._show_facts()
