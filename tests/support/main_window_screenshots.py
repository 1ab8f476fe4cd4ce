"""Screenshots of the main window in English and 简体中文 for the README.

    .venv/bin/python -m tests.support.main_window_screenshots resources/screenshots

Runs the real app (`WalletApp`, embedded sandbox, an in-memory keyring) in a temporary data
directory (offscreen unless QT_QPA_PLATFORM is set), signs in as the demo user, selects the
eSIM card and writes main-window.png, main-window-dark.png (the desktop asking for a dark
colour scheme) and main-window-zh_CN.png. With QT_SCALE_FACTOR=2 (set before the run, as Qt
reads it at start) it writes main-window-200.png only:

    QT_SCALE_FACTOR=2 .venv/bin/python -m tests.support.main_window_screenshots DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QWidget

from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import load_settings, save_settings
from lebwallet.ui.theme import apply_colour_scheme
from lebwallet.ui.wallet_app import WalletApp
from tests.support.keyrings import MemoryKeyring


def _wait(until: Callable[[], object], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def _settle(seconds: float = 0.5) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def _save(widget: QWidget, path: Path) -> None:
    _settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)


@contextmanager
def signed_in_demo_app(width: int, height: int) -> Iterator[WalletApp]:
    """The real app in a temporary data directory, British English, signed in to the embedded
    sandbox as the demo user with its three cards shown and the refresher running."""
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        settings = load_settings(data_dir).settings.model_copy(update={"check_updates": False})
        save_settings(data_dir, settings)
        app = WalletApp(
            data_dir, load_settings(data_dir), credentials=CredentialStore(MemoryKeyring())
        )
        try:
            app.window.resize(width, height)
            app.start()
            _wait(lambda: app.welcome is not None)
            assert app.welcome is not None
            app.welcome.sign_in_button.click()
            _wait(lambda: app.window.cards_model.rowCount() == 3 and app.refresher is not None)
            yield app
        finally:
            app.shutdown()


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    qt_app = QApplication.instance() or QApplication([])
    assert isinstance(qt_app, QApplication)
    scaled = os.environ.get("QT_SCALE_FACTOR", "1") not in ("", "1")
    with signed_in_demo_app(1100, 720) as app:
        _wait(lambda: app.window.select_card("card_demo_hk"))
        if scaled:
            _save(app.window, out / "main-window-200.png")
            return 0
        _save(app.window, out / "main-window.png")
        apply_colour_scheme(qt_app, Qt.ColorScheme.Dark)
        _save(app.window, out / "main-window-dark.png")
        apply_colour_scheme(qt_app, Qt.ColorScheme.Light)
        app.update_settings(app.settings.model_copy(update={"language": "zh_CN"}))
        _wait(lambda: app.window.tabs.tabText(0) == "卡片")
        _save(app.window, out / "main-window-zh_CN.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
