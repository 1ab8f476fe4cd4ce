"""Ready at start-up (issue 18): what `--quit-when-ready` waits for, and what the way there
does not import."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.benchmarks.bench_startup import seed_cards

READY = re.compile(r"main window ready: store read, window built, Recharge (\w+) \(t=(\d+\.\d+)\)")
CARDS = re.compile(r"shown with (\d+) stored cards \(t=(\d+\.\d+)\)")


def _quit_when_ready(data_dir):
    result = subprocess.run(
        [sys.executable, "-m", "lebwallet", "--data-dir", str(data_dir), "--quit-when-ready"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return (data_dir / "logs" / "lebwallet.log").read_text(encoding="utf-8")


def test_ready_means_store_read_window_built_and_recharge_enabled(tmp_path):
    """Ready is logged with its time, after the stored cards, once Recharge works on the
    selected card (the window's whole, the store opened); with no card there is none."""
    seed_cards(tmp_path / "full", 3)
    log = _quit_when_ready(tmp_path / "full")
    ready = READY.findall(log)
    cards = CARDS.findall(log)
    assert ready, log
    assert cards, log
    assert ready[-1][0] == "enabled"
    assert float(ready[-1][1]) >= float(cards[-1][1])
    empty = _quit_when_ready(tmp_path / "empty")
    assert READY.findall(empty)[-1][0] == "unavailable"


def test_the_store_read_freezes_the_start_without_a_full_collection(qtbot, tmp_path, monkeypatch):
    """The start's objects are frozen out of the collector's passes once the store is read,
    without a full collection first: it freed ~100 objects and held the GUI thread ~100 ms
    (200 with 1,000 cards on a loaded machine) just before ready."""
    import gc

    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.settings import load_settings
    from lebwallet.ui.wallet_app import WalletApp
    from tests.support.keyrings import MemoryKeyring

    seed_cards(tmp_path, 3)
    full: list[int] = []
    collect = gc.collect

    def counting(generation: int = 2) -> int:
        if generation == 2:
            full.append(generation)
        return collect(generation)

    app = WalletApp(tmp_path, load_settings(tmp_path), credentials=CredentialStore(MemoryKeyring()))
    try:
        qtbot.addWidget(app.window)
        gc.unfreeze()
        monkeypatch.setattr(gc, "collect", counting)
        with qtbot.wait_signal(app.window.store_read, timeout=20_000):
            app.start(connect=False)
        assert gc.get_freeze_count() > 0
        assert full == []
    finally:
        monkeypatch.undo()
        gc.unfreeze()
        app.shutdown()


def test_the_objects_of_the_first_paint_are_frozen_once_the_cards_are_painted(tmp_path):
    """The collector's timer starts when the cards are painted; its first pass would walk
    every object the start made so far (~100,000, gc being off until then: ~90 ms in the
    middle of the start). Those live as long as the app, so they are frozen first."""
    seed_cards(tmp_path, 3)
    script = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        "from lebwallet.app import EarlySettings, _Boot\n"
        "gc.disable()\n"
        f"boot = _Boot(Path({str(tmp_path)!r}), EarlySettings(), None, quit_when_ready=True)\n"
        "seen = []\n"
        "boot.window.cards_painted.connect(lambda: seen.append(gc.get_freeze_count()))\n"
        "code = boot.exec()\n"
        "print(code, seen)\n"
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env
    )
    code, seen = result.stdout.split(" ", 1)
    assert code == "0", result.stderr
    frozen = [int(n) for n in seen.strip(" []\n").split(",")]
    assert len(frozen) == 1
    assert frozen[0] > 10_000


def test_ready_imports_no_provider_client_sandbox_or_alembic(tmp_path):
    """What ready needs is the store, the settings and the window: the provider's client and
    wire schemas (requests, pydantic models), the sandbox (Flask), the keyring and Alembic
    load later, in the background, when the sign-in needs them; segno with the first QR
    code to show."""
    seed_cards(tmp_path, 3)
    script = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        "from lebwallet.app import EarlySettings, _Boot\n"
        f"boot = _Boot(Path({str(tmp_path)!r}), EarlySettings(), None, quit_when_ready=True)\n"
        "code = boot.exec()\n"
        "heavy = {'requests', 'flask', 'alembic', 'keyring', 'lebwallet.provider.wire',\n"
        "         'lebwallet.provider.client', 'lebwallet.sandbox.server', 'segno'}\n"
        "print(code, sorted(heavy & set(sys.modules)))\n"
    )
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.stdout.strip() == "0 []", result.stderr[-2000:]
