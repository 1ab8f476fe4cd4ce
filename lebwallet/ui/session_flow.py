"""The sign-in flow of the running app: `SessionFlow`.

From the start to the sign-out: the session restored from the keyring in the background (or
the welcome dialog asking for it), signing in again later — backing off — when the provider
cannot be reached at start, the keyring told once when it cannot keep the session, the open
orders reconciled after a sign-in before the order follower starts (`LiveUpdates`), the
profile completed before a first recharge, and the sign-out (the window ends the session at
once; the keyring is cleared in the background). Every blocking call runs on the runner.

It announces what the others act on: `reconciled` (the follower starts), `session_ended`
(it stops) and `refresh_requested` (Retry). Its texts keep the "WalletApp" translation
context (they were the app's).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from lebwallet.ui.i18n_text import keyring_name

if TYPE_CHECKING:
    from lebwallet.services.assembly import WalletServices
    from lebwallet.services.recharge import ReconcileReport
    from lebwallet.services.settings import Settings
    from lebwallet.services.wallet_api import AccountInfo
    from lebwallet.ui.main_window import MainWindow
    from lebwallet.ui.modal_queue import ModalQueue
    from lebwallet.ui.profile_dialog import ProfileDialog
    from lebwallet.ui.tasks import TaskRunner
    from lebwallet.ui.tray import TrayController
    from lebwallet.ui.welcome_dialog import WelcomeDialog

_log = logging.getLogger(__name__)

RECONNECT_FIRST_MS: Final = 5_000
RECONNECT_MAX_MS: Final = 300_000
"""Signing in again after the provider could not be reached: 5 s, 10 s, … up to 5 min."""


class SessionFlow(QObject):
    """The app's sign-in, session and sign-out (see the module docstring). Lives on the GUI
    thread; `update_settings` saves and applies new settings (the app's).

    Signals:
        reconciled(object): after a sign-in, the open orders were reconciled — a tuple of
            the local ids that changed (empty when the reconcile failed).
        session_ended(): the user signed out.
        refresh_requested(): Retry, while the provider could not be reached.
    """

    reconciled = Signal(object)
    session_ended = Signal()
    refresh_requested = Signal()

    def __init__(
        self,
        window: MainWindow,
        runner: TaskRunner,
        services: WalletServices,
        modals: ModalQueue,
        tray: TrayController,
        *,
        update_settings: Callable[[Settings], None],
        quit_when_ready: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._runner = runner
        self._services = services
        self._modals = modals
        self._tray = tray
        self._update_settings = update_settings
        self._quit_when_ready = quit_when_ready
        self._stopped = False
        self.account: AccountInfo | None = None
        """The signed-in account, None before a sign-in and after the sign-out."""
        self.welcome: WelcomeDialog | None = None
        self.profile_dialog: ProfileDialog | None = None
        self._keyring_problem: str | None = None
        """Why the system keyring cannot keep the session, once known."""
        self._keyring_told = False
        """The user has been told about the keyring in this session (told once)."""
        # Offline at start: sign in again later (backing off) instead of giving up.
        self.reconnects = 0
        self.reconnect_timer = QTimer(self)
        self.reconnect_timer.setSingleShot(True)
        self.reconnect_timer.timeout.connect(self.connect_provider)

    @property
    def waiting_to_reconnect(self) -> bool:
        """A session kept from an earlier start waits for the provider (offline at start)."""
        return self.account is None and self.reconnect_timer.isActive()

    def reconnect_now(self) -> None:
        """Sign in again at once (Refresh, Retry) instead of waiting for the next attempt."""
        self.reconnect_timer.stop()
        self.connect_provider()

    def stop(self) -> None:
        """At shutdown: no more attempts."""
        self._stopped = True
        self.reconnect_timer.stop()

    def forget(self) -> None:
        """Another provider or database: the session belonged to the old one."""
        self.account = None

    # --- sign-in --------------------------------------------------------------------------

    def connect_provider(self) -> None:
        """Sign in again from the keyring in the background, or ask with the welcome dialog."""
        from lebwallet.ui.icons import ConnectionState

        self._window.set_connection_state(ConnectionState.SYNCING, None)
        self._runner.run(
            self,
            self._services.wallet.restore_session,
            self._on_session_restored,
            self._on_restore_failed,
            description="restore session",
        )

    def _welcome_with_keyring(self, problem: str | None) -> None:
        if problem is not None:
            self._keyring_problem = problem
        self.open_welcome()

    def _on_session_restored(self, account: AccountInfo | None) -> None:
        if account is None:  # no login in the store, or nothing kept to sign in with
            from lebwallet.ui.icons import ConnectionState

            self._window.set_connection_state(ConnectionState.OFFLINE, None)
            # The sign-in offers "remember" only with a keyring that can keep it.
            self._runner.run(
                self,
                self._services.wallet.keyring_problem,
                self._welcome_with_keyring,
                lambda _error: self._welcome_with_keyring(None),
                description="keyring status",
            )
            return
        self.signed_in(account)

    def _on_restore_failed(self, error: Exception) -> None:
        from lebwallet.services.credentials import CredentialsUnavailable
        from lebwallet.services.errors import ProviderUnavailable
        from lebwallet.ui.icons import ConnectionState

        self._window.set_connection_state(ConnectionState.OFFLINE, None)
        if isinstance(error, CredentialsUnavailable):
            # Told in the sign-in dialog, which no longer offers "remember".
            _log.info("session not restored: %s", error)
            self._keyring_problem = str(error)
            self.open_welcome()
            return
        _log.warning("could not restore the session: %s", error)
        if isinstance(error, ProviderUnavailable) and not self._stopped:
            # Offline at start: the stored cards stay usable; try again, slower each time
            # (or at once: Retry, Refresh).
            delay = min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2**self.reconnects)
            self.reconnects += 1
            self.reconnect_timer.start(delay)
            self._window.show_unreachable(self.refresh_requested.emit)

    def on_sign_in_required(self) -> None:
        """The window's sync found no session. While a session kept from an earlier start
        waits for the provider (offline at start), Refresh restores it now; otherwise the
        sign-in is asked."""
        if self.waiting_to_reconnect:
            self.reconnect_now()
            return
        self.open_welcome()

    def _keyring_warning(self, detail: str) -> None:
        """Tell the user the keyring cannot keep the session: once per session."""
        self._keyring_problem = detail
        if self._keyring_told:
            return
        self._keyring_told = True
        from lebwallet.ui.start_messages import keyring_box

        box = keyring_box(self._window, detail)
        self._modals.show(box)
        self.keyring_box = box

    def signed_in(self, account: AccountInfo) -> None:
        settings = self._services.settings
        self.reconnects = 0
        self.reconnect_timer.stop()
        if settings.login is not None:  # moved into the store by the sign-in
            self._update_settings(settings.model_copy(update={"login": None}))
        if account.keyring_problem:
            self._keyring_warning(account.keyring_problem)
        self.account = account
        self._window.set_account(account)
        self._window.sync()
        # Orders left open by an earlier run (or a crash) first, then the follower.
        self._runner.run(
            self,
            self._services.wallet.reconcile,
            self._on_reconciled,
            self._on_reconcile_failed,
            description="reconcile open orders",
        )
        if self._services.settings.check_updates is None:
            self._ask_about_updates()

    def _on_reconciled(self, report: ReconcileReport) -> None:
        _log.info(
            "reconciled %d open orders: %d changed, %d not reached",
            report.checked,
            len(report.changes),
            len(report.failures),
        )
        self.reconciled.emit(tuple(change.local_id for change in report.changes))

    def _on_reconcile_failed(self, error: Exception) -> None:
        _log.warning("start-up reconcile failed: %s", error)
        self.reconciled.emit(())  # the follower retries the open orders on its own

    def _ask_about_updates(self) -> None:
        if self._quit_when_ready:
            return
        from lebwallet.ui.start_messages import update_question

        box = update_question(
            self._window,
            lambda yes: self._update_settings(
                self._services.settings.model_copy(update={"check_updates": yes})
            ),
        )
        self._modals.show(box)
        self.update_question = box

    # --- the welcome dialog ---------------------------------------------------------------

    def open_welcome(self) -> WelcomeDialog:
        from lebwallet.ui.welcome_dialog import WelcomeDialog

        services = self._services
        if self.welcome is not None and self._modals.is_queued(self.welcome):
            if self.welcome.isVisible():
                self.welcome.raise_()
            return self.welcome
        dialog = WelcomeDialog(
            self._runner,
            services.wallet,
            demo=services.demo_login(),
            provider_url=services.settings.provider_url,
            login=services.wallet.login,
            keyring_problem=self._keyring_problem,
            parent=self._window,
        )
        # The dialog says why "remember" is not offered: that is the keyring message.
        self._keyring_told = self._keyring_told or self._keyring_problem is not None
        dialog.provider_chosen.connect(self._on_provider_chosen)
        dialog.signed_in.connect(self.signed_in)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._welcome_closed)
        self.welcome = dialog
        self._modals.show(dialog)
        return dialog

    def _welcome_closed(self) -> None:
        self.welcome = None

    def _on_provider_chosen(self, url: object) -> None:
        settings = self._services.settings
        provider = url if isinstance(url, str) and url else None
        if provider != settings.provider_url:
            self._update_settings(settings.model_copy(update={"provider_url": provider}))

    # --- profile ----------------------------------------------------------------------------

    def profile_incomplete(self) -> None:
        """A first recharge needs a complete profile: let the user complete it here."""
        from lebwallet.ui.profile_dialog import ProfileDialog

        account = self.account
        if account is None:
            return
        update = self._services.wallet.update_profile
        dialog = ProfileDialog(self._runner, update, account, self._window)
        dialog.profile_saved.connect(self._on_profile_saved)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self._modals.show(dialog)
        self.profile_dialog = dialog

    def _on_profile_saved(self, account: AccountInfo) -> None:
        self.account = account
        self._window.set_account(account)

    # --- sign-out ---------------------------------------------------------------------------

    def sign_out(self) -> None:
        """End the session in the window at once and offer the sign-in, whatever the keyring
        does; its secrets leave the keyring in the background (the stored cards stay)."""
        from lebwallet.ui.icons import ConnectionState

        self.session_ended.emit()  # first: the follower stops
        self.reconnect_timer.stop()
        self.account = None
        self._window.set_account(None)
        self._window.set_connection_state(ConnectionState.OFFLINE, None)
        self._tray.set_connection(ConnectionState.OFFLINE)
        self._runner.run(
            self,
            self._services.wallet.sign_out,
            self._on_signed_out,
            self._on_sign_out_failed,
            description="sign out",
        )

    def _on_signed_out(self, _none: None) -> None:
        if self.account is None:
            self.open_welcome()

    def _on_sign_out_failed(self, error: Exception) -> None:
        _log.warning("sign-out: the keyring could not be cleared: %s", error)
        self._window.status.showMessage(
            QCoreApplication.translate(
                "WalletApp",
                "Signed out. The %2 could not be cleared, so a remembered "
                "sign-in may remain in it: %1",
            )
            .replace("%2", keyring_name())
            .replace("%1", str(error)),
            15_000,
        )
        self._on_signed_out(None)
