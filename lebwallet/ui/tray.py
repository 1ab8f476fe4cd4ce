"""The system tray: icon, menu (Open, Recharge…, I used this card today…, Notices…, Refresh now,
Quit) and notifications.

    tray = TrayController(tray_icon(), parent=app)
    tray.open_requested.connect(window.show_and_raise)
    tray.notice_activated.connect(window.open_notice)          # Notice: its card or order
    tray.in_window_notice.connect(window.show_banner)          # no tray: show it in the window
    refresher.worker.notice.connect(tray.notify)

Signals: open_requested(), recharge_requested(), used_today_requested(), notices_requested(),
refresh_requested(), quit_requested(), notice_activated(Notice), in_window_notice(ShownNotice).

- The tooltip says the app's name and connection state, never a balance: some desktops keep
  tooltips on disk.
- When the desktop has no tray (`QSystemTrayIcon.isSystemTrayAvailable()` is false, e.g.
  offscreen or some Wayland desktops) no icon is created and every notice is emitted as
  `in_window_notice` for the window to show as a banner; `available` tells the window not to
  hide to the tray on close.
- Clicking a shown message emits `notice_activated` with the notice it showed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from lebwallet import APP_NAME
from lebwallet.domain.money import Money
from lebwallet.services.notifications import Notice, NoticeKind
from lebwallet.ui.i18n_text import sentences, support_line, time_left
from lebwallet.ui.icons import ConnectionState
from lebwallet.ui.money_format import format_date, format_money

MESSAGE_MS = 10_000


@dataclass(frozen=True, slots=True)
class ShownNotice:
    """A notice with its translated text (for the window's banner when there is no tray)."""

    title: str
    body: str
    notice: Notice
    warning: bool


_WARNINGS = frozenset(
    {
        NoticeKind.FAILED,
        NoticeKind.EXPIRED,
        NoticeKind.ACTION_NEEDED,
        NoticeKind.LOW_BALANCE,
        NoticeKind.DEADLINE,
    }
)


class TrayController(QObject):
    """Owns the tray icon and its menu; see the module docstring."""

    open_requested = Signal()
    recharge_requested = Signal()
    used_today_requested = Signal()
    notices_requested = Signal()
    refresh_requested = Signal()
    quit_requested = Signal()
    notice_activated = Signal(object)
    in_window_notice = Signal(object)

    def __init__(
        self,
        icon: QIcon,
        *,
        parent: QObject | None = None,
        tray_available: bool | None = None,
        money_text: Callable[[Money], str] = format_money,
    ) -> None:
        super().__init__(parent)
        self._available = (
            QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None else tray_available
        )
        self._money_text = money_text
        self._state = ConnectionState.SYNCING
        self._last_shown: Notice | None = None
        self.menu = QMenu()
        self.open_action = QAction(self.menu)
        self.recharge_action = QAction(self.menu)
        self.used_today_action = QAction(self.menu)
        self.notices_action = QAction(self.menu)
        self.refresh_action = QAction(self.menu)
        self.quit_action = QAction(self.menu)
        self.open_action.triggered.connect(self.open_requested)
        self.recharge_action.triggered.connect(self.recharge_requested)
        self.used_today_action.triggered.connect(self.used_today_requested)
        self.notices_action.triggered.connect(self.notices_requested)
        self.refresh_action.triggered.connect(self.refresh_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(self.open_action)
        self.menu.addAction(self.recharge_action)
        self.menu.addAction(self.used_today_action)
        self.menu.addAction(self.notices_action)
        self.menu.addAction(self.refresh_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.tray_icon: QSystemTrayIcon | None = None
        if self._available:
            self.tray_icon = QSystemTrayIcon(icon, self)
            self.tray_icon.setContextMenu(self.menu)
            self.tray_icon.activated.connect(self._activated)
            self.tray_icon.messageClicked.connect(self._message_clicked)
        self.menu.installEventFilter(self)
        self.retranslate()

    @property
    def available(self) -> bool:
        """True when a tray icon exists (closing the window may hide it to the tray)."""
        return self._available

    def show(self) -> None:
        if self.tray_icon is not None:
            self.tray_icon.show()

    def hide(self) -> None:
        if self.tray_icon is not None:
            self.tray_icon.hide()

    def dispose(self) -> None:
        """Remove the icon (call before quitting) and free the menu."""
        self.hide()
        self.menu.deleteLater()

    # --- texts ---

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if watched is self.menu and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.open_action.setText(self.tr("Open LEB Wallet"))
        self.recharge_action.setText(self.tr("Recharge…"))
        self.used_today_action.setText(self.tr("I used this card today…"))
        self.notices_action.setText(self.tr("Notices…"))
        self.refresh_action.setText(self.tr("Refresh now"))
        self.quit_action.setText(self.tr("Quit"))
        self._update_tooltip()

    def tooltip(self) -> str:
        """The tray tooltip: name and connection state — never a balance."""
        states = {
            ConnectionState.ONLINE: self.tr("online"),
            ConnectionState.OFFLINE: self.tr("offline"),
            ConnectionState.SYNCING: self.tr("connecting…"),
        }
        return self.tr("%1 — %2").replace("%1", APP_NAME).replace("%2", states[self._state])

    def _update_tooltip(self) -> None:
        if self.tray_icon is not None:
            self.tray_icon.setToolTip(self.tooltip())

    @Slot(object)
    def set_connection(self, state: ConnectionState) -> None:
        self._state = state
        self._update_tooltip()

    def notice_text(self, notice: Notice) -> tuple[str, str]:
        """(title, body) of a notice, translated."""
        card = notice.card_name or ""
        amount = "" if notice.amount is None else self._money_text(notice.amount)
        kind = notice.kind
        if kind is NoticeKind.CREDITED:
            if not card:
                return self.tr("Top-up credited"), self.tr("%1 was credited to your card.").replace(
                    "%1", amount
                )
            return self.tr("Top-up credited"), self.tr("%1 was credited to %2.").replace(
                "%1", amount
            ).replace("%2", card)
        if kind is NoticeKind.FAILED:
            body = sentences(
                self.tr("The top-up of %1 failed.").replace("%1", amount),
                notice.reason or "",
                support_line(),
            )
            return self.tr("Top-up failed"), body
        if kind is NoticeKind.EXPIRED:
            return self.tr("Top-up expired"), sentences(
                self.tr("The top-up of %1 was not paid in time and has expired.").replace(
                    "%1", amount
                ),
                support_line(),
            )
        if kind is NoticeKind.ACTION_NEEDED:
            return self.tr("Payment needs your action"), self.tr(
                "Confirm the payment of %1 with your bank to finish the top-up."
            ).replace("%1", amount)
        if kind is NoticeKind.LOW_BALANCE:
            return self.tr("Low balance"), self.tr("%1 has only %2 left.").replace(
                "%1", card
            ).replace("%2", amount)
        if kind is NoticeKind.DEADLINE:
            days = notice.days_left if notice.days_left is not None else 0
            when = "" if notice.deadline is None else format_date(notice.deadline)
            left = time_left(days)
            if notice.amount is None:  # a card of the user's own: its rule says what counts
                body = (
                    self.tr(
                        "Do what the keep-alive rule of %1 counts by %3 (%4), "
                        "then log it, to keep the number."
                    )
                    .replace("%1", card)
                    .replace("%3", when)
                    .replace("%4", left)
                )
                return self.tr("Keep-alive deadline soon"), body
            body = (
                self.tr("Top up %1 with at least %2 by %3 (%4) to keep the number.")
                .replace("%1", card)
                .replace("%2", amount)
                .replace("%3", when)
                .replace("%4", left)
            )
            return self.tr("Keep-alive deadline soon"), body
        if kind is NoticeKind.AUTOPILOT:
            return self._autopilot_text(notice, card, amount)
        if kind is NoticeKind.SUPPORT_REPLY:
            return self.tr("Support answered"), self.tr(
                "Support answered your request about order %1. Open the notice to read it."
            ).replace("%1", notice.reason or "")
        version = notice.version or ""
        return self.tr("Update available"), self.tr(
            "LEB Wallet %1 is available. Open the notice for the release notes and the download."
        ).replace("%1", version)

    def _autopilot_text(self, notice: Notice, card: str, amount: str) -> tuple[str, str]:
        when = "" if notice.deadline is None else format_date(notice.deadline)
        texts = {
            "waits_for_payment": (
                self.tr("Keep-alive top-up ready"),
                self.tr("A top-up of %1 keeps %2 alive past %3. Open the notice to pay it."),
            ),
            "waits_for_approval": (
                self.tr("Keep-alive top-up waits for your yes"),
                self.tr(
                    "A top-up of %1 from the Reloadly balance keeps %2 alive past %3. Open "
                    "the notice and choose Top up now, or let autopilot go ahead without "
                    "asking."
                ),
            ),
            "topped_up": (
                self.tr("Kept alive automatically"),
                self.tr("%2 was topped up with %1 before its deadline %3."),
            ),
            "failed": (
                self.tr("Automatic top-up failed"),
                self.tr("The automatic top-up of %2 failed; top it up yourself before %3."),
            ),
            "remind": (
                self.tr("Keep-alive reminder"),
                self.tr("Use %2 as its rule asks before %3: the wallet cannot call or text."),
            ),
            "missed": (
                self.tr("Keep-alive deadline passed"),
                self.tr(
                    "The deadline %3 of %2 passed while the wallet was not running; check "
                    "the number with its carrier."
                ),
            ),
            "over_budget": (
                self.tr("Keep-alive budget spent"),
                self.tr(
                    "The monthly budget does not cover the top-up of %1 for %2; raise it or "
                    "top up yourself before %3."
                ),
            ),
        }
        title, body = texts.get(notice.reason or "", texts["remind"])
        return title, body.replace("%1", amount).replace("%2", card).replace("%3", when)

    # --- notices ---

    @Slot(object)
    def notify(self, notice: Notice) -> ShownNotice:
        """Show a notice: a tray message, or `in_window_notice` without a tray."""
        title, body = self.notice_text(notice)
        shown = ShownNotice(title, body, notice, notice.kind in _WARNINGS)
        if self.tray_icon is not None and self.tray_icon.isVisible():
            self._last_shown = notice
            kind = (
                QSystemTrayIcon.MessageIcon.Warning
                if shown.warning
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.tray_icon.showMessage(title, body, kind, MESSAGE_MS)
        else:
            self.in_window_notice.emit(shown)
        return shown

    def show_hidden_hint(self) -> None:
        """Tell, once, that closing the window left the wallet running in the tray."""
        if self.tray_icon is not None:
            self.tray_icon.showMessage(
                APP_NAME,
                self.tr(
                    "LEB Wallet keeps following your orders and deadlines in the tray. "
                    "Choose Quit from its menu to exit."
                ),
                QSystemTrayIcon.MessageIcon.Information,
                MESSAGE_MS,
            )

    @Slot()
    def _message_clicked(self) -> None:
        if self._last_shown is not None:
            self.notice_activated.emit(self._last_shown)
        else:
            self.open_requested.emit()

    @Slot(QSystemTrayIcon.ActivationReason)
    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()
