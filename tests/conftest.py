"""Test-wide settings: Qt runs offscreen, keyring is a real in-memory backend."""

from __future__ import annotations

import gc
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LEBWALLET_TESTING", "1")

pytest_plugins = [
    "tests.support.sandbox",
    "tests.support.task_runner",
    "tests.support.reloadly_double",
]


def pytest_configure(config: pytest.Config) -> None:
    # As in the app (lebwallet.ui.garbage): no automatic cyclic collection, which would run in
    # whichever thread allocates and destroy Qt objects there; what is due is collected on the
    # main thread after each test.
    gc.disable()


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    from lebwallet.ui.garbage import collect_due

    collect_due()
