"""The selected card's keep-alive rule, its source and the actions logged for it.

Shown under the card details: the rule in words (qualifying actions, period, minimum top-up),
the source with its "last checked" date and confidence, the last qualifying action, the stages
after the last day, and the card's logged actions (log, edit, remove). Everything is read and
written in the background through the wallet's `KeepAliveService`; `card_changed` carries the
card with its new deadline after an action changed it.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lebwallet.clock import utc_today
from lebwallet.domain.cards import Card
from lebwallet.domain.keepalive import (
    ActionKind,
    Confidence,
    KeepAliveAction,
    KeepAliveRule,
    Period,
    PeriodUnit,
    StageEffect,
)
from lebwallet.services.keepalive_values import CardKeepAlive, LoggedAction
from lebwallet.services.wallet_api import WalletBackend
from lebwallet.ui.i18n_text import join_list
from lebwallet.ui.log_action_dialog import LogActionDialog, action_kind_text
from lebwallet.ui.money_format import format_date, format_money
from lebwallet.ui.rule_dialog import RuleDialog
from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)


def period_text(period: Period) -> str:
    if period.unit is PeriodUnit.MONTHS:
        return QCoreApplication.translate("KeepAlivePanel", "%n month(s)", None, period.count)
    return QCoreApplication.translate("KeepAlivePanel", "%n day(s)", None, period.count)


def _action_noun(kind: ActionKind, rule: KeepAliveRule) -> str:
    if kind is ActionKind.TOPUP:
        if rule.minimum_topup is not None:
            return QCoreApplication.translate("KeepAlivePanel", "a top-up of at least %1").replace(
                "%1", format_money(rule.minimum_topup)
            )
        return QCoreApplication.translate("KeepAlivePanel", "a top-up")
    nouns = {
        ActionKind.CALL: QCoreApplication.translate("KeepAlivePanel", "a call"),
        ActionKind.SMS: QCoreApplication.translate("KeepAlivePanel", "an SMS"),
        ActionKind.DATA: QCoreApplication.translate("KeepAlivePanel", "mobile data use"),
    }
    return nouns[kind]


def effect_text(effect: StageEffect) -> str:
    texts = {
        StageEffect.WARNING: QCoreApplication.translate(
            "KeepAlivePanel", "a warning that the number will expire"
        ),
        StageEffect.RESTRICTED: QCoreApplication.translate(
            "KeepAlivePanel", "service restricted (incoming only)"
        ),
        StageEffect.HIBERNATED: QCoreApplication.translate("KeepAlivePanel", "account hibernated"),
        StageEffect.CREDIT_REMOVED: QCoreApplication.translate("KeepAlivePanel", "credit removed"),
        StageEffect.DISCONNECTED: QCoreApplication.translate(
            "KeepAlivePanel", "number disconnected"
        ),
        StageEffect.RECYCLED: QCoreApplication.translate(
            "KeepAlivePanel", "number recycled (lost)"
        ),
    }
    return texts[effect]


def describe_rule(rule: KeepAliveRule) -> str:
    """The rule in one translated sentence."""
    nouns = [_action_noun(k, rule) for k in ActionKind if k in rule.actions]
    if len(nouns) == 1:
        text = QCoreApplication.translate(
            "KeepAlivePanel", "Keeps the number: %1, at least once every %2."
        )
        return text.replace("%1", nouns[0]).replace("%2", period_text(rule.period))
    either = join_list(nouns, last="or")
    text = QCoreApplication.translate(
        "KeepAlivePanel", "Keeps the number: any one of %1, at least once every %2."
    )
    return text.replace("%1", either).replace("%2", period_text(rule.period))


def describe_source(rule: KeepAliveRule, *, provider: bool = False) -> str:
    """The source as rich text (a link), its last-checked date and confidence; or whose rule
    it is (the provider's plan, your own rule)."""
    if provider:
        return html.escape(
            QCoreApplication.translate(
                "KeepAlivePanel", "The provider's plan: the provider counts the deadline."
            )
        )
    if rule.source_url is None:
        return html.escape(
            QCoreApplication.translate(
                "KeepAlivePanel", "Your own rule (no source): check it with the carrier."
            )
        )
    link = f'<a href="{html.escape(rule.source_url)}">{html.escape(rule.source_url)}</a>'
    confidence = (
        QCoreApplication.translate("KeepAlivePanel", "stated by the carrier")
        if rule.confidence is Confidence.STATED
        else QCoreApplication.translate(
            "KeepAlivePanel", "reported by an older or second-hand source"
        )
    )
    checked = "?" if rule.checked_on is None else format_date(rule.checked_on)
    text = html.escape(
        QCoreApplication.translate("KeepAlivePanel", "Source: %1 (last checked %2; %3)")
    )
    return (
        text.replace("%1", link)
        .replace("%2", html.escape(checked))
        .replace("%3", html.escape(confidence))
    )


def describe_action(action: KeepAliveAction) -> str:
    text = QCoreApplication.translate("KeepAlivePanel", "%1: %2").replace(
        "%1", format_date(action.on)
    )
    if action.order is not None:
        what = QCoreApplication.translate(
            "KeepAlivePanel", "Topped up in the wallet (order %1)"
        ).replace("%1", action.order)
    else:
        what = action_kind_text(action.kind)
    if action.amount is not None:
        what = (
            QCoreApplication.translate("KeepAlivePanel", "%1 (%2)")
            .replace("%1", what)
            .replace("%2", format_money(action.amount))
        )
    if action.note:
        what = (
            QCoreApplication.translate("KeepAlivePanel", "%1 (%2)")
            .replace("%1", what)
            .replace("%2", action.note)
        )
    return text.replace("%2", what)


class KeepAlivePanel(QGroupBox):
    """See the module docstring.

    Signals:
        card_changed(object): a `Card` whose deadline an action changed.
    """

    card_changed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        backend: WalletBackend,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = utc_today,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend = backend
        self._today = today
        self._card: Card | None = None
        self.overview: CardKeepAlive | None = None
        self._actions: list[KeepAliveAction] = []
        self.rule_label = QLabel(self)
        self.rule_label.setWordWrap(True)
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.source_label.setTextFormat(Qt.TextFormat.RichText)
        self.source_label.setOpenExternalLinks(True)
        self.last_label = QLabel(self)
        self.last_label.setWordWrap(True)
        self.stages_label = QLabel(self)
        self.stages_label.setWordWrap(True)
        self.actions_list = QListWidget(self)
        self.actions_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.log_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.rule_button = QPushButton(self)
        self.rule_button.clicked.connect(lambda: self.open_rule_dialog())
        self.log_button.clicked.connect(lambda: self.open_log_dialog())
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.actions_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        buttons = QHBoxLayout()
        for button in (self.log_button, self.edit_button, self.remove_button, self.rule_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for label in (self.rule_label, self.source_label, self.last_label, self.stages_label):
            label.setTextInteractionFlags(
                label.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
            )
            layout.addWidget(label)
        layout.addWidget(self.actions_list)
        layout.addLayout(buttons)
        self._retranslate()
        self.show_card(None)

    # --- data ----------------------------------------------------------------------------

    def show_card(self, card: Card | None) -> None:
        """Show `card`'s rule and actions (read in the background); None hides the panel."""
        self._card = card
        self.setVisible(card is not None)
        if card is None:
            self.overview = None
            return
        card_id = card.id
        backend = self._backend

        def read() -> tuple[CardKeepAlive, list[KeepAliveAction]]:
            service = backend.keep_alive()
            return service.overview(card_id), service.actions(card_id)

        self._runner.run(
            self,
            read,
            lambda result: self._fill(card_id, *result),
            lambda error: _log.warning("keep-alive rule not read: %s", error),
            description="keep-alive rule",
        )

    def _fill(self, card_id: str, item: CardKeepAlive, actions: list[KeepAliveAction]) -> None:
        if self._card is None or self._card.id != card_id:
            return
        self.overview = item
        self._actions = list(reversed(actions))
        self._show()

    def _show(self) -> None:
        item = self.overview
        if item is None:
            return
        self.rule_label.setText(describe_rule(item.rule))
        self.source_label.setText(describe_source(item.rule, provider=item.entry is None))
        last = item.last_action
        if last is None:
            self.last_label.setText(
                QCoreApplication.translate(
                    "KeepAlivePanel",
                    "No qualifying action logged yet: the deadline counts from the day you "
                    "added the card.",
                )
            )
        else:
            text = QCoreApplication.translate(
                "KeepAlivePanel", "Last qualifying action: %1"
            ).replace("%1", describe_action(last))
            self.last_label.setText(text)
        lines = [
            QCoreApplication.translate("KeepAlivePanel", "From %1: %2")
            .replace("%1", format_date(day))
            .replace("%2", effect_text(effect))
            for day, effect in item.stages
        ]
        self.stages_label.setText("\n".join(lines))
        self.stages_label.setVisible(bool(lines))
        self.actions_list.clear()
        for action in self._actions:
            entry = QListWidgetItem(describe_action(action), self.actions_list)
            entry.setData(Qt.ItemDataRole.UserRole, action.id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.rule_button.setVisible(self.overview is not None and self.overview.entry is not None)
        chosen = self.selected_action() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def selected_action(self) -> KeepAliveAction | None:
        row = self.actions_list.currentRow()
        return self._actions[row] if 0 <= row < len(self._actions) else None

    # --- actions ---------------------------------------------------------------------------

    def open_log_dialog(
        self, *, kind: ActionKind = ActionKind.CALL, editing: KeepAliveAction | None = None
    ) -> LogActionDialog | None:
        card = self._card
        if card is None:
            return None
        dialog = LogActionDialog(
            self._runner, self._backend, card, self.window(), editing=editing, kind=kind,
            today=self._today(),
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged.connect(self._on_changed)
        dialog.open()
        return dialog

    def open_rule_dialog(self) -> RuleDialog | None:
        """Write your own rule for this card's carrier (a card of your own only)."""
        item = self.overview
        if item is None or item.entry is None:
            return None
        dialog = RuleDialog(self._runner, self._backend, item.entry, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _entry: self._reread(item.card.id))
        dialog.open()
        return dialog

    def _reread(self, card_id: str) -> None:
        backend = self._backend
        self._runner.run(
            self,
            lambda: backend.keep_alive().overview(card_id),
            self._on_changed,
            lambda error: _log.warning("keep-alive rule not read: %s", error),
            description="keep-alive rule",
        )

    def edit_selected(self) -> None:
        action = self.selected_action()
        if action is not None:
            self.open_log_dialog(editing=action)

    def remove_selected(self) -> None:
        action = self.selected_action()
        if action is None or action.id is None:
            return
        answer = QMessageBox.question(
            self,
            QCoreApplication.translate("KeepAlivePanel", "Remove action"),
            QCoreApplication.translate(
                "KeepAlivePanel", "Remove %1? The deadline is counted again without it."
            ).replace("%1", describe_action(action)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_action(action.id)

    def remove_action(self, action_id: int) -> None:
        backend = self._backend
        self._runner.run(
            self,
            lambda: backend.keep_alive().remove_action(action_id),
            self._on_changed,
            lambda error: _log.warning("action not removed: %s", error),
            description="remove action",
        )

    def _on_changed(self, result: object) -> None:
        item = result.overview if isinstance(result, LoggedAction) else result
        if isinstance(item, CardKeepAlive):
            self.card_changed.emit(item.card)
            self.show_card(item.card)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._show()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Keep-alive rule and actions"))
        self.log_button.setText(self.tr("Log keep-alive action…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.remove_button.setText(self.tr("Remove"))
        self.rule_button.setText(self.tr("Edit rule…"))
        self.actions_list.setAccessibleName(self.tr("Keep-alive actions of this card"))
