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
        data_dir.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        if stat.S_IMODE(data_dir.stat().st_mode) != PRIVATE_DIR_MODE:
            data_dir.chmod(PRIVATE_DIR_MODE)
    except OSError as error:
        raise DataDirError(data_dir, error) from None
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise DataDirError(data_dir, PermissionError(13, "Permission denied"))
    return data_dir
