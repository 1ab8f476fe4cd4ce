"""The `runner` fixture: a `TaskRunner` for one test (a plugin of tests/conftest.py, so the
UI and eSIM tests share it). Every task has ended when the test is over."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from lebwallet.ui.tasks import TaskRunner

RUNNER_SHUTDOWN_MS = 10_000


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    """A task runner for one test; every task has ended when the test is over."""
    task_runner = TaskRunner()
    yield task_runner
    assert task_runner.shutdown(RUNNER_SHUTDOWN_MS)
