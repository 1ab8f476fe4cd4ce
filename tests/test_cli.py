"""The `lebwallet` command line, run as a real subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

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


def _one_line_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    """A command-line error: exit `code`, one line on stderr naming `words`, no traceback."""
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_unknown_option_is_one_line() -> None:
    _one_line_error(run_cli("--no-such-option"), 2, "unrecognized arguments", "--help")


def test_a_data_dir_that_cannot_be_made_is_one_line_and_exit_1(tmp_path: Path) -> None:
    _one_line_error(run_cli("--data-dir", "/proc/nope"), 1, "/proc/nope")
    a_file = tmp_path / "a-file"
    a_file.write_text("not a directory", encoding="utf-8")
    _one_line_error(run_cli("--data-dir", str(a_file)), 1, str(a_file))


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "x"])
def test_a_port_out_of_range_is_refused_not_wrapped(port: str) -> None:
    _one_line_error(run_cli("sandbox", "--port", port), 2, "--port", port)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--credit-delay", "nan"),
        ("--credit-delay", "-1"),
        ("--support-delay", "-5"),
        ("--support-delay", "9e9"),
        ("--faults", "bogus"),
    ],
)
def test_bad_sandbox_options_are_one_line(option: str, value: str) -> None:
    _one_line_error(run_cli("sandbox", option, value), 2, option, value)


def test_a_sandbox_data_dir_that_cannot_be_made_is_one_line() -> None:
    _one_line_error(run_cli("sandbox", "--port", "0", "--data-dir", "/proc/nope"), 1, "/proc/nope")


def test_help_never_breaks_a_word() -> None:
    from lebwallet.sandbox.faults import FAULTS_HELP

    result = subprocess.run(
        [sys.executable, "-m", "lebwallet", "sandbox", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert result.returncode == 0
    words = " ".join(result.stdout.split())
    for word in FAULTS_HELP.split():
        assert word in words  # each whole, on one line


_SANDBOX = (sys.executable, "-m", "lebwallet", "sandbox")


def _sandbox_stderr(tmp_path: Path, host: str) -> str:
    """Start `lebwallet sandbox --host HOST`, stop it once it serves; its stderr."""
    process = subprocess.Popen(
        [*_SANDBOX, "--host", host, "--port", "0", "--data-dir", str(tmp_path / host)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("URL:"):
                break
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    return err


def test_a_sandbox_open_to_the_network_is_warned_about(tmp_path: Path) -> None:
    warnings = [
        line for line in _sandbox_stderr(tmp_path, "0.0.0.0").splitlines() if "WARNING" in line
    ]
    assert len(warnings) == 1
    assert "0.0.0.0" in warnings[0]
    quiet = _sandbox_stderr(tmp_path, "127.0.0.1")
    assert "WARNING" not in quiet


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland displays")
def test_no_display_is_one_line_not_a_qt_abort(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "lebwallet", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    _one_line_error(result, 1, "display")


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["--quit-when-ready"],
        ["--data-dir", "/tmp/w", "--quit-when-ready"],
        ["--data-dir=/tmp/w", "--self-test"],
        ["--quit-when-ready", "--data-dir", "d", "--data-dir", "e"],
    ],
)
def test_the_window_s_options_parse_the_same_without_the_sub_commands(
    arguments: list[str],
) -> None:
    """The window's start parses its options without building the sub-commands (issue 18)."""
    from lebwallet.cli import build_parser, opens_the_window

    assert opens_the_window(arguments)
    fast = build_parser(commands=False).parse_args(arguments)
    whole = build_parser().parse_args(arguments)
    assert vars(fast) == vars(whole)


@pytest.mark.parametrize(
    "arguments",
    [
        ["cards"],
        ["--help"],
        ["--version"],
        ["--data"],
        ["--quit"],
        ["--data-dir"],
        ["--data-dir", "--quit-when-ready"],
        ["--data-dir", "d", "cards", "--json"],
        ["sandbox"],
        ["--no-such-option"],
    ],
)
def test_anything_else_goes_to_the_whole_parser(arguments: list[str]) -> None:
    from lebwallet.cli import opens_the_window

    assert not opens_the_window(arguments)


@pytest.mark.parametrize(
    "command",
    [("cards",), ("carriers",), ("channels",), ("topup", "UK", "10"), ("autopilot", "--dry-run")],
)
def test_a_data_dir_that_cannot_be_made_is_bad_input_said_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    from lebwallet.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    bad = blocker / "data"
    assert main(["--data-dir", str(bad), *command]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("lebwallet: error: ")
    assert f"The data directory {bad} cannot be written" in err
    assert "Errno" not in err
    assert not bad.exists()
