"""Helpers of `.ci/package` for the installed .deb: a screenshot under Xvfb and start-up times.

    python -m tests.packaging.installed screenshot --app /usr/bin/lebwallet --out shot.png \
        --home /tmp/home
    python -m tests.packaging.installed startup --app /usr/bin/lebwallet \
        --app .venv/bin/lebwallet --runs 5

`screenshot` starts Xvfb, runs the app in a real window (with HOME pointing at `--home`, so
everything it writes is user data there), waits until it has been up for `--settle` seconds,
grabs the screen and stops the app. `startup` times ``<app> --quit-when-ready`` on one Xvfb
display, each app with its own data dir warmed by one untimed run, and prints the medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tests.support.xvfb import screenshot, x_environment, xvfb_display

START_TIMEOUT = 120.0


def take_screenshot(app: str, out: Path, home: Path, settle: float) -> int:
    home.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    with xvfb_display() as display:
        env = x_environment(display)
        env["HOME"] = str(home)
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env.pop(name, None)
        log_path = out.with_suffix(".log")
        with log_path.open("wb") as log:
            process = subprocess.Popen([app], env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                time.sleep(settle)
                if process.poll() is not None:
                    print(
                        f"{app} exited with {process.returncode} before the screenshot; "
                        f"see {log_path}",
                        file=sys.stderr,
                    )
                    return 1
                screenshot(display, out)
            finally:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    print(f"screenshot of {app}: {out} ({out.stat().st_size} bytes)")
    return 0


def _time_once(app: str, data_dir: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        [app, "--quit-when-ready", "--data-dir", str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(
            f"{app} --quit-when-ready exited {completed.returncode}: "
            f"{(completed.stderr or completed.stdout).strip()[-2000:]}"
        )
    return elapsed


def startup(apps: Sequence[str], runs: int) -> int:
    medians: dict[str, float] = {}
    with xvfb_display() as display, tempfile.TemporaryDirectory(prefix="lw-startup-") as tmp:
        env = x_environment(display)
        env["HOME"] = tmp
        for index, app in enumerate(apps):
            data_dir = Path(tmp) / f"data-{index}"
            try:
                _time_once(app, data_dir, env)  # warm-up: first-run setup, caches
                times = [_time_once(app, data_dir, env) for _ in range(runs)]
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                print(f"start-up of {app} failed: {error}", file=sys.stderr)
                return 1
            medians[app] = statistics.median(times)
            spread = ", ".join(f"{t:.3f}" for t in times)
            print(f"start-up {app}: median {medians[app]:.3f} s over {runs} runs ({spread})")
    if len(apps) == 2:
        first, second = apps
        print(f"start-up ratio {first} / {second}: {medians[first] / medians[second]:.2f}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.packaging.installed")
    commands = parser.add_subparsers(dest="command", required=True)
    shot = commands.add_parser("screenshot", help="run the app under Xvfb and grab the screen")
    shot.add_argument("--app", default="/usr/bin/lebwallet")
    shot.add_argument("--out", type=Path, required=True)
    shot.add_argument("--home", type=Path, required=True, help="HOME for the app (its user data)")
    shot.add_argument("--settle", type=float, default=8.0, help="seconds to wait before the grab")
    times = commands.add_parser("startup", help="median wall time of --quit-when-ready")
    times.add_argument("--app", action="append", required=True, help="repeat to compare")
    times.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.pop("QT_QPA_PLATFORM", None)
    if args.command == "screenshot":
        return take_screenshot(args.app, args.out, args.home, args.settle)
    return startup(args.app, args.runs)


if __name__ == "__main__":
    raise SystemExit(main())
