"""The data directory's file lock: one holder at a time, released by release() or exit."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from lebwallet.instance_lock import InstanceLock, try_instance_lock


def test_one_holder_at_a_time(tmp_path: Path) -> None:
    first = try_instance_lock(tmp_path)
    assert isinstance(first, InstanceLock)
    assert try_instance_lock(tmp_path) is None
    first.release()
    again = try_instance_lock(tmp_path)
    assert isinstance(again, InstanceLock)
    again.release()


HOLDER = (
    "import sys, time; from pathlib import Path; "
    "from lebwallet.instance_lock import try_instance_lock; "
    "lock = try_instance_lock(Path(sys.argv[1])); print('held', flush=True); "
    "time.sleep(60)"
)


def test_a_dead_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOLDER,
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        assert try_instance_lock(tmp_path) is None
    finally:
        holder.kill()
        holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()
    deadline = time.monotonic() + 5
    lock = try_instance_lock(tmp_path)
    while lock is None and time.monotonic() < deadline:
        time.sleep(0.05)
        lock = try_instance_lock(tmp_path)
    assert isinstance(lock, InstanceLock)
    lock.release()


def test_a_second_wallet_on_the_same_data_dir_exits(tmp_path: Path) -> None:
    """Two real `lebwallet` processes on one data directory: the second one leaves at once."""
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "lebwallet", "--data-dir", str(tmp_path)]
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        log = tmp_path / "logs" / "lebwallet.log"
        deadline = time.monotonic() + 30
        while not (log.is_file() and "first paint" in log.read_text(encoding="utf-8")):
            assert first.poll() is None, "the first wallet ended"
            assert time.monotonic() < deadline, "the first wallet never painted"
            time.sleep(0.1)
        second = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=30, check=False
        )
        assert second.returncode == 0
        assert "already running" in second.stdout
        assert first.poll() is None  # the first one goes on
    finally:
        first.terminate()
        first.wait(timeout=30)
