"""The login that pre-fills the sign-in form lives in the store with the account, not in
settings.json; a value an older version left in the file moves to the store at the next
sign-in and leaves the file."""

from __future__ import annotations

import json

import pytest

from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import load_settings, settings_path
from lebwallet.store import default_sqlite_url, open_store
from lebwallet.store.queries import account
from lebwallet.ui.wallet_app import WalletApp
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import DEMO_EMAIL, english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 20_000


def _stored_login(data_dir):
    with open_store(default_sqlite_url(data_dir)) as store, store.session() as session:
        record = account(session)
    return None if record is None else record.login


def _app(data_dir, keyring):
    return WalletApp(
        data_dir,
        load_settings(data_dir),
        credentials=CredentialStore(keyring),
        sandbox_credit_delay=0.2,
    )


def test_a_login_left_in_the_settings_moves_to_the_store(qtbot, tmp_path):
    settings_path(tmp_path).write_text(
        json.dumps({"login": DEMO_EMAIL, "check_updates": False}), encoding="utf-8"
    )
    keyring = MemoryKeyring()
    app = _app(tmp_path, keyring)
    try:
        qtbot.addWidget(app.window)
        app.start()
        qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
        assert app.welcome.login.text() == DEMO_EMAIL
        with qtbot.wait_signal(app.window.cards_changed, timeout=TIMEOUT_MS):
            app.welcome.sign_in_button.click()
        qtbot.wait_until(lambda: load_settings(tmp_path).settings.login is None, timeout=TIMEOUT_MS)
    finally:
        app.shutdown()
    assert "login" not in settings_path(tmp_path).read_text(encoding="utf-8")
    assert _stored_login(tmp_path) == DEMO_EMAIL

    # The next start signs in again from the keyring, the login read from the store.
    again = _app(tmp_path, keyring)
    try:
        qtbot.addWidget(again.window)
        again.start()
        qtbot.wait_until(
            lambda: again.window.status.connection_text().startswith("Online"),
            timeout=TIMEOUT_MS,
        )
        assert again.welcome is None
        assert again.wallet.login == DEMO_EMAIL
    finally:
        again.shutdown()
