"""The app's settings, from the window: `SettingsFlow`.

The settings dialog (it asks for the Reloadly account dialog), the folder save dialogs open in, and
`update_settings`: new settings saved through the services and taken at once — the language
switched, the follower's pace, the sandbox banner — and when the provider or the database
moved, the old session and its follower ended and the sign-in restored or asked again. A
settings file that cannot be read or written is said in a box, one modal at a time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from lebwallet.ui.i18n import install_language_in

if TYPE_CHECKING:
    from lebwallet.services.assembly import WalletServices
    from lebwallet.services.settings import Settings
    from lebwallet.ui.live_updates import LiveUpdates
    from lebwallet.ui.main_window import MainWindow
    from lebwallet.ui.modal_queue import ModalQueue
    from lebwallet.ui.notice_center import NoticeCenter
    from lebwallet.ui.session_flow import SessionFlow
    from lebwallet.ui.settings_dialog import SettingsDialog
    from lebwallet.ui.tasks import TaskRunner


class SettingsFlow(QObject):
    """See the module docstring.

    Signals:
        reloadly_account_requested(object): the settings dialog (`SettingsDialog`) asks for
            the Reloadly account dialog over it.
    """

    reloadly_account_requested = Signal(object)

    def __init__(
        self,
        qt_app: QApplication,
        window: MainWindow,
        runner: TaskRunner,
        services: WalletServices,
        modals: ModalQueue,
        notices: NoticeCenter,
        live: LiveUpdates,
        session: SessionFlow,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._qt_app = qt_app
        self._data_dir: Path = services.data_dir
        self._window = window
        self._runner = runner
        self._services = services
        self._modals = modals
        self._notices = notices
        self._live = live
        self._session = session
        self.problem_box: QMessageBox | None = None
        """The last box that said the settings could not be used or saved."""
        window.save_folder.set_folder(services.settings.save_folder)
        window.save_folder.changed.connect(self._remember_save_folder)
        window.settings_requested.connect(self.open_settings)

    def open_settings(self) -> SettingsDialog:
        from lebwallet.services.calendar import CALENDAR_FILE
        from lebwallet.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self._services.settings, self._window, calendar_path=self._data_dir / CALENDAR_FILE
        )
        dialog.settings_accepted.connect(self.update_settings)
        dialog.reloadly_requested.connect(lambda: self.reloadly_account_requested.emit(dialog))
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _remember_save_folder(self, folder: str) -> None:
        self.update_settings(self._services.settings.model_copy(update={"save_folder": folder}))

    def update_settings(self, new: Settings) -> None:
        """Save `new`, switch language at once, reconnect if the provider or store moved."""
        from lebwallet.ui.icons import ConnectionState

        try:
            change = self._services.apply_settings(new)  # the next request uses the new parts
        except OSError as error:
            self.show_problem(str(error))
            return
        if new.refresh_seconds != change.old.refresh_seconds:
            self._live.set_normal_seconds(new.refresh_seconds)
        if change.language_changed:
            self.install_language(new.language)
            self._notices.show()
        self._window.set_sandbox(new.uses_sandbox)
        if not change.moved:
            return
        # Another provider or database: the refresher and the session belong to the old one.
        self._live.stop_refresher()
        self._session.forget()
        self._window.set_connection_state(ConnectionState.OFFLINE, None)
        self._window.load_cards()
        self._runner.run(
            self, change.release, lambda _none: None, description="release old provider"
        )
        if self._session.welcome is None:
            QTimer.singleShot(0, self._session, self._session.connect_provider)

    def install_language(self, code: str) -> str:
        """Qt's and the wallet's texts in `code` (`en`, `zh_CN`); the provider's too."""
        language = install_language_in(self._qt_app, self._data_dir, code)
        self._services.wallet.set_language(language)
        return language

    def show_problem(self, problem: str) -> None:
        """The settings could not be used (at start) or saved: said in a box."""
        from lebwallet.ui.start_messages import settings_problem_box

        box = settings_problem_box(self._window, problem)
        self._modals.show(box)
        self.problem_box = box
