"""The add-card dialog's "any carrier" page: a card the wallet owns, no provider needed.

The number is a phone number (international, or national with its region, read by
phonenumbers) or an ICCID; a label is required; the rule is a carrier from the catalogue
(searchable by name, id or country) or the user's own: any use every N days or months, or a
top-up of at least an amount. `collect()` gives a `LocalCardRequest` or None with the reason
shown; the dialog adds the card in the background.

`prefill(number, label, service_provider)` fills the form for an eSIM profile with no wallet
card: its carrier is guessed from the service provider's name (`guess_carrier`) as soon as
the catalogue is there, which may be after the dialog opened; the user checks and confirms.

The region picker names every region in the UI's language (`set_region_names`, read in the
background) and takes the chosen carrier's country until the user picks a region by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cmp_to_key
from typing import Final

from PySide6.QtCore import QCollator, QEvent, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.cards import CARRIER_MAX_LENGTH, LABEL_MAX_LENGTH
from lebwallet.domain.catalogue import CarrierEntry, guess_carrier
from lebwallet.domain.identifiers import (
    Iccid,
    InvalidIdentifier,
    Msisdn,
    parse_iccid,
    parse_msisdn,
)
from lebwallet.domain.keepalive import Period, PeriodUnit, parse_amount
from lebwallet.domain.money import Money, MoneyError
from lebwallet.ui.accessibility import buddy_captions
from lebwallet.ui.keep_alive_panel import describe_rule, describe_source
from lebwallet.ui.region_names import region_codes
from lebwallet.ui.theme import error_style

_MAX_EVERY: Final = {PeriodUnit.DAYS: 3650, PeriodUnit.MONTHS: 120}


@dataclass(frozen=True, slots=True)
class LocalCardRequest:
    """What the form asks the wallet to add."""

    label: str
    msisdn: Msisdn | None
    iccid: Iccid | None
    rule_id: str | None
    every: Period | None
    minimum: Money | None
    region: str | None
    carrier: str | None = None
    """The carrier's name with an own rule."""


def read_number(text: str, region: str | None) -> Iccid | Msisdn:
    """An ICCID (digits from 89, 18 to 20 of them) or a phone number (with `region` for a
    national one); raises `InvalidIdentifier`."""
    compact = "".join(text.split()).replace("-", "")
    if compact.isdigit() and compact.startswith("89") and len(compact) >= 18:
        return parse_iccid(compact)
    return parse_msisdn(text, region or None)


class LocalCardForm(QWidget):
    """See the module docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: tuple[CarrierEntry, ...] = ()
        self._guess_from: str | None = None
        self._provider: str | None = None
        self.number = QLineEdit(self)
        self.number.setClearButtonEnabled(True)
        self.region = QComboBox(self)
        # wide enough for a name like "United Kingdom (GB)" (the names come in the background)
        self.region.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.region.setMinimumContentsLength(20)
        self._region_names: dict[str, str] = {}
        self._region_by_hand = False
        self.region.activated.connect(lambda _index: self._region_chosen())
        self._fill_regions()
        self.label_edit = QLineEdit(self)
        self.label_edit.setMaxLength(LABEL_MAX_LENGTH)
        self.use_catalogue = QRadioButton(self)
        self.use_own = QRadioButton(self)
        self.use_catalogue.setChecked(True)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.carriers = QListWidget(self)
        self.carriers.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.rule_text = QLabel(self)
        self.rule_text.setWordWrap(True)
        self.rule_text.setTextFormat(Qt.TextFormat.RichText)
        self.rule_text.setOpenExternalLinks(True)
        self.every = QSpinBox(self)
        self.every.setRange(1, _MAX_EVERY[PeriodUnit.DAYS])
        self.every.setValue(180)
        self.unit = QComboBox(self)
        self.unit.addItem("", PeriodUnit.DAYS.value)
        self.unit.addItem("", PeriodUnit.MONTHS.value)
        self.minimum = QLineEdit(self)
        self.carrier_name = QLineEdit(self)
        self.carrier_name.setMaxLength(CARRIER_MAX_LENGTH)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(error_style())

        self._captions = [QLabel(self) for _ in range(5)]
        number_row = QHBoxLayout()
        number_row.addWidget(self.number, 1)
        number_row.addWidget(self._captions[1])
        number_row.addWidget(self.region)
        form = QFormLayout()
        form.addRow(self._captions[0], number_row)
        form.addRow(self._captions[2], self.label_edit)
        buddy_captions(form)
        self._captions[1].setBuddy(self.region)
        self._captions[3].setBuddy(self.minimum)
        own_row = QHBoxLayout()
        own_row.addWidget(self.every)
        own_row.addWidget(self.unit)
        own_row.addWidget(self._captions[3])
        own_row.addWidget(self.minimum, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.use_catalogue)
        layout.addWidget(self.search)
        layout.addWidget(self.carriers, 1)
        layout.addWidget(self.rule_text)
        layout.addWidget(self.use_own)
        layout.addLayout(own_row)
        layout.addWidget(self.carrier_name)
        layout.addWidget(self._captions[4])
        layout.addWidget(self.message)
        self.search.textChanged.connect(lambda _text: self._fill_carriers())
        self.carriers.currentRowChanged.connect(lambda _row: self._show_rule())
        self.use_catalogue.toggled.connect(lambda _on: self._update_enabled())
        self.unit.currentIndexChanged.connect(lambda _i: self._unit_changed())
        for edit in (self.number, self.label_edit, self.minimum, self.search):
            edit.textChanged.connect(lambda _text: self.message.clear())
        self._retranslate()
        self._update_enabled()

    def set_entries(self, entries: tuple[CarrierEntry, ...]) -> None:
        """The catalogue to choose from (shipped and the user's own)."""
        self._entries = entries
        self._fill_carriers()
        self._apply_guess()

    def set_region_names(self, names: Mapping[str, str]) -> None:
        """Name the regions in the UI's language (read in the background: `region_names`)."""
        self._region_names = dict(names)
        self._fill_regions()

    def _fill_regions(self) -> None:
        """ "International" first, then every region by its name (codes until names came)."""
        chosen = str(self.region.currentData() or "")
        names = self._region_names
        collator = QCollator(QLocale())

        def by_name(a: str, b: str) -> int:
            return collator.compare(names.get(a, a), names.get(b, b))

        codes = sorted(region_codes(), key=cmp_to_key(by_name))
        blocked = self.region.blockSignals(True)
        self.region.clear()
        self.region.addItem(self.tr("International"), "")
        for code in codes:
            name = names.get(code)
            text = code if not name else self.tr("%1 (%2)").replace("%1", name).replace("%2", code)
            self.region.addItem(text, code)
        self.region.setCurrentIndex(max(self.region.findData(chosen), 0))
        self.region.blockSignals(blocked)

    def _region_chosen(self) -> None:
        self._region_by_hand = True

    def _region_from(self, entry: CarrierEntry) -> None:
        """The carrier's country as the region of a national number, unless the user chose
        one."""
        index = self.region.findData(entry.country)
        if not self._region_by_hand and index >= 0:
            self.region.setCurrentIndex(index)

    def prefill(self, number: str, label: str, service_provider: str) -> None:
        """Fill the form for an eSIM profile (see the module docstring)."""
        self.number.setText(number)
        self.label_edit.setText(label)
        self.use_catalogue.setChecked(True)
        self._provider = service_provider.strip() or None
        self._guess_from = self._provider
        self._apply_guess()
        self._show_hint()

    def _apply_guess(self) -> None:
        if self._guess_from is None or not self._entries:
            return
        guess = guess_carrier(self._guess_from, self._entries)
        self._guess_from = None
        if guess is not None and self.selected_entry() is None:
            self.search.clear()
            self.select_carrier(guess.id)
        self._show_hint()

    def _show_hint(self) -> None:
        """Which operator the profile names, and whether its carrier was chosen from it."""
        if self._provider is None:
            self.hint.hide()
            return
        if self._guess_from is None and self.selected_entry() is not None:
            text = self.tr(
                "The eSIM profile's operator is %1; the carrier was chosen from it. Check it "
                "before adding the card."
            )
        else:
            text = self.tr("The eSIM profile's operator is %1: choose its carrier below.")
        self.hint.setText(text.replace("%1", self._provider))
        self.hint.show()

    def _fill_carriers(self) -> None:
        needle = self.search.text().strip()
        chosen = self.selected_entry()
        self.carriers.clear()
        for entry in self._entries:
            if entry.matches(needle):
                text = self.tr("%1 (%2)").replace("%1", entry.name).replace("%2", entry.country)
                item = QListWidgetItem(text, self.carriers)
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                if chosen is not None and entry.id == chosen.id:
                    self.carriers.setCurrentItem(item)
        self._show_rule()

    def selected_entry(self) -> CarrierEntry | None:
        row = self.carriers.currentRow()
        if row < 0:
            return None
        wanted = self.carriers.item(row).data(Qt.ItemDataRole.UserRole)
        return next((e for e in self._entries if e.id == wanted), None)

    def select_carrier(self, rule_id: str) -> None:
        for row in range(self.carriers.count()):
            if self.carriers.item(row).data(Qt.ItemDataRole.UserRole) == rule_id:
                self.carriers.setCurrentRow(row)
                self.carriers.scrollToItem(self.carriers.item(row))
                return

    def _show_rule(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.rule_text.clear()
            return
        self._region_from(entry)
        import html

        self.rule_text.setText(
            html.escape(describe_rule(entry.rule)) + "<br>" + describe_source(entry.rule)
        )

    def _unit_changed(self) -> None:
        self.every.setMaximum(_MAX_EVERY[PeriodUnit(self.unit.currentData())])

    def _update_enabled(self) -> None:
        catalogue = self.use_catalogue.isChecked()
        widgets: tuple[QWidget, ...] = (self.search, self.carriers, self.rule_text)
        for widget in widgets:
            widget.setEnabled(catalogue)
        widgets = (self.every, self.unit, self.minimum, self.carrier_name)
        for widget in widgets:
            widget.setEnabled(not catalogue)

    def collect(self) -> LocalCardRequest | None:
        """The request in the form, or None with the reason shown."""
        region = str(self.region.currentData() or "") or None
        try:
            identifier = read_number(self.number.text(), region)
        except InvalidIdentifier:
            if not self.number.text().strip():
                return self._refuse(self.tr("Type the phone number or the ICCID."))
            return self._refuse(
                self.tr(
                    "This is not a valid phone number or ICCID. Write the number with its "
                    "country code (+44 …), or choose the region of a national number."
                )
            )
        label = self.label_edit.text().strip()
        if not label:
            return self._refuse(self.tr("Give the card a label."))
        msisdn = identifier if isinstance(identifier, Msisdn) else None
        iccid = identifier if isinstance(identifier, Iccid) else None
        if self.use_catalogue.isChecked():
            entry = self.selected_entry()
            if entry is None:
                return self._refuse(self.tr("Choose the carrier, or write your own rule."))
            return LocalCardRequest(label, msisdn, iccid, entry.id, None, None, region)
        minimum = None
        text = self.minimum.text().strip()
        if text:
            try:
                minimum = parse_amount(text)
            except (ValueError, MoneyError):
                return self._refuse(self.tr("Write the minimum top-up like 10.00 GBP."))
        period = Period(self.every.value(), PeriodUnit(self.unit.currentData()))
        carrier = self.carrier_name.text().strip() or self.tr("Own rule")
        return LocalCardRequest(label, msisdn, iccid, None, period, minimum, region, carrier)

    def _refuse(self, text: str) -> LocalCardRequest | None:
        """Show why the form cannot be used; None."""
        self.message.setText(text)
        return None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._fill_regions()
            self._fill_carriers()
            self._show_hint()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._captions[0].setText(self.tr("Phone number or ICCID:"))
        self._captions[1].setText(self.tr("Region:"))
        self._captions[2].setText(self.tr("Label:"))
        self._captions[3].setText(self.tr("Minimum top-up (optional):"))
        self._captions[4].setText(
            self.tr(
                "Without a minimum, any call, SMS, data use or top-up keeps the number; with "
                "one, only a top-up of at least that amount does."
            )
        )
        self._captions[4].setWordWrap(True)
        self.number.setPlaceholderText(self.tr("+44 7400 123456, 07400 123456 or 8944 …"))
        self.label_edit.setPlaceholderText(self.tr("e.g. UK giffgaff"))
        self.use_catalogue.setText(self.tr("Carrier from the catalogue"))
        self.use_own.setText(self.tr("My own rule: keep the number alive every"))
        self.search.setPlaceholderText(self.tr("Search by name or country (GB, HK, …)"))
        self.unit.setItemText(0, self.tr("days"))
        self.unit.setItemText(1, self.tr("months"))
        self.minimum.setPlaceholderText(self.tr("e.g. 10.00 GBP"))
        self.carrier_name.setPlaceholderText(self.tr("Carrier's name (optional), e.g. Lebara"))
        self.search.setAccessibleName(self.tr("Search the carriers"))
        self.carriers.setAccessibleName(self.tr("Carriers"))
        self.every.setAccessibleName(self.tr("Keep the number alive every"))
        self.unit.setAccessibleName(self.tr("Days or months"))
        self.carrier_name.setAccessibleName(self.tr("Carrier's name (optional)"))
