"""The main window's Cards tab: `CardsPage`.

The cards table (its model and the deadline sort) and, once attached, the selected card's
details beside its keep-alive panel below it. Built in two steps like the window (see
`lebwallet.ui.main_window`): the frame is the table alone and imports nothing but Qt, so the
window paints at once; `ensure_model` builds the cards model (the domain) when the first
cards arrive, and `attach` the panes below, the day change at UTC midnight and the sort.

The page says when the table has painted for the first time, and when it first painted
loaded cards; it loads the selected card's balance history in the background (a failure is
told through `attach`'s `show_failure`, with Retry). Texts keep the "MainWindow" context.

Signals:
    first_painted(): the table painted for the first time (emitted after that paint).
    cards_painted(): the table painted loaded cards for the first time.
    selection_changed(object): the selected card (`Card`, or None).
    activated(): a row was double-clicked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QItemSelection, QModelIndex

    from lebwallet.domain.cards import Card
    from lebwallet.services.wallet_api import WalletBackend
    from lebwallet.ui.card_details import CardDetails
    from lebwallet.ui.cards_model import CardsModel, CardsSortProxy
    from lebwallet.ui.keep_alive_panel import KeepAlivePanel
    from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)
_FIT_ROWS: Final = 0
"""Rows measured to fit the cards table's columns: 0 = the rows on screen (QHeaderView's
resizeContentsPrecision); measuring more costs ~0.2 ms a row at start-up."""

ShowFailure = Callable[[str, Callable[[], None]], None]
"""Says what failed, with a Retry that calls the second argument."""


def _viewport_of(table: QTableView) -> QWidget:
    """The table's viewport, found by the name Qt gives it: `viewport()` returns a plain
    QWidget, and to wrap it PySide6 first resolves every widget class of QtWidgets with its
    enums (~10 ms before the first paint, issue 18); a later `viewport()` finds this wrapper."""
    found = table.findChild(QWidget, "qt_scrollarea_viewport")  # a direct child comes first
    return found if found is not None else table.viewport()


class CardsPage(QWidget):
    """The cards table and the selected card's panes (see the module docstring)."""

    first_painted = Signal()
    cards_painted = Signal()
    selection_changed = Signal(object)
    activated = Signal()

    cards_model: CardsModel
    cards_proxy: CardsSortProxy
    details: CardDetails
    keep_alive_panel: KeepAlivePanel

    def __init__(self, parent: QWidget, today: Callable[[], date]) -> None:
        super().__init__(parent)
        self._today = today
        self._has_model = False
        self._attached = False
        self._loaded = False
        self._painted = False
        self._first_paint = False
        self._fit_pending = False
        self._runner: TaskRunner | None = None
        self._backend: WalletBackend | None = None
        self._show_failure: ShowFailure | None = None
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
        self._viewport = _viewport_of(self.table)
        self._viewport.installEventFilter(self)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.table)

    # --- building in steps ------------------------------------------------------------------

    @property
    def has_model(self) -> bool:
        return self._has_model

    def ensure_model(self) -> None:
        """The cards model behind the table (imports the domain; cheap once done)."""
        if self._has_model:
            return
        from PySide6.QtWidgets import QAbstractItemView

        from lebwallet.ui.cards_model import CardsModel, CardsSortProxy
        from lebwallet.ui.cards_table import prepare_cards_table

        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cards_model = CardsModel(self, today=self._today)
        self.cards_proxy = CardsSortProxy(self)
        self.cards_proxy.setSourceModel(self.cards_model)
        self.table.setModel(self.cards_proxy)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        prepare_cards_table(self.table)
        self._has_model = True

    def attach(self, runner: TaskRunner, backend: WalletBackend, show_failure: ShowFailure) -> None:
        """The panes below the table, the deadline sort and the day change."""
        from PySide6 import QtCore
        from PySide6.QtWidgets import QHBoxLayout, QSplitter

        from lebwallet.ui.card_details import CardDetails
        from lebwallet.ui.cards_model import Column
        from lebwallet.ui.keep_alive_panel import KeepAlivePanel

        self._runner, self._backend, self._show_failure = runner, backend, show_failure
        self.ensure_model()
        if not self.table.isSortingEnabled():
            # The indicator first: switching sorting on sorts by it, once (not by the first
            # column and then again by the deadline).
            self.table.horizontalHeader().setSortIndicator(
                Column.DEADLINE, QtCore.Qt.SortOrder.AscendingOrder
            )
            self.table.setSortingEnabled(True)
        self.details = CardDetails(self, today=self._today)
        self.keep_alive_panel = KeepAlivePanel(runner, backend, self, today=self._today)
        self.day_timer = QTimer(self)
        self.day_timer.setSingleShot(True)
        self.day_timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)  # coarse: ±5 %
        self.day_timer.timeout.connect(self._on_day_changed)
        self._arm_day_change()
        splitter = QSplitter(QtCore.Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        # The keep-alive rule, its source and the logged actions beside the details.
        below = QWidget(self)
        below_layout = QHBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.details, 3)
        below_layout.addWidget(self.keep_alive_panel, 2)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 360])
        splitter.setChildrenCollapsible(False)
        self._layout.addWidget(splitter)
        self._attached = True
        if self.cards_model.cards:
            current = self.selected_card()
            self.details.show_card(current)
            self.keep_alive_panel.show_card(current)
            if current is not None:
                self._load_balance_series(current.id)

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
        self.keep_alive_panel.show_card(self.selected_card())
        self._arm_day_change()

    # --- cards ------------------------------------------------------------------------------

    def set_cards(self, cards: tuple[Card, ...]) -> None:
        """Show `cards`; the first row is selected when none is."""
        self.cards_model.set_cards(cards)
        selecting = (
            not self.table.selectionModel().hasSelection() and self.cards_proxy.rowCount() > 0
        )
        if selecting:
            self.table.selectRow(0)  # `_on_selection_changed` shows the card
        elif self._attached:  # the same selection: its card may have changed
            current = self.selected_card()
            self.details.show_card(current)
            self.keep_alive_panel.show_card(current)
            if current is not None:
                self._load_balance_series(current.id)

    def set_loaded(self) -> None:
        """Cards were loaded (or could not be): the next paint shows them."""
        self._loaded = True
        self.table.viewport().update()

    @property
    def cards_shown(self) -> bool:
        """Whether loaded cards have been painted (`cards_painted` was emitted)."""
        return self._painted

    def fit_columns(self) -> None:
        """Fit the columns to the rows on screen; while the table is hidden Qt would measure
        every row, so that waits until it is shown (`eventFilter`)."""
        self._fit_pending = not self.table.isVisible()
        if not self._fit_pending:
            from lebwallet.ui.cards_table import fit_cards_columns

            fit_cards_columns(self.table)

    # --- selection --------------------------------------------------------------------------

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
        return True

    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        card = self.selected_card()
        if self._attached:
            self.details.show_card(card)
            self.keep_alive_panel.show_card(card)
        self.selection_changed.emit(card)
        if self._attached and card is not None:
            self._load_balance_series(card.id)

    def _load_balance_series(self, card_id: str) -> None:
        backend, runner = self._backend, self._runner
        if backend is None or runner is None:
            raise RuntimeError("the cards page is not attached")
        runner.run(
            self,
            lambda: backend.balance_series(card_id),
            lambda points: self.details.set_balance_series(card_id, points),
            lambda error: self._on_balance_series_failed(card_id, error),
            description="balance series",
        )

    def _on_balance_series_failed(self, card_id: str, error: Exception) -> None:
        from lebwallet.ui.problem_text import error_text

        _log.warning("balance series of a card not loaded: %s", error)
        current = self.selected_card()
        if current is not None and current.id == card_id and self._show_failure is not None:
            self._show_failure(
                QCoreApplication.translate(
                    "MainWindow", "The balance history of this card could not be read: %1"
                ).replace("%1", error_text(error)),
                lambda: self._load_balance_series(card_id),
            )

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit()

    # --- painting ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Show and self._fit_pending and watched is self._viewport:
            self.fit_columns()  # shown at last: fitted before its first paint
        elif kind == QEvent.Type.Paint and watched is self._viewport:
            if not self._first_paint:
                self._first_paint = True
                # After this paint: what follows it (imports, reads) must not delay it.
                QTimer.singleShot(0, self.first_painted.emit)
            if not self._painted and self._loaded:
                self._painted = True
                QTimer.singleShot(0, self.cards_painted.emit)
        return super().eventFilter(watched, event)

    def stop_watching(self) -> None:
        """The window closes: no more paint events to watch."""
        self._viewport.removeEventFilter(self)
