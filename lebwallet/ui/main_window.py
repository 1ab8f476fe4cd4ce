"""The main window: cards with balances and deadlines, the selected card's details, history.

Thin by design: the window lays out its parts and routes between them; each owns one thing.
`CardsPage` (the Cards tab: table, model, selection, the selected card's panes),
`WindowTabs` (the other tabs), `WindowActions` (actions, toolbar, menus), `CardsSync`
(cards from the store and the provider), `CardCommands` (add, rename, unbind, log an
action), `SandboxBanner`, `ProfileNotice` and `NoticeBar` (above the tabs). Every
`WalletBackend` call runs through the `TaskRunner`; nothing blocks: cards are painted from
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
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from lebwallet.clock import utc_today
from lebwallet.ui.card_commands import CardCommands
from lebwallet.ui.cards_page import CardsPage
from lebwallet.ui.cards_sync import CardsSync
from lebwallet.ui.window_actions import WindowActions
from lebwallet.ui.window_notices import NoticeBar, ProfileNotice, SandboxBanner
from lebwallet.ui.window_tabs import WindowTabs

# Start-up speed: the models, panes and dialogs (the domain, phonenumbers, segno, the SVG
# icons) are imported after the window's first paint; see the module docstring.
# Qt classes the frame does not use are imported where used too: PySide6 builds a class's
# enums when the class is first touched (QMessageBox, QKeySequence: a few ms each).
if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QCloseEvent

    from lebwallet.domain.cards import Card
    from lebwallet.domain.keepalive import ActionKind
    from lebwallet.services.wallet_api import (
        AccountInfo,
        CardsSnapshot,
        WalletBackend,
    )
    from lebwallet.ui.actions_view import ActionsView
    from lebwallet.ui.add_card_dialog import AddCardDialog
    from lebwallet.ui.card_details import CardDetails
    from lebwallet.ui.cards_model import CardsModel, CardsSortProxy
    from lebwallet.ui.history_view import HistoryView
    from lebwallet.ui.icons import ConnectionState
    from lebwallet.ui.keep_alive_panel import KeepAlivePanel
    from lebwallet.ui.status_bar import WalletStatusBar
    from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)


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
        self._complete = False
        self.last_synced: datetime | None = None
        """When the cards shown were last synced with the provider."""

        self.banner = SandboxBanner(self, backend.uses_sandbox if backend is not None else sandbox)
        self.account: AccountInfo | None = None
        self._shown_owner: str | None = None
        """The provider account whose data the window shows (`AccountInfo.owner`)."""
        self.profile_notice = ProfileNotice(self)
        self.profile_notice.linkActivated.connect(lambda _link: self.profile_requested.emit())
        self.notice_bar = NoticeBar(self)

        # The cards page: the table, and the details pane below it once attached.
        self.cards_page = CardsPage(self, self._today)
        self.table = self.cards_page.table
        self.cards_page.first_painted.connect(self.first_painted)
        self.cards_page.cards_painted.connect(self.cards_painted)
        self.cards_page.selection_changed.connect(self._on_selection_changed)
        self.tabs = WindowTabs(self, self.cards_page)

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
        self.card_commands = CardCommands(self)
        self.cards_sync = CardsSync(self)
        self.window_actions = WindowActions(self)
        # A double click asks for the recharge even where the action is off (own cards).
        self.cards_page.activated.connect(
            lambda: self.window_actions.request_recharge(keep_alive=False)
        )
        # The actions, toolbar and menus by the window's own names (for the app and its parts).
        a = self.window_actions
        self.recharge_action, self.keep_alive_action = a.recharge_action, a.keep_alive_action
        self.add_card_action, self.rename_action = a.add_card_action, a.rename_action
        self.unbind_action, self.log_action_action = a.unbind_action, a.log_action_action
        self.refresh_action, self.settings_action = a.refresh_action, a.settings_action
        self.sign_out_action, self.backup_action = a.sign_out_action, a.backup_action
        self.restore_action, self.about_action = a.restore_action, a.about_action
        self.shortcuts_action, self.quit_action = a.shortcuts_action, a.quit_action
        self.toolbar, self.wallet_menu = a.toolbar, a.wallet_menu
        self.cards_menu, self.help_menu = a.cards_menu, a.help_menu
        self._retranslate()
        self.update_actions()
        self.resize(1100, 720)
        if not defer:
            if backend is None or runner is None:
                raise ValueError("a main window built at once needs its runner and backend")
            self.attach(backend, runner)

    # --- building in steps (see the module docstring) -------------------------------------

    def ensure_cards_model(self) -> None:
        """The cards model behind the table (imports the domain; cheap once done)."""
        self.cards_page.ensure_model()
        self.cards_model = self.cards_page.cards_model
        self.cards_proxy = self.cards_page.cards_proxy

    def show_stored_cards(self, snapshot: CardsSnapshot) -> None:
        """Paint cards read from the local store before a backend is attached: in the order
        the deadline sort gives, without the sort (it reads every row; `attach` turns it on)."""
        self.ensure_cards_model()
        if not self._complete:
            today = self._today()
            order = sorted(snapshot.cards, key=lambda card: card.days_left(today))
            snapshot = type(snapshot)(tuple(order), snapshot.last_synced_at)
        self.cards_sync.show_loaded(snapshot)

    @property
    def attached(self) -> bool:
        return self._complete

    def attach(self, backend: WalletBackend, runner: TaskRunner | None = None) -> None:
        """Give the window its backend (and runner, if it has none) and build the rest:
        details pane, history, status bar; the cards are sorted from now on."""
        from lebwallet.ui.icons import ConnectionState, app_icon
        from lebwallet.ui.status_bar import WalletStatusBar

        if self._complete:
            return
        self._backend = backend
        if runner is not None:
            self._runner = runner
        runner = self.require_runner()
        self.ensure_cards_model()
        self.setWindowIcon(app_icon())
        self.window_actions.attach(self.table)
        from lebwallet.ui.retry_bar import RetryBar

        # A failed load of the cards, the sync or a card's balance history, with Retry.
        self.retry_bar = RetryBar(self)
        self._central_layout.insertWidget(
            self._central_layout.indexOf(self.notice_bar) + 1, self.retry_bar
        )
        self.toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.cards_page.attach(runner, backend, self.retry_bar.show_failure)
        self.details = self.cards_page.details
        self.details.copied.connect(self._on_copied)
        self.keep_alive_panel = self.cards_page.keep_alive_panel
        self.keep_alive_panel.card_changed.connect(self.card_commands.on_card_updated)
        on_history = self.tabs.currentIndex() == 1
        self.tabs.attach(runner, backend, self, self.save_folder)
        self.history = self.tabs.history
        self.actions_view = self.tabs.actions_view
        self.euicc_tab = self.tabs.euicc_tab
        self.euicc_tab.set_wallet_cards(self.cards_model.cards)
        self.cards_changed.connect(self.euicc_tab.set_wallet_cards)
        self.euicc_tab.cards_read.connect(self.details.set_euicc_cards)
        self.euicc_tab.add_card_requested.connect(self.card_commands.add_card_for_profile)
        self.keep_alive_panel.card_changed.connect(lambda _card: self.actions_view.reload())
        self.status = WalletStatusBar(self)
        self.setStatusBar(self.status)
        self._complete = True
        self.set_sandbox(backend.uses_sandbox)
        self.status.update_status(ConnectionState.OFFLINE, self.last_synced)
        if self.cards_model.cards:
            self.history.set_cards(self.cards_model.cards)
        self.update_actions()
        if on_history:
            self.tabs.setCurrentWidget(self.history)
            self.history.ensure_loaded()

    def require_runner(self) -> TaskRunner:
        if self._runner is None:
            raise RuntimeError("the main window has no task runner yet")
        return self._runner

    def require_backend(self) -> WalletBackend:
        if self._backend is None:
            raise RuntimeError("the main window has no backend yet")
        return self._backend

    # --- actions ------------------------------------------------------------------------

    def update_actions(self) -> None:
        self.window_actions.update(
            self.selected_card(), complete=self._complete, syncing=self.cards_sync.syncing
        )

    # --- loading ------------------------------------------------------------------------

    def load_cards(self) -> None:
        """Paint the cards from the local store (in the background); the rows update in place."""
        self.cards_sync.load_cards()

    def sync(self) -> None:
        """Fetch cards and orders from the provider (in the background)."""
        self.cards_sync.sync()

    def show_unreachable(self, retry: Callable[[], None]) -> None:
        """The provider cannot be reached: say so, with Retry (`retry`)."""
        self.cards_sync.show_unreachable(retry)

    @property
    def cards_shown(self) -> bool:
        """Whether stored cards have been painted (`cards_painted` was emitted)."""
        return self.cards_page.cards_shown

    def set_sandbox(self, sandbox: bool) -> None:
        """Whether the provider is the embedded sandbox (the banner also shows whenever the
        provider marks a card as a sandbox card)."""
        self.banner.set_sandbox(sandbox)

    def set_account(self, account: AccountInfo | None) -> None:
        """The signed-in account; an incomplete profile is flagged before any recharge.
        Another provider account than the one shown: its cards and history are read again
        (the store shows only the signed-in account's data)."""
        self.account = account
        self.profile_notice.show_account(account)
        if account is None:
            return  # signed out: what is shown stays until someone signs in
        shown, self._shown_owner = self._shown_owner, account.owner
        if shown is not None and shown != account.owner:
            self.history.reload()
            self.load_cards()

    def set_notices_panel(self, panel: QWidget) -> None:
        """Show the app's notices panel above the tabs (it hides itself when empty)."""
        self.notice_bar.set_panel(panel)

    def set_connection_state(self, state: ConnectionState, last_sync: datetime | None) -> None:
        """For the refresher: show its view of the connection."""
        self.status.update_status(state, last_sync)

    # --- selection ----------------------------------------------------------------------

    def selected_card(self) -> Card | None:
        return self.cards_page.selected_card()

    def select_card(self, card_id: str) -> bool:
        if not self.cards_page.select_card(card_id):
            return False
        self.tabs.setCurrentIndex(0)
        return True

    def _on_selection_changed(self, card: Card | None) -> None:
        if self._complete:
            self.card_selected.emit(card)
        self.update_actions()

    def _on_copied(self, what: str) -> None:
        self.status.showMessage(self.tr("%1 copied to the clipboard").replace("%1", what), 4000)

    # --- card commands ------------------------------------------------------------------

    def add_card(self) -> AddCardDialog:
        return self.card_commands.add_card()

    def log_keep_alive_action(self, *, kind: ActionKind | None = None) -> None:
        """Open the "log keep-alive action" dialog for the selected card (today, `kind`)."""
        self.card_commands.log_keep_alive_action(kind=kind)

    def rename_card(self, card_id: str, label: str | None) -> None:
        self.card_commands.rename_card(card_id, label)

    def unbind_card(self, card_id: str) -> None:
        self.card_commands.unbind_card(card_id)

    # --- painting, language, closing -----------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self.cards_page.has_model:
                self.cards_model.retranslate()
                self.cards_page.fit_columns()  # another language's texts are wider or not
        elif event.type() == QEvent.Type.PaletteChange:  # light ⇄ dark
            self.banner.restyle()
            self.profile_notice.restyle()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.cards_page.stop_watching()
        super().closeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("LEB Wallet"))
        self.banner.retranslate()
        self.table.setAccessibleName(self.tr("Cards"))
        self.tabs.retranslate()
        self.window_actions.retranslate()
        self.profile_notice.retranslate()
