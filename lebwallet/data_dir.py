"""Where the wallet keeps its data by default: the per-user data directory (platformdirs),
e.g. ``~/.local/share/lebwallet`` on Linux. ``--data-dir DIR`` replaces it everywhere.

Light on purpose: the window's start reads it before its first paint, and platformdirs
(~5 ms) is imported only when no ``--data-dir`` is given.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

APP_DIR_NAME = "lebwallet"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


class DataDirError(Exception):
    """The data directory cannot be used; the message is one line for the user."""

    def __init__(self, data_dir: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(
            f"The data directory {data_dir} cannot be written ({reason}). "
            "Make it writable, or choose another with --data-dir DIR."
        )
        self.data_dir = data_dir


def default_data_dir() -> Path:
    """The wallet's data directory when ``--data-dir`` is not given (not created here)."""
    import platformdirs

    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def prepare_data_dir(data_dir: Path) -> Path:
    """Create `data_dir` if need be and keep it private to the user (0700: it holds card
    numbers and eSIM activation codes). `DataDirError` when it cannot be created or written."""
    try:
        private_dir(data_dir)
    except OSError as error:
        raise DataDirError(data_dir, error) from None
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise DataDirError(data_dir, PermissionError(13, "Permission denied"))
    return data_dir


def private_dir(path: Path) -> Path:
    """`path` as a directory only its owner can enter (0700), created with its parents if
    need be; an existing one with wider rights is narrowed. Raises `OSError`."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """`path` as a file only its owner can read (0600): created empty when missing (before
    SQLite or a log handler opens it, so it is never readable by others even for a moment),
    narrowed when an older version left it wider. Raises `OSError`."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) != PRIVATE_FILE_MODE:
            path.chmod(PRIVATE_FILE_MODE)
    return path


def private_sqlite_file(path: Path) -> Path:
    """`private_file` for a SQLite database and the WAL and SHM files beside it (SQLite
    creates those with the database file's mode)."""
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            private_file(companion)
    return path
