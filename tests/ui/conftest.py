"""Fixtures shared by the UI tests.

- `british_locale`: numbers, money and dates formatted as in the UK for one test (a module
  opts in with ``pytestmark = pytest.mark.usefixtures("british_locale")``).
- `env`: the recharge wizard's world (`tests.support.wizard_driver.wizard_env`): a fresh
  sandbox that credits after 0.2 s, the demo user signed in, a real store.
- `wallet`: the app's `Wallet` on a fresh sandbox, signed in and synced
  (`tests.ui.wallet_support.signed_in_wallet`).
- `wallet_and_sandbox`: the app's `Wallet` signed in (not synced), and its sandbox.
A module that needs another `env` or `wallet` defines its own, which takes precedence.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from lebwallet.services.wallet import Wallet
from tests.support.sandbox import SandboxHandle
from tests.support.wizard_driver import Env, wizard_env
from tests.ui.wallet_support import DEMO_EMAIL, DEMO_PASSWORD, real_wallet, signed_in_wallet


@pytest.fixture
def british_locale() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def env(tmp_path: Path, qtbot: QtBot) -> Iterator[Env]:
    yield from wizard_env(tmp_path, qtbot)


@pytest.fixture
def wallet(tmp_path: Path) -> Iterator[Wallet]:
    with signed_in_wallet(tmp_path) as signed_in:
        yield signed_in


@pytest.fixture
def wallet_and_sandbox(tmp_path: Path) -> Iterator[tuple[Wallet, SandboxHandle]]:
    with real_wallet(tmp_path) as (wallet, sandbox):
        wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
        yield wallet, sandbox
