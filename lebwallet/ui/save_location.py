"""Where the wallet's save dialogs open: the folder the user last saved in, else the
user's documents folder — never the directory the wallet happened to be started from.

`SaveFolder` remembers the folder for the session and announces it (`changed`) so the app
keeps it in the settings (`Settings.save_folder`) for the next start. `ask_save_path`
opens a save dialog there and remembers where the user saved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QWidget


def documents_folder() -> Path:
    """The user's documents folder (the home folder when the platform names none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    return Path.home()


class SaveFolder(QObject):
    """The folder save dialogs open in (see the module docstring).

    Signals:
        changed(str): the user saved in another folder (its absolute path).
    """

    changed = Signal(str)

    def __init__(self, folder: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder = folder

    def set_folder(self, folder: str | None) -> None:
        """The remembered folder (from the settings); None: the documents folder."""
        self._folder = folder

    @property
    def folder(self) -> Path:
        """The remembered folder while it exists, else the documents folder."""
        if self._folder:
            remembered = Path(self._folder)
            if remembered.is_absolute() and remembered.is_dir():
                return remembered
        return documents_folder()

    def remember(self, saved: Path) -> None:
        """The user saved `saved`: its folder is where the next dialog opens."""
        folder = str(saved.absolute().parent)
        if folder != self._folder:
            self._folder = folder
            self.changed.emit(folder)


def ask_save_path(
    parent: QWidget, folder: SaveFolder, title: str, name: str, filters: str
) -> Path | None:
    """A save dialog on `folder` with `name` proposed; the chosen path, or None."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(folder.folder / name), filters)
    if not chosen:
        return None
    path = Path(chosen)
    folder.remember(path)
    return path
