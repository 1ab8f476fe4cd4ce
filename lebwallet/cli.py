"""The `lebwallet` command and its sub-commands.

Imports of heavy modules (Qt, Flask, SQLAlchemy) happen inside the handlers so that
`lebwallet --version` and `lebwallet --help` stay instant, and the window's start pays only
for the top-level parser: a command line of the window's options alone (`opens_the_window`)
is parsed without the sub-commands (their parsers and modules: ~10 ms before the first paint,
issue 18); the sandbox's options (and their help, from `lebwallet.sandbox.faults`) are added
only when the command line names the sandbox.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final, NoReturn

from lebwallet import APP_NAME, __version__

Handler = Callable[[argparse.Namespace], int]

USAGE_ERROR = 2
"""Exit code of a command line the parser refuses (argparse's own)."""


class _HelpFormatter(argparse.HelpFormatter):
    """Help text wrapped between words only: a long token (an example) is never cut."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = " ".join(text.split())
        return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


class _Parser(argparse.ArgumentParser):
    """Refuses a bad command line in one line on stderr (and exit 2), not usage + error."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _port(text: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text} is not a port: use 1 to 65535, or 0 for any free one"
        )
    return port


def _seconds(text: str) -> float:
    """A finite number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return value


def _support_delay(text: str) -> float:
    """Seconds from 0 up to the sandbox's longest support delay (30 days)."""
    from lebwallet.sandbox.config import MAX_SUPPORT_DELAY

    value = _seconds(text)
    if value > MAX_SUPPORT_DELAY:
        raise argparse.ArgumentTypeError(f"{text!r} is more than 30 days ({MAX_SUPPORT_DELAY:g} s)")
    return value


def _faults(text: str) -> object:
    from lebwallet.sandbox.faults import parse_faults

    try:
        return parse_faults(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _run_gui(args: argparse.Namespace) -> int:
    # No cyclic garbage collection while Qt and the window load (`run` turns it back on once
    # the stored cards are painted): the collector's passes over the objects the imports
    # create cost ~5 ms before the first paint.
    gc.disable()
    try:
        from lebwallet.app import run  # Qt is imported only here

        code: int = run(args)
    finally:
        gc.enable()
    return code


def _run_sandbox(args: argparse.Namespace) -> int:
    from lebwallet.sandbox.server import serve_from_args

    return serve_from_args(args)


def _add_sandbox_parser(subparsers: argparse._SubParsersAction[_Parser], *, options: bool) -> None:
    sandbox = subparsers.add_parser(
        "sandbox",
        help="run the sandbox provider on loopback (no real money)",
        formatter_class=_HelpFormatter,
        description="Run the sandbox card provider. It implements resources/openapi.yaml, "
        "seeds a demo account and serves hosted checkout pages.",
    )
    sandbox.set_defaults(handler=_run_sandbox)
    if not options:
        return
    from lebwallet.sandbox.faults import FAULTS_HELP

    sandbox.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    sandbox.add_argument("--port", type=_port, default=0, help="port; 0 picks a free one (default)")
    sandbox.add_argument(
        "--data-dir", type=Path, default=None, help="where the sandbox keeps state"
    )
    sandbox.add_argument(
        "--credit-delay",
        type=_seconds,
        default=5.0,
        metavar="SECONDS",
        help="seconds from payment to credit (default: %(default)s)",
    )
    sandbox.add_argument(
        "--support-delay",
        type=_support_delay,
        default=30.0,
        metavar="SECONDS",
        help="seconds from a support message to the sandbox agent's answer (default: %(default)s)",
    )
    sandbox.add_argument(
        "--faults",
        type=_faults,
        default="",
        metavar="SPEC",
        help=FAULTS_HELP,
    )


def build_parser(*, sandbox_options: bool = True, commands: bool = True) -> argparse.ArgumentParser:
    """The command's parser; without `sandbox_options` the `sandbox` sub-command has none (for
    a command line that does not name it), without `commands` there are no sub-commands (for
    a command line of the window's options alone: it parses the same)."""
    parser = _Parser(
        prog="lebwallet",
        formatter_class=_HelpFormatter,
        description=f"{APP_NAME}: every prepaid number, its balance and its keep-alive "
        "deadline in one window. Without a sub-command the wallet window opens.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="keep all data (database, settings, logs) here"
    )
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="exit 0 once the main window is shown with the stored cards painted",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check headless that this installation works (imports, database, sandbox "
        "recharge, translations, keyring); exit 0 only if every check passes",
    )
    parser.set_defaults(handler=_run_gui)
    if not commands:
        return parser
    from lebwallet.cli_autopilot import add_autopilot_command
    from lebwallet.cli_cards import add_card_commands
    from lebwallet.cli_channels import add_channel_commands
    from lebwallet.cli_euicc import add_euicc_parser

    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_sandbox_parser(subparsers, options=sandbox_options)
    add_card_commands(subparsers)
    add_channel_commands(subparsers)
    add_autopilot_command(subparsers)
    add_euicc_parser(subparsers)
    return parser


_WINDOW_FLAGS: Final = frozenset({"--quit-when-ready", "--self-test"})


def opens_the_window(arguments: Sequence[str]) -> bool:
    """Whether `arguments` are the window's options alone, each spelled in full (``--data-dir
    DIR`` or ``--data-dir=DIR``, ``--quit-when-ready``, ``--self-test``): the parser without
    sub-commands reads them as the whole one does. Anything else (a sub-command, help, an
    abbreviation, a mistake) goes to the whole parser and its messages."""
    rest = list(arguments)
    while rest:
        argument = rest.pop(0)
        if argument in _WINDOW_FLAGS or argument.startswith("--data-dir="):
            continue
        if argument == "--data-dir" and rest and not rest[0].startswith("-"):
            rest.pop(0)
            continue
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(
        sandbox_options="sandbox" in arguments, commands=not opens_the_window(arguments)
    )
    args = parser.parse_args(arguments)
    if getattr(args, "self_test", False):
        from lebwallet.ui.selftest import run_self_test  # Qt is imported only here

        return run_self_test()
    handler: Handler = args.handler
    from lebwallet.data_dir import DataDirError

    try:
        return handler(args)
    except DataDirError as error:  # a --data-dir that cannot be made or written: bad input
        print(f"lebwallet: error: {error}", file=sys.stderr)
        return USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main())
