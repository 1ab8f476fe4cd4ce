"""The real wallet window on a real X server (Xvfb): it starts, paints and can be captured."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from lebwallet.services.logs import log_path
from tests.support.xvfb import require_xvfb, screenshot, x_environment, xvfb_display

pytestmark = pytest.mark.slow

START_TIMEOUT = 60


def _wallet(data_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "lebwallet", "--data-dir", str(data_dir), *extra]


def _distinct_colours(image: QImage, step: int = 16) -> int:
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    return len(colours)


def test_quit_when_ready_on_a_real_display(tmp_path):
    require_xvfb()
    with xvfb_display() as display:
        result = subprocess.run(
            _wallet(tmp_path, "--quit-when-ready"),
            env=x_environment(display),
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert "main window ready" in log_path(tmp_path).read_text(encoding="utf-8")


def test_a_running_window_paints(qapp, tmp_path):
    require_xvfb()
    with xvfb_display() as display:
        process = subprocess.Popen(
            _wallet(tmp_path),
            env=x_environment(display),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            log = log_path(tmp_path)
            while time.monotonic() < deadline:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                if log.is_file() and "main window shown" in log.read_text(encoding="utf-8"):
                    break
                time.sleep(0.2)
            else:
                pytest.fail("the window did not come up")
            time.sleep(0.5)
            shot = screenshot(display, tmp_path / "window.png")
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            finally:
                if process.stderr is not None:
                    process.stderr.close()
    image = QImage(str(shot))
    assert not image.isNull()
    assert _distinct_colours(image) > 10, "the screen is (nearly) blank"
