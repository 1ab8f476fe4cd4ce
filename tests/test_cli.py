"""The `lebwallet` command line, run as a real subprocess."""

from __future__ import annotations

import subprocess
import sys

from lebwallet import __version__


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lebwallet", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_version_prints_the_package_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"LEB Wallet {__version__}"


def test_help_lists_the_sub_commands_and_gui_options() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for word in ("sandbox", "--data-dir", "--quit-when-ready", "--version"):
        assert word in result.stdout


def test_unknown_option_is_refused_with_a_message() -> None:
    result = run_cli("--no-such-option")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr
