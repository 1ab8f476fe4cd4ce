"""The running app: `WalletApp` owns the wallet's parts and wires the window to them.

Built by `lebwallet.app` once the window's frame and the stored cards are on screen (step 3
of the start): logging, the validated settings, the `Wallet` (store, provider, keyring), the
rest of the window, the tray, the recharge wizard, the refresher thread, notifications, the
single-instance guard's raise requests, and the life cycle from sign-in (reconcile open
orders, then follow them) to shutdown (the refresher stops first so its last write lands).
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

from lebwallet.ui.i18n import install_language_in
from lebwallet.ui.i18n_text import keyring_name
from lebwallet.ui.main_window import MainWindow
from lebwallet.ui.modal_queue import ModalQueue

if TYPE_CHECKING:
    from lebwallet.services.autopilot import AutopilotStep
    from lebwallet.services.autopilot_backend import ServiceAutopilotBackend
    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.notifications import Notice, NotificationPolicy
    from lebwallet.services.order_details import OrderRecord
    from lebwallet.services.recharge import ReconcileReport
    from lebwallet.services.settings import LoadedSettings, Settings
    from lebwallet.services.support_backend import SupportBackend
    from lebwallet.services.support_values import SupportReply
    from lebwallet.services.wallet_api import AccountInfo
    from lebwallet.ui.about_dialog import AboutDialog
    from lebwallet.ui.notice_center import NoticeCenter
    from lebwallet.ui.notices_panel import NoticesDialog
    from lebwallet.ui.order_details import OrderDetailsDialog
    from lebwallet.ui.recharge_wizard import RechargeWizard
    from lebwallet.ui.refresher import BalancesUpdate, ConnectionUpdate, OrderUpdate, Refresher
    from lebwallet.ui.reloadly_account_dialog import ReloadlyAccountDialog
    from lebwallet.ui.reloadly_topup_dialog import ReloadlyTopUpDialog
    from lebwallet.ui.settings_dialog import SettingsDialog
    from lebwallet.ui.single_instance import SingleInstance
    from lebwallet.ui.tasks import TaskRunner
    from lebwallet.ui.welcome_dialog import WelcomeDialog

_log = logging.getLogger(__name__)

READY_TIMEOUT_MS: Final = 60_000
"""--quit-when-ready gives up (exit 1) when the window is not ready in this time."""
RECONNECT_FIRST_MS: Final = 5_000
RECONNECT_MAX_MS: Final = 300_000
"""Signing in again after the provider could not be reached: 5 s, 10 s, … up to 5 min."""
REPAINT_MS: Final = 250
"""Order and balance updates within this many ms repaint the window once."""


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
        from lebwallet.services.wallet import Wallet, WalletConfig
        from lebwallet.ui.icons import tray_icon
        from lebwallet.ui.tasks import TaskRunner
        from lebwallet.ui.tray import TrayController

        existing = QApplication.instance()
        self.qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
        super().__init__()
        self.qt_app.setApplicationName("LEB Wallet")
        self.qt_app.setOrganizationName("lebwallet")
        self.data_dir = data_dir
        self.settings = loaded.settings
        self._settings_problem = loaded.problem
        self.quit_when_ready = quit_when_ready
        self.exit_code = 0
        self.language = self._install_language(self.settings.language)
        self.runner = runner if runner is not None else TaskRunner(self)
        self.wallet = Wallet(
            WalletConfig(data_dir, self.settings, sandbox_credit_delay),
            credentials,
        )
        self.wallet.set_language(self.language)  # the provider's text in the user's language
        self._owns_window = window is None
        if window is None:
            self.window = MainWindow(self.runner, self.wallet)
        else:
            self.window = window
            window.attach(self.wallet, self.runner)
        self.window.save_folder.set_folder(self.settings.save_folder)
        self.window.save_folder.changed.connect(self._remember_save_folder)
        self.window.settings_requested.connect(self.open_settings)
        self.window.sign_in_required.connect(self._on_sign_in_required)
        self.window.recharge_requested.connect(self.open_recharge)
        self.window.profile_requested.connect(self._profile_incomplete)
        self.window.sign_out_requested.connect(self.sign_out)
        self.window.quit_requested.connect(self.quit)
        self.window.history.order_details_requested.connect(self.open_order_details)
        self._order_dialogs: dict[int, OrderDetailsDialog] = {}
        self.modals = ModalQueue(self)
        """Every modal the app opens on its own goes through it: one at a time."""
        self.window.about_requested.connect(self.open_about)
        from lebwallet.ui.wallet_data import WalletDataActions

        self.data_actions = WalletDataActions.of_wallet(
            self.window,
            self.runner,
            self.wallet,
            pause=self._pause_for_restore,
            resume=self._resume_after_restore,
        )
        self.window.backup_requested.connect(self.data_actions.ask_backup)
        self.window.restore_requested.connect(self.data_actions.ask_restore)
        self.welcome: WelcomeDialog | None = None
        self._keyring_problem: str | None = None
        """Why the system keyring cannot keep the session, once known."""
        self._keyring_told = False
        """The user has been told about the keyring in this session (told once)."""
        self.wizard: RechargeWizard | None = None
        self.refresher: Refresher | None = None
        self.account: AccountInfo | None = None
        self._policy: NotificationPolicy | None = None
        self.guard = guard
        if guard is not None:
            guard.raise_requested.connect(self.show_window)
        self.tray = TrayController(tray_icon(), parent=self)
        self.tray.open_requested.connect(self.show_window)
        self.tray.recharge_requested.connect(self._recharge_from_tray)
        self.tray.used_today_requested.connect(self._used_today_from_tray)
        self.tray.refresh_requested.connect(self.refresh_now)
        self.tray.quit_requested.connect(self.quit)
        self.tray.notice_activated.connect(self.open_notice)
        self.tray.notices_requested.connect(self.open_notices)
        from lebwallet.services.notice_board import NoticeBoard
        from lebwallet.ui.notice_center import NoticeCenter

        self.notices: NoticeCenter = NoticeCenter(
            NoticeBoard.in_dir(self.data_dir), self.window, self.runner, self.tray.notice_text
        )
        self.notices.activated.connect(self.open_notice)
        self.notices.dialog_requested.connect(self.open_notices)
        from lebwallet.ui.support_screens import SupportScreens

        self.support = SupportScreens(
            self._support_backend, self.runner, self.window, self.window.help_menu
        )
        self.support.replies_arrived.connect(self._on_support_replies)
        self.notices.support_requested.connect(self.support.open_form)
        from lebwallet.ui.autopilot_screens import AutopilotScreens

        self.autopilot = AutopilotScreens(self._autopilot_backend, self.runner, self.window)
        self.autopilot.steps_done.connect(self._on_autopilot_steps)
        self.autopilot.follow(self.window)
        self.window.installEventFilter(self)
        self._store_read = False
        self.window.store_read.connect(self._on_store_read)
        from lebwallet.ui.damaged_store_dialog import DamagedStoreRecovery

        self.store_recovery = DamagedStoreRecovery(self.window, self.runner, self.wallet)
        self.window.store_failed.connect(self.store_recovery.handle)
        self.store_recovery.replaced.connect(self.connect_provider)
        # Order and balance updates come in bursts: one timer repaints once per burst.
        self._changed_orders: set[int] = set()
        self._last_sync: datetime | None = None
        self._cards_dirty = False
        self._repaint_timer = QTimer(self)
        self._repaint_timer.setSingleShot(True)
        self._repaint_timer.setInterval(REPAINT_MS)
        self._repaint_timer.timeout.connect(self._repaint)
        # Offline at start: sign in again later (backing off) instead of giving up.
        self._reconnects = 0
        self._reconnect_timer = QTimer(self)
        self._reconnect_timer.setSingleShot(True)
        self._reconnect_timer.timeout.connect(self.connect_provider)
        self._quitting = False
        self.qt_app.aboutToQuit.connect(self.shutdown)
        self._shut_down = False

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
        if self._owns_window:  # else the start-up (`lebwallet.app`) logs and times these
            self.window.first_painted.connect(self._first_paint)
            self.window.cards_painted.connect(self._shown)
        if self.quit_when_ready:
            # Ready: the stored cards painted, and the store itself opened and read.
            self.window.cards_painted.connect(self._ready)
            self.window.store_read.connect(self._ready)
            if self._owns_window:
                QTimer.singleShot(READY_TIMEOUT_MS, self._not_ready)
        self.window.load_cards()
        if self._settings_problem:
            self._show_settings_problem(self._settings_problem)
        if connect and not self.quit_when_ready:
            QTimer.singleShot(0, self.connect_provider)

    def _first_paint(self) -> None:
        _log.info("main window first paint (t=%.3f)", time.time())

    def _shown(self) -> None:
        _log.info(
            "main window shown with %d stored cards (t=%.3f)",
            self.window.cards_model.rowCount(),
            time.time(),
        )

    def _ready(self) -> None:
        """Ready (issue 18): the store opened (migrated if need be) and read, the whole window
        built, and Recharge enabled on the selected card (unavailable: no card to top up)."""
        if self._shut_down or not (
            self.window.cards_shown and self._store_read and self.window.attached
        ):
            return
        card = self.window.selected_card()
        recharge = self.window.recharge_action.isEnabled()
        if card is not None and card.is_rechargeable and not recharge:
            return
        _log.info(
            "main window ready: store read, window built, Recharge %s (t=%.3f)",
            "enabled" if recharge else "unavailable",
            time.time(),
        )
        self.exit_code = 0
        self.qt_app.exit(0)

    def _on_store_read(self) -> None:
        if not self._store_read:
            # The start-up's objects (modules, the store's mappings, the cards) will live as
            # long as the app: keep the collector's full passes — which stop every thread —
            # off them, so that they stay short while the user scrolls (see also the
            # refresher's start). No full collection first: it found ~100 garbage objects
            # among ~120,000 and held the GUI thread ~100 ms just before ready (issue 18).
            gc.freeze()
        self._store_read = True

    def _not_ready(self) -> None:
        if not self._shut_down:
            _log.error("the main window did not become ready in time")
            self.exit_code = 1
            self.qt_app.exit(1)

    def connect_provider(self) -> None:
        """Sign in again from the keyring in the background, or ask with the welcome dialog."""
        from lebwallet.ui.icons import ConnectionState

        self.window.set_connection_state(ConnectionState.SYNCING, None)
        self.runner.run(
            self,
            self.wallet.restore_session,
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

            self.window.set_connection_state(ConnectionState.OFFLINE, None)
            # The sign-in offers "remember" only with a keyring that can keep it.
            self.runner.run(
                self,
                self.wallet.keyring_problem,
                self._welcome_with_keyring,
                lambda _error: self._welcome_with_keyring(None),
                description="keyring status",
            )
            return
        self._signed_in(account)

    def _on_restore_failed(self, error: Exception) -> None:
        from lebwallet.services.credentials import CredentialsUnavailable
        from lebwallet.services.errors import ProviderUnavailable
        from lebwallet.ui.icons import ConnectionState

        self.window.set_connection_state(ConnectionState.OFFLINE, None)
        if isinstance(error, CredentialsUnavailable):
            # Told in the sign-in dialog, which no longer offers "remember".
            _log.info("session not restored: %s", error)
            self._keyring_problem = str(error)
            self.open_welcome()
            return
        _log.warning("could not restore the session: %s", error)
        if isinstance(error, ProviderUnavailable) and not self._shut_down:
            # Offline at start: the stored cards stay usable; try again, slower each time
            # (or at once: Retry, Refresh).
            delay = min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2**self._reconnects)
            self._reconnects += 1
            self._reconnect_timer.start(delay)
            self.window.show_unreachable(self.refresh_now)

    def _on_sign_in_required(self) -> None:
        """The window's sync found no session. While a session kept from an earlier start
        waits for the provider (offline at start), Refresh restores it now; otherwise the
        sign-in is asked."""
        if self.account is None and self._reconnect_timer.isActive():
            self._reconnect_timer.stop()
            self.connect_provider()
            return
        self.open_welcome()

    def _keyring_warning(self, detail: str) -> None:
        """Tell the user the keyring cannot keep the session: once per session."""
        self._keyring_problem = detail
        if self._keyring_told:
            return
        self._keyring_told = True
        from lebwallet.ui.start_messages import keyring_box

        box = keyring_box(self.window, detail)
        self.modals.show(box)
        self.keyring_box = box

    def _signed_in(self, account: AccountInfo) -> None:
        self._reconnects = 0
        self._reconnect_timer.stop()
        if self.settings.login is not None:  # moved into the store by the sign-in
            self.update_settings(self.settings.model_copy(update={"login": None}))
        if account.keyring_problem:
            self._keyring_warning(account.keyring_problem)
        self.account = account
        self.window.set_account(account)
        self.window.sync()
        # Orders left open by an earlier run (or a crash) first, then the refresher.
        self.runner.run(
            self,
            self.wallet.reconcile,
            self._on_reconciled,
            self._on_reconcile_failed,
            description="reconcile open orders",
        )
        if self.settings.check_updates is None:
            self._ask_about_updates()

    def _on_reconciled(self, report: ReconcileReport) -> None:
        _log.info(
            "reconciled %d open orders: %d changed, %d not reached",
            report.checked,
            len(report.changes),
            len(report.failures),
        )
        if report.changes:
            self._changed_orders.update(change.local_id for change in report.changes)
            self._cards_dirty = True
            self._repaint_timer.start()
        self.start_refresher()

    def _on_reconcile_failed(self, error: Exception) -> None:
        _log.warning("start-up reconcile failed: %s", error)
        self.start_refresher()  # it retries the open orders on its own

    # --- refresher ------------------------------------------------------------------------

    def start_refresher(self) -> None:
        """Follow every open order and keep balances current in a background thread."""
        from lebwallet.services.notifications import NoticeLog, NotificationPolicy
        from lebwallet.ui.refresher import Pacing, Refresher, services_backend_factory

        if self._shut_down:
            return
        if self.refresher is not None:
            self.refresher.refresh_now()
            return
        parts = self.wallet.open_parts()
        if parts is None:
            return
        client, store = parts
        self._policy = NotificationPolicy(
            NoticeLog.in_dir(self.data_dir),
            self.settings,
            card_name=self.notices.card_name,
        )
        factory = services_backend_factory(
            client.base_url,
            store,
            token_source=self.wallet.current_tokens,
            on_tokens=self.wallet.share_tokens,
            data_dir=self.data_dir,
            check_updates=self._updates_allowed,
            language=self.wallet.language_tag,
        )
        refresher = Refresher(
            factory,
            policy=self._policy,
            pacing=Pacing(normal_seconds=self.settings.refresh_seconds),
            parent=self,
        )
        worker = refresher.worker
        # Bound methods of this GUI-thread object: the slots run on the GUI thread.
        worker.order_changed.connect(self._on_order_changed)
        worker.balances_changed.connect(self._on_balances_changed)
        worker.connection_changed.connect(self._on_connection_changed)
        worker.notice.connect(self._on_notice)
        self.refresher = refresher
        refresher.start()
        self.autopilot.run_pass()  # at start: acts on what is due, tells what was missed
        self.support.poll_now()
        if self.wizard is not None:
            self.wizard.set_refresher_connected(True)
        # Fewer long full-collection pauses on the GUI thread once start-up garbage is frozen.
        QTimer.singleShot(0, gc.freeze)

    def _updates_allowed(self) -> bool:
        return self.settings.check_updates is True

    @Slot()
    def refresh_now(self) -> None:
        if self.refresher is not None:
            self.refresher.refresh_now()
        elif self.account is None and self.wallet.login is not None:
            self._reconnect_timer.stop()
            self.connect_provider()
        else:
            self.window.sync()

    @Slot(object)
    def _on_order_changed(self, update: OrderUpdate) -> None:
        if self.wizard is not None:
            self.wizard.on_order_changed(update)
        dialog = self._order_dialogs.get(update.local_id)
        if dialog is not None:
            dialog.on_order_changed(update)
        self._changed_orders.add(update.local_id)
        if update.new_status.is_final:
            self._cards_dirty = True
        self._repaint_timer.start()

    @Slot(object)
    def _on_balances_changed(self, update: BalancesUpdate) -> None:
        self._cards_dirty = True
        self._last_sync = update.synced_at
        self._repaint_timer.start()

    def _repaint(self) -> None:
        if self._shut_down:
            return
        if self._changed_orders:
            self.window.history.model.refresh_orders(sorted(self._changed_orders))
            self._changed_orders.clear()
        if self._cards_dirty:
            self._cards_dirty = False
            self.window.load_cards()

    @Slot(object)
    def _on_connection_changed(self, update: ConnectionUpdate) -> None:
        from lebwallet.ui.refresher import LinkState, connection_state

        state = connection_state(update.state)
        self.window.set_connection_state(state, self._last_sync)
        self.tray.set_connection(state)
        if update.state is LinkState.SIGNED_OUT:
            self.open_welcome()

    @Slot(object)
    def _on_notice(self, notice: Notice) -> None:
        self.tray.notify(notice)
        self.notices.add(notice)

    def open_notices(self) -> NoticesDialog:
        """Every notice not dismissed, in a dialog (from the toolbar and the tray)."""
        self.show_window()
        return self.notices.open_dialog()

    def open_notice(self, notice: Notice) -> None:
        """A click on a notice: the card, the order, or the release page."""
        from lebwallet.services.notifications import NoticeKind

        self.show_window()
        if notice.kind is NoticeKind.UPDATE and notice.url:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            url = QUrl(notice.url)
            if url.scheme() == "https":
                QDesktopServices.openUrl(url)
            return
        if notice.support_id is not None:
            self.support.open_view(select=notice.support_id)
            return
        if notice.card_id is not None:
            self.window.select_card(notice.card_id)
        if notice.order_id is not None:
            self.window.tabs.setCurrentWidget(self.window.history)
            self.window.history.ensure_loaded()
            # the order's own page: payment (said when the browser cannot open), QR, link
            pay = notice.kind is NoticeKind.ACTION_NEEDED or (
                notice.kind is NoticeKind.AUTOPILOT and notice.reason == "waits_for_payment"
            )
            self.open_order_details(notice.order_id, open_payment=pay)

    # --- order details --------------------------------------------------------------------

    def open_order_details(
        self, local_id: int, *, open_payment: bool = False
    ) -> OrderDetailsDialog | None:
        """The details of one order (one dialog per order): breakdown, timeline, and while
        it can be paid the payment page (opened at once with `open_payment`), QR code, link
        and cancel."""
        from lebwallet.services.recharge_backend import ServiceRechargeBackend
        from lebwallet.ui.checkout_opener import CheckoutOpener
        from lebwallet.ui.order_details import OrderDetailsDialog

        open_dialog = self._order_dialogs.get(local_id)
        if open_dialog is not None:
            open_dialog.show()
            open_dialog.raise_()
            open_dialog.activateWindow()
            if open_payment:
                open_dialog.payment.open_payment_page()
            return open_dialog
        parts = self.wallet.open_parts()
        if parts is None:
            self.window.status.showMessage(
                QCoreApplication.translate("WalletApp", "Sign in to the provider first."), 5000
            )
            return None
        client, store = parts
        dialog = OrderDetailsDialog(
            ServiceRechargeBackend(self.wallet.new_client, store),
            self.runner,
            CheckoutOpener(client),
            local_id,
            open_payment=open_payment,
            parent=self.window,
        )
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self._track_order_dialog(dialog)
        dialog.show()
        return dialog

    def _support_backend(self) -> SupportBackend | None:
        """Support through the signed-in provider (None before sign-in)."""
        from lebwallet.services.support_backend import ServiceSupportBackend

        parts = self.wallet.open_parts()
        return None if parts is None else ServiceSupportBackend(self.wallet.new_client, parts[1])

    def _on_support_replies(self, replies: list[SupportReply]) -> None:
        for reply in replies:
            if self._policy is None:
                return
            for notice in self._policy.for_support_reply(
                reply.request_local_id, reply.message_local_id, reply.order_id
            ):
                self._on_notice(notice)

    def _autopilot_backend(self) -> ServiceAutopilotBackend | None:
        """Autopilot through the signed-in provider, once its notices can be told."""
        from lebwallet.services.autopilot_backend import ServiceAutopilotBackend

        parts = self.wallet.open_parts()
        if parts is None or self._policy is None:
            return None
        return ServiceAutopilotBackend(self.wallet.new_client, parts[1], self.data_dir)

    def _on_autopilot_steps(self, steps: list[AutopilotStep]) -> None:
        for step in steps:
            if self._policy is None:
                return
            for notice in self._policy.for_autopilot(
                step.kind.value,
                card_id=step.card_id,
                card_name=step.card_name,
                deadline=step.deadline,
                amount=step.amount,
                order_id=step.order_local_id,
            ):
                self._on_notice(notice)

    def _track_order_dialog(self, dialog: OrderDetailsDialog) -> None:
        local_id = dialog.local_id
        dialog.support_requested.connect(self.support.open_form)
        self._order_dialogs[local_id] = dialog
        dialog.finished.connect(lambda _result: self._order_dialogs.pop(local_id, None))
        dialog.order_changed.connect(lambda record: self._on_dialog_order_changed(record))

    def _on_dialog_order_changed(self, record: OrderRecord) -> None:
        self._changed_orders.add(record.local_id)
        self._cards_dirty = self._cards_dirty or record.status.is_final
        self._repaint_timer.start()

    # --- recharge -------------------------------------------------------------------------

    def open_recharge(self, card_id: str, keep_alive: bool = False) -> RechargeWizard | None:
        """The recharge wizard for `card_id` (one at a time); a card of the user's own with
        a phone number goes to Reloadly (`open_reloadly_topup`)."""
        from lebwallet.ui.recharge_wizard import RechargeWizard

        card = self.window.cards_model.card(card_id) if card_id else None
        if card is not None and not card.is_rechargeable and card.msisdn is not None:
            self.open_reloadly_topup(card_id)
            return None
        if self.wizard is not None:
            self.wizard.show()
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        parts = self.wallet.open_parts()
        if parts is None or self.account is None:
            self.window.status.showMessage(
                QCoreApplication.translate("WalletApp", "Sign in to the provider first."), 5000
            )
            return None
        if not self.account.profile_complete:
            self._profile_incomplete()
            return None
        client, store = parts
        wizard = RechargeWizard.for_services(
            self.wallet.new_client,
            store,
            self.runner,
            card_id=card_id or None,
            keep_alive=keep_alive,
            follow_by_refresher=self.refresher is not None,
            url_policy=client,
            parent=self.window,
        )
        wizard.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.order_created.connect(self._on_wizard_order)
        wizard.order_finished.connect(self._on_wizard_order_finished)
        wizard.finished.connect(self._on_wizard_closed)
        wizard.order_resumed.connect(self._track_order_dialog)
        wizard.result_page.support_requested.connect(self.support.open_form)
        self.wizard = wizard
        wizard.show()
        return wizard

    def open_reloadly_topup(self, card_id: str) -> ReloadlyTopUpDialog | None:
        from lebwallet.ui.reloadly_entry import open_reloadly_topup

        return open_reloadly_topup(self, card_id)

    def _used_today_from_tray(self) -> None:
        """ "I used this card today": the log dialog for the selected card, today filled in."""
        self.show_window()
        self.window.log_keep_alive_action()

    def _recharge_from_tray(self) -> None:
        self.show_window()
        card = self.window.selected_card()
        self.open_recharge(card.id if card is not None else "")

    def _on_wizard_order(self, record: OrderRecord) -> None:
        if self.refresher is not None:
            self.refresher.follow(record.local_id)
        self._changed_orders.add(record.local_id)
        self._repaint_timer.start()

    def _on_wizard_order_finished(self, record: OrderRecord) -> None:
        if self.refresher is not None:
            self.refresher.unfollow(record.local_id)
        self._cards_dirty = True
        self._repaint_timer.start()

    def _on_wizard_closed(self) -> None:
        wizard, self.wizard = self.wizard, None
        order = None if wizard is None else wizard.order
        if order is not None and self.refresher is not None:
            self.refresher.unfollow(order.local_id)  # the slow cadence keeps following it

    def _profile_incomplete(self) -> None:
        """A first recharge needs a complete profile: let the user complete it here."""
        from lebwallet.ui.profile_dialog import ProfileDialog

        account = self.account
        if account is None:
            return
        dialog = ProfileDialog(self.runner, self.wallet.update_profile, account, self.window)
        dialog.profile_saved.connect(self._on_profile_saved)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.modals.show(dialog)
        self.profile_dialog = dialog

    def _on_profile_saved(self, account: AccountInfo) -> None:
        self.account = account
        self.window.set_account(account)

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

    def sign_out(self) -> None:
        """End the session in the window at once and offer the sign-in, whatever the keyring
        does; its secrets leave the keyring in the background (the stored cards stay)."""
        from lebwallet.ui.icons import ConnectionState

        if self.refresher is not None:
            self.refresher.shutdown()
            self.refresher = None
        self._reconnect_timer.stop()
        self.account = None
        self.window.set_account(None)
        self.window.set_connection_state(ConnectionState.OFFLINE, None)
        self.tray.set_connection(ConnectionState.OFFLINE)
        self.runner.run(
            self,
            self.wallet.sign_out,
            self._on_signed_out,
            self._on_sign_out_failed,
            description="sign out",
        )

    def _on_signed_out(self, _none: None) -> None:
        if self.account is None:
            self.open_welcome()

    def _on_sign_out_failed(self, error: Exception) -> None:
        _log.warning("sign-out: the keyring could not be cleared: %s", error)
        self.window.status.showMessage(
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

    @Slot()
    def quit(self) -> None:
        self._quitting = True
        self.qt_app.quit()

    def _ask_about_updates(self) -> None:
        if self.quit_when_ready:
            return
        from lebwallet.ui.start_messages import update_question

        box = update_question(
            self.window,
            lambda yes: self.update_settings(
                self.settings.model_copy(update={"check_updates": yes})
            ),
        )
        self.modals.show(box)
        self.update_question = box

    # --- dialogs --------------------------------------------------------------------------

    def open_welcome(self) -> WelcomeDialog:
        from lebwallet.ui.welcome_dialog import WelcomeDialog

        if self.welcome is not None and self.modals.is_queued(self.welcome):
            if self.welcome.isVisible():
                self.welcome.raise_()
            return self.welcome
        dialog = WelcomeDialog(
            self.runner,
            self.wallet,
            demo=_demo_login(),
            provider_url=self.settings.provider_url,
            login=self.wallet.login,
            keyring_problem=self._keyring_problem,
            parent=self.window,
        )
        # The dialog says why "remember" is not offered: that is the keyring message.
        self._keyring_told = self._keyring_told or self._keyring_problem is not None
        dialog.provider_chosen.connect(self._on_provider_chosen)
        dialog.signed_in.connect(self._signed_in)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._welcome_closed)
        self.welcome = dialog
        self.modals.show(dialog)
        return dialog

    def _welcome_closed(self) -> None:
        self.welcome = None

    def _on_provider_chosen(self, url: object) -> None:
        provider = url if isinstance(url, str) and url else None
        if provider != self.settings.provider_url:
            self.update_settings(self.settings.model_copy(update={"provider_url": provider}))

    def open_settings(self) -> SettingsDialog:
        from lebwallet.services.calendar import CALENDAR_FILE
        from lebwallet.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.settings, self.window, calendar_path=self.data_dir / CALENDAR_FILE
        )
        dialog.settings_accepted.connect(self.update_settings)
        dialog.reloadly_requested.connect(lambda: self.open_reloadly_account(dialog))
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_reloadly_account(self, settings_dialog: SettingsDialog) -> ReloadlyAccountDialog:
        from lebwallet.ui.reloadly_entry import open_reloadly_account

        return open_reloadly_account(self, settings_dialog)

    def _remember_save_folder(self, folder: str) -> None:
        self.update_settings(self.settings.model_copy(update={"save_folder": folder}))

    def update_settings(self, new: Settings) -> None:
        """Save `new`, switch language at once, reconnect if the provider or store moved."""
        from lebwallet.services.settings import save_settings
        from lebwallet.ui.icons import ConnectionState

        old = self.settings
        try:
            save_settings(self.data_dir, new)
        except OSError as error:
            self._show_settings_problem(str(error))
            return
        self.settings = new
        if self._policy is not None:
            self._policy.settings = new
        if self.refresher is not None and new.refresh_seconds != old.refresh_seconds:
            self.refresher.set_normal_seconds(new.refresh_seconds)
        if new.language != old.language:
            self.language = self._install_language(new.language)
            self.wallet.set_language(self.language)
            self.notices.show()
        moved = (new.provider_url, new.database_url) != (old.provider_url, old.database_url)
        self.window.set_sandbox(new.uses_sandbox)
        release = self.wallet.reconfigure(new)  # the next request uses the new parts
        if not moved:
            return
        # Another provider or database: the refresher and the session belong to the old one.
        if self.refresher is not None:
            self.refresher.shutdown()
            self.refresher = None
        self.account = None
        self.window.set_connection_state(ConnectionState.OFFLINE, None)
        self.window.load_cards()
        self.runner.run(self, release, lambda _none: None, description="release old provider")
        if self.welcome is None:
            QtCore.QTimer.singleShot(0, self, self.connect_provider)

    # --- about, backup and restore ------------------------------------------------------

    def open_about(self) -> AboutDialog:
        from lebwallet.ui.about_dialog import open_about

        return open_about(self.data_dir, self.window)

    def _pause_for_restore(self) -> None:
        # The refresher holds the store being replaced: stopped, and started on the new one.
        if self.refresher is not None:
            self.refresher.shutdown()
            self.refresher = None

    def _resume_after_restore(self) -> None:
        if self._shut_down:
            return
        self.window.load_cards()
        self.window.history.reload()
        if self.account is not None:
            self.start_refresher()
            self.window.sync()

    def _install_language(self, code: str) -> str:
        return install_language_in(self.qt_app, self.data_dir, code)

    def _show_settings_problem(self, problem: str) -> None:
        from lebwallet.ui.start_messages import settings_problem_box

        box = settings_problem_box(self.window, problem)
        self.modals.show(box)
        self.settings_problem_box = box

    # --- stop -----------------------------------------------------------------------------

    def shutdown(self) -> None:
        if self._shut_down:
            return
        self._shut_down = True
        self._quitting = True
        self._repaint_timer.stop()
        self._reconnect_timer.stop()
        if self.refresher is not None:
            self.refresher.shutdown()  # first: its last write lands before the store closes
        self.runner.shutdown(10_000)
        self.wallet.close()
        self.tray.dispose()
        self.window.close()
        if self.guard is not None:
            self.guard.release()


def _demo_login() -> tuple[str, str]:
    from lebwallet.sandbox.seed import DEMO_CREDENTIALS

    return DEMO_CREDENTIALS.email, DEMO_CREDENTIALS.password
