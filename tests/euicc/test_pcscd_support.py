"""The tests' pcscd helper reads pcscd's pid file as pcscd writes it."""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.pcscd import running_pcscd


def test_the_pid_file_has_padding_after_the_number(tmp_path: Path) -> None:
    pid_file = tmp_path / "pcscd.pid"
    pid_file.write_bytes(f"{os.getpid()}\n\0".encode())  # as pcsc-lite 1.9 writes it
    assert running_pcscd(pid_file) == os.getpid()

    pid_file.write_bytes(b"\n\0")
    assert running_pcscd(pid_file) is None
    assert running_pcscd(tmp_path / "absent.pid") is None
