"""`lebwallet --self-test`'s Qt-free checks themselves: each can fail, and no usable keyring
is a warning with its reason (not a PASS that says it is not usable)."""

from __future__ import annotations

import io

import keyring
import keyring.backend
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from lebwallet.services import selftest
from lebwallet.services.selftest_checks import check_keyring
from tests.support.keyrings import BrokenKeyring, LockedKeyring, MemoryKeyring


def _keyring_result(backend: keyring.backend.KeyringBackend) -> selftest.CheckResult:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        return selftest.run_check("keyring", check_keyring, None)  # type: ignore[arg-type]
    finally:
        keyring.set_keyring(previous)


def test_no_usable_keyring_is_a_warning_with_its_reason() -> None:
    result = _keyring_result(FailKeyring())
    assert result.outcome is selftest.Outcome.WARN
    assert result.detail.startswith("no usable keyring: No system keyring was found")
    assert "sign in at each start" in result.detail


@pytest.mark.parametrize(
    ("backend", "reason"), [(LockedKeyring, "locked"), (BrokenKeyring, "not running")]
)
def test_a_keyring_that_fails_when_used_is_a_warning_too(
    backend: type[keyring.backend.KeyringBackend], reason: str
) -> None:
    result = _keyring_result(backend())
    assert result.outcome is selftest.Outcome.WARN
    assert result.detail.startswith("no usable keyring")
    assert reason in result.detail


def test_a_working_keyring_passes_and_keeps_nothing() -> None:
    backend = MemoryKeyring()
    result = _keyring_result(backend)
    assert result.outcome is selftest.Outcome.PASS
    assert "read back and deleted" in result.detail
    assert backend.secrets == {}


class _ForgetfulKeyring(MemoryKeyring):
    """Says it stored a secret and gives back nothing (a broken backend)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


def test_a_keyring_that_loses_secrets_fails() -> None:
    result = _keyring_result(_ForgetfulKeyring())
    assert result.outcome is selftest.Outcome.FAIL


def _warns(ctx: selftest.SelfTestContext) -> str:
    raise selftest.CheckWarning("no usable keyring: none here")


def test_a_warning_is_shown_and_does_not_fail_the_run() -> None:
    out = io.StringIO()
    code = selftest.run_self_test([("one", lambda ctx: "fine"), ("keyring", _warns)], out)
    lines = out.getvalue().splitlines()
    assert code == 0
    assert lines[2].startswith("WARN  keyring       no usable keyring: none here (")
    assert lines[-1] == "self-test passed: 1 passed, 1 warned (keyring)"
