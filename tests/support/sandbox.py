"""The running sandbox provider for tests: `running_sandbox()` and the `sandbox` fixture.

    def test_something(sandbox: SandboxHandle) -> None:
        token = sandbox.login()["access_token"]
        requests.get(f"{sandbox.url}/v1/cards", headers=sandbox.auth_headers(), timeout=5)

Each use starts a real sandbox on a free loopback port with fresh state in its own data dir
(in `tmp_path`), seeded with the demo account, and stops it afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from lebwallet.sandbox.config import Clock, SandboxConfig, system_clock
from lebwallet.sandbox.faults import FaultSpec
from lebwallet.sandbox.server import SandboxServer

TIMEOUT = 10


@dataclass(frozen=True)
class SandboxHandle:
    """A running sandbox: its base URL (no trailing slash), the demo login, the server."""

    url: str
    email: str
    password: str
    server: SandboxServer

    def login(self) -> dict[str, Any]:
        """Sign in as the demo user over HTTP; returns the TokenPair JSON."""
        response = requests.post(
            f"{self.url}/v1/auth/login",
            json={"login": self.email, "password": self.password},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        pair: dict[str, Any] = response.json()
        return pair

    def auth_headers(self) -> dict[str, str]:
        """`Authorization: Bearer …` of a fresh demo sign-in."""
        return {"Authorization": f"Bearer {self.login()['access_token']}"}


@contextmanager
def running_sandbox(
    tmp_path: Path,
    *,
    credit_delay: float = 0.2,
    faults: FaultSpec | str = "",
    clock: Clock = system_clock,
    config: SandboxConfig | None = None,
) -> Iterator[SandboxHandle]:
    """Start a sandbox with its data in `tmp_path` (reused: same dir = same state)."""
    server = SandboxServer(
        tmp_path, credit_delay=credit_delay, faults=faults, clock=clock, config=config
    )
    with server:
        credentials = server.demo_credentials
        yield SandboxHandle(server.url, credentials.email, credentials.password, server)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxHandle]:
    """A fresh sandbox for one test (credit delay 0.2 s, no faults)."""
    with running_sandbox(tmp_path / "sandbox") as handle:
        yield handle
