"""`lebwallet --self-test`: prove that this build of the wallet works, headless.

Meant for the frozen app (the .deb, CI) but runs just as well from the virtualenv. Qt runs on
the ``offscreen`` platform; everything the test writes goes into a temporary directory that is
removed at the end. One line per check is printed:

    PASS  qt            offscreen platform, Qt 6.x, icon renders
    FAIL  recharge      ProviderError: …
    WARN  keyring       no usable keyring: … (the wallet asks to sign in at each start)
    SKIP  database      lebwallet.store.engine is not part of this build

The checks, in order: Qt starts offscreen and the bundled resources are there; every module of
the ``lebwallet`` package imports; a fresh SQLite database is migrated to Alembic's head; the
sandbox provider starts on loopback and serves its pages; a recharge is created with the
provider client, paid on the sandbox's hosted checkout page by plain HTTP form posts with the
test card (as a browser would), and credited with the card balance up by exactly amount +
bonus; both translations load and the Chinese one translates; keyring finds its backends
and a throwaway secret goes in and out of the system keyring.

Every check can fail: a check that only reports what it found is not a check. What the build
does not decide (no usable keyring on this machine: the wallet works, but asks to sign in at
each start) is a WARN with its reason, which does not fail the run. A check that needs a part
the build lacks is reported as SKIP. The exit code is 0 only if every check passed or warned;
SKIP counts as a failure unless ``LEBWALLET_SELFTEST_ALLOW_SKIP=1``.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import shutil
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, TextIO

CHECKOUT_TEST_CARD: Final = "4242 4242 4242 4242"
"""The sandbox test card that pays without an authentication step."""
HTTP_TIMEOUT: Final = 10.0
CREDIT_TIMEOUT: Final = 30.0
CREDIT_DELAY: Final = 0.2
ALLOW_SKIP_ENV: Final = "LEBWALLET_SELFTEST_ALLOW_SKIP"

# Modules that must not be imported by the import check: the entry point runs the CLI, and
# Alembic's env.py / revision scripts run migrations when imported (Alembic loads them itself).
_NOT_IMPORTED: Final = ("lebwallet.__main__",)
_NOT_IMPORTED_PARTS: Final = ("migrations",)


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
    """What the checks share: a scratch directory, the Qt application, the running sandbox."""

    work_dir: Path
    stack: ExitStack
    app: Any = None
    sandbox: Any = None
    notes: list[str] = field(default_factory=list)


Check = Callable[[SelfTestContext], str]


def _optional_module(name: str) -> Any:
    """Import a module that another part of the project may not have written yet."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name is not None and (name == error.name or name.startswith(error.name + ".")):
            raise CheckSkipped(f"{name} is not part of this build") from None
        raise


# --- checks -----------------------------------------------------------------------------------


def check_qt(ctx: SelfTestContext) -> str:
    """Qt's widgets start on the offscreen platform; the bundled resources are present."""
    from PySide6.QtCore import QSize, qVersion
    from PySide6.QtGui import QIcon, QImage
    from PySide6.QtWidgets import QApplication

    from lebwallet.resources_path import resources_dir

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "lebwallet"])
    ctx.app = app
    platform = QApplication.platformName()
    resources = resources_dir()
    missing = [
        name for name in ("openapi.yaml", "carriers.toml") if not (resources / name).is_file()
    ]
    if missing:
        raise CheckFailed(f"resources missing from {resources}: {', '.join(missing)}")
    details = [f"{platform} platform", f"Qt {qVersion()}", f"resources in {resources}"]
    icon_path = resources / "icons" / "lebwallet.svg"
    if icon_path.is_file():
        image: QImage = QIcon(str(icon_path)).pixmap(QSize(64, 64)).toImage()
        if image.isNull() or image.width() == 0:
            raise CheckFailed(f"the app icon {icon_path} does not render (QtSvg plugin missing?)")
        details.append("app icon renders")
    else:
        raise CheckFailed(f"the app icon is missing from the build ({icon_path})")
    return ", ".join(details)


def _lebwallet_module_names() -> list[str]:
    import lebwallet

    names = ["lebwallet"]
    for info in pkgutil.walk_packages(lebwallet.__path__, "lebwallet.", onerror=lambda _: None):
        parts = info.name.split(".")
        if info.name in _NOT_IMPORTED or any(part in _NOT_IMPORTED_PARTS for part in parts):
            continue
        names.append(info.name)
    return names


LAZY_IMPORTS: Final = ("phonenumbers", "platformdirs", "PySide6.QtSvg")
"""Libraries the package imports only inside functions (start-up speed), so importing its
modules does not prove that a freeze ships them."""


def check_imports(ctx: SelfTestContext) -> str:
    """Every module of the lebwallet package imports, and the libraries it imports lazily
    (hidden imports a freeze might miss)."""
    names = _lebwallet_module_names()
    failures: list[str] = []
    for name in (*names, *LAZY_IMPORTS):
        try:
            importlib.import_module(name)
        except Exception as error:
            failures.append(f"{name}: {type(error).__name__}: {error}")
    if failures:
        raise CheckFailed(f"{len(failures)} of {len(names)} modules fail: " + "; ".join(failures))
    expected = ("lebwallet.app", "lebwallet.provider.client", "lebwallet.store.engine")
    absent = [name for name in expected if name not in names]
    if absent:
        raise CheckFailed("missing from the build: " + ", ".join(absent))
    return f"{len(names)} modules"


def check_database(ctx: SelfTestContext) -> str:
    """A fresh SQLite database in a temp dir is migrated to Alembic's head."""
    engine_module = _optional_module("lebwallet.store.engine")
    import sqlalchemy

    data_dir = ctx.work_dir / "store"
    data_dir.mkdir()
    url = engine_module.default_sqlite_url(data_dir)
    store = engine_module.open_store(url, backup_dir=data_dir / "backups")
    try:
        inspector = sqlalchemy.inspect(store.engine)
        tables = set(inspector.get_table_names())
        if "alembic_version" not in tables:
            raise CheckFailed(f"no alembic_version table after migrating {url}")
        with store.engine.connect() as conn:
            versions = [
                row[0] for row in conn.execute(sqlalchemy.text("SELECT * FROM alembic_version"))
            ]
        if not versions:
            raise CheckFailed("alembic_version is empty after migrating")
        models = importlib.import_module("lebwallet.store.models")
        wanted = set(models.Base.metadata.tables)
        if not wanted:
            raise CheckFailed("lebwallet.store.models declares no tables")
        lacking = sorted(wanted - tables)
        if lacking:
            raise CheckFailed("tables missing after migrating: " + ", ".join(lacking))
    finally:
        store.dispose()
    return f"{len(tables)} tables at revision {', '.join(versions)}"


def check_sandbox(ctx: SelfTestContext) -> str:
    """The sandbox provider starts on loopback and renders its pages (templates bundled)."""
    import requests

    from lebwallet.sandbox.server import SandboxServer

    server = SandboxServer(ctx.work_dir / "sandbox", port=0, credit_delay=CREDIT_DELAY)
    server.start()
    ctx.stack.callback(server.stop)
    ctx.sandbox = server
    with requests.Session() as http:
        page = http.get(f"{server.url}/checkout/ord_selftest_missing", timeout=HTTP_TIMEOUT)
    if page.status_code != 404 or "text/html" not in page.headers.get("Content-Type", ""):
        raise CheckFailed(f"the checkout page answered {page.status_code}, not an HTML 404")
    return f"serving on {server.url}"


def _pay_on_checkout_page(checkout_url: str) -> str:
    """Pay the way a browser does: open the page, post its form with the test card."""
    import requests

    with requests.Session() as browser:
        page = browser.get(checkout_url, timeout=HTTP_TIMEOUT)
        if page.status_code != 200 or 'id="pay-form"' not in page.text:
            raise CheckFailed(
                f"the checkout page {checkout_url} has no card form ({page.status_code})"
            )
        token = re.search(r'name="token" value="([0-9a-f]+)"', page.text)
        if token is None:
            raise CheckFailed(f"the checkout page {checkout_url} has no form token")
        done = browser.post(
            f"{checkout_url}/pay",
            data={"card_number": CHECKOUT_TEST_CARD, "token": token.group(1)},
            timeout=HTTP_TIMEOUT,
        )
    if done.status_code != 200:
        raise CheckFailed(f"paying on the checkout page answered {done.status_code}")
    return done.url


def check_recharge(ctx: SelfTestContext) -> str:
    """Log in to the sandbox with the provider client and take a recharge to `credited`."""
    if ctx.sandbox is None:
        raise CheckSkipped("the sandbox is not running (see the sandbox check)")
    client_module = _optional_module("lebwallet.provider.client")
    from lebwallet.provider import wire

    server = ctx.sandbox
    credentials = server.demo_credentials
    with client_module.ProviderClient(server.url) as client:
        client.login(credentials.email, credentials.password)
        cards = client.list_cards()
        if not cards:
            raise CheckFailed("the demo account has no cards")
        card = cards[0]
        before = card.balance.to_domain()
        options = client.recharge_options(card.id)
        amount = options.presets[0] if options.presets else options.minimum
        request = wire.CreateOrderRequest(
            card_id=card.id,
            amount=amount,
            payment_method=wire.PaymentMethodCode("bank_card"),
            pay_currency=card.currency,
        )
        order = client.create_order(request, idempotency_key=str(uuid.uuid4()))
        if order.checkout_url is None:
            raise CheckFailed(f"order {order.id} has no checkout_url")
        if not client.checkout_url_allowed(order.checkout_url):
            raise CheckFailed(f"the client refuses the sandbox's checkout URL {order.checkout_url}")
        _pay_on_checkout_page(order.checkout_url)
        deadline = time.monotonic() + CREDIT_TIMEOUT
        status = str(order.status)
        while True:
            order = client.get_order(order.id)
            status = getattr(order.status, "value", str(order.status))
            if status in ("credited", "failed", "cancelled", "expired") or (
                time.monotonic() > deadline
            ):
                break
            time.sleep(0.1)
        if status != "credited":
            raise CheckFailed(f"order {order.id} ended {status}, not credited")
        after = next(c for c in client.list_cards() if c.id == card.id).balance.to_domain()
    expected = before + order.price.amount.to_domain() + order.price.bonus.to_domain()
    if after != expected:
        raise CheckFailed(f"balance is {after.display()}, expected {expected.display()}")
    paid = order.price.amount.to_domain().display()
    return f"{paid} on {card.id}: credited, balance {after.display()}"


TRANSLATION_PROBE: Final = ("WelcomeDialog", "Sign in")
"""A message every translation translates: the wallet's own, not only Qt's."""


def check_translations(ctx: SelfTestContext) -> str:
    """Both languages load (the shipped .qm files, or ones compiled into the temp dir)."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from lebwallet.ui import i18n

    app = ctx.app or QCoreApplication.instance()
    if app is None:
        raise CheckSkipped("no Qt application (see the qt check)")
    qm_dir = i18n.ensure_compiled(ctx.work_dir / "translations")
    loaded: list[str] = []
    try:
        for language in i18n.Language:
            i18n.install_language(app, language, qm_dir)
            translators = app.findChildren(QTranslator, "lebwallet-i18n")
            if not translators:
                raise CheckFailed(f"no translator installed for {language.value}")
            if not language.is_source and all(t.isEmpty() for t in translators):
                raise CheckFailed(f"the {language.value} translation is empty")
            context, source = TRANSLATION_PROBE
            if not language.is_source and QCoreApplication.translate(context, source) == source:
                raise CheckFailed(f"the {language.value} translation leaves {source!r} English")
            loaded.append(language.native_name)
    finally:
        i18n.install_language(app, i18n.Language.EN, qm_dir)
    where = "shipped" if qm_dir == i18n.translations_source_dir() else "compiled"
    return f"{', '.join(loaded)} ({where} .qm in {qm_dir})"


KEYRING_PROBE_SERVICE: Final = "lebwallet-self-test"
"""The keyring service of the throwaway secret (never the wallet's own)."""


def check_keyring(ctx: SelfTestContext) -> str:
    """keyring finds its OS backends (entry points survive freezing), and a throwaway secret
    goes into the system keyring and comes back. No usable keyring here is a WARN."""
    from importlib.metadata import entry_points

    from lebwallet.services.credentials import CredentialStore, CredentialsUnavailable, SecretKind

    points = list(entry_points(group="keyring.backends"))
    if not points:
        raise CheckFailed("keyring's backend entry points are missing (dist-info not bundled)")
    loaded: list[str] = []
    errors: list[str] = []
    for point in points:
        try:
            point.load()
        except Exception as error:  # a backend of another OS may not import here
            errors.append(f"{point.name}: {type(error).__name__}")
        else:
            loaded.append(point.name)
    if not loaded:
        raise CheckFailed("no keyring backend module loads: " + "; ".join(errors))
    store = CredentialStore(service=KEYRING_PROBE_SERVICE)
    status = store.status()
    found = f"backends {', '.join(sorted(loaded))}; active {status.backend}"
    consequence = "the wallet works, but asks to sign in at each start"
    if not status.usable:
        raise CheckWarning(f"no usable keyring: {status.message} ({found}; {consequence})")
    account, secret = f"self-test-{uuid.uuid4()}", uuid.uuid4().hex
    try:
        store.save(account, SecretKind.PASSWORD, secret)
        try:
            back = store.load(account, SecretKind.PASSWORD)
        finally:
            store.forget_account(account)
        left = store.load(account, SecretKind.PASSWORD)
    except CredentialsUnavailable as error:
        raise CheckWarning(f"no usable keyring: {error} ({found}; {consequence})") from None
    if back != secret:
        raise CheckFailed(f"the keyring gave back another secret than it was given ({found})")
    if left is not None:
        raise CheckFailed(f"the keyring kept a secret it was asked to delete ({found})")
    return f"{found}: a secret stored, read back and deleted"


CHECKS: Final[tuple[tuple[str, Check], ...]] = (
    ("qt", check_qt),
    ("imports", check_imports),
    ("database", check_database),
    ("sandbox", check_sandbox),
    ("recharge", check_recharge),
    ("translations", check_translations),
    ("keyring", check_keyring),
)


# --- running ----------------------------------------------------------------------------------


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
def _offscreen_environment(work_dir: Path) -> Iterator[None]:
    """Offscreen Qt; no user config, cache or keyring prompts leak in or out of the temp dir."""
    saved = dict(os.environ)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("XDG_RUNTIME_DIR", str(work_dir / "runtime"))
    (work_dir / "runtime").mkdir(mode=0o700, exist_ok=True)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_self_test(out: TextIO | None = None, checks: Sequence[tuple[str, Check]] = CHECKS) -> int:
    """Run every check, print one line each and a summary; 0 only if all passed."""
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
        with ExitStack() as stack, _offscreen_environment(work_dir):
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
    print(summary, file=stream, flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(run_self_test())
