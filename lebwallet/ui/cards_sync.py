"""The main window's cards from the store and the provider: `CardsSync`.

`load_cards` reads the local store in the background and paints the cards (the rows update
in place); `sync` fetches cards and orders from the provider, then shows them with the
connection's state. A failure is said in the window's retry bar (with Retry), a lost
session asks for the sign-in, and an unreachable provider leaves the cards as of the last
sync. Texts keep the "MainWindow" translation context.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

if TYPE_CHECKING:
    from lebwallet.domain.cards import Card
    from lebwallet.services.wallet_api import CardsSnapshot, SyncReport
    from lebwallet.ui.main_window import MainWindow

_log = logging.getLogger(__name__)


class CardsSync(QObject):
    """Loads and syncs the cards of `window` (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.syncing = False
        """A sync is running (Refresh waits for it)."""

    def load_cards(self) -> None:
        """Paint the cards from the local store (in the background); the rows update in place."""
        window = self._window
        window.require_runner().run(
            self,
            window.require_backend().load_cards,
            self._on_store_read,
            self._on_load_failed,
            description="load cards",
        )

    def show_loaded(self, snapshot: CardsSnapshot) -> None:
        """Cards read from the store, with when they were last synced."""
        window = self._window
        window.ensure_cards_model()
        fit = window.cards_model.rowCount() == 0
        self.apply_cards(snapshot.cards)
        if fit:
            window.cards_page.fit_columns()
        window.last_synced = snapshot.last_synced_at or window.last_synced
        if window.attached:
            window.status.update_status(window.status.state, snapshot.last_synced_at)
        window.cards_page.set_loaded()

    def apply_cards(self, cards: tuple[Card, ...]) -> None:
        """Show `cards` in the table, its panes and the history."""
        window = self._window
        window.cards_page.set_cards(cards)
        window.banner.set_sandbox_cards(any(card.sandbox for card in cards))
        if window.attached:
            window.history.set_cards(cards)
        window.update_actions()
        window.cards_changed.emit(tuple(cards))

    def _on_store_read(self, snapshot: CardsSnapshot) -> None:
        self.show_loaded(snapshot)
        self._window.store_read.emit()

    def _on_load_failed(self, error: Exception) -> None:
        window = self._window
        _log.error("cannot read the cards from the local store: %s", error)
        window.cards_page.set_loaded()
        window.store_failed.emit(error)
        if window.attached:
            window.retry_bar.show_failure(
                QCoreApplication.translate(
                    "MainWindow", "The local store could not be read: %1"
                ).replace("%1", str(error)),
                window.load_cards,
            )
        window.store_read.emit()

    def sync(self) -> None:
        """Fetch cards and orders from the provider (in the background)."""
        from lebwallet.ui.icons import ConnectionState

        window = self._window
        backend = window.require_backend()
        if self.syncing:
            return
        self.syncing = True
        window.update_actions()
        window.status.update_status(ConnectionState.SYNCING, None)
        window.require_runner().run(
            self, backend.sync, self._on_synced, self._on_sync_failed, description="sync"
        )

    def _on_synced(self, report: SyncReport) -> None:
        from lebwallet.ui.icons import ConnectionState

        window = self._window
        self.syncing = False
        fit = window.cards_model.rowCount() == 0
        self.apply_cards(report.cards)
        if fit:
            window.cards_page.fit_columns()
        window.status.update_status(ConnectionState.ONLINE, report.synced_at)
        window.update_actions()
        window.retry_bar.clear()
        if report.orders_changed:
            window.history.reload()
        if report.rejected_cards:
            ids = ", ".join(card_id for card_id, _why in report.rejected_cards)
            count = len(report.rejected_cards)
            window.status.showMessage(
                QCoreApplication.translate(
                    "MainWindow",
                    "The provider sent %n card(s) that cannot be shown (%1); ask the provider "
                    "to correct them.",
                    "",
                    count,
                ).replace("%1", ids)
            )

    def _on_sync_failed(self, error: Exception) -> None:
        from lebwallet.services.errors import AuthenticationRequired, ProviderUnavailable
        from lebwallet.ui.icons import ConnectionState
        from lebwallet.ui.problem_text import error_text

        window = self._window
        self.syncing = False
        window.update_actions()
        window.status.update_status(ConnectionState.OFFLINE, None)
        if isinstance(error, AuthenticationRequired):
            window.sign_in_required.emit()
            return
        if isinstance(error, ProviderUnavailable):
            _log.info("sync: the provider cannot be reached: %s", error)
            self.show_unreachable(self.sync)
            return
        _log.warning("sync failed: %s", error)
        window.retry_bar.show_failure(
            QCoreApplication.translate("MainWindow", "Sync failed: %1").replace(
                "%1", error_text(error)
            ),
            self.sync,
        )

    def show_unreachable(self, retry: Callable[[], None]) -> None:
        """The provider cannot be reached: say so, with Retry (`retry`)."""
        self._window.retry_bar.show_failure(
            QCoreApplication.translate(
                "MainWindow",
                "The provider cannot be reached: the cards are shown as of the last sync.",
            ),
            retry,
        )
