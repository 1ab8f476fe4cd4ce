"""Help → About: the version, the licence, and where the wallet keeps its data and logs.

Each folder has a button that opens it in the desktop's file manager; when that fails the
dialog says so (`open_failed`) instead of doing nothing.

Signals:
    open_failed(str): a folder could not be opened; the argument is the folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lebwallet import APP_NAME, __version__
from lebwallet.ui.theme import error_style

LICENCE = "MIT"


def _open_folder(path: Path) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class AboutDialog(QDialog):
    """About LEB Wallet (see the module docstring)."""

    open_failed = Signal(str)

    def __init__(
        self,
        data_dir: Path,
        log_dir: Path,
        parent: QWidget | None = None,
        *,
        open_folder: Callable[[Path], bool] = _open_folder,
    ) -> None:
        """`open_folder` opens a folder and says whether it could (the desktop's by default)."""
        super().__init__(parent)
        self.data_dir = data_dir
        self.log_dir = log_dir
        self._open_folder = open_folder
        self._title = QLabel(self)
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self._title.setFont(font)
        self._summary = QLabel(self)
        self._summary.setWordWrap(True)
        self.version = QLabel(__version__, self)
        self.licence = QLabel(LICENCE, self)
        self.data_label = QLabel(str(data_dir), self)
        self.log_label = QLabel(str(log_dir), self)
        for label in (self.version, self.data_label, self.log_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_data = QPushButton(self)
        self.open_logs = QPushButton(self)
        self.open_data.clicked.connect(lambda: self.open_path(self.data_dir))
        self.open_logs.clicked.connect(lambda: self.open_path(self.log_dir))
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(error_style())
        self.problem.setVisible(False)

        self._form = QFormLayout()
        self._version_caption = QLabel(self)
        self._licence_caption = QLabel(self)
        self._data_caption = QLabel(self)
        self._log_caption = QLabel(self)
        self._form.addRow(self._version_caption, self.version)
        self._form.addRow(self._licence_caption, self.licence)
        for caption, label, button in (
            (self._data_caption, self.data_label, self.open_data),
            (self._log_caption, self.log_label, self.open_logs),
        ):
            row = QHBoxLayout()
            row.addWidget(label, 1)
            row.addWidget(button)
            self._form.addRow(caption, row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._summary)
        layout.addLayout(self._form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._retranslate()

    @classmethod
    def for_data_dir(cls, data_dir: Path, parent: QWidget | None = None) -> AboutDialog:
        """The dialog of the wallet whose data (and logs) live in `data_dir`."""
        from lebwallet.services.logs import log_path

        return cls(data_dir, log_path(data_dir).parent, parent)

    def open_path(self, path: Path) -> bool:
        """Open `path` in the file manager; say so in the dialog when that fails."""
        try:
            opened = self._open_folder(path)
        except OSError:
            opened = False
        if opened:
            self.problem.setVisible(False)
            return True
        self.problem.setText(
            self.tr("The folder could not be opened. Its path is %1").replace("%1", str(path))
        )
        self.problem.setVisible(True)
        self.open_failed.emit(str(path))
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("About LEB Wallet"))
        self._title.setText(APP_NAME)
        self._summary.setText(
            self.tr("Keeps prepaid SIM and eSIM numbers alive: balances, deadlines and top-ups.")
        )
        self._version_caption.setText(self.tr("Version:"))
        self._licence_caption.setText(self.tr("Licence:"))
        self._data_caption.setText(self.tr("Data folder:"))
        self._log_caption.setText(self.tr("Log folder:"))
        self.open_data.setText(self.tr("Open"))
        self.open_logs.setText(self.tr("Open"))


def open_about(data_dir: Path, parent: QWidget | None = None) -> AboutDialog:
    """Show Help → About for the wallet in `data_dir` (window-modal, deleted when closed)."""
    dialog = AboutDialog.for_data_dir(data_dir, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
