"""Add a card by ICCID or phone number, validated as the user types.

`validate_card_input(text)` is the rule (used by the dialog and its tests): it returns an
`InputCheck` with the identifier (when acceptable), a level (`ok`, `warning`, `error`,
`empty`) and a translated message. An 18-digit ICCID (printed without its Luhn check
digit) is accepted with a warning; a wrong check digit is refused and names the digit it
should be.

The dialog binds the card in the background through the `WalletBackend`; it stays open and
shows the provider's refusal if there is one, and closes with `bound_card` set on success.
Its second tab adds a card the wallet owns (any number, any carrier, no provider:
`LocalCardForm`) through the wallet's `KeepAliveService`, with the same signal.
`offer_profile(profile)` opens that tab filled in for an eSIM profile with no wallet card
(its ICCID, its nickname or name, the carrier guessed from its operator); nothing is added
until the user presses OK.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lebwallet.domain.cards import Card, LabelError, normalize_label
from lebwallet.domain.identifiers import (
    Iccid,
    InvalidIdentifier,
    Msisdn,
    detect_card_identifier,
    luhn_check_digit,
)
from lebwallet.domain.text import normalize_typed, refused_characters
from lebwallet.services.keepalive_values import CardKeepAlive
from lebwallet.services.problems import ProblemClass, describe_problem
from lebwallet.services.wallet_api import WalletBackend
from lebwallet.ui.accessibility import buddy_captions
from lebwallet.ui.field_messages import FieldMessages, grow_to_fit
from lebwallet.ui.local_card_form import LocalCardForm, LocalCardRequest
from lebwallet.ui.problem_text import (
    field_problem_text,
    label_problem_text,
    problem_text,
    refused_text,
)
from lebwallet.ui.region_names import load_region_names
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.theme import Tone, tone

if TYPE_CHECKING:
    from lebwallet.euicc.profiles import EuiccProfile

_SEPARATORS: Final = re.compile(r"[\s\-]+")


class Level(StrEnum):
    EMPTY = "empty"
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class InputCheck:
    level: Level
    message: str
    identifier: Iccid | Msisdn | None = None

    @property
    def acceptable(self) -> bool:
        return self.identifier is not None


def _iccid_error(digits: str) -> str:
    if not digits.startswith("89"):
        return QCoreApplication.translate("AddCardDialog", "An ICCID starts with 89.")
    if len(digits) not in (18, 19, 20):
        return QCoreApplication.translate(
            "AddCardDialog", "An ICCID has 19 or 20 digits; this one has %n.", None, len(digits)
        )
    expected = luhn_check_digit(digits[:-1])
    return QCoreApplication.translate(
        "AddCardDialog",
        "The last digit should be %1 (the Luhn check digit); a digit is probably mistyped.",
    ).replace("%1", expected)


def validate_card_input(text: str) -> InputCheck:
    """Check what the user typed (see the module docstring)."""
    text = normalize_typed(text)  # full-width digits and "＋" of an input method
    if not text:
        return InputCheck(
            Level.EMPTY,
            QCoreApplication.translate(
                "AddCardDialog",
                "Type the ICCID printed on the SIM card, or the phone number with +country code.",
            ),
        )
    try:
        identifier = detect_card_identifier(text)
    except InvalidIdentifier:
        compact = _SEPARATORS.sub("", text.strip())
        if compact.isascii() and compact.isdigit() and compact.startswith("89"):
            return InputCheck(Level.ERROR, _iccid_error(compact))
        refused = refused_characters(text, lambda c: "0" <= c <= "9" or c in "+-() .")
        if refused:
            return InputCheck(
                Level.ERROR,
                QCoreApplication.translate(
                    "AddCardDialog",
                    "Only digits, spaces, '+', '-' and brackets are allowed, not %1.",
                ).replace("%1", refused_text(refused)),
            )
        return InputCheck(
            Level.ERROR,
            QCoreApplication.translate(
                "AddCardDialog",
                "This is not a valid phone number. Write it with its country code: +44 7400 …",
            ),
        )
    if isinstance(identifier, Iccid):
        if not identifier.has_check_digit:
            return InputCheck(
                Level.WARNING,
                QCoreApplication.translate(
                    "AddCardDialog",
                    "This ICCID has no check digit, so a typing mistake cannot be detected. "
                    "Compare it with the SIM card before adding it.",
                ),
                identifier,
            )
        return InputCheck(
            Level.OK,
            QCoreApplication.translate("AddCardDialog", "ICCID %1 (check digit correct)").replace(
                "%1", identifier.grouped
            ),
            identifier,
        )
    if not identifier.is_mobile:
        return InputCheck(
            Level.WARNING,
            QCoreApplication.translate(
                "AddCardDialog", "%1 does not look like a mobile number; check it."
            ).replace("%1", identifier.international),
            identifier,
        )
    return InputCheck(
        Level.OK,
        QCoreApplication.translate("AddCardDialog", "Phone number %1").replace(
            "%1", identifier.international
        ),
        identifier,
    )


_TONES: Final = {Level.OK: Tone.SUCCESS, Level.WARNING: Tone.WARNING, Level.ERROR: Tone.ERROR}


class AddCardDialog(QDialog):
    """Bind a card (see the module docstring).

    Signals:
        card_bound(object): the provider bound the card; the argument is the domain `Card`.
    """

    card_bound = Signal(object)

    def __init__(
        self, runner: TaskRunner, backend: WalletBackend, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend = backend
        self.bound_card: Card | None = None
        self._check = validate_card_input("")

        self.number = QLineEdit(self)
        self.number.setObjectName("number")
        self.number.setClearButtonEnabled(True)
        self.label_edit = QLineEdit(self)
        self.label_edit.setObjectName("label")
        self.message = QLabel(self)
        self.message.setObjectName("number_message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        self._number_caption = QLabel(self)
        self._label_caption = QLabel(self)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons.accepted.connect(self._submit)
        self._buttons.rejected.connect(self.reject)

        self.tabs = QTabWidget(self)
        provider_page = QWidget(self.tabs)
        form = QFormLayout(provider_page)
        form.addRow(self._number_caption, self.number)
        form.addRow("", self.message)  # the number's own message, right under it
        form.addRow(self._label_caption, self.label_edit)
        buddy_captions(form)
        self.field_messages = FieldMessages(form)
        self.field_messages.attach(self.label_edit, "label")
        self.local_form = LocalCardForm(self.tabs)
        self.tabs.addTab(provider_page, "")
        self.tabs.addTab(self.local_form, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self._buttons)
        self.number.textChanged.connect(self._revalidate)
        self.label_edit.textChanged.connect(self._revalidate)
        self.tabs.currentChanged.connect(lambda _index: self._revalidate())
        self._retranslate()
        self._revalidate()
        self.resize(560, self.sizeHint().height())
        self._load_catalogue()

    @property
    def local_tab(self) -> bool:
        return self.tabs.currentWidget() is self.local_form

    def show_local_tab(self) -> None:
        self.tabs.setCurrentWidget(self.local_form)

    def offer_profile(self, profile: EuiccProfile) -> None:
        """Fill the own-card tab for `profile` (see the module docstring)."""
        self.show_local_tab()
        label = profile.nickname or profile.name or profile.service_provider
        self.local_form.prefill(profile.iccid, label, profile.service_provider)

    def _load_catalogue(self) -> None:
        backend = self._backend
        self._runner.run(
            self,
            lambda: backend.keep_alive().catalogue(),
            self.local_form.set_entries,
            lambda error: self.local_form.message.setText(
                self.tr("The carrier catalogue could not be read: %1").replace("%1", str(error))
            ),
            description="carrier catalogue",
        )
        load_region_names(self._runner, self, self.local_form.set_region_names)

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    @property
    def check(self) -> InputCheck:
        return self._check

    def _label_problem(self) -> str | None:
        try:
            normalize_label(self.label_edit.text())
        except LabelError as error:
            return label_problem_text(error)
        return None

    def _revalidate(self) -> None:
        self._check = validate_card_input(self.number.text())
        label_problem = self._label_problem()
        self.field_messages.set_message(self.label_edit, label_problem or "")
        self._show(self._check.level, self._check.message)
        self.ok_button.setEnabled(
            self.local_tab or (self._check.acceptable and label_problem is None)
        )

    def _show(self, level: Level, text: str) -> None:
        name = _TONES.get(level)
        self.message.setStyleSheet(f"color: {tone(name)};" if name is not None else "")
        self.message.setText(text)
        grow_to_fit(self)

    def _submit(self) -> None:
        if self.local_tab:
            self._submit_local()
            return
        identifier = self._check.identifier
        if identifier is None or self._label_problem() is not None:
            return
        label = normalize_label(self.label_edit.text())
        self._set_busy(True)
        self._show(Level.EMPTY, self.tr("Adding the card…"))
        self._runner.run(
            self,
            lambda: self._backend.bind_card(identifier, label),
            self._on_bound,
            self._on_failed,
            description="bind card",
        )

    def _submit_local(self) -> None:
        request = self.local_form.collect()
        if request is None:
            return
        self._set_busy(True)
        backend = self._backend

        def add(r: LocalCardRequest = request) -> CardKeepAlive:
            return backend.keep_alive().add_local_card(
                label=r.label,
                msisdn=r.msisdn,
                iccid=r.iccid,
                rule_id=r.rule_id,
                every=r.every,
                minimum=r.minimum,
                region=r.region,
                carrier=r.carrier,
            )

        self._runner.run(
            self,
            add,
            lambda item: self._on_bound(item.card),
            self._on_local_failed,
            description="add own card",
        )

    def _on_local_failed(self, error: Exception) -> None:
        self._set_busy(False)
        self.local_form.message.setText(
            self.tr("The card could not be added: %1").replace("%1", str(error))
        )

    def _set_busy(self, busy: bool) -> None:
        self.number.setEnabled(not busy)
        self.label_edit.setEnabled(not busy)
        self.local_form.setEnabled(not busy)
        self.tabs.tabBar().setEnabled(not busy)
        self.ok_button.setEnabled(
            not busy
            and (self.local_tab or (self._check.acceptable and self._label_problem() is None))
        )

    def _on_bound(self, card: Card) -> None:
        self.bound_card = card
        self.card_bound.emit(card)
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self._set_busy(False)
        info = describe_problem(error)
        left = self.field_messages.show_problems(info)
        number = [p for p in left if p.leaf in ("iccid", "msisdn")]
        if info.code == "not_found":
            text = self.tr("The provider knows no card with this number. Check it on the SIM card.")
        elif number:
            text = field_problem_text(number[0]) or problem_text(info)
        elif info.problem_class is ProblemClass.REFUSED and info.fields and not left:
            text = ""
        else:
            text = problem_text(info)
        if text:
            text = self.tr("The card could not be added: %1").replace("%1", text)
        self._show(Level.ERROR, text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._revalidate()
            load_region_names(self._runner, self, self.local_form.set_region_names)
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Add card"))
        self.tabs.setTabText(0, self.tr("At the &provider"))
        self.tabs.setTabText(1, self.tr("Any &carrier (my own card)"))
        self._number_caption.setText(self.tr("&ICCID or phone number:"))
        self._label_caption.setText(self.tr("&Label (optional):"))
        self.number.setPlaceholderText(self.tr("8944 1100 … or +44 7400 123456"))
        self.label_edit.setPlaceholderText(self.tr("e.g. UK travel SIM"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
