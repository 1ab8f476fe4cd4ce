"""The eSIM card panel: the removable eSIM cards in the card readers, their profiles beside
the wallet's cards, and the profile actions (rename, enable, disable, delete).

All card I/O goes through the `TaskRunner` (a card answers in tens to hundreds of
milliseconds, and a pulled-out card can take seconds): the GUI thread only shows results.
Questions to the user (confirm, nickname, typed ICCID) go through three replaceable
callables, so tests answer them without a modal loop:

    panel = EuiccPanel(runner, EuiccService())
    panel.set_wallet_cards(cards)      # match profiles to cards by ICCID
    panel.refresh()                    # read every reader on the worker

Signals:
    card_read(EuiccCard): a card was read (after a refresh or an action).
    scanned(tuple[EuiccCard, ...]): every reader was read; the eSIM cards found (emitted
        before `card_read` for each of them).
    add_card_requested(EuiccProfile): the user asked to add a profile with no wallet card.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lebwallet.domain.cards import Card
from lebwallet.euicc.matching import ProfileMatch, match_profiles
from lebwallet.euicc.profiles import EuiccCard, EuiccProfile, PendingNotification
from lebwallet.euicc.service import EuiccService, ReaderState
from lebwallet.ui.euicc_profile_table import EuiccProfileTable
from lebwallet.ui.euicc_texts import euicc_error_text, notification_text
from lebwallet.ui.tasks import TaskRunner

Confirm = Callable[[QWidget, str, str], bool]
AskText = Callable[[QWidget, str, str, str], str | None]


def _confirm(parent: QWidget, title: str, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def _ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


class EuiccPanel(QWidget):
    card_read = Signal(object)
    scanned = Signal(object)
    add_card_requested = Signal(object)

    COLUMNS = EuiccProfileTable.COLUMNS

    def __init__(
        self,
        runner: TaskRunner,
        service: EuiccService,
        parent: QWidget | None = None,
        *,
        confirm: Confirm = _confirm,
        ask_text: AskText = _ask_text,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("euicc_panel")
        self._runner = runner
        self._service = service
        self._confirm = confirm
        self._ask_text = ask_text
        self._cards: tuple[Card, ...] = ()
        self._states: dict[str, ReaderState] = {}
        self._matches: tuple[ProfileMatch, ...] = ()
        self._busy = False
        self._scanned_once = False

        self.reader_box = QComboBox(self)
        self.refresh_button = QPushButton(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.eid_label = QLabel(self)
        self.eid_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = EuiccProfileTable(self)
        self.notifications = QLabel(self)
        self.notifications.setWordWrap(True)
        self.rename_button = QPushButton(self)
        self.enable_button = QPushButton(self)
        self.disable_button = QPushButton(self)
        self.delete_button = QPushButton(self)
        self.add_card_button = QPushButton(self)

        top = QHBoxLayout()
        top.addWidget(self.reader_box, 1)
        top.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        for button in self._action_buttons():
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.eid_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.notifications)

        self.refresh_button.clicked.connect(self.refresh)
        self.reader_box.currentIndexChanged.connect(lambda _index: self._show_reader())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.rename_button.clicked.connect(self.rename_selected)
        self.enable_button.clicked.connect(self.enable_selected)
        self.disable_button.clicked.connect(self.disable_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.add_card_button.clicked.connect(self._request_add_card)
        self._retranslate()
        self._show_reader()

    # --- public ------------------------------------------------------------------------------

    def set_wallet_cards(self, cards: Sequence[Card]) -> None:
        """The wallet's cards, to show beside the profiles of the same ICCID."""
        self._cards = tuple(cards)
        self._show_reader()

    @property
    def reader(self) -> str | None:
        name = self.reader_box.currentData()
        return name if isinstance(name, str) else None

    def selected_profile(self) -> EuiccProfile | None:
        return self.table.selected_profile()

    def select_profile(self, iccid: str) -> None:
        self.table.select_profile(iccid)

    def refresh(self) -> None:
        """Read every reader again, on the worker."""
        self._set_busy(True, self.tr("Reading the card readers…"))
        self._runner.run(
            self,
            self._service.scan,
            on_success=self._scanned,
            on_failure=self._failed,
            description="read the eSIM cards",
        )

    def rename_selected(self) -> None:
        profile, reader = self.selected_profile(), self.reader
        if profile is None or reader is None:
            return
        nickname = self._ask_text(
            self,
            self.tr("Profile nickname"),
            self.tr("Nickname for %1 (at most 64 bytes):").replace("%1", profile.label),
            profile.nickname,
        )
        if nickname is None:
            return
        self._act(lambda: self._service.set_nickname(reader, profile.iccid, nickname))

    def enable_selected(self) -> None:
        profile, reader = self.selected_profile(), self.reader
        if profile is None or reader is None:
            return
        text = self.tr(
            "Enable %1? The profile enabled now is disabled. A phone with this eSIM card "
            "must then refresh (restart it, or turn airplane mode on and off) to use it."
        ).replace("%1", profile.label)
        if self._confirm(self, self.tr("Enable profile"), text):
            self._act(lambda: self._service.enable(reader, profile.iccid))

    def disable_selected(self) -> None:
        profile, reader = self.selected_profile(), self.reader
        if profile is None or reader is None:
            return
        text = self.tr(
            "Disable %1? Its number stops working until a profile is enabled again. A phone "
            "with this eSIM card must then refresh (restart it, or turn airplane mode on and "
            "off)."
        ).replace("%1", profile.label)
        if self._confirm(self, self.tr("Disable profile"), text):
            self._act(lambda: self._service.disable(reader, profile.iccid))

    def delete_selected(self) -> None:
        profile, reader = self.selected_profile(), self.reader
        if profile is None or reader is None:
            return
        typed = self._ask_text(
            self,
            self.tr("Delete profile"),
            self.tr(
                "Deleting %1 cannot be undone: its number is lost unless the operator issues "
                "it again. Type the profile's ICCID (%2) to delete it:"
            )
            .replace("%1", profile.label)
            .replace("%2", profile.iccid),
            "",
        )
        if typed is None:
            return
        self._act(lambda: self._service.delete(reader, profile.iccid, typed))

    # --- results -----------------------------------------------------------------------------

    def _act(self, work: Callable[[], EuiccCard]) -> None:
        self._set_busy(True, self.tr("Talking to the eSIM card… Do not remove it."))
        self._runner.run(
            self, work, on_success=self._changed, on_failure=self._failed, description="eSIM"
        )

    def _scanned(self, states: list[ReaderState]) -> None:
        self._states = {state.reader: state for state in states}
        self._scanned_once = True
        current = self.reader
        self.reader_box.blockSignals(True)
        self.reader_box.clear()
        for state in states:
            self.reader_box.addItem(state.reader, state.reader)
        index = self.reader_box.findData(current) if current is not None else -1
        if index < 0:
            first_card = next((i for i, s in enumerate(states) if s.card is not None), 0)
            index = first_card if states else -1
        self.reader_box.setCurrentIndex(index)
        self.reader_box.blockSignals(False)
        self._set_busy(False, "")
        self._show_reader()
        self.scanned.emit(tuple(state.card for state in states if state.card is not None))
        for state in states:
            if state.card is not None:
                self.card_read.emit(state.card)

    def _changed(self, card: EuiccCard) -> None:
        selected = self.selected_profile()
        self._states[card.reader] = ReaderState(card.reader, card, None)
        self._set_busy(False, self.tr("Done."))
        self._show_reader()
        if selected is not None:
            self.select_profile(selected.iccid)
        self.card_read.emit(card)

    def _failed(self, error: Exception) -> None:
        self._set_busy(False, self._error_text(error))
        self._update_buttons()

    # --- showing -----------------------------------------------------------------------------

    def _show_reader(self) -> None:
        reader = self.reader
        state = self._states.get(reader) if reader is not None else None
        card = state.card if state is not None else None
        self._matches = match_profiles(card, self._cards) if card is not None else ()
        if state is None:
            self.eid_label.setText("")
            if not self._busy and not self._scanned_once:
                self.status.setText(self.tr("Press Refresh to read the card readers."))
            elif not self._busy and not self._states:
                self.status.setText(
                    self.tr("No card reader is connected. Plug one in and press Refresh.")
                )
        elif card is None:
            self.eid_label.setText("")
            self.status.setText(self._error_text(state.error))
        else:
            self.eid_label.setText(self.tr("EID: %1").replace("%1", card.eid.masked))
        self.table.set_matches(self._matches)
        self._show_notifications(card)
        self._update_buttons()

    def _show_notifications(self, card: EuiccCard | None) -> None:
        if card is None or not card.notifications:
            self.notifications.setText("")
            return
        lines = [self._notification_text(note) for note in card.notifications]
        lines.append(
            self.tr(
                "Sending these notifications needs the operator's server; the wallet does not "
                "send them yet. A phone with this eSIM card sends them when it is online."
            )
        )
        self.notifications.setText("\n".join(lines))

    def _notification_text(self, note: PendingNotification) -> str:
        profile = next((p for p in self._matches if p.profile.iccid == note.iccid), None)
        name = profile.profile.label if profile is not None else (note.iccid or "—")
        return notification_text(note.event, name, note.address)

    def _error_text(self, error: Exception | None) -> str:
        return euicc_error_text(error)

    def _set_busy(self, busy: bool, text: str) -> None:
        self._busy = busy
        self.status.setText(text)
        self.refresh_button.setEnabled(not busy)
        self._update_buttons()

    def _action_buttons(self) -> list[QPushButton]:
        return [
            self.rename_button,
            self.enable_button,
            self.disable_button,
            self.delete_button,
            self.add_card_button,
        ]

    def _update_buttons(self) -> None:
        profile = None if self._busy else self.selected_profile()
        match = next((m for m in self._matches if profile and m.profile is profile), None)
        self.rename_button.setEnabled(profile is not None)
        self.enable_button.setEnabled(profile is not None and not profile.enabled)
        self.disable_button.setEnabled(profile is not None and profile.enabled)
        self.delete_button.setEnabled(profile is not None and not profile.enabled)
        self.add_card_button.setEnabled(match is not None and match.offer_as_new_card)

    def _request_add_card(self) -> None:
        profile = self.selected_profile()
        if profile is not None:
            self.add_card_requested.emit(profile)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh"))
        self.rename_button.setText(self.tr("Nickname…"))
        self.enable_button.setText(self.tr("Enable…"))
        self.disable_button.setText(self.tr("Disable…"))
        self.delete_button.setText(self.tr("Delete…"))
        self.add_card_button.setText(self.tr("Add as a card…"))
        self.reader_box.setAccessibleName(self.tr("Card reader"))
        self._show_reader()
