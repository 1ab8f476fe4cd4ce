"""Secrets go to the keyring, and a broken keyring is reported, never worked around."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest

from lebwallet.services.credentials import CredentialStore, CredentialsUnavailable, SecretKind
from tests.support.keyrings import HangingKeyring, LockedKeyring, MemoryKeyring

ACCOUNT = "http://127.0.0.1:8000|demo@sandbox.example"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_refresh_token_round_trips_through_the_configured_keyring(
    memory_keyring: MemoryKeyring,
) -> None:
    store = CredentialStore()
    store.save(ACCOUNT, SecretKind.REFRESH_TOKEN, "rt-123")
    assert store.load(ACCOUNT, SecretKind.REFRESH_TOKEN) == "rt-123"
    assert store.load(ACCOUNT, SecretKind.PASSWORD) is None
    assert memory_keyring.secrets == {("lebwallet", f"{ACCOUNT}#refresh-token"): "rt-123"}
    assert store.status().usable


def test_forget_account_removes_every_secret_and_tolerates_missing_ones(
    memory_keyring: MemoryKeyring,
) -> None:
    store = CredentialStore()
    store.save(ACCOUNT, SecretKind.PASSWORD, "hunter2")
    store.forget_account(ACCOUNT)
    store.forget_account(ACCOUNT)
    assert memory_keyring.secrets == {}


def test_two_accounts_do_not_share_secrets(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    store.save(ACCOUNT, SecretKind.REFRESH_TOKEN, "one")
    store.save(ACCOUNT + "x", SecretKind.REFRESH_TOKEN, "two")
    assert store.load(ACCOUNT, SecretKind.REFRESH_TOKEN) == "one"


@pytest.mark.parametrize("bad", ["", None])
def test_empty_secret_or_account_is_refused(memory_keyring: MemoryKeyring, bad: str | None) -> None:
    store = CredentialStore()
    with pytest.raises(ValueError, match="empty secret"):
        store.save(ACCOUNT, SecretKind.PASSWORD, bad or "")
    with pytest.raises(ValueError, match="account name"):
        store.load("", SecretKind.PASSWORD)
    assert memory_keyring.secrets == {}


@pytest.mark.parametrize(
    "backend", [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()]
)
def test_no_keyring_is_reported_not_replaced_by_a_file(
    backend: keyring.backend.KeyringBackend,
) -> None:
    store = CredentialStore(backend)
    with pytest.raises(CredentialsUnavailable, match="No system keyring"):
        store.save(ACCOUNT, SecretKind.REFRESH_TOKEN, "rt")
    status = store.status()
    assert not status.usable
    assert "No system keyring" in status.message


def test_locked_keyring_is_reported() -> None:
    store = CredentialStore(LockedKeyring())
    with pytest.raises(CredentialsUnavailable, match="locked"):
        store.load(ACCOUNT, SecretKind.REFRESH_TOKEN)


def test_hanging_keyring_times_out_with_a_message() -> None:
    backend = HangingKeyring()
    store = CredentialStore(backend, timeout=0.2)
    try:
        with pytest.raises(CredentialsUnavailable, match=r"did not answer within 0\.2 s"):
            store.save(ACCOUNT, SecretKind.REFRESH_TOKEN, "rt")
    finally:
        backend.release.set()
