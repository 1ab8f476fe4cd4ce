"""Guessing passwords is throttled by account and by client address, with Retry-After; and
the API's rate limit counts per client address, so a new `Authorization` header per request
gets no fresh allowance."""

from __future__ import annotations

import uuid
from pathlib import Path

import requests

from lebwallet.sandbox.seed import DEMO_EMAIL, DEMO_PASSWORD
from tests.support.sandbox import SandboxHandle, running_sandbox

TIMEOUT = 10


def _login(url: str, login: str, password: str) -> requests.Response:
    return requests.post(
        f"{url}/v1/auth/login", json={"login": login, "password": password}, timeout=TIMEOUT
    )


def test_wrong_passwords_for_one_account_are_throttled(sandbox: SandboxHandle) -> None:
    statuses = [_login(sandbox.url, DEMO_EMAIL, f"wrong-{i}").status_code for i in range(8)]
    assert statuses[:5] == [401] * 5
    assert statuses[-1] == 429
    throttled = _login(sandbox.url, DEMO_EMAIL, DEMO_PASSWORD)  # even the right one, for now
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) >= 1
    assert throttled.json()["code"] == "rate_limited"


def test_guessing_many_accounts_from_one_address_is_throttled(sandbox: SandboxHandle) -> None:
    statuses = [
        _login(sandbox.url, f"user{i}@example.com", "wrong-password").status_code for i in range(40)
    ]
    assert statuses[:20] == [401] * 20
    assert 429 in statuses  # (an allowance comes back every few seconds: not all are 429)


def test_a_good_sign_in_is_not_throttled_by_other_good_ones(sandbox: SandboxHandle) -> None:
    for _ in range(12):
        assert _login(sandbox.url, DEMO_EMAIL, DEMO_PASSWORD).status_code == 200


def test_a_new_authorization_header_per_request_gets_no_fresh_allowance(tmp_path: Path) -> None:
    with running_sandbox(tmp_path, faults="rate_limit=2") as sandbox:
        statuses = [
            requests.get(
                f"{sandbox.url}/v1/account",
                headers={"Authorization": f"Bearer {uuid.uuid4()}"},
                timeout=TIMEOUT,
            ).status_code
            for _ in range(10)
        ]
    assert 429 in statuses
