"""Drive the recharge wizard against a running sandbox (shared by the wizard's UI tests and
the end-to-end browser test).

`wizard_env(tmp_path, qtbot, **sandbox_kw)` yields an `Env`: a fresh sandbox, the demo user
signed in, its cards synced into a real SQLite store, a `TaskRunner`, and a `Browser` that
records what the wizard would open. The step helpers walk the wizard as a user would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot

from lebwallet.domain.flow_values import Step
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import PaymentMethod
from lebwallet.provider import wire
from lebwallet.provider.client import ProviderClient
from lebwallet.services.recharge_backend import ServiceRechargeBackend
from lebwallet.services.sync import SyncService
from lebwallet.store.engine import Store, default_sqlite_url, open_store
from lebwallet.ui.recharge_wizard import PAGE_IDS, RechargeWizard
from lebwallet.ui.tasks import TaskRunner
from tests.support.checkout_forms import post_checkout_form
from tests.support.sandbox import SandboxHandle, running_sandbox

TIMEOUT_MS = 10_000


@dataclass
class Browser:
    """Records what the wizard hands to QDesktopServices.openUrl."""

    urls: list[str] = field(default_factory=list)

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url.toString())
        return True


class NoBrowser(Browser):
    """A desktop without a browser: every open is recorded and fails."""

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url.toString())
        return False


@dataclass
class Env:
    sandbox: SandboxHandle
    store: Store
    tokens: wire.TokenPair
    runner: TaskRunner
    browser: Browser
    clients: list[ProviderClient]
    wizards: list[RechargeWizard] = field(default_factory=list)

    def client(self) -> ProviderClient:
        client = ProviderClient(self.sandbox.url, tokens=self.tokens)
        self.clients.append(client)
        return client

    def new_client(self) -> ProviderClient:
        """A client the caller closes (for the backend: one per background call)."""
        return ProviderClient(self.sandbox.url, tokens=self.tokens)

    def wizard(
        self, qtbot: QtBot, card_id: str | None = "card_demo_uk", **kw: object
    ) -> RechargeWizard:
        wizard = RechargeWizard(
            ServiceRechargeBackend(self.new_client, self.store),
            self.runner,
            self.client(),
            card_id=card_id,
            open_url=self.browser,
            poll_interval_ms=100,
            **kw,  # type: ignore[arg-type]
        )
        qtbot.addWidget(wizard)
        self.wizards.append(wizard)
        wizard.show()
        return wizard

    def provider_orders(self) -> list[wire.Order]:
        return list(self.client().orders_updated_since(None))


def wizard_env(tmp_path: Path, qtbot: QtBot, **sandbox_kw: object) -> Iterator[Env]:
    with running_sandbox(tmp_path / "sandbox", **sandbox_kw) as sandbox:  # type: ignore[arg-type]
        store = open_store(default_sqlite_url(tmp_path / "data"))
        login = ProviderClient(sandbox.url)
        tokens = login.login(sandbox.email, sandbox.password)
        login.tokens = tokens
        SyncService(login, store).sync_cards()
        login.close()
        runner = TaskRunner()
        env = Env(sandbox, store, tokens, runner, Browser(), [])
        try:
            yield env
        finally:
            for wizard in env.wizards:
                wizard.close()  # closing stops following the order
            runner.shutdown()
            for client in env.clients:
                client.close()
            store.dispose()


# --- driving the wizard ---------------------------------------------------------------------


def wait_step(qtbot: QtBot, wizard: RechargeWizard, step: Step) -> None:
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_IDS[step], timeout=TIMEOUT_MS)


def to_amount(qtbot: QtBot, wizard: RechargeWizard) -> None:
    qtbot.waitUntil(wizard.card_page.isComplete, timeout=TIMEOUT_MS)
    wizard.next()
    wait_step(qtbot, wizard, Step.AMOUNT)
    qtbot.waitUntil(lambda: wizard.flow.options is not None, timeout=TIMEOUT_MS)


def enter_amount(
    qtbot: QtBot,
    wizard: RechargeWizard,
    amount: str,
    method: PaymentMethod = PaymentMethod.BANK_CARD,
    promo: str = "",
) -> None:
    page = wizard.amount_page
    page.choose_method(method)
    qtbot.waitUntil(
        lambda: (
            wizard.flow.options is not None
            and any(m.method is method and m.available for m in wizard.flow.options.payment_methods)
            and not page._loading
        ),
        timeout=TIMEOUT_MS,
    )
    page.promo_edit.setText(promo)
    page.amount_edit.setText(amount)
    qtbot.waitUntil(page.isComplete, timeout=TIMEOUT_MS)


def to_confirm(qtbot: QtBot, wizard: RechargeWizard) -> None:
    """Next from *amount*, then wait until the provider has priced the order."""
    wizard.next()
    wait_step(qtbot, wizard, Step.CONFIRM)
    qtbot.waitUntil(wizard.confirm_page.isComplete, timeout=TIMEOUT_MS)


def to_pay(qtbot: QtBot, wizard: RechargeWizard) -> None:
    to_confirm(qtbot, wizard)
    wizard.next()
    wait_step(qtbot, wizard, Step.PAY)


def pay(qtbot: QtBot, wizard: RechargeWizard) -> None:
    qtbot.mouseClick(wizard.pay_page.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.order is not None, timeout=TIMEOUT_MS)


def start_payment(
    qtbot: QtBot,
    env: Env,
    amount: str = "20",
    method: PaymentMethod = PaymentMethod.BANK_CARD,
    card_id: str = "card_demo_uk",
) -> RechargeWizard:
    wizard = env.wizard(qtbot, card_id)
    to_amount(qtbot, wizard)
    enter_amount(qtbot, wizard, amount, method)
    to_pay(qtbot, wizard)
    pay(qtbot, wizard)
    return wizard


def wait_result(qtbot: QtBot, wizard: RechargeWizard, status: OrderStatus) -> None:
    qtbot.waitUntil(
        lambda: wizard.order is not None and wizard.order.status is status, timeout=TIMEOUT_MS
    )
    wait_step(qtbot, wizard, Step.RESULT)


def post(url: str, data: dict[str, str]) -> requests.Response:
    """Post a checkout form as the browser does (with the page's token)."""
    return post_checkout_form(url, data)


def get(url: str) -> requests.Response:
    with requests.Session() as session:
        return session.get(url, timeout=10)


def pay_by_card(checkout_url: str, number: str) -> requests.Response:
    response = post(f"{checkout_url}/pay", {"card_number": number, "expiry": "12/34", "cvc": "123"})
    assert response.status_code == 303, response.text
    return response


running_wizard_env = contextmanager(wizard_env)
"""`wizard_env` as a context manager (for a test that needs its own sandbox settings)."""
