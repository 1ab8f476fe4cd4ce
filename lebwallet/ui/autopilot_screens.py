"""Keep-alive on autopilot in the running app: a pass at sign-in and every `pass_ms` on the
`TaskRunner` (never on the GUI thread), what it did as notices, the selected card's line
"kept alive automatically, next on …" with its settings button (and, when a top-up from a
prepaid balance waits for the user's yes, the button that approves it), and the settings
dialog.
The app creates one `AutopilotScreens`; this keeps the app's wiring to a few lines.

Signals:
    steps_done(object): the new steps of a pass (`list[AutopilotStep]`), for notices.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from lebwallet.domain.cards import Card
from lebwallet.services.autopilot_values import StepKind
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
        row = QHBoxLayout(self.strip)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.approve_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
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
        self.approve_button.hide()

    def _show_status(self) -> None:
        status = self._status
        waiting = None if status is None else status.waits_for_yes
        self.approve_button.setVisible(waiting is not None)
        if waiting is not None:
            self.status_label.setText(
                self.tr(
                    "A top-up of %1 from the Reloadly balance keeps this number alive and "
                    "waits for your yes."
                ).replace("%1", format_money(waiting))
            )
            return
        if status is None:
            self.status_label.setText(self.tr("Not kept alive automatically."))
        elif status.next_on is None:
            self.status_label.setText(
                self.tr("Kept alive automatically; this deadline is taken care of.")
            )
        else:
            self.status_label.setText(
                self.tr("Kept alive automatically, next on %1.").replace(
                    "%1", format_date(status.next_on)
                )
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
        return False

    def _retranslate(self) -> None:
        self.settings_button.setText(self.tr("Keep alive automatically…"))
        self.approve_button.setText(self.tr("Top up now"))
        self._show_status()
