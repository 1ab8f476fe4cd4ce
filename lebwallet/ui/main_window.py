"""The main window: cards with balances and deadlines, the selected card's details, history.

Thin by design: the window lays out widgets, runs `WalletBackend` calls through the
`TaskRunner` and routes their results to the models. It never blocks: cards are painted from
the local store first, then a sync with the provider updates the rows in place.

Start-up speed: built with ``defer=True`` (and no backend yet) the window is only its frame —
menus, toolbar, banner, tabs and an empty cards table — and imports nothing but Qt, so it
paints at once. It does not even touch the `Qt` namespace from Python before that paint
(PySide6 builds all its enums on first use: ~25 ms). `show_stored_cards` then builds the
cards model and paints the stored cards in deadline order (the sort proxy, which asks the
model about every row, is switched on by `attach`); `attach(backend, runner)` builds the
rest (details pane with QR code and chart, history, status bar).

Signals (connected by the composition root and the later wizard/tray code):
    recharge_requested(str, bool): card id, and True for "Keep alive" (minimum amount).
    settings_requested(): the user chose Settings… (Ctrl+,).
    backup_requested(): the user chose Back up wallet data….
    restore_requested(): the user chose Restore wallet data….
    about_requested(): the user chose Help → About LEB Wallet.
    sign_in_required(): the provider asked for a new sign-in.
    first_painted(): the window painted for the first time (once; emitted once that paint
        is done).
    cards_painted(): the first cards from the store are on screen (once).
    cards_changed(object): the cards shown changed; a tuple of domain `Card`s.
    store_read(): a `load_cards` read of the store finished (painted, or failed).
    store_failed(Exception): that read failed (a damaged store is handled by the app).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from lebwallet.clock import utc_today
from lebwallet.ui.i18n_text import join_list, sentences

# Start-up speed: the models, panes and dialogs (the domain, phonenumbers, segno, the SVG
# icons) are imported after the window's first paint; see the module docstring.
# Qt classes the frame does not use are imported where used too: PySide6 builds a class's
# enums when the class is first touched (QMessageBox, QKeySequence: a few ms each).
if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QItemSelection, QModelIndex
    from PySide6.QtGui import QCloseEvent

    from lebwallet.domain.cards import Card
    from lebwallet.domain.keepalive import ActionKind
    from lebwallet.euicc.profiles import EuiccProfile
    from lebwallet.services.wallet_api import (
        AccountInfo,
        CardsSnapshot,
        SyncReport,
        WalletBackend,
    )
    from lebwallet.ui.actions_view import ActionsView
    from lebwallet.ui.add_card_dialog import AddCardDialog
    from lebwallet.ui.card_details import CardDetails
    from lebwallet.ui.cards_model import CardsModel, CardsSortProxy
    from lebwallet.ui.history_view import HistoryView
    from lebwallet.ui.icons import ConnectionState
    from lebwallet.ui.keep_alive_panel import KeepAlivePanel
    from lebwallet.ui.shortcuts_dialog import ShortcutsDialog
    from lebwallet.ui.status_bar import WalletStatusBar
    from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)
_FIT_ROWS: Final = 0
"""Rows measured to fit the cards table's columns: 0 = the rows on screen (QHeaderView's
resizeContentsPrecision); measuring more costs ~0.2 ms a row at start-up."""


def _banner_style() -> str:
    from lebwallet.ui.theme import Tone, tone

    return (
        f"QLabel {{ background: {tone(Tone.BANNER_BACKGROUND)}; color: {tone(Tone.BANNER_TEXT)};"
        f" border-bottom: 1px solid {tone(Tone.BANNER_BORDER)};"
        " padding: 4px; font-weight: bold; qproperty-alignment: AlignCenter; }"
    )


def _profile_notice_style() -> str:
    from lebwallet.ui.theme import Tone, tone

    return f"QLabel {{ color: {tone(Tone.WARNING)}; padding: 4px; }}"


def _escape(text: str) -> str:
    """Plain text for a rich-text label (the `html` module costs ~2 ms before first paint)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


NOTICES_SHOWN = 3
"""How many of the newest notices the window shows (the rest: "All notices…")."""


class MainWindow(QMainWindow):
    """The wallet's main window (see the module docstring)."""

    recharge_requested = Signal(str, bool)
    settings_requested = Signal()
    backup_requested = Signal()
    restore_requested = Signal()
    about_requested = Signal()
    profile_requested = Signal()
    sign_out_requested = Signal()
    quit_requested = Signal()
    sign_in_required = Signal()
    cards_painted = Signal()
    first_painted = Signal()
    cards_changed = Signal(object)
    store_read = Signal()
    card_selected = Signal(object)
    """The card now selected (`Card`, or None), once the window is attached."""
    store_failed = Signal(object)

    cards_model: CardsModel
    cards_proxy: CardsSortProxy
    details: CardDetails
    keep_alive_panel: KeepAlivePanel
    actions_view: ActionsView
    history: HistoryView
    status: WalletStatusBar

    def __init__(
        self,
        runner: TaskRunner | None,
        backend: WalletBackend | None,
        parent: QWidget | None = None,
        *,
        sandbox: bool = False,
        defer: bool = False,
        today: Callable[[], date] | None = None,
    ) -> None:
        """`runner` and `backend` None (with ``defer=True``): the frame only, until `attach`.
        `sandbox` shows the sandbox banner until a backend says. `today` (UTC date; the wall
        clock by default) dates the keep-alive days."""
        super().__init__(parent)
        self._today = today if today is not None else utc_today
        self._runner = runner
        self._backend = backend
        self._loaded = False
        self._painted = False
        self._first_paint = False
        self._syncing = False
        self._has_model = False
        self._complete = False
        self._fit_pending = False
        self._last_synced: datetime | None = None

        self.banner = QLabel(self)
        self.banner.setStyleSheet(_banner_style())  # centred by the style: no `Qt` yet
        self._sandbox = backend.uses_sandbox if backend is not None else sandbox
        self.banner.setVisible(self._sandbox)
        self.account: AccountInfo | None = None
        self._shown_owner: str | None = None
        """The provider account whose data the window shows (`AccountInfo.owner`)."""
        self.profile_notice = QLabel(self)
        self.profile_notice.setWordWrap(True)
        self.profile_notice.setStyleSheet(_profile_notice_style())
        self.profile_notice.linkActivated.connect(lambda _link: self.profile_requested.emit())
        self.profile_notice.setVisible(False)
        # The newest notices, to read and dismiss: the app's panel goes here.
        self.notice_bar = QWidget(self)
        self.notice_bar.setObjectName("notice_bar")
        QVBoxLayout(self.notice_bar).setContentsMargins(0, 0, 0, 0)
        self.notice_bar.setVisible(False)

        self.table = QTableView(self)  # selection and editing are set with its model
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        header = self.table.horizontalHeader()
        # Widths are fitted once the cards arrive, from the rows on screen only (and the
        # header's sections stay Interactive): ResizeToContents would measure every row of a
        # large table again on every change.
        header.setResizeContentsPrecision(_FIT_ROWS)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.viewport().installEventFilter(self)

        # The cards page: the table, and the details pane below it once attached.
        self._cards_page = QWidget(self)
        self._cards_layout = QVBoxLayout(self._cards_page)
        self._cards_layout.setContentsMargins(0, 0, 0, 0)
        self._cards_layout.addWidget(self.table)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._cards_page, "")
        self.tabs.addTab(QWidget(self), "")  # the history, once attached
        self.tabs.currentChanged.connect(self._on_tab_changed)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.profile_notice)
        layout.addWidget(self.notice_bar)
        layout.addWidget(self.tabs, 1)
        self._central_layout = layout
        self.setCentralWidget(central)

        from lebwallet.ui.save_location import SaveFolder

        self.save_folder = SaveFolder(parent=self)
        """Where save dialogs open (the app keeps it in the settings)."""
        self._build_actions()
        self._retranslate()
        self._update_actions()
        self.resize(1100, 720)
        if not defer:
            if backend is None or runner is None:
                raise ValueError("a main window built at once needs its runner and backend")
            self.attach(backend, runner)

    # --- building in steps (see the module docstring) -------------------------------------

    def ensure_cards_model(self) -> None:
        """The cards model behind the table (imports the domain; cheap once done)."""
        if self._has_model:
            return
        from PySide6.QtWidgets import QAbstractItemView

        from lebwallet.ui.cards_model import CardsModel, CardsSortProxy

        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cards_model = CardsModel(self, today=self._today)
        self.cards_proxy = CardsSortProxy(self)
        self.cards_proxy.setSourceModel(self.cards_model)
        self.table.setModel(self.cards_proxy)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        from lebwallet.ui.cards_table import prepare_cards_table

        prepare_cards_table(self.table)
        self._has_model = True

    def _enable_sorting(self) -> None:
        from lebwallet.ui.cards_model import Column

        if not self.table.isSortingEnabled():
            # The indicator first: switching sorting on sorts by it, once (not by the first
            # column and then again by the deadline).
            self.table.horizontalHeader().setSortIndicator(
                Column.DEADLINE, QtCore.Qt.SortOrder.AscendingOrder
            )
            self.table.setSortingEnabled(True)

    def show_stored_cards(self, snapshot: CardsSnapshot) -> None:
        """Paint cards read from the local store before a backend is attached: in the order
        the deadline sort gives, without the sort (it reads every row; `attach` turns it on)."""
        self.ensure_cards_model()
        if not self._complete:
            today = self._today()
            order = sorted(snapshot.cards, key=lambda card: card.days_left(today))
            snapshot = type(snapshot)(tuple(order), snapshot.last_synced_at)
        self._on_cards_loaded(snapshot)

    @property
    def attached(self) -> bool:
        return self._complete

    def attach(self, backend: WalletBackend, runner: TaskRunner | None = None) -> None:
        """Give the window its backend (and runner, if it has none) and build the rest:
        details pane, history, status bar; the cards are sorted from now on."""
        from PySide6.QtWidgets import QHBoxLayout, QSplitter

        from lebwallet.ui.actions_view import ActionsView
        from lebwallet.ui.card_details import CardDetails
        from lebwallet.ui.euicc_tab import EuiccTab
        from lebwallet.ui.history_view import HistoryView
        from lebwallet.ui.icons import ConnectionState, app_icon
        from lebwallet.ui.keep_alive_panel import KeepAlivePanel
        from lebwallet.ui.status_bar import WalletStatusBar

        if self._complete:
            return
        self._backend = backend
        if runner is not None:
            self._runner = runner
        runner = self._require_runner()
        self.ensure_cards_model()
        self._enable_sorting()
        self.setWindowIcon(app_icon())
        self._set_shortcuts()
        # The cards' context menu (set here: the Qt namespace costs the first paint ~20 ms).
        self.table.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (
            self.recharge_action,
            self.log_action_action,
            self.rename_action,
            self.unbind_action,
        ):
            self.table.addAction(action)
        from lebwallet.ui.retry_bar import RetryBar

        # A failed load of the cards, the sync or a card's balance history, with Retry.
        self.retry_bar = RetryBar(self)
        self._central_layout.insertWidget(
            self._central_layout.indexOf(self.notice_bar) + 1, self.retry_bar
        )
        self.toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.details = CardDetails(self, today=self._today)
        self.keep_alive_panel = KeepAlivePanel(runner, backend, self, today=self._today)
        self.keep_alive_panel.card_changed.connect(self._on_card_updated)
        self.day_timer = QTimer(self)
        self.day_timer.setSingleShot(True)
        self.day_timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)  # coarse: ±5 %
        self.day_timer.timeout.connect(self._on_day_changed)
        self._arm_day_change()
        self.details.copied.connect(self._on_copied)
        splitter = QSplitter(QtCore.Qt.Orientation.Vertical, self._cards_page)
        splitter.addWidget(self.table)
        # The keep-alive rule, its source and the logged actions beside the details.
        below = QWidget(self._cards_page)
        below_layout = QHBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.details, 3)
        below_layout.addWidget(self.keep_alive_panel, 2)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 360])
        splitter.setChildrenCollapsible(False)
        self._cards_layout.addWidget(splitter)
        self.history = HistoryView(runner, backend, self, save_folder=self.save_folder)
        on_history = self.tabs.currentIndex() == 1
        placeholder = self.tabs.widget(1)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(1)
        self.tabs.insertTab(1, self.history, self.tr("History"))
        self.tabs.blockSignals(False)
        if placeholder is not None:
            placeholder.deleteLater()
        self.actions_view = ActionsView(runner, backend, self)
        self.tabs.addTab(self.actions_view, self.tr("Keep-alive log"))
        self.euicc_tab = EuiccTab(runner, self)
        self.euicc_tab.set_wallet_cards(self.cards_model.cards)
        self.cards_changed.connect(self.euicc_tab.set_wallet_cards)
        self.euicc_tab.cards_read.connect(self.details.set_euicc_cards)
        self.euicc_tab.add_card_requested.connect(self.add_card_for_profile)
        self.tabs.addTab(self.euicc_tab, self.tr("eSIM card"))
        self.keep_alive_panel.card_changed.connect(lambda _card: self.actions_view.reload())
        self.status = WalletStatusBar(self)
        self.setStatusBar(self.status)
        self._complete = True
        self.set_sandbox(backend.uses_sandbox)
        self.status.update_status(ConnectionState.OFFLINE, self._last_synced)
        cards = self.cards_model.cards
        if cards:
            self.history.set_cards(cards)
            current = self.selected_card()
            self.details.show_card(current)
            self.keep_alive_panel.show_card(current)
            if current is not None:
                self._load_balance_series(current.id)
        self._update_actions()
        if on_history:
            self.tabs.setCurrentWidget(self.history)
            self.history.ensure_loaded()

    def _arm_day_change(self) -> None:
        """Day counts and colours move on at UTC midnight (keep-alive days are UTC days)."""
        from datetime import UTC, time, timedelta

        from lebwallet.clock import utc_now

        now = utc_now()
        midnight = datetime.combine(now.date() + timedelta(days=1), time(), UTC)
        self.day_timer.start(int((midnight - now).total_seconds() * 1000) + 1000)

    def _on_day_changed(self) -> None:
        self.cards_model.refresh_days()
        self.details.show_card(self.selected_card())
        self._arm_day_change()

    def _require_runner(self) -> TaskRunner:
        if self._runner is None:
            raise RuntimeError("the main window has no task runner yet")
        return self._runner

    def _require_backend(self) -> WalletBackend:
        if self._backend is None:
            raise RuntimeError("the main window has no backend yet")
        return self._backend

    # --- actions ------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.recharge_action = QAction(self)
        self.recharge_action.triggered.connect(lambda: self._request_recharge(keep_alive=False))
        self.keep_alive_action = QAction(self)
        self.keep_alive_action.triggered.connect(lambda: self._request_recharge(keep_alive=True))
        self.add_card_action = QAction(self)
        self.add_card_action.triggered.connect(self.add_card)
        self.rename_action = QAction(self)
        self.rename_action.triggered.connect(self.rename_selected)
        self.unbind_action = QAction(self)
        self.unbind_action.triggered.connect(self.unbind_selected)
        self.log_action_action = QAction(self)
        self.log_action_action.triggered.connect(lambda: self.log_keep_alive_action())
        self.refresh_action = QAction(self)
        self.refresh_action.triggered.connect(self.sync)
        self.settings_action = QAction(self)
        self.settings_action.triggered.connect(self.settings_requested)
        self.sign_out_action = QAction(self)
        self.sign_out_action.triggered.connect(self.sign_out_requested)
        self.backup_action = QAction(self)
        self.backup_action.triggered.connect(self.backup_requested)
        self.restore_action = QAction(self)
        self.restore_action.triggered.connect(self.restore_requested)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.about_requested)
        self.shortcuts_action = QAction(self)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.quit_action = QAction(self)
        # Quit ends the app (closing the window only hides it when there is a tray).
        self.quit_action.triggered.connect(self.quit_requested)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        for action in (
            self.recharge_action,
            self.keep_alive_action,
            None,
            self.add_card_action,
            self.rename_action,
            self.unbind_action,
            None,
            self.refresh_action,
            self.settings_action,
        ):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        self.addToolBar(self.toolbar)

        menu_bar = self.menuBar()
        self.wallet_menu = menu_bar.addMenu("")
        self.wallet_menu.addAction(self.refresh_action)
        self.wallet_menu.addAction(self.settings_action)
        self.wallet_menu.addAction(self.sign_out_action)
        self.wallet_menu.addSeparator()
        self.wallet_menu.addAction(self.backup_action)
        self.wallet_menu.addAction(self.restore_action)
        self.wallet_menu.addSeparator()
        self.wallet_menu.addAction(self.quit_action)
        self.cards_menu = menu_bar.addMenu("")
        for action in (
            self.recharge_action,
            self.keep_alive_action,
            self.log_action_action,
            self.add_card_action,
            self.rename_action,
            self.unbind_action,
        ):
            self.cards_menu.addAction(action)
        self.help_menu = menu_bar.addMenu("")
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)

    def _set_shortcuts(self) -> None:
        # Set when attached: the first shortcut costs ~15 ms of key-map set-up, and the actions
        # are disabled before anyway.
        from PySide6.QtGui import QKeySequence

        self.recharge_action.setShortcut(QKeySequence("Ctrl+R"))
        self.keep_alive_action.setShortcut(QKeySequence("Ctrl+K"))
        self.add_card_action.setShortcut(QKeySequence.StandardKey.New)
        self.rename_action.setShortcut(QKeySequence("F2"))
        self.unbind_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        # Ctrl+, as in most desktop apps, and the platform's own key when it has one.
        settings_keys = [QKeySequence("Ctrl+,")]
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences):
            if key not in settings_keys:
                settings_keys.append(key)
        self.settings_action.setShortcuts(settings_keys)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    def _update_actions(self) -> None:
        card = self.selected_card()
        has_card = card is not None
        rechargeable = self._complete and card is not None and card.is_rechargeable
        has_card = self._complete and has_card
        self.recharge_action.setEnabled(rechargeable)
        self.keep_alive_action.setEnabled(rechargeable)
        self.rename_action.setEnabled(has_card)
        self.unbind_action.setEnabled(has_card)
        self.log_action_action.setEnabled(has_card)
        self.refresh_action.setEnabled(self._complete and not self._syncing)
        self.add_card_action.setEnabled(self._complete)
        self.settings_action.setEnabled(self._complete)
        self.backup_action.setEnabled(self._complete)
        self.restore_action.setEnabled(self._complete)

    # --- loading ------------------------------------------------------------------------

    def load_cards(self) -> None:
        """Paint the cards from the local store (in the background); the rows update in place."""
        backend = self._require_backend()
        self._require_runner().run(
            self,
            backend.load_cards,
            self._on_store_read,
            self._on_load_failed,
            description="load cards",
        )

    @property
    def cards_shown(self) -> bool:
        """Whether stored cards have been painted (`cards_painted` was emitted)."""
        return self._painted

    def _on_store_read(self, snapshot: CardsSnapshot) -> None:
        self._on_cards_loaded(snapshot)
        self.store_read.emit()

    def _on_cards_loaded(self, snapshot: CardsSnapshot) -> None:
        self.ensure_cards_model()
        fit = self.cards_model.rowCount() == 0
        self._apply_cards(snapshot.cards)
        if fit:
            self._fit_columns()
        self._last_synced = snapshot.last_synced_at or self._last_synced
        if self._complete:
            self.status.update_status(self.status.state, snapshot.last_synced_at)
        self._loaded = True
        self.table.viewport().update()

    def _fit_columns(self) -> None:
        """Fit the columns to the rows on screen; while the table is hidden Qt would measure
        every row, so that waits until it is shown (`eventFilter`)."""
        self._fit_pending = not self.table.isVisible()
        if not self._fit_pending:
            from lebwallet.ui.cards_table import fit_cards_columns

            fit_cards_columns(self.table)

    def _on_load_failed(self, error: Exception) -> None:
        _log.error("cannot read the cards from the local store: %s", error)
        self._loaded = True
        self.table.viewport().update()
        self.store_failed.emit(error)
        if self._complete:
            self.retry_bar.show_failure(
                self.tr("The local store could not be read: %1").replace("%1", str(error)),
                self.load_cards,
            )
        self.store_read.emit()

    def sync(self) -> None:
        """Fetch cards and orders from the provider (in the background)."""
        from lebwallet.ui.icons import ConnectionState

        backend = self._require_backend()
        if self._syncing:
            return
        self._syncing = True
        self._update_actions()
        self.status.update_status(ConnectionState.SYNCING, None)
        self._require_runner().run(
            self, backend.sync, self._on_synced, self._on_sync_failed, description="sync"
        )

    def _on_synced(self, report: SyncReport) -> None:
        from lebwallet.ui.icons import ConnectionState

        self._syncing = False
        fit = self.cards_model.rowCount() == 0
        self._apply_cards(report.cards)
        if fit:
            self._fit_columns()
        self.status.update_status(ConnectionState.ONLINE, report.synced_at)
        self._update_actions()
        self.retry_bar.clear()
        if report.orders_changed:
            self.history.reload()
        if report.rejected_cards:
            ids = ", ".join(card_id for card_id, _why in report.rejected_cards)
            count = len(report.rejected_cards)
            self.status.showMessage(
                self.tr(
                    "The provider sent %n card(s) that cannot be shown (%1); ask the provider "
                    "to correct them.",
                    "",
                    count,
                ).replace("%1", ids)
            )

    def _on_sync_failed(self, error: Exception) -> None:
        from lebwallet.services.errors import AuthenticationRequired, ProviderUnavailable
        from lebwallet.ui.icons import ConnectionState

        self._syncing = False
        self._update_actions()
        self.status.update_status(ConnectionState.OFFLINE, None)
        if isinstance(error, AuthenticationRequired):
            self.sign_in_required.emit()
            return
        if isinstance(error, ProviderUnavailable):
            _log.info("sync: the provider cannot be reached: %s", error)
            self.show_unreachable(self.sync)
            return
        _log.warning("sync failed: %s", error)
        self.retry_bar.show_failure(
            self.tr("Sync failed: %1").replace("%1", _reason(error)), self.sync
        )

    def show_unreachable(self, retry: Callable[[], None]) -> None:
        """The provider cannot be reached: say so, with Retry (`retry`)."""
        self.retry_bar.show_failure(
            self.tr("The provider cannot be reached: the cards are shown as of the last sync."),
            retry,
        )

    def set_sandbox(self, sandbox: bool) -> None:
        """Whether the provider is the embedded sandbox (the banner also shows whenever the
        provider marks a card as a sandbox card)."""
        self._sandbox = sandbox
        self._update_banner()

    def _update_banner(self) -> None:
        sandbox_cards = self._has_model and any(card.sandbox for card in self.cards_model.cards)
        self.banner.setVisible(self._sandbox or sandbox_cards)

    def set_account(self, account: AccountInfo | None) -> None:
        """The signed-in account; an incomplete profile is flagged before any recharge.
        Another provider account than the one shown: its cards and history are read again
        (the store shows only the signed-in account's data)."""
        self.account = account
        self._update_profile_notice()
        if account is None:
            return  # signed out: what is shown stays until someone signs in
        shown, self._shown_owner = self._shown_owner, account.owner
        if shown is not None and shown != account.owner:
            self.history.reload()
            self.load_cards()

    def _update_profile_notice(self) -> None:
        account = self.account
        if account is None or account.profile_complete:
            self.profile_notice.setVisible(False)
            return
        text = self.tr(
            "Your profile is incomplete (%1): complete it before the first recharge."
        ).replace("%1", join_list(self._field_name(f) for f in account.missing_fields))
        link = self.tr("Complete the profile…")
        self.profile_notice.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.profile_notice.setText(
            sentences(_escape(text), f'<a href="profile">{_escape(link)}</a>')
        )
        self.profile_notice.setVisible(True)

    def _field_name(self, field: str) -> str:
        """A profile field the provider says is missing, in words."""
        names = {
            "name": self.tr("your name"),
            "email": self.tr("an e-mail address"),
            "phone": self.tr("a phone number"),
            "contact": self.tr("an e-mail address or phone number"),
            "default_payment_method": self.tr("a default payment method"),
        }
        return names.get(field, field)

    def set_notices_panel(self, panel: QWidget) -> None:
        """Show the app's notices panel above the tabs (it hides itself when empty)."""
        layout = self.notice_bar.layout()
        assert layout is not None
        layout.addWidget(panel)
        self.notice_bar.setVisible(True)

    def set_connection_state(self, state: ConnectionState, last_sync: datetime | None) -> None:
        """For the refresher: show its view of the connection."""
        self.status.update_status(state, last_sync)

    def _apply_cards(self, cards: tuple[Card, ...]) -> None:
        self.cards_model.set_cards(cards)
        self._update_banner()
        selecting = (
            not self.table.selectionModel().hasSelection() and self.cards_proxy.rowCount() > 0
        )
        if selecting:
            self.table.selectRow(0)  # `_on_selection_changed` shows the card
        if self._complete:
            if not selecting:  # the same selection: its card may have changed
                current = self.selected_card()
                self.details.show_card(current)
                if current is not None:
                    self._load_balance_series(current.id)
            self.history.set_cards(cards)
        self._update_actions()
        self.cards_changed.emit(tuple(cards))

    # --- selection ----------------------------------------------------------------------

    def selected_card(self) -> Card | None:
        if not self._has_model:
            return None
        from lebwallet.ui.cards_model import CARD_ID_ROLE

        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        card_id = rows[0].data(CARD_ID_ROLE)
        return self.cards_model.card(card_id) if isinstance(card_id, str) else None

    def select_card(self, card_id: str) -> bool:
        row = self.cards_model.row_of(card_id)
        if row is None:
            return False
        proxy_index = self.cards_proxy.mapFromSource(self.cards_model.index(row, 0))
        self.table.selectRow(proxy_index.row())
        self.tabs.setCurrentIndex(0)
        return True

    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if not self._complete:
            self._update_actions()
            return
        card = self.selected_card()
        self.details.show_card(card)
        self.keep_alive_panel.show_card(card)
        self.card_selected.emit(card)
        if card is not None:
            self._load_balance_series(card.id)
        self._update_actions()

    def _load_balance_series(self, card_id: str) -> None:
        backend = self._require_backend()
        self._require_runner().run(
            self,
            lambda: backend.balance_series(card_id),
            lambda points: self.details.set_balance_series(card_id, points),
            lambda error: self._on_balance_series_failed(card_id, error),
            description="balance series",
        )

    def _on_balance_series_failed(self, card_id: str, error: Exception) -> None:
        _log.warning("balance series of a card not loaded: %s", error)
        current = self.selected_card()
        if current is not None and current.id == card_id:
            self.retry_bar.show_failure(
                self.tr("The balance history of this card could not be read: %1").replace(
                    "%1", _reason(error)
                ),
                lambda: self._load_balance_series(card_id),
            )

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._request_recharge(keep_alive=False)

    def _on_tab_changed(self, index: int) -> None:
        if self._complete and self.tabs.widget(index) is self.history:
            self.history.ensure_loaded()
        if self._complete and self.tabs.widget(index) is self.actions_view:
            self.actions_view.reload()
        if self._complete and self.tabs.widget(index) is self.euicc_tab:
            self.euicc_tab.shown()

    def _on_copied(self, what: str) -> None:
        self.status.showMessage(self.tr("%1 copied to the clipboard").replace("%1", what), 4000)

    # --- card actions -------------------------------------------------------------------

    def _request_recharge(self, *, keep_alive: bool) -> None:
        card = self.selected_card()
        # A card of the user's own with a number: the app tops it up through Reloadly.
        if card is not None and (card.is_rechargeable or card.msisdn is not None):
            self.recharge_requested.emit(card.id, keep_alive)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help → Keyboard shortcuts, from the window's actions (so it never drifts)."""
        from lebwallet.ui.shortcuts_dialog import ShortcutsDialog

        menus = (self.wallet_menu, self.cards_menu, self.help_menu)
        dialog = ShortcutsDialog([a for menu in menus for a in menu.actions()], self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_card(self) -> AddCardDialog:
        from lebwallet.ui.add_card_dialog import AddCardDialog

        dialog = AddCardDialog(self._require_runner(), self._require_backend(), self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.card_bound.connect(self._on_card_bound)
        dialog.open()
        return dialog

    def add_card_for_profile(self, profile: EuiccProfile) -> AddCardDialog:
        """Offer an eSIM profile with no wallet card as a new card (the user confirms)."""
        dialog = self.add_card()
        dialog.offer_profile(profile)
        return dialog

    def log_keep_alive_action(self, *, kind: ActionKind | None = None) -> None:
        """Open the "log keep-alive action" dialog for the selected card (today, `kind`)."""
        if not self._complete or self.selected_card() is None:
            return
        from lebwallet.domain.keepalive import ActionKind as Kind

        self.keep_alive_panel.open_log_dialog(kind=kind or Kind.CALL)

    def _on_card_bound(self, card: Card) -> None:
        self.cards_model.update_card(card)
        self.history.set_cards(self.cards_model.cards)
        self.select_card(card.id)
        self.status.showMessage(self.tr("Card %1 added").replace("%1", card.display_name), 5000)
        self.cards_changed.emit(self.cards_model.cards)

    def rename_selected(self) -> None:
        card = self.selected_card()
        if card is None:
            return
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            self,
            self.tr("Rename card"),
            self.tr("Label for %1 (empty to remove it):").replace("%1", card.masked_number),
            text=card.label or "",
        )
        if ok:
            from lebwallet.domain.cards import LabelError, normalize_label
            from lebwallet.ui.problem_text import label_problem_text

            try:
                label = normalize_label(text)  # never cut: a refused label is explained
            except LabelError as error:
                self._show_message(self.tr("The card was not renamed."), label_problem_text(error))
                return
            self.rename_card(card.id, label)

    def rename_card(self, card_id: str, label: str | None) -> None:
        backend = self._require_backend()
        self._require_runner().run(
            self,
            lambda: backend.rename_card(card_id, label),
            self._on_card_updated,
            lambda error: self._show_error(self.tr("The card could not be renamed."), error),
            description="rename card",
        )

    def _on_card_updated(self, card: Card) -> None:
        self.cards_model.update_card(card)
        if self.details.card is not None and self.details.card.id == card.id:
            self.details.show_card(card)
        self.history.set_cards(self.cards_model.cards)
        self.cards_changed.emit(self.cards_model.cards)

    def unbind_selected(self) -> None:
        card = self.selected_card()
        if card is None:
            return
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            self.tr("Unbind card"),
            self.tr(
                "Unbind %1? The wallet stops showing it and its deadline; the number itself "
                "is not cancelled."
            ).replace("%1", card.display_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.unbind_card(card.id)

    def unbind_card(self, card_id: str) -> None:
        backend = self._require_backend()
        self._require_runner().run(
            self,
            lambda: backend.unbind_card(card_id),
            lambda _none: self._on_card_unbound(card_id),
            lambda error: self._show_error(self.tr("The card could not be unbound."), error),
            description="unbind card",
        )

    def _on_card_unbound(self, card_id: str) -> None:
        self.cards_model.remove_card(card_id)
        self.history.set_cards(self.cards_model.cards)
        if self.details.card is not None and self.details.card.id == card_id:
            self.details.show_card(self.selected_card())
        self._update_actions()
        self.cards_changed.emit(self.cards_model.cards)

    def _show_error(self, headline: str, error: Exception) -> None:
        _log.warning("%s %s", headline, error)
        self._show_message(headline, _reason(error))

    def _show_message(self, headline: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), headline, parent=self)
        box.setObjectName("problem_box")
        box.setInformativeText(text)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- painting, language, closing -----------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Show and self._fit_pending and watched is self.table.viewport():
            self._fit_columns()  # shown at last: fitted before its first paint
        elif kind == QEvent.Type.Paint and watched is self.table.viewport():
            if not self._first_paint:
                self._first_paint = True
                # After this paint: what follows it (imports, reads) must not delay it.
                QTimer.singleShot(0, self.first_painted.emit)
            if not self._painted and self._loaded:
                self._painted = True
                QTimer.singleShot(0, self.cards_painted.emit)
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self._has_model:
                self.cards_model.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:  # light ⇄ dark
            self.banner.setStyleSheet(_banner_style())
            self.profile_notice.setStyleSheet(_profile_notice_style())
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.table.viewport().removeEventFilter(self)
        super().closeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("LEB Wallet"))
        self.banner.setText(self.tr("Sandbox — no real money"))
        self.table.setAccessibleName(self.tr("Cards"))
        self.tabs.setTabText(0, self.tr("Cards"))
        self.tabs.setTabText(1, self.tr("History"))
        if self._complete:
            self.tabs.setTabText(2, self.tr("Keep-alive log"))
            self.tabs.setTabText(3, self.tr("eSIM card"))
        self.recharge_action.setText(self.tr("&Recharge…"))
        self.recharge_action.setToolTip(self.tr("Top up the selected card"))
        self.keep_alive_action.setText(self.tr("&Keep alive"))
        self.keep_alive_action.setToolTip(
            self.tr("Top up the smallest amount that moves the deadline")
        )
        self.add_card_action.setText(self.tr("&Add card…"))
        self.rename_action.setText(self.tr("Re&name…"))
        self.unbind_action.setText(self.tr("&Unbind…"))
        self.log_action_action.setText(self.tr("&Log keep-alive action…"))
        self.log_action_action.setToolTip(
            self.tr("Record a call, an SMS, data use or a top-up made elsewhere")
        )
        self.refresh_action.setText(self.tr("Re&fresh"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.sign_out_action.setText(self.tr("Sign &out"))
        self.quit_action.setText(self.tr("&Quit"))
        self.backup_action.setText(self.tr("&Back up wallet data…"))
        self.restore_action.setText(self.tr("R&estore wallet data…"))
        self.about_action.setText(self.tr("&About LEB Wallet"))
        self.shortcuts_action.setText(self.tr("&Keyboard shortcuts"))
        self.toolbar.setWindowTitle(self.tr("Actions"))
        self.wallet_menu.setTitle(self.tr("&Wallet"))
        self.cards_menu.setTitle(self.tr("&Cards"))
        self.help_menu.setTitle(self.tr("&Help"))
        for action in self.toolbar.actions():
            if not action.isSeparator() and "&" in action.text():
                action.setIconText(_without_mnemonic(action.text()))
        self._update_profile_notice()


def _without_mnemonic(text: str) -> str:
    """A menu text for a toolbar button: no "&", no "(&R)" of a Chinese text, no "…"."""
    import re

    return re.sub(r"\(&[^&]\)", "", text).replace("&", "").rstrip("…").strip()


def _reason(error: Exception) -> str:
    """Why an operation failed, in words (never the provider's own text)."""
    from lebwallet.ui.problem_text import error_text

    return error_text(error)
