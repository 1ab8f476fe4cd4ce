"""`lebwallet sandbox` as a real subprocess: port 0 prints the URL and the demo login, the URL
serves the contract, SIGTERM stops it cleanly; a bad `--faults` is refused with a message."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import requests

TIMEOUT = 30


def test_port_zero_prints_a_url_and_a_demo_login_that_work(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "lebwallet", "sandbox", "--port", "0"]
    command += ["--data-dir", str(tmp_path / "data"), "--credit-delay", "0.5"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            lines: dict[str, str] = {}
            for line in process.stdout:
                name, _, value = line.partition(": ")
                lines[name] = value.strip()
                if name == "Press Ctrl-C to stop.\n" or "Demo password" in lines:
                    break
            url = lines["URL"]
            assert url.startswith("http://127.0.0.1:")
            assert not url.endswith(":0")
            login = requests.post(
                f"{url}/v1/auth/login",
                json={"login": lines["Demo login"], "password": lines["Demo password"]},
                timeout=TIMEOUT,
            )
            assert login.status_code == 200, login.text
            cards = requests.get(
                f"{url}/v1/cards",
                headers={"Authorization": f"Bearer {login.json()['access_token']}"},
                timeout=TIMEOUT,
            )
            assert len(cards.json()["items"]) >= 3
        finally:
            process.send_signal(signal.SIGTERM)
            out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, err
    assert "Sandbox stopped." in out


def test_a_bad_fault_spec_is_refused_with_a_message(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "lebwallet", "sandbox", "--data-dir", str(tmp_path)]
    result = subprocess.run(
        [*command, "--faults", "speed=3"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown fault 'speed'" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_documents_the_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lebwallet", "sandbox", "--help"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0
    for word in ("--port", "--data-dir", "--credit-delay", "--faults", "latency", "error_rate"):
        assert word in result.stdout
