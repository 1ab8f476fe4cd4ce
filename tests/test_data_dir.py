"""The data directory at start: one that cannot be written stops the start with one clear
line naming it (no traceback); the wallet keeps its data directory private (0700)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from lebwallet.data_dir import DataDirError, prepare_data_dir


def test_an_unwritable_data_dir_stops_the_start_with_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    # What the start cannot write (its lock), even as root: a directory in the lock's place.
    (data_dir / "instance.lock").mkdir()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        [sys.executable, "-m", "lebwallet", "--data-dir", str(data_dir), "--quit-when-ready"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(data_dir) in lines[0]
    assert "cannot be written" in lines[0]


def _prepare_as(uid: int | None, data_dir: Path) -> str:
    """`prepare_data_dir(data_dir)` as user `uid` (a forked child that drops to it; root
    writes anywhere) or as this user; returns what happened, in one word or the error."""
    if uid is None:
        try:
            prepare_data_dir(data_dir)
        except DataDirError as error:
            return str(error)
        return "prepared"
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        os.close(reader)
        try:
            os.setgid(uid)
            os.setuid(uid)
            outcome = _prepare_as(None, data_dir)
        except BaseException as error:
            outcome = f"child failed: {error!r}"
        os.write(writer, outcome.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        outcome = pipe.read().decode()
    os.waitpid(child, 0)
    return outcome


def test_a_data_dir_the_user_cannot_write_is_refused_in_words() -> None:
    # In a folder only readable to the user: as root, the check runs as `nobody` (root
    # writes into any folder), so the refusal is exercised wherever the tests run.
    parent = Path(tempfile.mkdtemp(prefix="lebwallet-read-only-"))  # in /tmp: others reach it
    parent.chmod(0o555)
    try:
        outcome = _prepare_as(65534 if os.geteuid() == 0 else None, parent / "data")
    finally:
        parent.chmod(0o700)
        shutil.rmtree(parent)
    assert "cannot be written" in outcome, outcome


def test_the_data_dir_is_made_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "data"
    assert prepare_data_dir(data_dir) == data_dir
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    data_dir.chmod(0o755)
    prepare_data_dir(data_dir)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_a_data_dir_under_a_file_is_refused_in_words(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataDirError, match="cannot be written") as caught:
        prepare_data_dir(tmp_path / "file" / "data")
    assert str(tmp_path / "file" / "data") in str(caught.value)
    assert "\n" not in str(caught.value)
