"""The `lebwallet` command and its sub-commands.

Imports of heavy modules (Qt, Flask, SQLAlchemy) happen inside the handlers so that
`lebwallet --version` and `lebwallet --help` stay instant, and the window's start pays only
for argparse: the sandbox's options (and their help, from `lebwallet.sandbox.faults`) are
added only when the command line names the sandbox.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lebwallet import APP_NAME, __version__
from lebwallet.cli_cards import add_card_commands

Handler = Callable[[argparse.Namespace], int]


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


def _add_sandbox_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], *, options: bool
) -> None:
    sandbox = subparsers.add_parser(
        "sandbox",
        help="run the sandbox provider on loopback (no real money)",
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
    sandbox.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    sandbox.add_argument(
        "--data-dir", type=Path, default=None, help="where the sandbox keeps state"
    )
    sandbox.add_argument(
        "--credit-delay",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="seconds from payment to credit (default: %(default)s)",
    )
    sandbox.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help=FAULTS_HELP,
    )


def build_parser(*, sandbox_options: bool = True) -> argparse.ArgumentParser:
    """The command's parser; without `sandbox_options` the `sandbox` sub-command has none (for
    a command line that does not name it)."""
    parser = argparse.ArgumentParser(
        prog="lebwallet",
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
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_sandbox_parser(subparsers, options=sandbox_options)
    add_card_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(sandbox_options="sandbox" in arguments)
    args = parser.parse_args(arguments)
    if getattr(args, "self_test", False):
        from lebwallet.ui.selftest import run_self_test  # Qt is imported only here

        return run_self_test()
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
