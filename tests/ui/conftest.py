"""Fixtures shared by the UI tests.

- `runner`: a `TaskRunner` for one test.
- `british_locale`: numbers, money and dates formatted as in the UK for one test (a module
  opts in with ``pytestmark = pytest.mark.usefixtures("british_locale")``).
- `env`: the recharge wizard's world (`tests.support.wizard_driver.wizard_env`): a fresh
  sandbox that credits after 0.2 s, the demo user signed in, a real store. A module that
  needs another sandbox defines its own `env`, which takes precedence.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lebwallet.ui.tasks import TaskRunner
from tests.support.wizard_driver import Env, wizard_env

RUNNER_SHUTDOWN_MS = 10_000


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    """A task runner for one test; every task has ended when the test is over."""
    task_runner = TaskRunner()
    yield task_runner
    assert task_runner.shutdown(RUNNER_SHUTDOWN_MS)


@pytest.fixture
def british_locale() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def env(tmp_path: Path, qtbot: QtBot) -> Iterator[Env]:
    yield from wizard_env(tmp_path, qtbot, credit_delay=0.2)
