"""One wallet per data directory: a second instance asks the first to come forward."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDir

from lebwallet.ui.single_instance import SingleInstance, server_name

SECOND = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from lebwallet.ui.single_instance import SingleInstance
app = QCoreApplication(sys.argv)
guard = SingleInstance(Path(sys.argv[1]))
print("primary" if guard.acquire() else "secondary", flush=True)
guard.release()
"""


@pytest.fixture
def first(qtbot: Any, tmp_path: Path) -> Any:
    guard = SingleInstance(tmp_path / "data")
    assert guard.acquire()
    assert guard.is_primary
    yield guard
    guard.release()


def test_name_depends_on_the_data_dir_and_hides_the_path(tmp_path: Path) -> None:
    a, b = server_name(tmp_path / "a"), server_name(tmp_path / "b")
    assert a != b
    assert a == server_name(tmp_path / "x" / ".." / "a")
    assert str(tmp_path.name) not in a
    assert a.startswith("lebwallet-")


def test_second_instance_in_process_raises_the_first(
    qtbot: Any, first: Any, tmp_path: Path
) -> None:
    second = SingleInstance(tmp_path / "data")
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert not second.acquire()
    assert not second.is_primary


def test_second_process_exits_and_raises_the_first(qtbot: Any, first: Any, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with qtbot.waitSignal(first.raise_requested, timeout=15000):
        proc = subprocess.Popen(
            [sys.executable, "-c", SECOND, str(tmp_path / "data")],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=Path(__file__).resolve().parents[2],
        )
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=15000)
    out, _ = proc.communicate(timeout=5)
    assert proc.returncode == 0
    assert out.strip() == "secondary"


def test_another_data_dir_runs_side_by_side(qtbot: Any, first: Any, tmp_path: Path) -> None:
    other = SingleInstance(tmp_path / "other")
    try:
        with qtbot.assertNotEmitted(first.raise_requested, wait=100):
            assert other.acquire()
    finally:
        other.release()


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave no stale file")
def test_a_stale_name_from_a_crash_is_taken_over(qtbot: Any, tmp_path: Path) -> None:
    data = tmp_path / "crashed"
    path = os.path.join(QDir.tempPath(), server_name(data))
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)  # bound, never listening, left behind: like a crashed instance
    stale.close()
    assert os.path.exists(path)
    guard = SingleInstance(data)
    try:
        assert guard.acquire()
        assert guard.is_primary
    finally:
        guard.release()
