"""The main window's status bar: one place that maps the connection state to icon and text.

`WalletStatusBar.update_status(state, last_sync)` shows online / offline / syncing with the
time of the last successful sync; offline says that what is shown comes from this computer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from lebwallet.ui.icons import ConnectionState, connection_icon
from lebwallet.ui.money_format import format_datetime

_ICON_PX: Final = 16


class WalletStatusBar(QStatusBar):
    """Connection state (icon + text) and last sync time, permanently on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = ConnectionState.OFFLINE
        self._last_sync: datetime | None = None
        self._icon = QLabel(self)
        self._text = QLabel(self)
        self.addPermanentWidget(self._icon)
        self.addPermanentWidget(self._text)
        self.update_status(ConnectionState.OFFLINE, None)

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def last_sync(self) -> datetime | None:
        return self._last_sync

    def connection_text(self) -> str:
        return self._text.text()

    def update_status(self, state: ConnectionState, last_sync: datetime | None) -> None:
        self._state = state
        if last_sync is not None:
            self._last_sync = last_sync
        self._icon.setPixmap(connection_icon(state).pixmap(_ICON_PX, _ICON_PX))
        self._text.setText(self._describe())

    def _describe(self) -> str:
        if self._last_sync is None:
            synced = self.tr("never synced")
        else:
            synced = self.tr("last sync %1").replace("%1", format_datetime(self._last_sync))
        if self._state is ConnectionState.SYNCING:
            state = self.tr("Syncing…")
        elif self._state is ConnectionState.ONLINE:
            state = self.tr("Online")
        else:
            state = self.tr("Offline — showing the cards stored on this computer")
        return self.tr("%1 · %2").replace("%1", state).replace("%2", synced)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._text.setText(self._describe())
        super().changeEvent(event)
