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
    assert ready and cards, log
    assert ready[-1][0] == "enabled"
    assert float(ready[-1][1]) >= float(cards[-1][1])
    empty = _quit_when_ready(tmp_path / "empty")
    assert READY.findall(empty)[-1][0] == "unavailable"
