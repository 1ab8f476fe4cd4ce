"""Where the wallet keeps its data by default: the per-user data directory (platformdirs),
e.g. ``~/.local/share/lebwallet`` on Linux. ``--data-dir DIR`` replaces it everywhere.

Light on purpose: the window's start reads it before its first paint, and platformdirs
(~5 ms) is imported only when no ``--data-dir`` is given.
"""

from __future__ import annotations

from pathlib import Path

APP_DIR_NAME = "lebwallet"


def default_data_dir() -> Path:
    """The wallet's data directory when ``--data-dir`` is not given (not created here)."""
    import platformdirs

    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)
