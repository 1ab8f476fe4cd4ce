"""The data directory at start: one that cannot be written stops the start with one clear
line naming it (no traceback); the wallet keeps its data directory private (0700)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
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


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only directory")
def test_a_read_only_data_dir_is_refused_in_words(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(DataDirError, match="cannot be written"):
            prepare_data_dir(tmp_path)
    finally:
        tmp_path.chmod(0o700)


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
