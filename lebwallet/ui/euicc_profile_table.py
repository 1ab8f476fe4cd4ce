"""The table of an eSIM card's profiles beside the wallet's cards of the same ICCID.

One row a profile: its state, name, operator, masked ICCID, class and the wallet card it
belongs to ("Not in the wallet" when it can be added as a new card). Column headers and
texts follow the language at run time.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from lebwallet.euicc.matching import ProfileMatch
from lebwallet.euicc.profiles import EuiccProfile, ProfileClass


class EuiccProfileTable(QTableWidget):
    """The profiles of one eSIM card (`set_matches`), one selectable row each."""

    COLUMNS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, self.COLUMNS, parent)
        self._matches: tuple[ProfileMatch, ...] = ()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self._retranslate()

    @property
    def matches(self) -> tuple[ProfileMatch, ...]:
        return self._matches

    def set_matches(self, matches: Sequence[ProfileMatch]) -> None:
        self._matches = tuple(matches)
        self._fill()

    def selected_profile(self) -> EuiccProfile | None:
        rows = self.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._matches):
            return None
        return self._matches[rows[0].row()].profile

    def select_profile(self, iccid: str) -> None:
        for row, match in enumerate(self._matches):
            if match.profile.iccid == iccid:
                self.selectRow(row)

    def _fill(self) -> None:
        self.setRowCount(len(self._matches))
        for row, match in enumerate(self._matches):
            profile = match.profile
            cells = [
                self.tr("Enabled") if profile.enabled else self.tr("Disabled"),
                profile.label,
                profile.service_provider,
                profile.masked_iccid,
                self._class_text(profile.profile_class),
                self._card_text(match),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, profile.iccid)
                self.setItem(row, column, item)

    def _card_text(self, match: ProfileMatch) -> str:
        if match.card is not None:
            return match.card.label or match.card.carrier
        if match.offer_as_new_card:
            return self.tr("Not in the wallet")
        return "—"

    def _class_text(self, profile_class: ProfileClass) -> str:
        return {
            ProfileClass.OPERATIONAL: self.tr("Operational"),
            ProfileClass.TEST: self.tr("Test"),
            ProfileClass.PROVISIONING: self.tr("Provisioning"),
        }[profile_class]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._fill()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setAccessibleName(self.tr("eSIM profiles"))
        self.setHorizontalHeaderLabels(
            [
                self.tr("State"),
                self.tr("Profile"),
                self.tr("Operator"),
                self.tr("ICCID"),
                self.tr("Class"),
                self.tr("Wallet card"),
            ]
        )
