"""The runner of `lebwallet --self-test`: runs checks, prints one line each and a summary.

Qt-free. The checks themselves are plain functions of a `SelfTestContext` that return what
they found or raise: `CheckFailed` (something is wrong), `CheckWarning` (the build works, but
this machine lacks something the user should know about; does not fail the run) or
`CheckSkipped` (the check needs a part this build does not have). Any other exception is a
FAIL with where it was raised. The checks that need no Qt are in
`lebwallet.services.selftest_checks`; the Qt ones, and the list of every check, in
`lebwallet.ui.selftest`.

One line is printed per check:

    PASS  qt            offscreen platform, Qt 6.x, icon renders
    FAIL  recharge      ProviderError: …
    WARN  keyring       no usable keyring: … (the wallet asks to sign in at each start)
    SKIP  database      lebwallet.store.engine is not part of this build

The exit code is 0 only if every check passed or warned; SKIP counts as a failure unless
``LEBWALLET_SELFTEST_ALLOW_SKIP=1``. Everything the checks write goes into a temporary
directory that is removed at the end.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Final, TextIO

ALLOW_SKIP_ENV: Final = "LEBWALLET_SELFTEST_ALLOW_SKIP"


class Outcome(StrEnum):
    PASS = "PASS"
    WARN = "WARN"
    FAIL = "FAIL"
    SKIP = "SKIP"


class CheckSkipped(Exception):
    """The check needs a part this build does not have (yet)."""


class CheckFailed(Exception):
    """The check ran and found something wrong; the message says what."""


class CheckWarning(Exception):
    """The build works, but this machine lacks something the user should know about."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    outcome: Outcome
    detail: str
    seconds: float


@dataclass
class SelfTestContext:
    """What the checks share: a scratch directory, the Qt application, the running sandbox.

    `app` and `sandbox` are set by the checks that start them (typed `object`: this module
    knows neither Qt nor the sandbox)."""

    work_dir: Path
    stack: ExitStack
    app: object = None
    sandbox: object = None
    notes: list[str] = field(default_factory=list)


Check = Callable[[SelfTestContext], str]


def optional_module(name: str) -> ModuleType:
    """Import a module that another part of the project may not have written yet."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name is not None and (name == error.name or name.startswith(error.name + ".")):
            raise CheckSkipped(f"{name} is not part of this build") from None
        raise


def _one_line(text: str) -> str:
    return " ".join(text.split())


def run_check(name: str, check: Check, ctx: SelfTestContext) -> CheckResult:
    started = time.perf_counter()
    try:
        detail = check(ctx)
        outcome = Outcome.PASS
    except CheckSkipped as skipped:
        outcome, detail = Outcome.SKIP, str(skipped)
    except CheckWarning as warning:
        outcome, detail = Outcome.WARN, str(warning)
    except CheckFailed as failed:
        outcome, detail = Outcome.FAIL, str(failed)
    except Exception as error:
        where = traceback.extract_tb(error.__traceback__)[-1]
        outcome = Outcome.FAIL
        detail = f"{type(error).__name__}: {error} ({Path(where.filename).name}:{where.lineno})"
    return CheckResult(name, outcome, _one_line(detail), time.perf_counter() - started)


@contextmanager
def _isolated_environment(work_dir: Path, environment: Mapping[str, str]) -> Iterator[None]:
    """`environment` set; no user runtime files or keyring prompts leak in or out of the temp
    dir; the process environment as it was afterwards."""
    saved = dict(os.environ)
    os.environ.update(environment)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(work_dir / "runtime"))
    (work_dir / "runtime").mkdir(mode=0o700, exist_ok=True)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _summary(results: Sequence[CheckResult]) -> tuple[bool, str]:
    failed = [r.name for r in results if r.outcome is Outcome.FAIL]
    skipped = [r.name for r in results if r.outcome is Outcome.SKIP]
    warned = [r.name for r in results if r.outcome is Outcome.WARN]
    passed = len(results) - len(failed) - len(skipped) - len(warned)
    allow_skip = os.environ.get(ALLOW_SKIP_ENV) == "1"
    ok = not failed and (allow_skip or not skipped)
    summary = f"self-test {'passed' if ok else 'FAILED'}: {passed} passed"
    if warned:
        summary += f", {len(warned)} warned ({', '.join(warned)})"
    if failed:
        summary += f", {len(failed)} failed ({', '.join(failed)})"
    if skipped:
        summary += f", {len(skipped)} skipped ({', '.join(skipped)})"
    return ok, summary


def run_self_test(
    checks: Sequence[tuple[str, Check]],
    out: TextIO | None = None,
    environment: Mapping[str, str] | None = None,
) -> int:
    """Run every check with `environment` set, print one line each and a summary; 0 only if
    all passed (or warned)."""
    stream = out if out is not None else sys.stdout
    from lebwallet import __version__

    frozen = "frozen" if getattr(sys, "frozen", False) else "not frozen"
    print(
        f"LEB Wallet {__version__} self-test ({frozen}, Python {sys.version.split()[0]})",
        file=stream,
    )
    results: list[CheckResult] = []
    work_dir = Path(tempfile.mkdtemp(prefix="lebwallet-selftest-"))
    try:
        with ExitStack() as stack, _isolated_environment(work_dir, environment or {}):
            ctx = SelfTestContext(work_dir=work_dir, stack=stack)
            for name, check in checks:
                result = run_check(name, check, ctx)
                results.append(result)
                line = f"{result.outcome.value}  {name:<13} {result.detail}"
                print(f"{line} ({result.seconds:.2f} s)", file=stream, flush=True)
            for note in ctx.notes:
                print(f"note: {note}", file=stream)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    ok, summary = _summary(results)
    print(summary, file=stream, flush=True)
    return 0 if ok else 1
