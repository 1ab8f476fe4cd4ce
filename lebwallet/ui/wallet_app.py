"""The running app: `WalletApp` owns the wallet's parts and wires the window to them.

Built by `lebwallet.app` once the window's frame and the stored cards are on screen (step 3
of the start): logging, the validated settings, the wallet's services (`WalletServices`,
Qt-free: store, provider, keyring and the backends of every screen), the rest of the window,
the tray, the single-instance guard's raise requests, and the life cycle to shutdown (the
refresher stops first so its last write lands). Its parts, each owning what it says:

- `SessionFlow` (`session`): from the start to the sign-out — restore or ask the sign-in,
  sign in again when the provider could not be reached, reconcile open orders;
- `LiveUpdates` (`live`): the refresher thread, the changes and notices it brings;
- `OrderWindows` (`orders`): the recharge wizard and the order details dialogs;
- `StartWatch` (`start_watch`): the start's log lines, and ``--quit-when-ready``.

Each part gets what it needs in its constructor and announces by signal what the others act
on; this module wires them, and keeps the window, the tray, the settings, backup and restore.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

from lebwallet.ui.i18n import install_language_in
from lebwallet.ui.live_updates import LiveUpdates
from lebwallet.ui.main_window import MainWindow
from lebwallet.ui.modal_queue import ModalQueue
from lebwallet.ui.order_windows import OrderWindows
from lebwallet.ui.session_flow import SessionFlow
from lebwallet.ui.settings_flow import SettingsFlow
from lebwallet.ui.start_watch import StartWatch

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.settings import LoadedSettings, Settings
    from lebwallet.services.wallet_api import AccountInfo
    from lebwallet.ui.about_dialog import AboutDialog
    from lebwallet.ui.notice_center import NoticeCenter
    from lebwallet.ui.order_details import OrderDetailsDialog
    from lebwallet.ui.recharge_wizard import RechargeWizard
    from lebwallet.ui.refresher import Refresher
    from lebwallet.ui.settings_dialog import SettingsDialog
    from lebwallet.ui.single_instance import SingleInstance
    from lebwallet.ui.tasks import TaskRunner
    from lebwallet.ui.welcome_dialog import WelcomeDialog

_log = logging.getLogger(__name__)


class WalletApp(QObject):
    """Owns the running app's parts and wires the window to them (see the module docstring)."""

    def __init__(
        self,
        data_dir: Path,
        loaded: LoadedSettings,
        *,
        quit_when_ready: bool = False,
        credentials: CredentialStore | None = None,
        sandbox_credit_delay: float = 5.0,
        guard: SingleInstance | None = None,
        window: MainWindow | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        """`window` and `runner`: those of `_Boot` (the window's frame is on screen already
        and gets the wallet as its backend); by default new ones."""
        from lebwallet.services.assembly import WalletServices
        from lebwallet.ui.tasks import TaskRunner

        existing = QApplication.instance()
        self.qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
        super().__init__()
        self.qt_app.setApplicationName("LEB Wallet")
        self.qt_app.setOrganizationName("lebwallet")
        self.data_dir = data_dir
        self.services = WalletServices(
            data_dir,
            loaded.settings,
            credentials=credentials,
            sandbox_credit_delay=sandbox_credit_delay,
        )
        """The wallet's services (store, provider, keyring, backends): Qt-free."""
        self.wallet = self.services.wallet
        self._settings_problem = loaded.problem
        self.quit_when_ready = quit_when_ready
        self._quitting = False
        self._shut_down = False
        # Qt's and the wallet's texts in the user's language, and the provider's too.
        self.wallet.set_language(install_language_in(self.qt_app, data_dir, self.settings.language))
        self.runner = runner if runner is not None else TaskRunner(self)
        self._owns_window = window is None
        if window is None:
            self.window = MainWindow(self.runner, self.wallet)
        else:
            self.window = window
            window.attach(self.wallet, self.runner)
        self.start_watch = StartWatch(
            self.qt_app, self.window, lambda: self._shut_down, quit_when_ready=quit_when_ready
        )
        self.modals = ModalQueue(self)
        """Every modal the app opens on its own goes through it: one at a time."""
        self.guard = guard
        if guard is not None:
            guard.raise_requested.connect(self.show_window)
        self._build_parts()
        self._connect_parts()
        self._connect_window()
        self.qt_app.aboutToQuit.connect(self.shutdown)

    def _build_parts(self) -> None:
        """The tray, the notices, support, autopilot, the session, the live updates, the
        order windows, backup and restore, the damaged store's recovery."""
        from lebwallet.ui.autopilot_screens import AutopilotScreens
        from lebwallet.ui.damaged_store_dialog import DamagedStoreRecovery
        from lebwallet.ui.icons import tray_icon
        from lebwallet.ui.notice_center import NoticeCenter
        from lebwallet.ui.support_screens import SupportScreens
        from lebwallet.ui.tray import TrayController
        from lebwallet.ui.wallet_data import WalletDataActions

        window, runner, services = self.window, self.runner, self.services
        self.tray = TrayController(tray_icon(), parent=self)
        self.notices: NoticeCenter = NoticeCenter(
            services.notice_board, window, runner, self.tray.notice_text
        )
        self.support = SupportScreens(services.support_backend, runner, window, window.help_menu)
        self.autopilot = AutopilotScreens(services.autopilot_backend, runner, window)
        self.session = SessionFlow(
            window,
            runner,
            services,
            self.modals,
            self.tray,
            update_settings=self.update_settings,
            quit_when_ready=self.quit_when_ready,
            parent=self,
        )
        self.live = LiveUpdates(window, self.tray, self.notices, self.support, services, self)
        self.orders = OrderWindows(
            window, runner, services, self.support, self.session, self.live, self
        )
        self.settings_flow = SettingsFlow(
            self.qt_app,
            window,
            runner,
            services,
            self.modals,
            self.notices,
            self.live,
            self.session,
            self,
        )
        self.store_recovery = DamagedStoreRecovery(window, runner, self.wallet)
        self.data_actions = WalletDataActions.of_wallet(
            window,
            runner,
            self.wallet,
            pause=self.live.stop_refresher,  # it holds the store being replaced
            resume=self._resume_after_restore,
        )

    def _connect_parts(self) -> None:
        tray, notices, support, autopilot = self.tray, self.notices, self.support, self.autopilot
        session, live, orders = self.session, self.live, self.orders
        tray.open_requested.connect(self.show_window)
        tray.recharge_requested.connect(self.show_window)
        tray.recharge_requested.connect(orders.recharge_selected)
        tray.used_today_requested.connect(self.show_window)  # "I used this card today"
        tray.used_today_requested.connect(lambda: self.window.log_keep_alive_action())
        tray.refresh_requested.connect(self.refresh_now)
        tray.quit_requested.connect(self.quit)
        tray.notice_activated.connect(live.open_notice)
        tray.notices_requested.connect(live.open_notices)
        notices.activated.connect(live.open_notice)
        notices.dialog_requested.connect(live.open_notices)
        notices.support_requested.connect(support.open_form)
        support.replies_arrived.connect(live.on_support_replies)
        autopilot.steps_done.connect(live.on_autopilot_steps)
        autopilot.order_requested.connect(
            lambda local_id: orders.open_order_details(local_id, open_payment=True)
        )
        autopilot.follow(self.window)
        self.store_recovery.replaced.connect(session.connect_provider)
        session.reconciled.connect(self._on_reconciled)
        session.session_ended.connect(live.stop_refresher)
        session.refresh_requested.connect(self.refresh_now)
        live.refresher_started.connect(autopilot.run_pass)  # acts on what is due, tells missed
        live.refresher_started.connect(support.poll_now)
        live.refresher_started.connect(orders.refresher_started)
        live.order_changed.connect(orders.on_order_changed)
        live.session_lost.connect(session.open_welcome)
        live.show_requested.connect(self.show_window)
        live.order_requested.connect(
            lambda local_id, pay: orders.open_order_details(local_id, open_payment=pay)
        )
        self.settings_flow.reloadly_account_requested.connect(self._open_reloadly_account)

    def _connect_window(self) -> None:
        window = self.window
        window.sign_in_required.connect(self.session.on_sign_in_required)
        window.recharge_requested.connect(self.orders.open_recharge)
        window.profile_requested.connect(self.session.profile_incomplete)
        window.sign_out_requested.connect(self.session.sign_out)
        window.quit_requested.connect(self.quit)
        window.history.order_details_requested.connect(self.orders.open_order_details)
        window.about_requested.connect(self.open_about)
        window.backup_requested.connect(self.data_actions.ask_backup)
        window.restore_requested.connect(self.data_actions.ask_restore)
        window.installEventFilter(self)
        window.store_failed.connect(self.store_recovery.handle)

    # --- the parts' state, as the app's -----------------------------------------------------

    @property
    def account(self) -> AccountInfo | None:
        return self.session.account

    @property
    def welcome(self) -> WelcomeDialog | None:
        return self.session.welcome

    @property
    def refresher(self) -> Refresher | None:
        return self.live.refresher

    @property
    def wizard(self) -> RechargeWizard | None:
        return self.orders.wizard

    @Slot()
    def refresh_now(self) -> None:
        """Refresh: the follower at once; a session kept from an earlier start signs in again
        now (offline at start); else a sync. The history adds the orders made since."""
        if self.window.attached:
            self.window.history.refresh_new()
        if self.live.refresher is not None:
            self.live.refresher.refresh_now()
        elif self.session.account is None and self.wallet.login is not None:
            self.session.reconnect_now()
        else:
            self.window.sync()

    def _on_reconciled(self, changed: tuple[int, ...]) -> None:
        if changed:
            self.live.orders_changed(changed)
        self.live.start_refresher()

    def open_recharge(self, card_id: str, keep_alive: bool = False) -> RechargeWizard | None:
        return self.orders.open_recharge(card_id, keep_alive)

    def open_order_details(
        self, local_id: int, *, open_payment: bool = False
    ) -> OrderDetailsDialog | None:
        return self.orders.open_order_details(local_id, open_payment=open_payment)

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        """Settings saved already (by the Reloadly account dialog): kept, not saved again."""
        self.services.remember_settings(settings)

    # --- start ----------------------------------------------------------------------------

    def start(self, *, connect: bool = True) -> None:
        """Show the window and paint the stored cards; then connect to the provider (unless
        `connect` is False or the app quits when ready)."""
        if not self.quit_when_ready:
            self.tray.show()
        if self.settings.start_minimised and not self.quit_when_ready:
            if not self.tray.available:
                self.window.showMinimized()
        else:
            self.window.show()
        # A window of `lebwallet.app`'s start: it logs and times the paints itself.
        self.start_watch.watch(log_paints=self._owns_window)
        self.window.load_cards()
        if self._settings_problem:
            self.settings_flow.show_problem(self._settings_problem)
        if connect and not self.quit_when_ready:
            QTimer.singleShot(0, self.session.connect_provider)

    # --- window and tray ------------------------------------------------------------------

    @Slot()
    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        """Closing the window hides it to the tray when there is one (said the first time)."""
        if (
            watched is self.window
            and event.type() == QEvent.Type.Close
            and self.tray.available
            and not self._quitting
            and not self.quit_when_ready
        ):
            event.ignore()
            self.window.hide()
            if not self.settings.tray_hint_shown:
                self.tray.show_hidden_hint()
                self.update_settings(self.settings.model_copy(update={"tray_hint_shown": True}))
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def quit(self) -> None:
        self._quitting = True
        self.qt_app.quit()

    def open_settings(self) -> SettingsDialog:
        return self.settings_flow.open_settings()

    def update_settings(self, new: Settings) -> None:
        """Save `new`, switch language at once, reconnect if the provider or store moved."""
        self.settings_flow.update_settings(new)

    @property
    def settings_problem_box(self) -> QMessageBox:
        """The last box that said the settings could not be used or saved."""
        box = self.settings_flow.problem_box
        if box is None:
            raise AttributeError("no settings problem was shown")
        return box

    def _open_reloadly_account(self, settings_dialog: object) -> None:
        from lebwallet.ui.reloadly_entry import open_reloadly_account
        from lebwallet.ui.settings_dialog import SettingsDialog

        if isinstance(settings_dialog, SettingsDialog):
            open_reloadly_account(self, settings_dialog)

    # --- about, backup and restore ------------------------------------------------------

    def open_about(self) -> AboutDialog:
        from lebwallet.ui.about_dialog import open_about

        return open_about(self.data_dir, self.window)

    def _resume_after_restore(self) -> None:
        if self._shut_down:
            return
        self.window.load_cards()
        self.window.history.reload()
        if self.session.account is not None:
            self.live.start_refresher()
            self.window.sync()

    # --- stop -----------------------------------------------------------------------------

    def shutdown(self) -> None:
        if self._shut_down:
            return
        self._shut_down = True
        self._quitting = True
        self.session.stop()
        self.live.stop()  # first: the refresher's last write lands before the store closes
        self.runner.shutdown(10_000)
        self.services.close()
        self.tray.dispose()
        self.window.close()
        if self.guard is not None:
            self.guard.release()
