"""The top-up channels the wallet has, and the Reloadly account behind one of them.

    add_reloadly(data_dir, credentials, account, secret)   # secret → keyring, the rest → settings
    channel_list(settings)                                 # what `lebwallet channels` shows
    with reloadly_channel(settings, credentials) as channel:
        channel.account_balance()                          # the account's balance
    check_reloadly(account, secret)                        # "test connection" before adding

The client secret lives in the keyring only (`CredentialStore`, `SecretKind.CLIENT_SECRET`,
under `reloadly:<client id>`); the settings file keeps the client id, sandbox or live, and
the overridden base URLs. Blocking (keyring, network): never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lebwallet.channels.reloadly.channel import ReloadlyChannel
from lebwallet.channels.reloadly.client import (
    AUTH_URL,
    LIVE_API_URL,
    SANDBOX_API_URL,
    ReloadlyClient,
)
from lebwallet.channels.reloadly.http import checked_base_url
from lebwallet.domain.money import Money
from lebwallet.services.channels import LEB, RELOADLY, ChannelNotAvailable, PaymentKind
from lebwallet.services.credentials import CredentialStore, SecretKind
from lebwallet.services.settings import ReloadlyAccount, Settings, load_settings, save_settings


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    name: str
    payment: PaymentKind
    mode: str
    """"sandbox" or "live"."""
    endpoint: str
    account: str | None = None


def _account_key(client_id: str) -> str:
    return f"{RELOADLY}:{client_id}"


def checked_account(account: ReloadlyAccount) -> ReloadlyAccount:
    """The account with its URLs checked (ValueError says which is wrong)."""
    auth = None if account.auth_url is None else checked_base_url(account.auth_url, "auth URL")
    api = None if account.api_url is None else checked_base_url(account.api_url, "API URL")
    return account.model_copy(update={"auth_url": auth, "api_url": api})


def add_reloadly(
    data_dir: Path, credentials: CredentialStore, account: ReloadlyAccount, secret: str
) -> Settings:
    """Keep the secret in the keyring and the account in the settings; returns the new
    settings. Raises ValueError (bad URL, empty secret) or `CredentialsUnavailable` before
    anything is written."""
    account = checked_account(account)
    if not secret.strip():
        raise ValueError("the client secret is empty")
    credentials.save(_account_key(account.client_id), SecretKind.CLIENT_SECRET, secret.strip())
    settings = load_settings(data_dir).settings.model_copy(update={"reloadly": account})
    save_settings(data_dir, settings)
    return settings


def channel_list(settings: Settings) -> list[ChannelInfo]:
    leb = ChannelInfo(
        LEB,
        PaymentKind.HOSTED,
        "sandbox" if settings.uses_sandbox else "live",
        settings.provider_url or "embedded sandbox",
    )
    found = [leb]
    account = settings.reloadly
    if account is not None:
        api = account.api_url or (SANDBOX_API_URL if account.sandbox else LIVE_API_URL)
        found.append(
            ChannelInfo(
                RELOADLY,
                PaymentKind.ACCOUNT_BALANCE,
                "sandbox" if account.sandbox else "live",
                api,
                account.client_id,
            )
        )
    return found


@contextmanager
def reloadly_channel(
    settings: Settings, credentials: CredentialStore, **client_options: object
) -> Iterator[ReloadlyChannel]:
    """The Reloadly channel of the settings' account (`ChannelNotAvailable` without one)."""
    account = settings.reloadly
    if account is None:
        raise ChannelNotAvailable("no Reloadly account is added (lebwallet channels add reloadly)")
    secret = credentials.load(_account_key(account.client_id), SecretKind.CLIENT_SECRET)
    if not secret:
        raise ChannelNotAvailable(
            f"the keyring holds no secret for the Reloadly client {account.client_id}"
        )
    client = _client(account, secret, client_options)
    try:
        yield ReloadlyChannel(client)
    finally:
        client.close()


def check_reloadly(account: ReloadlyAccount, secret: str, **client_options: object) -> Money:
    """The balance of the account with this secret, nothing kept ("test connection" before
    `add_reloadly`). Raises ValueError (bad URL, empty secret) or the channel's typed errors
    (`ProviderError`: wrong credentials, unreachable, ...)."""
    account = checked_account(account)
    if not secret.strip():
        raise ValueError("the client secret is empty")
    client = _client(account, secret.strip(), client_options)
    try:
        return ReloadlyChannel(client).account_balance()
    finally:
        client.close()


def _client(
    account: ReloadlyAccount, secret: str, client_options: dict[str, object]
) -> ReloadlyClient:
    return ReloadlyClient(
        account.client_id,
        secret,
        sandbox=account.sandbox,
        auth_url=account.auth_url or AUTH_URL,
        api_url=account.api_url,
        **client_options,  # type: ignore[arg-type]
    )


__all__ = [
    "ChannelInfo",
    "ReloadlyAccount",
    "add_reloadly",
    "channel_list",
    "check_reloadly",
    "checked_account",
    "reloadly_channel",
]
