"""A real `lebwallet.app.Wallet` for UI tests: a running sandbox, a SQLite file, a keyring.

    with real_wallet(tmp_path) as wallet:       # provider: a fresh sandbox on loopback
        wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
        wallet.sync()

Nothing is mocked: the wallet talks HTTP to the sandbox, writes the store with SQLAlchemy
and keeps its refresh token in an in-memory keyring backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from lebwallet.sandbox.seed import DEMO_EMAIL, DEMO_PASSWORD
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import Settings
from lebwallet.services.wallet import Wallet, WalletConfig
from lebwallet.ui.i18n import install_language
from lebwallet.ui.i18n_tools import compile_translations
from tests.support.keyrings import MemoryKeyring
from tests.support.sandbox import SandboxHandle, running_sandbox

if TYPE_CHECKING:
    from lebwallet.ui.wallet_app import WalletApp

__all__ = [
    "DEMO_EMAIL",
    "DEMO_PASSWORD",
    "english",
    "real_wallet",
    "signed_in_wallet",
    "wallet_qm_dir",
]


_compiled: dict[str, Path] = {}


def wallet_qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled translations, once per test session."""
    if "dir" not in _compiled:
        out = tmp_path_factory.mktemp("wallet-qm")
        compile_translations(out)
        _compiled["dir"] = out
    return _compiled["dir"]


def reset_language(app: QApplication, locale: QLocale) -> None:
    for translator in app.findChildren(QTranslator, "lebwallet-i18n"):
        app.removeTranslator(translator)
        translator.setParent(None)
    app.setProperty("lebwallet_language", None)
    QLocale.setDefault(locale)


@pytest.fixture
def english(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[QApplication]:
    """English texts and the en_US locale for the test; the previous state afterwards.

    Use with ``pytestmark = pytest.mark.usefixtures("english")`` after importing it.
    """
    saved = QLocale()
    install_language(qapp, "en", wallet_qm_dir(tmp_path_factory))
    yield qapp
    reset_language(qapp, saved)


@contextmanager
def real_wallet(
    tmp_path: Path, *, keyring: MemoryKeyring | None = None
) -> Iterator[tuple[Wallet, SandboxHandle]]:
    """A wallet whose provider is a fresh sandbox; data under `tmp_path/wallet`."""
    with running_sandbox(tmp_path / "sandbox") as sandbox:
        settings = Settings(provider_url=sandbox.url)
        credentials = CredentialStore(keyring if keyring is not None else MemoryKeyring())
        wallet = Wallet(WalletConfig(tmp_path / "wallet", settings), credentials)
        try:
            yield wallet, sandbox
        finally:
            wallet.close()


@contextmanager
def signed_in_wallet(tmp_path: Path, *, synced: bool = True) -> Iterator[Wallet]:
    """A wallet signed in as the sandbox's demo user (and synced, by default)."""
    with real_wallet(tmp_path) as (wallet, _sandbox):
        wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
        if synced:
            wallet.sync()
        yield wallet


def app_with_unreachable_provider(tmp_path: Path) -> WalletApp:
    """A `WalletApp` (not started) whose saved provider is a loopback port nobody listens on,
    with a kept session (a refresh token in an in-memory keyring) for `someone@example.org`."""
    import socket

    from lebwallet.services.credentials import SecretKind
    from lebwallet.services.settings import load_settings, save_settings
    from lebwallet.ui.wallet_app import WalletApp

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    keyring = MemoryKeyring()
    CredentialStore(keyring).save(f"{url}|someone@example.org", SecretKind.REFRESH_TOKEN, "t" * 20)
    data_dir = tmp_path / "wallet"
    data_dir.mkdir()
    save_settings(
        data_dir,
        load_settings(data_dir).settings.model_copy(
            update={"provider_url": url, "login": "someone@example.org", "check_updates": False}
        ),
    )
    return WalletApp(data_dir, load_settings(data_dir), credentials=CredentialStore(keyring))
