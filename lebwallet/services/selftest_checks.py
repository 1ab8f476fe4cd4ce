"""The self-test's checks that need no Qt: imports, database, sandbox, recharge, keyring.

Every module of the ``lebwallet`` package imports; a fresh SQLite database is migrated to
Alembic's head; the sandbox provider starts on loopback and serves its pages; a recharge is
created with the provider client, paid on the sandbox's hosted checkout page by plain HTTP
form posts with the test card (as a browser would), and credited with the card balance up by
exactly amount + bonus; keyring finds its backends and a throwaway secret goes in and out of
the system keyring.

Every check can fail: a check that only reports what it found is not a check. The runner and
the outcomes are in `lebwallet.services.selftest`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
import uuid
from typing import Final

from lebwallet.services.selftest import (
    CheckFailed,
    CheckSkipped,
    CheckWarning,
    SelfTestContext,
    optional_module,
)

CHECKOUT_TEST_CARD: Final = "4242 4242 4242 4242"
"""The sandbox test card that pays without an authentication step."""
HTTP_TIMEOUT: Final = 10.0
CREDIT_TIMEOUT: Final = 30.0
CREDIT_DELAY: Final = 0.2

# Modules that must not be imported by the import check: the entry point runs the CLI, and
# Alembic's env.py / revision scripts run migrations when imported (Alembic loads them itself).
_NOT_IMPORTED: Final = ("lebwallet.__main__",)
_NOT_IMPORTED_PARTS: Final = ("migrations",)


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
    engine_module = optional_module("lebwallet.store.engine")
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
    from lebwallet.sandbox.server import SandboxServer

    server = ctx.sandbox
    if not isinstance(server, SandboxServer):
        raise CheckSkipped("the sandbox is not running (see the sandbox check)")
    client_module = optional_module("lebwallet.provider.client")
    from lebwallet.provider import wire

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
