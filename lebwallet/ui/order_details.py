"""The order details dialog: everything about one order, and what can still be done with it.

Opened from the history (double-click, Enter, or the context menu), from a notice about an
order, and from the recharge wizard when the card already has an unpaid order. It shows the
full price breakdown (`lebwallet.ui.order_facts`), the status timeline
(`services.order_details`), and while the order can be paid the `PaymentPanel` ("Open
payment page again" or the QR code with "Pay on this computer", "Copy link") and "Cancel
order". A flagged order (the provider contradicted what was confirmed) is never offered for
payment.

With `open_payment` (a notice that asks the user to pay) it opens the payment page once the
order is read; a browser that cannot be opened is said in the panel. On opening it reads the
store, then asks the provider for the order's news, and again every
`poll_interval_ms` while the order is not final (0: never again; the app may pass changes to
`on_order_changed` instead). All blocking work runs on the `TaskRunner`.

Signals:
    order_changed(object): the shown order changed here (`OrderRecord`; cancelled, refreshed).
    support_requested(int): "Contact support" about this order (its local id).
"""

from __future__ import annotations

import logging
from typing import Final, Protocol

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lebwallet.services.order_details import SOURCE_PROVIDER, OrderDetails, OrderRecord
from lebwallet.ui.checkout_opener import CheckoutOpener
from lebwallet.ui.money_format import format_datetime, format_money
from lebwallet.ui.order_facts import OrderFacts
from lebwallet.ui.order_texts import order_status_text
from lebwallet.ui.payment_panel import PaymentPanel, is_payable
from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)

POLL_INTERVAL_MS: Final = 3000
MINIMUM_SIZE: Final = (640, 560)


class OrderDetailsBackend(Protocol):
    """Blocking operations of the dialog (`ServiceRechargeBackend` is one)."""

    def order_details(self, local_id: int) -> OrderDetails | None: ...

    def refresh(self, local_id: int) -> OrderRecord | None: ...

    def cancel(self, local_id: int) -> OrderRecord: ...


class OrderChangeLike(Protocol):
    @property
    def local_id(self) -> int: ...


class OrderDetailsDialog(QDialog):
    """See the module docstring."""

    order_changed = Signal(object)
    support_requested = Signal(int)

    def __init__(
        self,
        backend: OrderDetailsBackend,
        runner: TaskRunner,
        opener: CheckoutOpener,
        local_id: int,
        *,
        ask_provider: bool = True,
        open_payment: bool = False,
        poll_interval_ms: int = POLL_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("order_details")
        self.setMinimumSize(MINIMUM_SIZE[0], MINIMUM_SIZE[1])
        self.local_id = local_id
        self._backend = backend
        self._runner = runner
        self._details: OrderDetails | None = None
        self._cancelling = False
        self._problem = ""
        self._asking = False
        self._open_payment = open_payment
        """Open the payment page once the order is read (a notice asked to pay)."""
        self._poll_timer = QTimer(self)
        self._poll_timer.setSingleShot(True)
        self._poll_timer.setInterval(max(poll_interval_ms, 0))
        self._poll_timer.timeout.connect(self._ask_provider)
        self._polls = poll_interval_ms > 0
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.facts = OrderFacts(self)
        self.values = self.facts.values
        self.timeline_caption = QLabel(self)
        self.timeline = QTreeWidget(self)
        self.timeline.setObjectName("timeline")
        self.timeline_caption.setBuddy(self.timeline)  # names the list for a screen reader
        self.timeline.setRootIsDecorated(False)
        self.timeline.setColumnCount(3)
        self.timeline.setMinimumHeight(110)
        self.payment = PaymentPanel(opener, self)
        self.cancel_order_button = QPushButton(self)
        self.cancel_order_button.setObjectName("cancel_order")
        self.cancel_order_button.setAutoDefault(False)
        self.support_button = QPushButton(self)
        self.support_button.setObjectName("contact_support")
        self.support_button.setAutoDefault(False)
        self.support_button.clicked.connect(lambda: self.support_requested.emit(self.local_id))
        self.message_label = QLabel(self)
        self.message_label.setObjectName("details_message")
        self.message_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel_order_button)
        actions.addStretch(1)
        actions.addWidget(self.support_button)
        top = QHBoxLayout()
        top.addWidget(self.facts, 1)
        top.addWidget(self.payment, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.timeline_caption)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.cancel_order_button.clicked.connect(self.cancel_order)
        self._retranslate()
        self._show()
        self.load(ask_provider=ask_provider)

    @property
    def details(self) -> OrderDetails | None:
        return self._details

    @property
    def record(self) -> OrderRecord | None:
        return None if self._details is None else self._details.record

    # --- loading --------------------------------------------------------------------------

    def load(self, *, ask_provider: bool = False) -> None:
        """Read the order from the store (then, with `ask_provider`, its news once)."""
        backend, local_id = self._backend, self.local_id
        if self._runner.is_shut_down:
            return
        self._runner.run(
            self,
            lambda: backend.order_details(local_id),
            lambda details: self._on_loaded(details, ask_provider),
            self._on_failed,
            description="order details: read",
        )

    def _on_loaded(self, details: OrderDetails | None, ask_provider: bool) -> None:
        if details is None:
            self._problem = self.tr("This order is not in the wallet any more.")
            self._show()
            return
        self._details = details
        self._show()
        if self._open_payment:
            self._open_payment = False
            if is_payable(details.record):
                self.payment.open_payment_page()  # a failure is said in the panel
        if ask_provider:
            self._ask_provider()
        else:
            self._schedule_poll()

    def _followed(self) -> bool:
        record = self.record
        return record is not None and record.confirmed and not record.status.is_final

    def _schedule_poll(self) -> None:
        if self._polls and self._followed() and not self._asking and self.isVisible():
            self._poll_timer.start()

    def _ask_provider(self) -> None:
        if not self._followed() or self._asking or self._runner.is_shut_down:
            return
        self._asking = True
        backend, local_id = self._backend, self.local_id
        self._runner.run(
            self,
            lambda: backend.refresh(local_id),
            self._on_refreshed,
            self._on_refresh_failed,
            description="order details: refresh",
        )

    def _on_refreshed(self, record: OrderRecord | None) -> None:
        self._asking = False
        if record is not None and record != self.record:
            self.order_changed.emit(record)
            self.load()
        else:
            self._schedule_poll()

    def _on_refresh_failed(self, error: Exception) -> None:
        self._asking = False
        _log.info("order details: asking the provider failed (will retry): %s", error)
        self._schedule_poll()

    def done(self, result: int) -> None:
        self._polls = False
        self._poll_timer.stop()
        super().done(result)

    def _on_failed(self, error: Exception) -> None:
        self._problem = self.tr("The order could not be read: %1").replace("%1", str(error))
        self._show()

    @Slot(object)
    def on_order_changed(self, change: OrderChangeLike) -> None:
        """An order changed elsewhere (refresher, wizard): reload if it is this one."""
        if change.local_id == self.local_id:
            self.load()

    # --- cancel ---------------------------------------------------------------------------

    def cancel_order(self) -> None:
        record = self.record
        if record is None or not is_payable(record) or self._cancelling:
            return
        self._cancelling = True
        self._problem = ""
        self.message_label.setText(self.tr("Cancelling the order…"))
        self.cancel_order_button.setEnabled(False)
        backend, local_id = self._backend, self.local_id
        self._runner.run(
            self,
            lambda: backend.cancel(local_id),
            self._on_cancelled,
            self._on_cancel_failed,
            description="order details: cancel",
        )

    def _on_cancelled(self, record: OrderRecord) -> None:
        self._cancelling = False
        self.order_changed.emit(record)
        self.load()

    def _on_cancel_failed(self, error: Exception) -> None:
        from lebwallet.ui.wizard_pages.messages import provider_error_text

        self._cancelling = False
        self._problem = self.tr("The order could not be cancelled: %1").replace(
            "%1", provider_error_text(error)
        )
        self._show()

    # --- showing --------------------------------------------------------------------------

    def _show(self) -> None:
        details = self._details
        record = None if details is None else details.record
        payable = is_payable(record)
        self.payment.set_order(record)
        self.cancel_order_button.setVisible(payable)
        self.cancel_order_button.setEnabled(payable and not self._cancelling)
        if not self._cancelling:
            self.message_label.setText(self._problem)
        if details is None or record is None:
            self.title_label.setText(self.tr("Loading the order…") if not self._problem else "")
            return
        self.title_label.setText(
            self.tr("Top-up of %1 for %2")
            .replace("%1", format_money(record.amount))
            .replace("%2", details.card_name)
        )
        self.facts.show_order(details)
        self.timeline.clear()
        for entry in details.timeline:
            item = QTreeWidgetItem(
                [
                    format_datetime(entry.at),
                    order_status_text(entry.status),
                    self.tr("provider's record")
                    if entry.source == SOURCE_PROVIDER
                    else self.tr("seen by this wallet"),
                ]
            )
            self.timeline.addTopLevelItem(item)
        for column in range(self.timeline.columnCount()):
            self.timeline.resizeColumnToContents(column)

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Order details"))
        self.timeline_caption.setText(self.tr("Status timeline"))
        self.timeline.setHeaderLabels([self.tr("When"), self.tr("Status"), self.tr("Source")])
        self.cancel_order_button.setText(self.tr("Cancel order"))
        self.support_button.setText(self.tr("Contact support…"))
        self._show()
