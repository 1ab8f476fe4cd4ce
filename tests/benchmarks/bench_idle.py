"""The idle signed-in wallet: memory (RSS) and CPU with nothing pending (issue 18).

Run: `.venv/bin/python -m tests.benchmarks.bench_idle [--seconds 30] [--cards 1000]`
(`--seconds 300` for the figure). The embedded sandbox is seeded with the demo account plus
generated cards (1,000 in all, no open order); a child process runs the wallet window
(`WalletApp`, offscreen unless QT_QPA_PLATFORM is set) on that data directory, signs in (a
keyring in memory), syncs every card, starts the refresher and waits until no task is
pending. Then, for `--seconds`, the parent reads the child's /proc files:

- memory: VmRSS (and the peak VmHWM) from /proc/<pid>/status, at the start and the end;
- CPU: utime + stime of the whole process (/proc/<pid>/stat) over the window, as a share of
  one core (target <= 0.5 %);
- wake-ups: voluntary and involuntary context switches of every thread
  (/proc/<pid>/task/*/status), named by thread; and the child counts the Qt timer events
  delivered on its GUI thread, by the class (and object name) of the timer's owner.

Prints the figures with the load average (the machine's load moves CPU shares little, as
they are the wallet's own ticks, but it can stretch the sign-in).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

CARDS: Final = 1_000
SECONDS: Final = 30
SETTLE_S: Final = 5.0
"""After the child says it is idle: the sync's garbage and last repaints settle first."""
TARGET_RSS_MIB: Final = 150
TARGET_CPU_PERCENT: Final = 0.5
READY_LINE: Final = "IDLE"
TICKS: Final = os.sysconf("SC_CLK_TCK")


# --- the child: the signed-in wallet --------------------------------------------------------


def child(data_dir: Path, seconds: float) -> int:
    """Run the signed-in wallet, say READY_LINE once idle, count timer events for `seconds`
    (plus the parent's settling time) and print them as JSON."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from lebwallet.sandbox.seed import DEMO_CREDENTIALS
    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.settings import load_settings
    from lebwallet.ui.wallet_app import WalletApp
    from tests.support.keyrings import MemoryKeyring

    qt_app = QApplication(sys.argv[:1])
    app = WalletApp(
        data_dir, load_settings(data_dir), credentials=CredentialStore(MemoryKeyring())
    )
    timers: Counter[str] = Counter()
    counting = False

    class TimerCounter(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if counting and event.type() == QEvent.Type.Timer:
                owner = watched.parent() if type(watched).__name__ == "QTimer" else watched
                name = type(owner).__name__ if owner is not None else "none"
                label = owner.objectName() if owner is not None else ""
                timers[f"{name}{'/' + label if label else ''}"] += 1
            return False

    counter = TimerCounter()
    qt_app.installEventFilter(counter)

    def signed_in(account: object) -> None:
        app._signed_in(account)  # type: ignore[arg-type]  # what the welcome dialog does
        QTimer.singleShot(500, check_idle)

    def check_idle() -> None:
        busy = app.refresher is None or app.window.cards_model.rowCount() < expected
        if busy or app.runner.pending():
            QTimer.singleShot(500, check_idle)
            return
        nonlocal counting
        counting = True
        print(READY_LINE, flush=True)
        QTimer.singleShot(int((seconds + SETTLE_S) * 1000), finish)

    def finish() -> None:
        print(json.dumps(dict(timers)), flush=True)
        qt_app.quit()

    expected = int(os.environ.get("LEBWALLET_BENCH_CARDS", CARDS))
    app.start(connect=False)
    app.runner.run(
        app,
        lambda: app.wallet.sign_in(DEMO_CREDENTIALS.email, DEMO_CREDENTIALS.password),
        signed_in,
        lambda error: (print(f"sign-in failed: {error}", file=sys.stderr), qt_app.exit(1)),
        description="bench sign-in",
    )
    code = qt_app.exec()
    app.shutdown()
    return code


# --- the parent: seeds, starts the child, reads /proc --------------------------------------


def seed(data_dir: Path, cards: int) -> None:
    """The embedded sandbox's data (demo account + generated cards) and quiet settings."""
    from lebwallet.sandbox.seed import seed_bulk
    from lebwallet.sandbox.server import SandboxServer

    with SandboxServer(data_dir / "sandbox") as server:
        assert server.db is not None
        seed_bulk(server.db, cards=cards - 3, now=datetime.now(UTC))
    (data_dir / "settings.json").write_text(
        json.dumps({"check_updates": False, "tray_hint_shown": True}), encoding="utf-8"
    )


def _status(pid: int, task: str | None = None) -> dict[str, str]:
    path = Path(f"/proc/{pid}") / ("status" if task is None else f"task/{task}/status")
    fields = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def _cpu_ticks(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)


def _switches(pid: int) -> dict[str, tuple[int, int]]:
    """Voluntary and involuntary context switches per thread name (summed)."""
    totals: dict[str, tuple[int, int]] = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            status = _status(pid, task)
        except OSError:
            continue  # the thread ended
        voluntary, involuntary = totals.get(status["Name"], (0, 0))
        totals[status["Name"]] = (
            voluntary + int(status["voluntary_ctxt_switches"]),
            involuntary + int(status["nonvoluntary_ctxt_switches"]),
        )
    return totals


def _mib(kib_field: str) -> float:
    return int(kib_field.split()[0]) / 1024


def measure(seconds: float = SECONDS, cards: int = CARDS) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="lebwallet-bench-idle-") as tmp:
        data_dir = Path(tmp)
        seed(data_dir, cards)
        env = {**os.environ, "LEBWALLET_BENCH_CARDS": str(cards)}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        command = [sys.executable, "-m", "tests.benchmarks.bench_idle", "--child", str(data_dir)]
        process = subprocess.Popen(
            [*command, "--seconds", str(seconds)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            started = time.monotonic()
            line = process.stdout.readline().strip()
            if line != READY_LINE:
                raise RuntimeError(f"the wallet did not become idle: {line!r}")
            signed_in_s = time.monotonic() - started
            time.sleep(SETTLE_S)
            pid = process.pid
            rss_start = _mib(_status(pid)["VmRSS"])
            ticks, switches, began = _cpu_ticks(pid), _switches(pid), time.monotonic()
            time.sleep(seconds)
            ticks_end, switches_end = _cpu_ticks(pid), _switches(pid)
            elapsed = time.monotonic() - began
            status = _status(pid)
            timers = json.loads(process.stdout.readline() or "{}")
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    wakeups = {
        name: (voluntary - switches.get(name, (0, 0))[0], involuntary - switches.get(name, (0, 0))[1])
        for name, (voluntary, involuntary) in switches_end.items()
    }
    return {
        "seconds": elapsed,
        "signed_in_s": signed_in_s,
        "rss_mib": _mib(status["VmRSS"]),
        "rss_start_mib": rss_start,
        "peak_mib": _mib(status["VmHWM"]),
        "cpu_percent": 100 * (ticks_end - ticks) / TICKS / elapsed,
        "wakeups": wakeups,
        "timers": timers,
        "load": os.getloadavg()[0],
    }


def report(result: dict[str, object], cards: int) -> str:
    seconds = float(result["seconds"])  # type: ignore[arg-type]
    wakeups: dict[str, tuple[int, int]] = result["wakeups"]  # type: ignore[assignment]
    timers: dict[str, int] = result["timers"]  # type: ignore[assignment]
    voluntary = sum(v for v, _ in wakeups.values())
    lines = [
        f"idle signed-in wallet, {cards:,} cards, {seconds:.0f} s after {SETTLE_S:.0f} s settling"
        f" (signed in and synced in {float(result['signed_in_s']):.1f} s; load average"  # type: ignore[arg-type]
        f" {float(result['load']):.1f} on {os.cpu_count()} cores):",  # type: ignore[arg-type]
        f"  RSS {float(result['rss_mib']):.1f} MiB (at the start of the window"  # type: ignore[arg-type]
        f" {float(result['rss_start_mib']):.1f}, peak {float(result['peak_mib']):.1f};"  # type: ignore[arg-type]
        f" target <= {TARGET_RSS_MIB} MiB)",
        f"  CPU {float(result['cpu_percent']):.2f} % of one core (target <= {TARGET_CPU_PERCENT} %)",  # type: ignore[arg-type]
        f"  wake-ups (voluntary context switches): {voluntary} ({voluntary / seconds:.1f}/s)",
    ]
    for name, (vol, invol) in sorted(wakeups.items(), key=lambda kv: -kv[1][0]):
        if vol or invol:
            lines.append(f"    {name:<18} {vol:6d} voluntary {invol:5d} involuntary")
    lines.append(f"  Qt timer events on the GUI thread: {sum(timers.values())}")
    for name, count in sorted(timers.items(), key=lambda kv: -kv[1]):
        lines.append(f"    {name:<40} {count:6d} ({count / seconds:.2f}/s)")
    return "\n".join(lines)


def test_idle_benchmark() -> None:
    result = measure(seconds=5, cards=100)
    print(report(result, 100))
    assert float(result["rss_mib"]) > 0  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--cards", type=int, default=CARDS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        return child(args.child, args.seconds)
    print(report(measure(args.seconds, args.cards), args.cards))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
