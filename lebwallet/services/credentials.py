"""Secrets in the OS keyring, and nowhere else.

The refresh token (and the password, only when the user asks the wallet to remember it)
live in the keyring through the `keyring` package. A missing, locked, failing or hanging
backend is reported with a message a person can act on; it is never silently replaced by a
plaintext file. Every keyring call runs on a daemon thread with a timeout, because some
backends block on a desktop unlock prompt.

Nothing here touches Qt; the UI calls it from a background task, never the GUI thread.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, TypeVar

import keyring
import keyring.backend
import keyring.errors

SERVICE_NAME: Final = "lebwallet"
DEFAULT_TIMEOUT: Final = 5.0

# Backends that write secrets to an ordinary file in clear text: never acceptable.
_PLAINTEXT_BACKENDS: Final = frozenset({"keyrings.alt.file.PlaintextKeyring"})
# Backends that store nothing at all.
_NO_BACKENDS: Final = frozenset({"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"})

T = TypeVar("T")


class SecretKind(StrEnum):
    REFRESH_TOKEN = "refresh-token"
    PASSWORD = "password"
    CLIENT_SECRET = "client-secret"
    """A top-up channel account's API secret (Reloadly)."""


class CredentialsUnavailable(RuntimeError):
    """The keyring cannot be used; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class KeyringStatus:
    usable: bool
    backend: str
    message: str


def _backend_name(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


class CredentialStore:
    """Reads and writes the wallet's secrets in the OS keyring.

    `account` is the provider URL plus the login (e-mail or phone), so two providers or two
    accounts never share a secret.
    """

    def __init__(
        self,
        backend: keyring.backend.KeyringBackend | None = None,
        *,
        service: str = SERVICE_NAME,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._backend = backend
        self._service = service
        self._timeout = timeout

    # --- public API ---------------------------------------------------------------------

    def status(self) -> KeyringStatus:
        """Whether secrets can be stored, with a message for the settings dialog."""
        try:
            backend = self._checked_backend()
        except CredentialsUnavailable as error:
            return KeyringStatus(False, self._name_or_unknown(), str(error))
        return KeyringStatus(True, _backend_name(backend), "")

    def save(self, account: str, kind: SecretKind, secret: str) -> None:
        if not secret:
            raise ValueError("refusing to store an empty secret")
        backend = self._checked_backend()
        self._call(lambda: backend.set_password(self._service, _key(account, kind), secret))

    def load(self, account: str, kind: SecretKind) -> str | None:
        backend = self._checked_backend()
        return self._call(lambda: backend.get_password(self._service, _key(account, kind)))

    def delete(self, account: str, kind: SecretKind) -> None:
        """Remove a secret; removing one that is not there is not an error."""
        backend = self._checked_backend()

        def remove() -> None:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                backend.delete_password(self._service, _key(account, kind))

        self._call(remove)

    def forget_account(self, account: str) -> None:
        for kind in SecretKind:
            self.delete(account, kind)

    # --- internals ----------------------------------------------------------------------

    def _name_or_unknown(self) -> str:
        try:
            return _backend_name(self._backend or keyring.get_keyring())
        except Exception:
            return "unknown"

    def _checked_backend(self) -> keyring.backend.KeyringBackend:
        backend = self._backend or keyring.get_keyring()
        name = _backend_name(backend)
        if name in _NO_BACKENDS:
            raise CredentialsUnavailable(
                "No system keyring was found, so the wallet cannot keep you signed in. "
                "Install and unlock a Secret Service keyring (GNOME Keyring or KWallet) "
                "and try again."
            )
        if name in _PLAINTEXT_BACKENDS:
            raise CredentialsUnavailable(
                f"The keyring backend {name} stores secrets in a plain file; "
                "LEB Wallet will not use it. Configure a system keyring instead."
            )
        return backend

    def _call(self, work: Callable[[], T]) -> T:
        """Run one keyring call on a daemon thread; give up after the timeout."""
        results: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=1)

        def target() -> None:
            try:
                results.put((True, work()))
            except BaseException as error:
                results.put((False, error))

        threading.Thread(target=target, name="keyring-call", daemon=True).start()
        try:
            ok, value = results.get(timeout=self._timeout)
        except queue.Empty:
            raise CredentialsUnavailable(
                f"The keyring did not answer within {self._timeout:g} s. "
                "It may be locked and waiting for you to unlock it."
            ) from None
        if ok:
            return value  # type: ignore[return-value]  # the value `work` returned
        error = value
        if isinstance(error, keyring.errors.KeyringLocked):
            raise CredentialsUnavailable(
                "The keyring is locked. Unlock it and try again."
            ) from error
        if isinstance(error, keyring.errors.KeyringError):
            raise CredentialsUnavailable(f"The keyring reported an error: {error}") from error
        assert isinstance(error, BaseException)
        raise error


def _key(account: str, kind: SecretKind) -> str:
    if not account:
        raise ValueError("an account name is needed to store a secret")
    return f"{account}#{kind.value}"
