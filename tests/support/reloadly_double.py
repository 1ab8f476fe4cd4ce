"""The `double` fixture: the Reloadly double (`tests.doubles.reloadly`) on loopback for one
test, orders processed in 0.2 s (a plugin of tests/conftest.py, so the channel, CLI, UI and
double tests share it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.doubles.reloadly import ReloadlyDouble


@pytest.fixture
def double() -> Iterator[ReloadlyDouble]:
    with ReloadlyDouble(processing_seconds=0.2) as running:
        yield running
