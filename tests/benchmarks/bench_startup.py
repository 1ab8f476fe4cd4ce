"""Start-up benchmark: `lebwallet --quit-when-ready` against a bare PySide6 window (issue 18).

Run: `.venv/bin/python -m tests.benchmarks.bench_startup [--runs 7]` (or `.venv/bin/pytest
tests/benchmarks/bench_startup.py -s`). Every sample is a fresh process on the same Qt
platform (offscreen unless QT_QPA_PLATFORM is set); times are wall clock from spawn, and a
paint counts once it is done (the event loop's next turn after the table's viewport got its
first Paint event, in both the bare script and the wallet):

- bare: a script that shows a QMainWindow with a QTableView; its first paint;
- lebwallet, 0 cards: `lebwallet --data-dir D --quit-when-ready` (the installed command) on an
  empty store: the window's first paint, the moment the (empty) store's cards are painted,
  and ready;
- lebwallet, 1,000 cards: the same with 1,000 cards in the store.

Ready is what the user needs to act: the store opened (migrated if need be) and read, the
whole window built (details, history, status bar, tray) and Recharge enabled on the
selected card (`WalletApp._ready`; with no card, Recharge stays unavailable).

The wallet logs the three moments ("first paint (t=…)", "shown with N stored cards (t=…)",
"main window ready: … (t=…)") in its log file, with the process's CPU time at the first
paint (`time.process_time`); the bare script prints its paint time and CPU time.
Prints medians and the ratios to the bare window's paint (targets: first paint <= 1.1x,
cards painted <= 1.5x, ready <= 3x), the time to exit, and the load average (the machine's
load moves the times; the ratios, from interleaved processes, move much less). One
unmeasured warm-up run of each comes first (file caches, the translation cache in the data
dir, the store's migration on first open).

Like an installed copy (pip, the .deb and PyInstaller all ship bytecode), the package's
modules are byte-compiled first (`compileall` into the git-ignored ``__pycache__``
directories), so a run does not compile them from source again when PYTHONDONTWRITEBYTECODE
is set; `--source` skips that step (modules with no up-to-date bytecode are then compiled
at every start).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

RUNS: Final = 7
SETTLE_S: Final = 0.5
CARDS: Final = 1_000

BARE_WINDOW = """
import sys
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

app = QApplication(sys.argv[:1])
window = QMainWindow()
table = QTableView(window)
window.setCentralWidget(table)

def painted_done():
    print(f"t={time.time():.3f} cpu={time.process_time():.3f}", flush=True)
    app.quit()

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, painted_done)  # once this paint is done, as the wallet logs it
        return False

painted = Painted()
table.viewport().installEventFilter(painted)
window.resize(1100, 720)
window.show()
sys.exit(app.exec())
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


_STAMP: Final = re.compile(r"t=(\d+\.\d+)")
_CPU: Final = re.compile(r"cpu=(\d+\.\d+)")
_WALLET_STAMPS: Final = (
    re.compile(r"first paint \(t=(\d+\.\d+)[,)]"),
    re.compile(r"shown with \d+ stored cards \(t=(\d+\.\d+)\)"),
    re.compile(r"main window ready: .* \(t=(\d+\.\d+)\)"),
)
TARGETS: Final = {"paint": 1.1, "cards": 1.5, "ready": 3.0}
"""The issue's targets, as ratios to the bare window's first paint."""


def _stamps(text: str) -> list[float]:
    return [float(m) for m in _STAMP.findall(text)]


def _wallet_stamps(text: str) -> list[float]:
    return [float(pattern.findall(text)[-1]) for pattern in _WALLET_STAMPS]


def _run(command: list[str], log: Path | None) -> tuple[float, ...]:
    """(first paint, cards painted, ready, exit) seconds after spawn, then the process's CPU
    time at its first paint; the bare window has only (first paint, exit, CPU)."""
    if log is not None:
        log.unlink(missing_ok=True)
    started = time.time()
    result = subprocess.run(command, env=_env(), check=True, capture_output=True, timeout=120)
    ended = time.time()
    text = result.stdout.decode() if log is None else log.read_text("utf-8")
    stamps = _stamps(text) if log is None else _wallet_stamps(text)
    cpu = float(_CPU.findall(text)[-1])
    return (*(stamp - started for stamp in stamps[-3:]), ended - started, cpu)


def _wallet(data_dir: Path) -> list[str]:
    """The installed `lebwallet` command (the console script next to this interpreter), or
    ``python -m lebwallet`` where there is none."""
    script = Path(sys.executable).with_name("lebwallet")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "lebwallet"]
    return [*command, "--data-dir", str(data_dir), "--quit-when-ready"]


def seed_cards(data_dir: Path, count: int) -> None:
    """`count` cards in the wallet's store, written through the store's own upsert."""
    from lebwallet.domain.identifiers import luhn_check_digit
    from lebwallet.provider import wire
    from lebwallet.services.card_rows import prepare_card_page
    from lebwallet.store.engine import default_sqlite_url, open_store
    from lebwallet.store.writes import upsert_cards

    now = datetime.now(UTC)
    cards = []
    for i in range(count):
        payload = f"894411{i:012d}"
        last = now - timedelta(days=i % 200)
        cards.append(
            wire.Card.model_validate(
                {
                    "id": f"card_{i:05d}",
                    "label": f"Card {i}",
                    "iccid": payload + luhn_check_digit(payload),
                    "msisdn": None,
                    "carrier": "Bench Mobile UK",
                    "region": "GB",
                    "currency": "GBP",
                    "balance": {"value": f"{i % 50}.{i % 100:02d}", "currency": "GBP"},
                    "is_esim": False,
                    "activation_code": None,
                    "keep_alive": {
                        "minimum_topup": {"value": "10.00", "currency": "GBP"},
                        "period_days": 180,
                    },
                    "last_qualifying_topup_at": last.isoformat(),
                    "deadline": (last + timedelta(days=180)).isoformat(),
                    "status": "active",
                    "updated_at": now.isoformat(),
                    "sandbox": True,
                }
            )
        )
    store = open_store(default_sqlite_url(data_dir))
    try:
        with store.session() as session:
            upsert_cards(session, prepare_card_page(cards), synced_at=now)
    finally:
        store.dispose()


def compile_package() -> None:
    """Byte-compile the lebwallet package as an installer would."""
    import lebwallet

    compileall.compile_dir(Path(lebwallet.__file__).parent, quiet=1)


def measure(runs: int = RUNS, *, bytecode: bool = True) -> dict[str, float]:
    """Medians, in seconds: bare_paint, bare_exit, bare_cpu, and for n in (0, 1000):
    wallet_<n>_paint, wallet_<n>_cards, wallet_<n>_ready, wallet_<n>_exit, wallet_<n>_cpu (CPU
    time at the first paint); and `load`, the load average (1 min) at the end."""
    if bytecode:
        compile_package()
    with tempfile.TemporaryDirectory(prefix="lebwallet-bench-startup-") as tmp:
        root = Path(tmp)
        empty, full = root / "empty", root / "full"
        empty.mkdir()
        full.mkdir()
        seed_cards(full, CARDS)
        variants: dict[str, tuple[list[str], Path | None]] = {
            "bare": ([sys.executable, "-c", BARE_WINDOW], None),
            "wallet_0": (_wallet(empty), empty / "logs" / "lebwallet.log"),
            f"wallet_{CARDS}": (_wallet(full), full / "logs" / "lebwallet.log"),
        }
        for command, log in variants.values():  # warm-up
            _run(command, log)
        samples: dict[str, list[float]] = {}
        for _ in range(runs):  # interleaved, so drift hits every variant alike
            for name, (command, log) in variants.items():
                time.sleep(SETTLE_S)  # the previous process's writes leave the disk first
                times = _run(command, log)
                keys = ("paint", "exit") if log is None else ("paint", "cards", "ready", "exit")
                keys = (*keys, "cpu")
                for key, value in zip(keys, times, strict=True):
                    samples.setdefault(f"{name}_{key}", []).append(value)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    medians["load"] = os.getloadavg()[0]
    return medians


def report(medians: dict[str, float], runs: int) -> str:
    bare = medians["bare_paint"]
    platform = _env()["QT_QPA_PLATFORM"]
    lines = [
        (
            f"start-up, median of {runs} runs, ms from spawn (QT_QPA_PLATFORM={platform}, load"
            f" average {medians['load']:.1f} on {os.cpu_count()} cores):"
        ),
        (
            f"  bare PySide6 window: first paint {bare * 1000:6.0f}   exit "
            f"{medians['bare_exit'] * 1000:6.0f}"
        ),
    ]
    names = {"paint": "first paint", "cards": "cards painted", "ready": "ready"}
    for count in (0, CARDS):
        parts = [f"  lebwallet, {count:>5,} cards:"]
        for key, name in names.items():
            value = medians[f"wallet_{count}_{key}"]
            parts.append(
                f"{name} {value * 1000:5.0f} ({value / bare:.2f}x, target <= {TARGETS[key]}x)"
            )
        parts.append(f"exit {medians[f'wallet_{count}_exit'] * 1000:5.0f}")
        lines.append("   ".join(parts))
    cpu = medians["bare_cpu"]
    lines.append(
        f"  CPU time to the first paint (moves less with the load): bare {cpu * 1000:.0f}, "
        + ", ".join(
            f"{count:,} cards {medians[f'wallet_{count}_cpu'] * 1000:.0f} "
            f"({medians[f'wallet_{count}_cpu'] / cpu:.2f}x)"
            for count in (0, CARDS)
        )
    )
    return "\n".join(lines)


def test_startup_benchmark() -> None:
    runs = 3
    medians = measure(runs)
    print(report(medians, runs))
    assert (
        medians[f"wallet_{CARDS}_ready"]
        >= medians[f"wallet_{CARDS}_cards"]
        > medians[f"wallet_{CARDS}_paint"]
        > 0
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument(
        "--source",
        action="store_true",
        help="do not byte-compile the package first (bytecode already there is still used)",
    )
    args = parser.parse_args(argv)
    print(report(measure(args.runs, bytecode=not args.source), args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
