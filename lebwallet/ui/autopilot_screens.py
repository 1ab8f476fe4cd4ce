"""Keep-alive on autopilot in the running app: a pass at sign-in and every `pass_ms` on the
`TaskRunner` (never on the GUI thread), what it did as notices, the selected card's line
"kept alive automatically, next on …" (or "reminds you on …" where nothing can top the card
up, or where this deadline's top-up stands) with its settings button (and, when a top-up from
a prepaid balance waits for the user's yes, the button that approves it; when a prepared order
waits for the user's payment, the button that opens it), and the settings dialog.
The app creates one `AutopilotScreens`; this keeps the app's wiring to a few lines.

Signals:
    steps_done(object): the new steps of a pass (`list[AutopilotStep]`), for notices.
    order_requested(int): "Pay…": open this order (local id) to pay it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lebwallet.domain.cards import Card
from lebwallet.services.autopilot_topups import TopUpStatus
from lebwallet.services.autopilot_values import RemindsOnly, StepKind
from lebwallet.ui.money_format import format_date, format_money
from lebwallet.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from lebwallet.services.autopilot import AutopilotReport, AutopilotStatus, AutopilotStep
    from lebwallet.services.autopilot_backend import ServiceAutopilotBackend
    from lebwallet.ui.autopilot_dialog import AutopilotDialog
    from lebwallet.ui.main_window import MainWindow

_log = logging.getLogger(__name__)

PASS_MS = 30 * 60_000
FOLLOW_MS = 20_000
"""While a top-up autopilot sent is under way (Reloadly credits in seconds to minutes), the
next pass comes this soon, so what was done is told soon after."""


class AutopilotScreens(QObject):
    """See the module docstring. `backend` gives None while no provider is signed in."""

    steps_done = Signal(object)
    order_requested = Signal(int)

    def __init__(
        self,
        backend: Callable[[], ServiceAutopilotBackend | None],
        runner: TaskRunner,
        parent: QWidget,
        *,
        pass_ms: int = PASS_MS,
        follow_ms: int = FOLLOW_MS,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._runner = runner
        self._running = False
        self._card: Card | None = None
        self.dialog: AutopilotDialog | None = None
        self.strip = QWidget(parent)
        self.strip.setObjectName("autopilot_strip")
        self.status_label = QLabel(self.strip)
        self.status_label.setObjectName("autopilot_status")
        self.status_label.setWordWrap(True)
        self.settings_button = QPushButton(self.strip)
        self.settings_button.setObjectName("autopilot_settings")
        self.settings_button.clicked.connect(lambda: self.open_dialog())
        self.approve_button = QPushButton(self.strip)
        self.approve_button.setObjectName("autopilot_approve")
        self.approve_button.clicked.connect(self.approve)
        self.approve_button.hide()
        self.pay_button = QPushButton(self.strip)
        self.pay_button.setObjectName("autopilot_pay")
        self.pay_button.clicked.connect(self._pay)
        self.pay_button.hide()
        # the line above its buttons: the panel is narrow, a wrapped line beside three
        # buttons was cut off
        column = QVBoxLayout(self.strip)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.status_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.approve_button)
        row.addWidget(self.pay_button)
        row.addWidget(self.settings_button)
        column.addLayout(row)
        self.strip.hide()
        self._status: AutopilotStatus | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(pass_ms)
        self._timer.timeout.connect(self.run_pass)
        if pass_ms > 0:
            self._timer.start()
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(follow_ms)
        self._follow_timer.timeout.connect(self.run_pass)
        self.strip.installEventFilter(self)
        self.status_label.installEventFilter(self)
        self._retranslate()

    # --- passes ---------------------------------------------------------------------------

    def run_pass(self) -> None:
        """One autopilot pass in the background (at sign-in, then every `pass_ms`)."""
        if self._running or self._runner.is_shut_down:
            return
        backend = self._backend()
        if backend is None:
            return
        self._running = True
        self._runner.run(
            self, backend.run_pass, self._on_pass, self._on_pass_failed, description="autopilot"
        )

    def _on_pass(self, report: AutopilotReport) -> None:
        self._running = False
        new = [step for step in report.steps if step.new]
        if new:
            self.steps_done.emit(new)
        self._follow_soon(report.steps)
        self.show_card(self._card)

    def _follow_soon(self, steps: Sequence[AutopilotStep]) -> None:
        """Another pass soon while a top-up is under way (see `FOLLOW_MS`)."""
        under_way = any(step.kind is StepKind.IN_PROGRESS for step in steps)
        if under_way and not self._follow_timer.isActive():
            self._follow_timer.start()

    def _on_pass_failed(self, error: Exception) -> None:
        self._running = False
        _log.warning("autopilot pass failed (tried again later): %s", error)

    # --- the selected card ----------------------------------------------------------------

    def follow(self, window: MainWindow) -> None:
        """Show the selected card's line under its keep-alive rule in `window`."""
        window.card_selected.connect(lambda card: self._on_selected(window, card))

    def _on_selected(self, window: MainWindow, card: Card | None) -> None:
        panel = window.keep_alive_panel
        layout = panel.layout()
        if self.strip.parent() is not panel and layout is not None:
            self.strip.setParent(panel)
            layout.addWidget(self.strip)
        self.show_card(card)

    def show_card(self, card: Card | None) -> None:
        self._card = card
        backend = self._backend()
        if card is None or backend is None:
            self.strip.hide()
            return
        self.strip.show()
        card_id = card.id
        self._runner.run(
            self,
            lambda: backend.status(card_id),
            lambda status: self._on_status(card_id, status),
            lambda error: _log.info("autopilot status not read: %s", error),
            description="autopilot: card status",
        )

    def _on_status(self, card_id: str, status: AutopilotStatus | None) -> None:
        if self._card is None or self._card.id != card_id:
            return
        self._status = status
        self._show_status()

    def approve(self) -> None:
        """The user's yes to the selected card's top-up that waits for it: sent in the
        background; what was done comes as steps (notices), a refusal in the status line."""
        backend, card = self._backend(), self._card
        if backend is None or card is None:
            return
        self.approve_button.setEnabled(False)
        card_id = card.id
        self._runner.run(
            self,
            lambda: backend.approve(card_id),
            self._on_approved,
            self._on_approve_failed,
            description="autopilot: approve a top-up",
        )

    def _on_approved(self, step: AutopilotStep) -> None:
        self.approve_button.setEnabled(True)
        if step.new:
            self.steps_done.emit([step])
        self._follow_soon([step])
        self.show_card(self._card)

    def _on_approve_failed(self, error: Exception) -> None:
        self.approve_button.setEnabled(True)
        self.status_label.setText(self.tr("Not topped up: %1").replace("%1", str(error)))
        self._fit_status()
        self.approve_button.hide()

    def _pay(self) -> None:
        order = None if self._status is None else self._status.waits_for_payment
        if order is not None:
            self.order_requested.emit(order)

    def _show_status(self) -> None:
        status = self._status
        waiting = None if status is None else status.waits_for_yes
        self.approve_button.setVisible(waiting is not None)
        self.pay_button.setVisible(status is not None and status.waits_for_payment is not None)
        if waiting is not None:
            text = self.tr(
                "A top-up of %1 from the Reloadly balance keeps this number alive and "
                "waits for your yes."
            ).replace("%1", format_money(waiting))
        else:
            text = self._status_text(status)
        self.status_label.setText(text)
        self._fit_status()

    def _status_text(self, status: AutopilotStatus | None) -> str:
        if status is None:
            return self.tr("Not kept alive automatically.")
        if status.reminds_only is not None:
            return self._reminder_text(status.reminds_only, status.next_on)
        if status.next_on is not None:
            return self.tr("Kept alive automatically, next on %1.").replace(
                "%1", format_date(status.next_on)
            )
        top_up = status.top_up
        amount = "" if status.order is None else format_money(status.order.amount)
        if top_up is TopUpStatus.WAITS_FOR_USER:
            return self.tr(
                "A top-up of %1 for this deadline is ready and waits for your payment."
            ).replace("%1", amount)
        if top_up is TopUpStatus.IN_PROGRESS:
            return self.tr("This deadline's top-up is paid and on its way.")
        if top_up is TopUpStatus.FAILED:
            return self.tr("This deadline's top-up failed: top the card up yourself in time.")
        if top_up is TopUpStatus.DONE:
            return self.tr("Kept alive automatically; this deadline is taken care of.")
        return self.tr("You were reminded of this deadline: top the card up yourself in time.")

    def _reminder_text(self, why: RemindsOnly, next_on: date | None) -> str:
        if why is RemindsOnly.RULE:
            if next_on is None:
                return self.tr(
                    "You were reminded of this deadline: its rule counts calls or texts, "
                    "which only you can make."
                )
            return self.tr(
                "Reminds you on %1: its rule counts calls or texts, which only you can make."
            ).replace("%1", format_date(next_on))
        if next_on is None:
            return self.tr(
                "You were reminded of this deadline: the wallet cannot top this card up by itself."
            )
        return self.tr("Reminds you on %1: the wallet cannot top this card up by itself.").replace(
            "%1", format_date(next_on)
        )

    def open_dialog(self, card: Card | None = None) -> AutopilotDialog | None:
        from lebwallet.ui.autopilot_dialog import AutopilotDialog

        card = card or self._card
        backend = self._backend()
        if card is None or backend is None:
            return None
        parent = self.parent()
        dialog = AutopilotDialog(
            backend, self._runner, card, parent=parent if isinstance(parent, QWidget) else None
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _settings: self._after_save())
        self.dialog = dialog
        dialog.show()
        return dialog

    def _after_save(self) -> None:
        self.show_card(self._card)
        self.run_pass()

    # --- language -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if watched is self.strip and event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        elif watched is self.status_label and event.type() == QEvent.Type.Resize:
            self._fit_status()
        return False

    def _fit_status(self) -> None:
        # a layout's minimum size leaves out a wrapped label's height for its width: in the
        # narrow panel the line was squeezed and cut off
        label = self.status_label
        label.setMinimumHeight(max(0, label.heightForWidth(label.width())))

    def _retranslate(self) -> None:
        self.settings_button.setText(self.tr("Keep alive automatically…"))
        self.approve_button.setText(self.tr("Top up now"))
        self.pay_button.setText(self.tr("Pay…"))
        self._show_status()
