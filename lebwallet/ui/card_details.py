"""The details pane of the selected card: plan in words, balance chart, eSIM activation.

`CardDetails.show_card(card)` fills the pane; `set_balance_series(card_id, points)` gives the
chart its data once the window has loaded it in the background (ignored if another card was
selected meanwhile). For an eSIM the activation QR code (LPA string) is shown with the SM-DP+
address and matching id, each with a copy button.

The card's number is masked; "Show number" reveals it in full until another card is chosen
(or "Hide number"), and "Copy number" copies it in full.

`set_euicc_cards(cards)` gives the eSIM cards last read in the card readers: a card whose
profile is on one of them says where it lives ("On the eSIM card … in …; its profile is
enabled").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lebwallet.clock import utc_today
from lebwallet.domain.cards import Card, CardSource
from lebwallet.domain.money import Money
from lebwallet.ui.balance_chart import BalanceChart
from lebwallet.ui.i18n_text import carrier_name, deadline_text, sentences
from lebwallet.ui.money_format import format_money
from lebwallet.ui.qr_widget import QrCodeWidget
from lebwallet.ui.theme import keep_alive_text

if TYPE_CHECKING:
    from lebwallet.euicc.profiles import EuiccCard

_QR_SIDE: Final = 168


class CardDetails(QWidget):
    """Shows one card (see the module docstring).

    Signals:
        copied(str): a value was copied to the clipboard; the argument names it for a notice.
    """

    copied = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], date] = utc_today
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._card: Card | None = None

        self._pages = QStackedWidget(self)
        self._empty = QLabel(self)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._pages.addWidget(self._empty)

        page = QWidget(self)
        self._title = QLabel(page)
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self._title.setFont(font)
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._form = QFormLayout()
        self._number = QLabel(page)
        self._revealed = False
        self.reveal_button = QPushButton(page)
        self.reveal_button.clicked.connect(self.toggle_number)
        self.copy_number_button = QPushButton(page)
        self.copy_number_button.clicked.connect(self._on_copy_number)
        self._carrier = QLabel(page)
        self._balance = QLabel(page)
        self._plan = QLabel(page)
        self._plan.setWordWrap(True)
        self._deadline = QLabel(page)
        self._deadline.setWordWrap(True)
        self._number_caption = QLabel(page)
        self._carrier_caption = QLabel(page)
        self._balance_caption = QLabel(page)
        self._plan_caption = QLabel(page)
        self._deadline_caption = QLabel(page)
        number_row = QHBoxLayout()
        number_row.addWidget(self._number, 1)
        number_row.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignTop)
        number_row.addWidget(self.copy_number_button, 0, Qt.AlignmentFlag.AlignTop)
        self._number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form.addRow(self._number_caption, number_row)
        for caption, value in (
            (self._carrier_caption, self._carrier),
            (self._balance_caption, self._balance),
            (self._plan_caption, self._plan),
            (self._deadline_caption, self._deadline),
        ):
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._form.addRow(caption, value)
        self._euicc_cards: tuple[EuiccCard, ...] = ()
        self._residence = QLabel(page)
        self._residence.setWordWrap(True)
        self._residence_caption = QLabel(page)
        self._form.addRow(self._residence_caption, self._residence)

        self._chart_box = QGroupBox(page)
        self.chart = BalanceChart(self._chart_box)
        chart_layout = QVBoxLayout(self._chart_box)
        chart_layout.addWidget(self.chart)

        self._esim_box = QGroupBox(page)
        self.qr = QrCodeWidget(parent=self._esim_box)
        self.qr.setFixedSize(_QR_SIDE, _QR_SIDE)
        self._smdp = QLineEdit(self._esim_box)
        self._smdp.setReadOnly(True)
        self._matching = QLineEdit(self._esim_box)
        self._matching.setReadOnly(True)
        self._copy_smdp = QPushButton(self._esim_box)
        self._copy_matching = QPushButton(self._esim_box)
        self._copy_lpa = QPushButton(self._esim_box)
        self._copy_smdp.clicked.connect(self._on_copy_smdp)
        self._copy_matching.clicked.connect(self._on_copy_matching)
        self._copy_lpa.clicked.connect(self._on_copy_lpa)
        self._esim_hint = QLabel(self._esim_box)
        self._esim_hint.setWordWrap(True)
        self._smdp_caption = QLabel(self._esim_box)
        self._matching_caption = QLabel(self._esim_box)
        esim_right = QVBoxLayout()
        esim_right.addWidget(self._esim_hint)
        for caption, field, button in (
            (self._smdp_caption, self._smdp, self._copy_smdp),
            (self._matching_caption, self._matching, self._copy_matching),
        ):
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(button)
            esim_right.addWidget(caption)
            esim_right.addLayout(row)
        esim_right.addWidget(self._copy_lpa, 0, Qt.AlignmentFlag.AlignLeft)
        esim_right.addStretch(1)
        esim_layout = QHBoxLayout(self._esim_box)
        esim_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        esim_layout.addLayout(esim_right, 1)
        self._esim_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self._chart_box.setMinimumHeight(160)
        layout = QVBoxLayout(page)
        layout.addWidget(self._title)
        layout.addLayout(self._form)
        layout.addWidget(self._esim_box)
        layout.addWidget(self._chart_box, 1)
        # In a small window the details scroll instead of squeezing their rows until the
        # number's second line and the eSIM fields are cut off.
        scroller = QScrollArea(self)
        scroller.setWidgetResizable(True)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(page)
        self._content = page
        self._pages.addWidget(scroller)
        self._page = scroller

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._pages)
        self._retranslate()
        self.show_card(None)

    # --- data -----------------------------------------------------------------------------

    @property
    def card(self) -> Card | None:
        return self._card

    def show_card(self, card: Card | None) -> None:
        """Show `card` (None: the "select a card" page). The chart is cleared until
        `set_balance_series` gives it data for a different card."""
        same = card is not None and self._card is not None and card.id == self._card.id
        self._card = card
        if not same:
            self._revealed = False  # revealing is for the card it was asked for only
        if card is None:
            self._pages.setCurrentWidget(self._empty)
            self.chart.clear()
            self.qr.clear()
            return
        if not same:
            self.chart.clear()
        self._pages.setCurrentWidget(self._page)
        self._fill(card)
        self._show_residence()

    def set_euicc_cards(self, cards: Sequence[EuiccCard]) -> None:
        """The eSIM cards last read in the card readers (see the module docstring)."""
        self._euicc_cards = tuple(cards)
        self._show_residence()

    def residence_text(self) -> str:
        """Where the card's profile lives ("" when not on an eSIM card that was read)."""
        return self._residence.text() if self._residence.isVisibleTo(self._content) else ""

    def _show_residence(self) -> None:
        text = ""
        if self._card is not None and self._euicc_cards:
            from lebwallet.euicc.matching import where_cards_live
            from lebwallet.ui.euicc_texts import residence_text

            found = where_cards_live(self._euicc_cards, [self._card]).get(self._card.id)
            text = residence_text(found) if found is not None else ""
        self._residence.setText(text)
        self._residence.setVisible(bool(text))
        self._residence_caption.setVisible(bool(text))

    def set_balance_series(self, card_id: str, points: Sequence[tuple[datetime, Money]]) -> None:
        if self._card is None or self._card.id != card_id:
            return
        self.chart.set_points(points)

    def number_text(self) -> str:
        return self._number.text()

    @property
    def number_revealed(self) -> bool:
        return self._revealed

    def toggle_number(self) -> None:
        """Show the full number, or mask it again."""
        if self._card is None:
            return
        self._revealed = not self._revealed
        self._fill(self._card)

    def plan_text(self) -> str:
        return self._plan.text()

    def deadline_text(self) -> str:
        return self._deadline.text()

    def _fill(self, card: Card) -> None:
        self._title.setText(card.display_name)
        self._number.setText(self._number_text(card))
        self.reveal_button.setText(
            self.tr("Hide number") if self._revealed else self.tr("Show number")
        )
        self._carrier.setText(f"{carrier_name(card)} · {card.region}")
        local = card.source is CardSource.LOCAL
        self._balance.setText(
            self.tr("Not tracked (a card of your own)") if local else format_money(card.balance)
        )
        self._plan.setText(self.describe_plan(card))
        days = card.days_left(self._today())
        state = card.keep_alive_state(self._today())
        self._deadline.setText(deadline_text(card.last_day, days))
        colour = keep_alive_text(state, self.palette())
        if colour is None:
            self._deadline.setStyleSheet("")
        else:
            self._deadline.setStyleSheet(f"color: {colour.name()}; font-weight: bold;")
        code = card.activation_code
        self._esim_box.setVisible(card.is_esim)
        if code is not None:
            self.qr.set_payload(code.canonical)
            self._smdp.setText(code.smdp_address)
            self._matching.setText(code.matching_id)
        else:
            self.qr.clear()
            self._smdp.clear()
            self._matching.clear()
        has_code = code is not None
        for widget in (self._copy_smdp, self._copy_matching, self._copy_lpa):
            widget.setEnabled(has_code)

    def _number_text(self, card: Card) -> str:
        parts = []
        if card.msisdn is not None:
            parts.append(card.msisdn.international if self._revealed else card.msisdn.masked)
        if card.iccid is not None:
            iccid = card.iccid.grouped if self._revealed else card.iccid.masked
            parts.append(self.tr("ICCID %1").replace("%1", iccid))
        return "\n".join(parts)

    def _on_copy_number(self) -> None:
        card = self._card
        if card is None:
            return
        if card.msisdn is not None:
            self._copy(card.msisdn.e164, self.tr("Phone number"))
        elif card.iccid is not None:
            self._copy(card.iccid.value, self.tr("ICCID"))

    def describe_plan(self, card: Card) -> str:
        """The keep-alive rule in words: "Top up at least £10.00 every 180 days"."""
        if card.source is CardSource.LOCAL:
            return self.tr("Your own card: its carrier's rule and your actions are shown beside.")
        plan = card.plan
        text = self.tr("Top up at least %1 every %n day(s).", "", plan.period_days)
        text = text.replace("%1", format_money(plan.minimum_topup))
        if plan.min_balance is not None:
            keep = self.tr("Keep at least %1 on the balance.")
            text = sentences(text, keep.replace("%1", format_money(plan.min_balance)))
        if card.is_esim:
            text = sentences(text, self.tr("This is an eSIM."))
        return text

    # --- copy -----------------------------------------------------------------------------

    def _copy(self, text: str, what: str) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(text)
        self.copied.emit(what)

    def _on_copy_smdp(self) -> None:
        self._copy(self._smdp.text(), self.tr("SM-DP+ address"))

    def _on_copy_matching(self) -> None:
        self._copy(self._matching.text(), self.tr("Matching ID"))

    def _on_copy_lpa(self) -> None:
        self._copy(self.qr.payload, self.tr("Activation code"))

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self._card is not None:
                self._fill(self._card)
                self._show_residence()
        elif event.type() == QEvent.Type.PaletteChange and self._card is not None:
            self._fill(self._card)  # light ⇄ dark: the deadline's colour
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._empty.setText(self.tr("Select a card to see its plan, balance and activation code."))
        self._number_caption.setText(self.tr("Number:"))
        self._carrier_caption.setText(self.tr("Carrier:"))
        self._balance_caption.setText(self.tr("Balance:"))
        self._plan_caption.setText(self.tr("Plan:"))
        self._deadline_caption.setText(self.tr("Keep alive by:"))
        self._chart_box.setTitle(self.tr("Balance over time"))
        self._esim_box.setTitle(self.tr("eSIM activation"))
        self._esim_hint.setText(
            self.tr("Scan the QR code with the phone (Settings → Add eSIM), or type the values.")
        )
        self._smdp_caption.setText(self.tr("SM-DP+ address:"))
        self._matching_caption.setText(self.tr("Matching ID:"))
        self._copy_smdp.setText(self.tr("Copy"))
        self._copy_matching.setText(self.tr("Copy"))
        self._copy_lpa.setText(self.tr("Copy activation code"))
        self.copy_number_button.setText(self.tr("Copy number"))
        self.reveal_button.setText(self.tr("Show number"))
        self._residence_caption.setText(self.tr("eSIM card:"))
