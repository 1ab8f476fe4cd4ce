"""End to end: the wizard opens the hosted checkout, a real headless Chromium pays it.

The wizard runs for real against the sandbox; the URL it hands to `openUrl` is loaded in
Debian's Chromium (/usr/bin/chromium) driven by Playwright for Python (`executable_path`:
Playwright downloads no browser). A test card is typed into the page and the wizard follows
the order to credited. Skips, with the reason, only when no Chromium (or no Playwright) is
installed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from lebwallet.domain.orders import OrderStatus
from tests.support.wizard_driver import Env, start_payment, wait_result, wizard_env

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The system Chromium: $LEBWALLET_CHROMIUM, /usr/bin/chromium, or one on PATH."""
    for candidate in (
        os.environ.get("LEBWALLET_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium found (/usr/bin/chromium, $LEBWALLET_CHROMIUM or on PATH)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright for Python is not installed (the test extra)"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def env(tmp_path: Path, qtbot: QtBot) -> Iterator[Env]:
    yield from wizard_env(tmp_path, qtbot, credit_delay=0.2)


def test_hosted_checkout_paid_in_a_real_browser(qtbot: QtBot, env: Env, browser: Any) -> None:
    wizard = start_payment(qtbot, env, amount="20")
    (url,) = env.browser.urls  # what the wizard handed to QDesktopServices.openUrl
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        assert "Sandbox" in page.locator("#sandbox-banner").inner_text()
        page.fill("#card-number", "4242 4242 4242 4242")
        page.fill("#card-expiry", "12/34")
        page.fill("#card-cvc", "123")
        page.click("#pay")
        page.wait_for_url("**/done")
        status = page.locator("#order-status")
        assert status.get_attribute("data-status") in {"paid", "crediting", "credited"}
    finally:
        context.close()
    wait_result(qtbot, wizard, OrderStatus.CREDITED)
    assert "credited" in wizard.result_page.headline.text()


def test_authentication_step_in_a_real_browser(qtbot: QtBot, env: Env, browser: Any) -> None:
    wizard = start_payment(qtbot, env, amount="10")
    (url,) = env.browser.urls
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.fill("#card-number", "4000 0025 0000 3155")
        page.click("#pay")
        page.wait_for_url("**/authenticate")
        page.fill("#otp", page.locator("#sandbox-code").inner_text().strip())
        page.click("#approve")
        page.wait_for_url("**/done")
    finally:
        context.close()
    wait_result(qtbot, wizard, OrderStatus.CREDITED)
