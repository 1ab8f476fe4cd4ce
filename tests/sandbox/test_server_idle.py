"""The embedded sandbox idles without waking up (issue 18: idle CPU of the signed-in app),
and still stops at once."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from lebwallet.sandbox.server import SandboxServer

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _wakeups(thread: threading.Thread) -> int:
    status = Path(f"/proc/self/task/{thread.native_id}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["voluntary_ctxt_switches"])


def _server_thread() -> threading.Thread:
    return next(t for t in threading.enumerate() if t.name == "sandbox-server")


def test_an_idle_sandbox_does_not_wake_up_and_stops_at_once(tmp_path: Path) -> None:
    server = SandboxServer(tmp_path).start()
    try:
        assert requests.get(f"{server.url}/v1/release", timeout=10).status_code < 500
        thread = _server_thread()
        before = _wakeups(thread)
        time.sleep(1.0)
        assert _wakeups(thread) - before <= 2  # it polled every 50 ms: ~20
    finally:
        started = time.monotonic()
        server.stop()
    assert time.monotonic() - started < 1.0
    assert not server.running


def test_a_request_still_gets_its_answer_after_a_long_idle(tmp_path: Path) -> None:
    with SandboxServer(tmp_path) as server:
        time.sleep(0.3)
        assert requests.get(f"{server.url}/v1/release", timeout=10).status_code < 500
