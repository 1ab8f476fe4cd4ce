"""The Settings dialog: language, provider, database, refresh pace, notifications, tray,
top-up channels (the Reloadly account is edited in its own dialog: `reloadly_requested`).

The dialog edits a copy of `Settings`. "OK" validates the whole form with the settings'
own rules (`lebwallet.services.settings`); anything invalid is refused with a message next
to the buttons and nothing changes. Accepted settings are emitted with `settings_accepted`;
saving them and applying them is the caller's job.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lebwallet.services.settings import (
    MAX_REFRESH_SECONDS,
    MIN_REFRESH_SECONDS,
    NotificationKind,
    ReloadlyAccount,
    Settings,
    SettingsError,
    UrlProblem,
    check_database_url,
    check_provider_url,
)
from lebwallet.ui.accessibility import buddy_captions
from lebwallet.ui.field_messages import grow_to_fit
from lebwallet.ui.i18n import Language
from lebwallet.ui.theme import error_style


class SettingsDialog(QDialog):
    """Edit the settings (see the module docstring).

    Signals:
        settings_accepted(object): the new, valid `Settings`.
        reloadly_requested(): "Reloadly account…" was pressed (the caller opens the
            `ReloadlyAccountDialog` and gives the saved account back with `set_reloadly`).
    """

    settings_accepted = Signal(object)
    reloadly_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        calendar_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._original = settings
        self.result_settings: Settings | None = None

        self.language = QComboBox(self)
        for language in Language:
            self.language.addItem(language.native_name, language.value)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.provider_url = QLineEdit(settings.provider_url or "", self)
        self.database_url = QLineEdit(settings.database_url or "", self)
        self.refresh_seconds = QSpinBox(self)
        self.refresh_seconds.setRange(MIN_REFRESH_SECONDS, MAX_REFRESH_SECONDS)
        self.refresh_seconds.setValue(settings.refresh_seconds)
        self.start_minimised = QCheckBox(self)
        self.start_minimised.setChecked(settings.start_minimised)
        self.check_updates = QCheckBox(self)
        self.check_updates.setChecked(bool(settings.check_updates))
        self.notifications: dict[NotificationKind, QCheckBox] = {}
        self._notifications_box = QGroupBox(self)
        box_layout = QVBoxLayout(self._notifications_box)
        for kind in NotificationKind:
            check = QCheckBox(self._notifications_box)
            check.setChecked(settings.notifies(kind))
            box_layout.addWidget(check)
            self.notifications[kind] = check
        self._channels_box = QGroupBox(self)
        channels_layout = QVBoxLayout(self._channels_box)
        self.reloadly_status = QLabel(self._channels_box)
        self.reloadly_status.setWordWrap(True)
        self.reloadly_button = QPushButton(self._channels_box)
        self.reloadly_button.clicked.connect(self.reloadly_requested)
        channels_layout.addWidget(self.reloadly_status)
        channels_layout.addWidget(self.reloadly_button)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(error_style())

        self.calendar_path = QLineEdit(str(calendar_path or ""), self)
        self.calendar_path.setReadOnly(True)
        self._calendar_hint = QLabel(self)
        self._calendar_hint.setWordWrap(True)
        self._captions = [QLabel(self) for _ in range(5)]
        form = QFormLayout()
        form.addRow(self._captions[0], self.language)
        form.addRow(self._captions[1], self.provider_url)
        form.addRow(self._captions[2], self.database_url)
        form.addRow(self._captions[3], self.refresh_seconds)
        if calendar_path is not None:
            form.addRow(self._captions[4], self.calendar_path)
            form.addRow(self._calendar_hint)
        else:  # not laid out: hidden, not left lying at the dialog's corner
            for unused in (self._captions[4], self.calendar_path, self._calendar_hint):
                unused.hide()
        form.addRow(self.start_minimised)
        form.addRow(self.check_updates)
        buddy_captions(form)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons.accepted.connect(self.try_accept)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._notifications_box)
        layout.addWidget(self._channels_box)
        layout.addWidget(self.message)
        layout.addWidget(self._buttons)
        self.provider_url.textChanged.connect(lambda _text: self.message.clear())
        self.database_url.textChanged.connect(lambda _text: self.message.clear())
        self._retranslate()
        self.resize(520, self.sizeHint().height())

    def set_reloadly(self, account: ReloadlyAccount | None) -> None:
        """The Reloadly account saved meanwhile: kept by "OK", shown in the channels box."""
        self._original = self._original.model_copy(update={"reloadly": account})
        self._retranslate()

    def collect(self) -> Settings:
        """The settings in the form; `SettingsError` names the first invalid field."""
        provider = self.provider_url.text().strip()
        database = self.database_url.text().strip()
        try:
            provider_url = check_provider_url(provider) if provider else None
        except SettingsError as error:
            raise SettingsError(
                self.tr("Provider URL: %1").replace("%1", self._url_hint(error))
            ) from error
        try:
            database_url = check_database_url(database) if database else None
        except SettingsError as error:
            raise SettingsError(
                self.tr("Database URL: not a database URL SQLAlchemy understands.")
            ) from error
        values = self._original.model_dump()
        values.update(
            language=self.language.currentData(),
            provider_url=provider_url,
            database_url=database_url,
            refresh_seconds=self.refresh_seconds.value(),
            start_minimised=self.start_minimised.isChecked(),
            check_updates=self.check_updates.isChecked(),
            notifications=frozenset(k for k, box in self.notifications.items() if box.isChecked()),
        )
        try:
            return Settings.model_validate(values)
        except ValidationError as error:
            raise SettingsError(str(error)) from error

    def _url_hint(self, error: SettingsError) -> str:
        if error.url_problem is UrlProblem.PLAIN_HTTP:
            return self.tr("use https:// (plain http only for this computer).")
        if error.url_problem is UrlProblem.QUERY:
            return self.tr("remove the ?query or #fragment.")
        return self.tr("write it as https://provider.example.com.")

    def try_accept(self) -> bool:
        try:
            settings = self.collect()
        except SettingsError as error:
            self.message.setText(str(error))
            grow_to_fit(self)  # the message must not squeeze the fields
            return False
        self.result_settings = settings
        self.settings_accepted.emit(settings)
        self.accept()
        return True

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self._captions[0].setText(self.tr("&Language:"))
        self._captions[1].setText(self.tr("&Provider URL:"))
        self._captions[2].setText(self.tr("&Database URL:"))
        self._captions[3].setText(self.tr("&Refresh every:"))
        self._captions[4].setText(self.tr("Deadlines &calendar:"))
        self._calendar_hint.setText(
            self.tr(
                "The wallet keeps this iCalendar file current; subscribe to it in your "
                "calendar application to see every card's last day."
            )
        )
        self.provider_url.setPlaceholderText(self.tr("empty: the built-in sandbox (no real money)"))
        self.database_url.setPlaceholderText(
            self.tr("empty: a SQLite file in the data folder; or postgresql+psycopg://…")
        )
        self.refresh_seconds.setSuffix(self.tr(" s"))
        self.start_minimised.setText(self.tr("&Start minimised to the tray"))
        self.check_updates.setText(self.tr("Check for &updates"))
        self._notifications_box.setTitle(self.tr("Notifications"))
        texts = {
            NotificationKind.CREDITED: self.tr("Order credited"),
            NotificationKind.FAILED: self.tr("Order failed or expired"),
            NotificationKind.ACTION_NEEDED: self.tr("Payment needs my action"),
            NotificationKind.LOW_BALANCE: self.tr("Low balance"),
            NotificationKind.DEADLINE: self.tr("Keep-alive deadline in 30, 7 and 1 days"),
            NotificationKind.UPDATE: self.tr("Update available"),
            NotificationKind.SUPPORT_REPLY: self.tr("Support answered my request"),
            NotificationKind.AUTOPILOT: self.tr("What keep-alive autopilot did or needs"),
        }
        for kind, box in self.notifications.items():
            box.setText(texts[kind])
        self._channels_box.setTitle(self.tr("Top-up channels"))
        account = self._original.reloadly
        if account is None:
            self.reloadly_status.setText(
                self.tr("LEB provider: always on. Reloadly: no account added.")
            )
            self.reloadly_button.setText(self.tr("Add a Reloadly account…"))
        else:
            status = (
                self.tr("LEB provider: always on. Reloadly: account %1 (sandbox).")
                if account.sandbox
                else self.tr("LEB provider: always on. Reloadly: account %1 (live).")
            )
            self.reloadly_status.setText(status.replace("%1", account.client_id))
            self.reloadly_button.setText(self.tr("Change the Reloadly account…"))
