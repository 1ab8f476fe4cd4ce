"""Real keyring backends for tests: they implement keyring's backend interface in memory."""

from __future__ import annotations

import threading

import keyring.backend
import keyring.errors


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A working keyring that keeps secrets in a dict for the life of the test."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


class LockedKeyring(MemoryKeyring):
    """A keyring whose collection is locked: every call says so."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("collection is locked")


class HangingKeyring(MemoryKeyring):
    """A keyring that blocks (as one waiting on an unlock prompt does) until released."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)
        super().set_password(service, username, password)


class BrokenKeyring(MemoryKeyring):
    """A keyring whose service fails every call (a D-Bus error, a crashed daemon)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("the keyring service is not running")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringError("the keyring service is not running")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringError("the keyring service is not running")
