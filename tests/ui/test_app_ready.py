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
