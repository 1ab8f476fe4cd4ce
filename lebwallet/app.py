"""The composition root: builds the wallet's parts and starts Qt.

`run(args)` (args.data_dir: Path | None, args.quit_when_ready: bool) starts in three steps,
each after the previous one is on screen (`_Boot`), so that what the user sees first costs
no more than Qt itself:

1. the data directory (``--data-dir`` or the platform's user data dir), the settings file
   read with `json` alone (language, provider and database choice; it is validated in step
   3), the Qt application, the single-instance guard, and the main window's frame
   (`MainWindow(defer=True)`: menus, toolbar, tabs, an empty cards table). Only Qt and the
   standard library are imported before this first paint (the colour scheme is read after);
2. the stored cards, read from the SQLite store read-only with `sqlite3` on a pool thread
   (`read_stored_cards`: no SQLAlchemy, no migration), painted in the cards table;
3. `WalletApp`: logging, the validated settings (pydantic; a problem is shown now), `Wallet`
   — the `WalletBackend` over the store (SQLite in the data directory unless ``database_url``
   is set), the provider (the embedded sandbox on a free loopback port with its data under
   ``<data dir>/sandbox`` unless ``provider_url`` is set) and the keyring — and the rest of
   the window (details pane, history, status bar), the tray; the store's own read replaces
   the cards in place; then the sign-in is restored from the keyring or the welcome dialog
   asks for it, and a sync follows. Everything slow in it — opening and migrating the store,
   starting the sandbox, the network, the keyring — happens on the runner's threads.

``--quit-when-ready`` exits 0 once the window is ready (issue 18): it has shown the stored
cards (step 2), the store itself has been opened (migrated if need be) and read, the whole
window is built and Recharge is enabled on the selected card (step 3); it does not contact
any provider. The moments are logged with their time ("first paint (t=…)", "shown with N
stored cards (t=…)", "main window ready: … (t=…)") for the start-up benchmark.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from lebwallet.data_dir import DataDirError, default_data_dir, prepare_data_dir
from lebwallet.instance_lock import InstanceLock, NoLocking, try_instance_lock
from lebwallet.ui.main_window import MainWindow

# Start-up speed: only Qt and the window's frame are imported before the first paint (see
# the module docstring), and nothing touches PySide6's `Qt` namespace before it (~25 ms).
# The domain (phonenumbers), the settings (pydantic), the provider client (requests), the
# keyring, the store (SQLAlchemy, Alembic), the sandbox (Flask), the panes and the dialogs
# are imported where they are first used.
if TYPE_CHECKING:
    from lebwallet.services.wallet_api import CardsSnapshot
    from lebwallet.ui.single_instance import SingleInstance
    from lebwallet.ui.tasks import TaskRunner
    from lebwallet.ui.wallet_app import WalletApp

_log = logging.getLogger(__name__)

SETTINGS_FILE: Final = "settings.json"
"""`lebwallet.services.settings.SETTINGS_FILE`, repeated so step 1 needs no pydantic."""
READY_TIMEOUT_MS: Final = 60_000
LISTEN_WAIT_S: Final = 5.0
"""How long a second start waits for the first one (still starting) to listen."""


def install_language_of(app: QApplication, data_dir: Path, code: str) -> str:
    from lebwallet.ui.i18n import install_language_in

    return install_language_in(app, data_dir, code)


# --- the start in steps (see the module docstring) ---------------------------------------------


class EarlySettings(NamedTuple):
    """What the first paint needs from the settings file, read without validating it.

    Anything unexpected gives the default here; `load_settings` checks the file properly in
    step 3 and tells the user about a problem then."""

    language: str = "en"
    uses_sandbox: bool = True
    default_store: bool = True
    """No ``database_url``: the store is the SQLite file in the data directory."""
    start_minimised: bool = False


def read_early_settings(data_dir: Path) -> EarlySettings:
    from lebwallet.services.files import MAX_SETTINGS_BYTES, parse_json, read_small_text

    try:
        raw = parse_json(read_small_text(data_dir / SETTINGS_FILE, MAX_SETTINGS_BYTES))
    except (OSError, ValueError):  # UnreadableFile is a ValueError
        return EarlySettings()
    if not isinstance(raw, dict):
        return EarlySettings()

    def is_set(key: str) -> bool:
        value = raw.get(key)
        return isinstance(value, str) and bool(value.strip())

    language = raw.get("language")
    return EarlySettings(
        language=language if language in ("en", "zh_CN") else "en",
        uses_sandbox=not is_set("provider_url"),
        default_store=not is_set("database_url"),
        start_minimised=raw.get("start_minimised") is True,
    )


class _Boot(QObject):
    """Steps 1 to 3 of the start; owns the runner and the window until `WalletApp` takes them."""

    def __init__(
        self,
        data_dir: Path,
        early: EarlySettings,
        guard: SingleInstance | None,
        *,
        quit_when_ready: bool,
    ) -> None:
        super().__init__()
        existing = QApplication.instance()
        self.qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
        self.qt_app.setApplicationName("LEB Wallet")
        self.qt_app.setOrganizationName("lebwallet")
        self.data_dir = data_dir
        self.early = early
        self.guard = guard
        self.quit_when_ready = quit_when_ready
        self.exit_code = 0
        self.app: WalletApp | None = None  # step 3
        self._collector: QObject | None = None
        self.runner: TaskRunner | None = None
        self._first_paint_at: float | None = None
        self._first_paint_cpu = 0.0
        self._logged = False
        if early.language != "en":
            # The English translation adds only plural forms, none of them in the frame: it is
            # installed at the first paint, before the cards.
            install_language_of(self.qt_app, data_dir, early.language)
        self.window = MainWindow(None, None, sandbox=early.uses_sandbox, defer=True)
        self.window.first_painted.connect(self._on_first_paint)
        self.window.cards_painted.connect(self._on_cards_painted)

    def exec(self) -> int:
        if self.early.start_minimised and not self.quit_when_ready:
            QTimer.singleShot(0, self, self._start_app)  # WalletApp shows it (or the tray)
        else:
            self.window.show()
        if self.quit_when_ready:
            QTimer.singleShot(READY_TIMEOUT_MS, self, self._not_ready)
        code = self.qt_app.exec()
        self.shutdown()
        return self.exit_code or code

    # step 2

    def _on_first_paint(self) -> None:
        self._first_paint_at = time.time()
        self._first_paint_cpu = time.process_time()  # for the start-up benchmark
        from lebwallet.ui.tasks import TaskRunner
        from lebwallet.ui.theme import follow_colour_scheme

        follow_colour_scheme(self.qt_app)  # after the first paint: see its docstring

        if self.app is not None:
            return  # started minimised: the app has read the store itself
        self.runner = TaskRunner(self)
        # Before the cards: the language change it posts is handled while they are read.
        install_language_of(self.qt_app, self.data_dir, self.early.language)
        self.runner.run(
            self,
            self._read_cards,
            self._on_stored_cards,
            self._on_stored_cards_failed,
            description="read stored cards",
        )

    def _read_cards(self) -> CardsSnapshot | None:
        from lebwallet.services.stored_cards import read_stored_cards

        if not self.early.default_store:
            return None  # another database: only the store itself reads it
        return read_stored_cards(self.data_dir)

    def _on_stored_cards(self, snapshot: CardsSnapshot | None) -> None:
        if self.app is not None:
            return
        if snapshot is None:
            self._start_app()  # the store's own read paints the cards
            return
        self.window.show_stored_cards(snapshot)

    def _on_stored_cards_failed(self, error: Exception) -> None:
        _log.warning("stored cards not read directly: %s", error)
        self._on_stored_cards(None)

    def _on_cards_painted(self) -> None:
        cards_at = time.time()
        self._collect_on_gui_thread()
        self._configure_logging()
        painted = self._first_paint_at or cards_at
        _log.info("main window first paint (t=%.3f, cpu=%.3f)", painted, self._first_paint_cpu)
        _log.info(
            "main window shown with %d stored cards (t=%.3f)",
            self.window.cards_model.rowCount(),
            cards_at,
        )
        if self.app is None:
            # With --quit-when-ready too: it exits once the store itself has been read.
            QTimer.singleShot(0, self, self._start_app)

    def _import_store(self, default_store: bool) -> None:
        """Import the store's modules (SQLAlchemy: ~0.3 s) on a pool thread while the rest
        of the window is built on this one; the store's own read then finds them loaded
        (issue 18). Only once the settings have imported pydantic here: with both imports
        at once, 1 start in ~15 failed ("partially initialized module
        pydantic._internal._validators": PySide's import hook inspects each new module, and
        pydantic's lazy module attributes import on that inspection)."""
        if self.runner is None or not default_store:
            return
        self.runner.run(
            self,
            _import_store_modules,
            lambda _none: None,
            lambda error: _log.debug("store modules not imported ahead: %s", error),
            description="import the store's modules",
        )

    def _not_ready(self) -> None:
        _log.error("the main window did not become ready in time")
        self.exit_code = 1
        self.qt_app.exit(1)

    # step 3

    def _configure_logging(self) -> None:
        if not self._logged:
            from lebwallet.services.logs import configure_logging

            configure_logging(self.data_dir)
            self._logged = True

    def _collect_on_gui_thread(self) -> None:
        """End the start-up's pause of the garbage collector: from now on it runs on the GUI
        thread only (`ui.garbage`), never in a worker thread that would destroy Qt objects.
        What the start made so far (modules, the window, the cards) lives as long as the app
        and is frozen out of the collector's passes first: the timer's first pass would walk
        it all (~100,000 objects, ~90 ms in the middle of the start; issue 18)."""
        if self._collector is None:
            from lebwallet.ui.garbage import GuiThreadCollector

            gc.freeze()

            self._collector = GuiThreadCollector(self.qt_app)

    def _start_app(self) -> None:
        from lebwallet.services.settings import load_settings

        if self.app is not None:
            return
        from lebwallet.ui.theme import follow_colour_scheme

        follow_colour_scheme(self.qt_app)  # once; started minimised: before anything shows
        self._collect_on_gui_thread()
        self._configure_logging()
        loaded = load_settings(self.data_dir)
        if loaded.problem:
            _log.warning("settings: %s", loaded.problem)
        self._import_store(loaded.settings.database_url is None)
        from lebwallet.ui.wallet_app import WalletApp

        if self.guard is None:
            # This process holds the data directory's file lock (step 1): now listen for a
            # later instance's "come forward" (QtNetwork is imported only now).
            from lebwallet.ui.single_instance import SingleInstance

            self.guard = SingleInstance(self.data_dir)
            self.guard.acquire()
        app = WalletApp(
            self.data_dir,
            loaded,
            quit_when_ready=self.quit_when_ready,
            guard=self.guard,
            window=self.window,
            runner=self.runner,
        )
        self.app = app
        app.start()

    def shutdown(self) -> None:
        if self.app is not None:
            self.app.shutdown()
            return
        if self.runner is not None:
            self.runner.shutdown(10_000)
        self.window.close()
        if self.guard is not None:
            self.guard.release()


def _import_store_modules() -> None:
    import lebwallet.store.engine
    import lebwallet.store.queries  # noqa: F401


def run(args: argparse.Namespace) -> int:
    """Start the wallet window; returns the process exit code."""
    # No cyclic garbage collection until the stored cards are painted (or the start goes the
    # long way): start-up allocates much and frees little, and the collector's passes over
    # it cost tens of ms. The `lebwallet` command turns it off before Qt's import already.
    gc.disable()
    try:
        return _run(args)
    finally:
        gc.enable()


def _acquire_or_raise(guard: SingleInstance, *, lock_held_elsewhere: bool) -> bool:
    """True: run. False: a running wallet was asked to come forward. While the other
    instance is still starting (it holds the lock but does not listen yet), ask again for a
    moment rather than start a second wallet on the same data."""
    deadline = time.monotonic() + (LISTEN_WAIT_S if lock_held_elsewhere else 0.0)
    while True:
        if not guard.acquire():
            return False
        if not lock_held_elsewhere:
            return True
        guard.release()  # we listened only because the holder is not listening yet
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def _prepare_data_dir(args: argparse.Namespace) -> tuple[Path, InstanceLock | NoLocking | None]:
    """The data directory, made if need be, and its instance lock (see `try_instance_lock`).
    Raises `DataDirError` when it cannot be made or written (`OSError` for anything else)."""
    data_dir: Path = args.data_dir if args.data_dir is not None else default_data_dir()
    data_dir = data_dir.expanduser().resolve()
    prepare_data_dir(data_dir)  # private (0700); `DataDirError` when it cannot be written
    return data_dir, try_instance_lock(data_dir)


def _no_display() -> str | None:
    """Why Qt would find no display to open a window on (Linux without X11 or Wayland, and
    no platform chosen), or None. Qt itself would abort with a page of messages."""
    import os

    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return "neither DISPLAY nor WAYLAND_DISPLAY is set"


def _run(args: argparse.Namespace) -> int:
    missing = None if QApplication.instance() is not None else _no_display()
    if missing is not None:
        print(
            f"lebwallet: no display to open the window on ({missing}); start it in a desktop "
            "session (lebwallet --self-test checks an installation without one)",
            file=sys.stderr,
        )
        return 1
    try:
        data_dir, lock = _prepare_data_dir(args)
    except DataDirError as error:
        print(f"lebwallet: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        where = error.filename if error.filename is not None else args.data_dir
        reason = error.strerror or str(error)
        print(f"lebwallet: cannot use the data directory {where}: {reason}", file=sys.stderr)
        return 1
    early = read_early_settings(data_dir)
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        QApplication(sys.argv[:1])
    guard: SingleInstance | None = None
    if not isinstance(lock, InstanceLock):
        # Another wallet holds the lock (or this OS has none): the QLocalServer guard asks
        # it to come forward, or takes over a name a crashed instance left.
        from lebwallet.ui.single_instance import SingleInstance

        guard = SingleInstance(data_dir)
        if not _acquire_or_raise(guard, lock_held_elsewhere=lock is None):
            print("LEB Wallet is already running with this data directory.")
            return 0
    boot = _Boot(
        data_dir,
        early,
        guard,
        quit_when_ready=bool(getattr(args, "quit_when_ready", False)),
    )
    return boot.exec()
