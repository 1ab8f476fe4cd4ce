"""The idle signed-in wallet: memory (RSS) and CPU with nothing pending (issue 18).

Run: `.venv/bin/python -m tests.benchmarks.bench_idle [--seconds 30] [--cards 1000]`
(`--seconds 300` for the figure). The embedded sandbox is seeded with the demo account plus
generated cards (1,000 in all, no open order); a child process starts the wallet window as
`lebwallet` does (`lebwallet.app`; offscreen unless QT_QPA_PLATFORM is set) on that data
directory, signs in with the demo login where the welcome dialog asks (a keyring in memory),
syncs every card, starts the refresher and waits until no task is
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
import select
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
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
SIGN_IN_TIMEOUT_S: Final = 300
MARGIN_S: Final = 3.0
"""The child outlives the parent's window by this much, so its /proc files are read live."""
TICKS: Final = os.sysconf("SC_CLK_TCK")


# --- the child: the signed-in wallet --------------------------------------------------------


def child(data_dir: Path, seconds: float) -> int:
    """Run the signed-in wallet as `lebwallet` starts it (`lebwallet.app`: the collector on
    the GUI thread, the start's objects frozen), sign in where the welcome dialog asks, say
    READY_LINE once idle, count timer events for `seconds` (plus the parent's settling
    time) and print them as JSON."""
    import gc

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from lebwallet.app import _Boot, read_early_settings
    from lebwallet.sandbox.seed import DEMO_CREDENTIALS

    gc.disable()  # as `lebwallet.app.run`
    qt_app = QApplication(sys.argv[:1])
    boot = _Boot(data_dir, read_early_settings(data_dir), None, quit_when_ready=False)
    timers: Counter[str] = Counter()
    counting = False
    expected = int(os.environ.get("LEBWALLET_BENCH_CARDS", CARDS))

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

    def sign_in() -> None:
        app = boot.app
        if app is None or app.welcome is None:
            QTimer.singleShot(200, sign_in)
            return
        app.welcome.close()  # the demo login, as the welcome dialog would send it
        app.runner.run(
            app,
            lambda: app.wallet.sign_in(DEMO_CREDENTIALS.email, DEMO_CREDENTIALS.password),
            signed_in,
            failed,
            description="bench sign-in",
        )

    def failed(error: Exception) -> None:
        print(f"sign-in failed: {error}", file=sys.stderr)
        qt_app.exit(1)

    def signed_in(account: object) -> None:
        assert boot.app is not None
        boot.app.session.signed_in(account)  # type: ignore[arg-type]  # as the dialog does
        QTimer.singleShot(500, check_idle)

    def check_idle() -> None:
        app = boot.app
        assert app is not None
        busy = app.refresher is None or app.window.cards_model.rowCount() < expected
        if busy or app.runner.active_count():
            QTimer.singleShot(500, check_idle)
            return
        nonlocal counting
        counting = True
        print(READY_LINE, flush=True)
        QTimer.singleShot(int((seconds + SETTLE_S + MARGIN_S) * 1000), finish)

    def finish() -> None:
        print(json.dumps(dict(timers)), flush=True)
        qt_app.quit()

    QTimer.singleShot(0, sign_in)
    return boot.exec()


# --- the parent: seeds, starts the child, reads /proc --------------------------------------


def seed(data_dir: Path, cards: int) -> None:
    """The embedded sandbox's data (demo account + generated cards), the wallet's (empty)
    store and quiet settings (no update question, no tray hint)."""
    from lebwallet.sandbox.seed_bulk import seed_bulk
    from lebwallet.sandbox.server import SandboxServer
    from lebwallet.store import default_sqlite_url, open_store

    with SandboxServer(data_dir / "sandbox") as server:
        assert server.db is not None
        seed_bulk(server.db, cards=cards - 3, now=datetime.now(UTC))
    # The wallet's store exists, at the newest revision: an everyday start, not the first.
    open_store(default_sqlite_url(data_dir)).dispose()
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


def _switches(pid: int) -> dict[str, tuple[str, int, int]]:
    """Per thread id: its name, voluntary and involuntary context switches."""
    threads: dict[str, tuple[str, int, int]] = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            status = _status(pid, task)
        except OSError:
            continue  # the thread ended
        threads[task] = (
            status["Name"],
            int(status["voluntary_ctxt_switches"]),
            int(status["nonvoluntary_ctxt_switches"]),
        )
    return threads


def _mib(kib_field: str) -> float:
    return int(kib_field.split()[0]) / 1024


@dataclass(frozen=True)
class IdleResult:
    seconds: float
    signed_in_s: float
    rss_mib: float
    rss_start_mib: float
    peak_mib: float
    cpu_percent: float
    wakeups: dict[str, tuple[int, int]]
    """Voluntary and involuntary context switches in the window, per thread name (threads
    that ended in the window are not counted)."""
    timers: dict[str, int]
    """Qt timer events on the GUI thread in the window, per owner."""
    load: float


def measure(seconds: float = SECONDS, cards: int = CARDS) -> IdleResult:
    with tempfile.TemporaryDirectory(prefix="lebwallet-bench-idle-") as tmp:
        data_dir = Path(tmp)
        seed(data_dir, cards)
        env = {
            **os.environ,
            "LEBWALLET_BENCH_CARDS": str(cards),
            "PYTHON_KEYRING_BACKEND": "tests.support.keyrings.MemoryKeyring",
        }
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
            if not select.select([process.stdout], [], [], SIGN_IN_TIMEOUT_S)[0]:
                raise RuntimeError(f"the wallet was not idle after {SIGN_IN_TIMEOUT_S} s")
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
            select.select([process.stdout], [], [], SETTLE_S + 60)
            timers = json.loads(process.stdout.readline() or "{}")
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    wakeups: dict[str, tuple[int, int]] = {}
    for task, (name, voluntary, involuntary) in switches_end.items():
        _, before_v, before_i = switches.get(task, (name, 0, 0))  # 0: started in the window
        so_far = wakeups.get(name, (0, 0))
        wakeups[name] = (so_far[0] + voluntary - before_v, so_far[1] + involuntary - before_i)
    return IdleResult(
        seconds=elapsed,
        signed_in_s=signed_in_s,
        rss_mib=_mib(status["VmRSS"]),
        rss_start_mib=rss_start,
        peak_mib=_mib(status["VmHWM"]),
        cpu_percent=100 * (ticks_end - ticks) / TICKS / elapsed,
        wakeups=wakeups,
        timers=timers,
        load=os.getloadavg()[0],
    )


def report(result: IdleResult, cards: int) -> str:
    seconds = result.seconds
    voluntary = sum(v for v, _ in result.wakeups.values())
    lines = [
        (
            f"idle signed-in wallet, {cards:,} cards, {seconds:.0f} s after {SETTLE_S:.0f} s"
            f" settling (signed in and synced in {result.signed_in_s:.1f} s; load average"
            f" {result.load:.1f} on {os.cpu_count()} cores):"
        ),
        (
            f"  RSS {result.rss_mib:.1f} MiB (at the start of the window"
            f" {result.rss_start_mib:.1f}, peak {result.peak_mib:.1f};"
            f" target <= {TARGET_RSS_MIB} MiB)"
        ),
        f"  CPU {result.cpu_percent:.2f} % of one core (target <= {TARGET_CPU_PERCENT} %)",
        f"  wake-ups (voluntary context switches): {voluntary} ({voluntary / seconds:.1f}/s)",
    ]
    for name, (vol, invol) in sorted(result.wakeups.items(), key=lambda kv: -kv[1][0]):
        if vol or invol:
            lines.append(f"    {name:<18} {vol:6d} voluntary {invol:5d} involuntary")
    lines.append(f"  Qt timer events on the GUI thread: {sum(result.timers.values())}")
    for name, count in sorted(result.timers.items(), key=lambda kv: -kv[1]):
        lines.append(f"    {name:<40} {count:6d} ({count / seconds:.2f}/s)")
    return "\n".join(lines)


def test_idle_benchmark() -> None:
    result = measure(seconds=5, cards=100)
    print(report(result, 100))
    assert result.rss_mib > 0


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
