"""A real X server (Xvfb) for tests that open real windows, and screenshots of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

_GRAB_SCRIPT = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
image = app.primaryScreen().grabWindow(0)
sys.exit(0 if image.save(sys.argv[1]) else 1)
"""


def require_xvfb() -> str:
    path = shutil.which("Xvfb")
    if path is None:
        pytest.skip("Xvfb is not installed (Debian package 'xvfb'); .ci/run installs it")
    return path


@contextmanager
def xvfb_display(width: int = 1280, height: int = 800) -> Iterator[str]:
    """Start Xvfb on a free display number; yield the DISPLAY value (e.g. ':42')."""
    binary = require_xvfb()
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(
        [
            binary,
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not report a display number")
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def x_environment(display: str) -> dict[str, str]:
    """The environment for a child process that should use the real X display."""
    env = dict(os.environ)
    env["DISPLAY"] = display
    env["QT_QPA_PLATFORM"] = "xcb"
    return env


def screenshot(display: str, path: Path) -> Path:
    """Save the whole X screen as a PNG (grabbed through Qt's xcb platform)."""
    subprocess.run(
        [sys.executable, "-c", _GRAB_SCRIPT, str(path)],
        env=x_environment(display),
        check=True,
        timeout=60,
    )
    return path
