"""Fixtures of the sandbox tests: `api`, the demo account signed in to a fresh sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.sandbox.demo_api import Api
from tests.support.sandbox import SandboxHandle


@pytest.fixture
def api(sandbox: SandboxHandle) -> Iterator[Api]:
    with requests.Session() as session:
        yield Api(sandbox, session)
