"""The main window: cards with balances and deadlines, the selected card's details, history.

Thin by design: the window lays out widgets, runs `WalletBackend` calls through the
`TaskRunner` and routes their results to the models. It never blocks: cards are painted from
the local store first, then a sync with the provider updates the rows in place.

Signals (connected by the composition root and the later wizard/tray code):
    recharge_requested(str, bool): card id, and True for "Keep alive" (minimum amount).
    settings_requested(): the user chose Settings….
    sign_in_required(): the provider asked for a new sign-in.
    first_painted(): the window painted for the first time (once).
    cards_painted(): the first cards from the store are on screen (once).
    cards_changed(object): the cards shown changed; a tuple of domain `Card`s.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Final

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.cards import LABEL_MAX_LENGTH, Card
from lebwallet.services.wallet_api import AccountInfo, CardsSnapshot, SyncReport, WalletBackend
from lebwallet.ui.add_card_dialog import AddCardDialog
from lebwallet.ui.card_details import CardDetails
from lebwallet.ui.cards_model import CARD_ID_ROLE, CardsModel, CardsSortProxy, Column
from lebwallet.ui.history_view import HistoryView
from lebwallet.ui.icons import ConnectionState, app_icon
from lebwallet.ui.status_bar import WalletStatusBar
from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)
_FIT_ROWS: Final = 50

_BANNER_STYLE: Final = (
    "QLabel { background: #fff3c4; color: #5d4300; border-bottom: 1px solid #e0c463;"
    " padding: 4px; font-weight: bold; }"
)


NOTICES_SHOWN = 3
"""How many of the newest notices the in-window notice bar keeps."""


class MainWindow(QMainWindow):
    """The wallet's main window (see the module docstring)."""

    recharge_requested = Signal(str, bool)
    settings_requested = Signal()
    sign_in_required = Signal()
    cards_painted = Signal()
    first_painted = Signal()
    cards_changed = Signal(object)

    def __init__(
        self, runner: TaskRunner, backend: WalletBackend, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend = backend
        self._loaded = False
        self._painted = False
        self._first_paint = False
        self._from_store = False
        self._syncing = False
        self.setWindowIcon(app_icon())

        self.banner = QLabel(self)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(_BANNER_STYLE)
        self._sandbox = backend.uses_sandbox
        self.banner.setVisible(self._sandbox)
        self.account: AccountInfo | None = None
        self.profile_notice = QLabel(self)
        self.profile_notice.setWordWrap(True)
        self.profile_notice.setStyleSheet("QLabel { color: #8a4b00; padding: 4px; }")
        self.profile_notice.setVisible(False)
        # Notices the tray would show, for desktops without a tray (and offscreen).
        self.notice_bar = QLabel(self)
        self.notice_bar.setObjectName("notice_bar")
        self.notice_bar.setWordWrap(True)
        self.notice_bar.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_bar.setVisible(False)
        self._notices: list[tuple[str, bool]] = []

        self.cards_model = CardsModel(self)
        self.cards_proxy = CardsSortProxy(self)
        self.cards_proxy.setSourceModel(self.cards_model)
        self.table = QTableView(self)
        self.table.setModel(self.cards_proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.DEADLINE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Widths are fitted once the cards arrive, from the first rows only: ResizeToContents
        # would measure every row of a large table again on every change.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(_FIT_ROWS)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.viewport().installEventFilter(self)

        self.details = CardDetails(self)
        self.details.copied.connect(self._on_copied)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 360])
        splitter.setChildrenCollapsible(False)
        self.history = HistoryView(runner, backend, self)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(splitter, "")
        self.tabs.addTab(self.history, "")
        self.tabs.currentChanged.connect(self._on_tab_changed)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.profile_notice)
        layout.addWidget(self.notice_bar)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.status = WalletStatusBar(self)
        self.setStatusBar(self.status)
        self._build_actions()
        self._retranslate()
        self._update_actions()
        self.resize(1100, 720)

    # --- actions ------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.recharge_action = QAction(self)
        self.recharge_action.setShortcut(QKeySequence("Ctrl+R"))
        self.recharge_action.triggered.connect(lambda: self._request_recharge(keep_alive=False))
        self.keep_alive_action = QAction(self)
        self.keep_alive_action.setShortcut(QKeySequence("Ctrl+K"))
        self.keep_alive_action.triggered.connect(lambda: self._request_recharge(keep_alive=True))
        self.add_card_action = QAction(self)
        self.add_card_action.setShortcut(QKeySequence.StandardKey.New)
        self.add_card_action.triggered.connect(self.add_card)
        self.rename_action = QAction(self)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.rename_action.triggered.connect(self.rename_selected)
        self.unbind_action = QAction(self)
        self.unbind_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.unbind_action.triggered.connect(self.unbind_selected)
        self.refresh_action = QAction(self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.sync)
        self.settings_action = QAction(self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.settings_requested)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
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
        self.wallet_menu.addSeparator()
        self.wallet_menu.addAction(self.quit_action)
        self.cards_menu = menu_bar.addMenu("")
        for action in (
            self.recharge_action,
            self.keep_alive_action,
            self.add_card_action,
            self.rename_action,
            self.unbind_action,
        ):
            self.cards_menu.addAction(action)

    def _update_actions(self) -> None:
        card = self.selected_card()
        has_card = card is not None
        rechargeable = card is not None and card.is_rechargeable
        self.recharge_action.setEnabled(rechargeable)
        self.keep_alive_action.setEnabled(rechargeable)
        self.rename_action.setEnabled(has_card)
        self.unbind_action.setEnabled(has_card)
        self.refresh_action.setEnabled(not self._syncing)

    # --- loading ------------------------------------------------------------------------

    def load_cards(self) -> None:
        """Paint the cards from the local store (in the background).

        The last run's snapshot of the store comes first (it needs no database driver and
        is painted at once); then the store is read and its rows update the table in place.
        The two run one after the other so they do not compete for the interpreter."""
        self._from_store = False
        self._runner.run(
            self,
            self._backend.load_cached_cards,
            self._on_cached_cards,
            self._on_cached_cards_failed,
            description="load card snapshot",
        )

    def _load_from_store(self) -> None:
        if self._runner.is_shut_down:
            return
        self._runner.run(
            self,
            self._backend.load_cards,
            self._on_cards_loaded,
            self._on_load_failed,
            description="load cards",
        )

    def _on_cached_cards(self, snapshot: CardsSnapshot | None) -> None:
        if snapshot is not None and not self._from_store and not self.cards_model.rowCount():
            self._on_cards_loaded(snapshot, from_store=False)
        # After the paint of the snapshot: reading the store imports the database driver.
        # Tied to the runner: no call once the app has shut it down and let it go.
        QTimer.singleShot(0, self._runner, self._load_from_store)

    def _on_cached_cards_failed(self, error: Exception) -> None:
        _log.warning("card snapshot not read: %s", error)
        self._load_from_store()

    def _on_cards_loaded(self, snapshot: CardsSnapshot, *, from_store: bool = True) -> None:
        self._from_store = self._from_store or from_store
        fit = self.cards_model.rowCount() == 0
        self._apply_cards(snapshot.cards)
        if fit:
            self.table.resizeColumnsToContents()
        self.status.update_status(self.status.state, snapshot.last_synced_at)
        self._loaded = True
        self.table.viewport().update()

    def _on_load_failed(self, error: Exception) -> None:
        _log.error("cannot read the cards from the local store: %s", error)
        self._loaded = True
        self.table.viewport().update()
        self.status.showMessage(
            self.tr("The local store could not be read: %1").replace("%1", str(error))
        )

    def sync(self) -> None:
        """Fetch cards and orders from the provider (in the background)."""
        if self._syncing:
            return
        self._syncing = True
        self._update_actions()
        self.status.update_status(ConnectionState.SYNCING, None)
        self._runner.run(
            self, self._backend.sync, self._on_synced, self._on_sync_failed, description="sync"
        )

    def _on_synced(self, report: SyncReport) -> None:
        self._syncing = False
        fit = self.cards_model.rowCount() == 0
        self._apply_cards(report.cards)
        if fit:
            self.table.resizeColumnsToContents()
        self.status.update_status(ConnectionState.ONLINE, report.synced_at)
        self._update_actions()
        if report.orders_changed:
            self.history.reload()

    def _on_sync_failed(self, error: Exception) -> None:
        from lebwallet.provider.errors import AuthenticationRequired, ProviderUnavailable

        self._syncing = False
        self._update_actions()
        self.status.update_status(ConnectionState.OFFLINE, None)
        if isinstance(error, AuthenticationRequired):
            self.sign_in_required.emit()
        elif not isinstance(error, ProviderUnavailable):
            _log.warning("sync failed: %s", error)
            self.status.showMessage(self.tr("Sync failed: %1").replace("%1", _reason(error)))

    def set_sandbox(self, sandbox: bool) -> None:
        """Whether the provider is the embedded sandbox (the banner also shows whenever the
        provider marks a card as a sandbox card)."""
        self._sandbox = sandbox
        self._update_banner()

    def _update_banner(self) -> None:
        sandbox_cards = any(card.sandbox for card in self.cards_model.cards)
        self.banner.setVisible(self._sandbox or sandbox_cards)

    def set_account(self, account: AccountInfo) -> None:
        """The signed-in account; an incomplete profile is flagged before any recharge."""
        self.account = account
        self._update_profile_notice()

    def _update_profile_notice(self) -> None:
        account = self.account
        if account is None or account.profile_complete:
            self.profile_notice.setVisible(False)
            return
        self.profile_notice.setText(
            self.tr(
                "Your profile is incomplete (%1): complete it before the first recharge."
            ).replace("%1", ", ".join(account.missing_fields))
        )
        self.profile_notice.setVisible(True)

    def show_notice(self, title: str, body: str, *, warning: bool = False) -> None:
        """Show a notice in the window (when there is no tray to show it)."""
        self._notices.insert(0, (f"{title}: {body}" if body else title, warning))
        del self._notices[NOTICES_SHOWN:]
        colour = "#fde2e1" if any(w for _text, w in self._notices) else "#e3f1e4"
        self.notice_bar.setStyleSheet(f"QLabel {{ background: {colour}; padding: 6px; }}")
        self.notice_bar.setText("\n".join(text for text, _w in self._notices))
        self.notice_bar.setVisible(True)

    def set_connection_state(self, state: ConnectionState, last_sync: datetime | None) -> None:
        """For the refresher: show its view of the connection."""
        self.status.update_status(state, last_sync)

    def _apply_cards(self, cards: tuple[Card, ...]) -> None:
        self.cards_model.set_cards(cards)
        self._update_banner()
        if not self.table.selectionModel().hasSelection() and self.cards_proxy.rowCount() > 0:
            self.table.selectRow(0)
        current = self.selected_card()
        self.details.show_card(current)
        if current is not None:
            self._load_balance_series(current.id)
        self.history.set_cards(cards)
        self._update_actions()
        self.cards_changed.emit(tuple(cards))

    # --- selection ----------------------------------------------------------------------

    def selected_card(self) -> Card | None:
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
        card = self.selected_card()
        self.details.show_card(card)
        if card is not None:
            self._load_balance_series(card.id)
        self._update_actions()

    def _load_balance_series(self, card_id: str) -> None:
        self._runner.run(
            self,
            lambda: self._backend.balance_series(card_id),
            lambda points: self.details.set_balance_series(card_id, points),
            lambda error: _log.warning("balance series of a card not loaded: %s", error),
            description="balance series",
        )

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._request_recharge(keep_alive=False)

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.history:
            self.history.ensure_loaded()

    def _on_copied(self, what: str) -> None:
        self.status.showMessage(self.tr("%1 copied to the clipboard").replace("%1", what), 4000)

    # --- card actions -------------------------------------------------------------------

    def _request_recharge(self, *, keep_alive: bool) -> None:
        card = self.selected_card()
        if card is not None and card.is_rechargeable:
            self.recharge_requested.emit(card.id, keep_alive)

    def add_card(self) -> AddCardDialog:
        dialog = AddCardDialog(self._runner, self._backend, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.card_bound.connect(self._on_card_bound)
        dialog.open()
        return dialog

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
        text, ok = QInputDialog.getText(
            self,
            self.tr("Rename card"),
            self.tr("Label for %1 (empty to remove it):").replace("%1", card.masked_number),
            text=card.label or "",
        )
        if ok:
            self.rename_card(card.id, text.strip()[:LABEL_MAX_LENGTH] or None)

    def rename_card(self, card_id: str, label: str | None) -> None:
        self._runner.run(
            self,
            lambda: self._backend.rename_card(card_id, label),
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
        self._runner.run(
            self,
            lambda: self._backend.unbind_card(card_id),
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
        box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), headline, parent=self)
        box.setInformativeText(_reason(error))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- painting, language, closing -----------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and watched is self.table.viewport():
            if not self._first_paint:
                self._first_paint = True
                self.first_painted.emit()
            if not self._painted and self._loaded:
                self._painted = True
                QTimer.singleShot(0, self.cards_painted.emit)
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.cards_model.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.table.viewport().removeEventFilter(self)
        super().closeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("LEB Wallet"))
        self.banner.setText(self.tr("Sandbox — no real money"))
        self.tabs.setTabText(0, self.tr("Cards"))
        self.tabs.setTabText(1, self.tr("History"))
        self.recharge_action.setText(self.tr("Recharge…"))
        self.recharge_action.setToolTip(self.tr("Top up the selected card"))
        self.keep_alive_action.setText(self.tr("Keep alive"))
        self.keep_alive_action.setToolTip(
            self.tr("Top up the smallest amount that moves the deadline")
        )
        self.add_card_action.setText(self.tr("Add card…"))
        self.rename_action.setText(self.tr("Rename…"))
        self.unbind_action.setText(self.tr("Unbind…"))
        self.refresh_action.setText(self.tr("Refresh"))
        self.settings_action.setText(self.tr("Settings…"))
        self.quit_action.setText(self.tr("Quit"))
        self.toolbar.setWindowTitle(self.tr("Actions"))
        self.wallet_menu.setTitle(self.tr("&Wallet"))
        self.cards_menu.setTitle(self.tr("&Cards"))
        self._update_profile_notice()


def _reason(error: Exception) -> str:
    from lebwallet.provider.errors import ProviderError

    if isinstance(error, ProviderError) and error.detail:
        return str(error.detail)
    return str(error) or type(error).__name__
