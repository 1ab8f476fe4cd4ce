"""The parts of the running wallet that are opened on first use: the store, the provider
client (and the embedded sandbox, on a free loopback port unless a provider URL is set), and
what configures them (`WalletConfig`, the settings, the language). `WalletParts` opens each
once, outside its lock, shares the client's tokens with the clients of other threads, takes
new settings at once (`reconfigure`) and releases everything on `close()`.

`lebwallet.services.wallet.Wallet` builds the session, the cards and the history on them.
Like it, this module imports no pydantic, SQLAlchemy, requests or keyring at import time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# Start-up speed: the provider client (requests, pydantic wire models), the store
# (SQLAlchemy, Alembic) and the sandbox (Flask) are imported where first used.
if TYPE_CHECKING:
    from lebwallet.provider import wire
    from lebwallet.provider.client import ProviderClient
    from lebwallet.sandbox.server import SandboxServer
    from lebwallet.services.settings import Settings
    from lebwallet.store.engine import Store
    from lebwallet.store.repair import DamagedStore, Replaced

__all__ = ["WalletConfig", "WalletParts"]


@dataclass(frozen=True, slots=True)
class WalletConfig:
    data_dir: Path
    settings: Settings
    sandbox_credit_delay: float = 5.0


class WalletParts:
    """The store and the provider client of one wallet, opened on first use (thread-safe).

    A subclass hears of two things: `_on_tokens` (the shared client's tokens were refreshed
    or dropped) and `_parts_replaced` (the store or the provider changed: what was read from
    them may be stale).
    """

    def __init__(self, config: WalletConfig, *, store: Store | None = None) -> None:
        self._config = config
        # Guards the fields below; held only briefly, never while a part opens.
        self._lock = threading.RLock()
        self._store_opening = threading.Lock()
        self._client_opening = threading.Lock()
        self._store = store
        self._sandbox: SandboxServer | None = None
        self._client: ProviderClient | None = None
        self._closed = False
        self._language = "en"

    def _on_tokens(self, pair: wire.TokenPair | None) -> None:
        """The shared client's tokens changed (None: dropped); nothing to do here."""

    def _parts_replaced(self) -> None:
        """The store or the provider was let go of (called under `_lock`); nothing here."""

    # --- configuration --------------------------------------------------------------------

    @property
    def uses_sandbox(self) -> bool:
        return self._config.settings.uses_sandbox

    @property
    def provider_url(self) -> str:
        url = self._config.settings.provider_url
        if url is not None:
            return url
        sandbox = self._sandbox
        return sandbox.url if sandbox is not None and sandbox.running else ""

    @property
    def data_dir(self) -> Path:
        return self._config.data_dir

    def set_language(self, code: str) -> None:
        """The user's language (`en`, `zh_CN`): the provider answers in it from the next
        request of every client on (the clients read `language_tag` on each request)."""
        self._language = code.replace("_", "-")

    def language_tag(self) -> str:
        """The user's language as a BCP 47 tag (`en`, `zh-CN`), for `Accept-Language`."""
        return self._language

    def reconfigure(self, settings: Settings) -> Callable[[], None]:
        """Take new settings at once (cheap, any thread): a changed provider or database is
        reopened on next use. Returns the clean-up of the replaced parts (closing the old
        client, stopping the old sandbox, disposing the old store), which may block: run it
        in the background."""
        with self._lock:
            old = self._config.settings
            self._config = WalletConfig(
                self._config.data_dir, settings, self._config.sandbox_credit_delay
            )
            client, sandbox, store = None, None, None
            if settings.provider_url != old.provider_url:
                client, sandbox = self._client, self._sandbox
                self._client = self._sandbox = None
                self._parts_replaced()
            if settings.database_url != old.database_url:
                store, self._store = self._store, None
                self._parts_replaced()

        return lambda: _release(client, sandbox, store)

    # --- lazily opened parts ---------------------------------------------------------------

    def store(self) -> Store:
        # Opened (migrated, backed up) outside `_lock`, so that `open_parts`, `reconfigure` and
        # the client's opening never wait for it; `_store_opening` lets one thread open it.
        with self._store_opening:
            while True:
                with self._lock:
                    self._require_open()
                    if self._store is not None:
                        return self._store
                    url = self._store_url()
                from lebwallet.store.engine import open_store

                store = open_store(url, backup_dir=self._config.data_dir / "backups")
                with self._lock:
                    if not self._closed and self._store is None and url == self._store_url():
                        self._store = store
                        return store
                store.dispose()  # closed or reconfigured meanwhile: look again

    def replace_damaged_store(self, damage: DamagedStore, *, restore: bool) -> Replaced:
        """Keep the damaged store file aside and put its newest sound backup in its place
        (`restore`, when there is one) or nothing: the next use opens a fresh store, which
        the next sync fills again from the provider."""
        from lebwallet.store.repair import replace_damaged

        with self._store_opening:
            with self._lock:
                self._require_open()
                store, self._store = self._store, None
                self._parts_replaced()
            if store is not None:
                store.dispose()
            return replace_damaged(damage.path, damage.backup if restore else None)

    def _store_url(self) -> str:
        from lebwallet.store.engine import default_sqlite_url

        return self._config.settings.database_url or default_sqlite_url(self._config.data_dir)

    def store_file(self) -> Path | None:
        """The wallet's SQLite file, None when the store is another database."""
        from lebwallet.store.engine import sqlite_path

        with self._lock:
            return sqlite_path(self._store_url())

    @contextmanager
    def store_closed(self) -> Iterator[None]:
        """The store closed for the block (a restore replaces its content); other threads
        wait for the block to end, then open it again (migrating it) on first use."""
        with self._store_opening:
            with self._lock:
                self._require_open()
                store, self._store = self._store, None
                self._parts_replaced()
            if store is not None:
                store.dispose()
            yield

    def client(self) -> ProviderClient:
        # Opened (the embedded sandbox started) outside `_lock`, like the store.
        with self._client_opening:
            while True:
                with self._lock:
                    self._require_open()
                    if self._client is not None:
                        return self._client
                    provider_url = self._config.settings.provider_url
                sandbox: SandboxServer | None = None
                url = provider_url
                if url is None:
                    from lebwallet.sandbox.server import SandboxServer

                    sandbox = SandboxServer(
                        self._config.data_dir / "sandbox",
                        credit_delay=self._config.sandbox_credit_delay,
                    )
                    sandbox.start()
                    url = sandbox.url
                from lebwallet.provider.client import ProviderClient

                client = ProviderClient(url, on_tokens=self._on_tokens, language=self.language_tag)
                with self._lock:
                    current = self._config.settings.provider_url
                    if not self._closed and self._client is None and provider_url == current:
                        self._client, self._sandbox = client, sandbox
                        return client
                _release(client, sandbox, None)  # closed or reconfigured meanwhile

    def _require_open(self) -> None:
        if self._closed:
            raise RuntimeError("the wallet is closed")

    def open_parts(self) -> tuple[ProviderClient, Store] | None:
        """The client and the store when both are open already (never blocks), else None."""
        with self._lock:
            if self._closed or self._client is None or self._store is None:
                return None
            return self._client, self._store

    def current_tokens(self) -> wire.TokenPair | None:
        """The shared client's tokens (for a client made for another thread)."""
        with self._lock:
            return None if self._client is None else self._client.tokens

    def share_tokens(self, pair: wire.TokenPair | None) -> None:
        """A client of another thread refreshed (or lost) the tokens: keep them here too
        (refresh tokens rotate) and in the keyring."""
        with self._lock:
            client = self._client
        if client is not None and pair is not None:
            client.tokens = pair
        self._on_tokens(pair)

    def new_client(self) -> ProviderClient:
        """A new client with the shared tokens, for one background thread (caller closes)."""
        from lebwallet.provider.client import ProviderClient

        base = self.client().base_url
        return ProviderClient(
            base,
            tokens=self.current_tokens(),
            on_tokens=self.share_tokens,
            language=self.language_tag,
        )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            client, sandbox, store = self._client, self._sandbox, self._store
            self._client = self._sandbox = self._store = None
        _release(client, sandbox, store)


def _release(
    client: ProviderClient | None, sandbox: SandboxServer | None, store: Store | None
) -> None:
    """Close the parts a `Wallet` let go of (outside its lock: closing may block)."""
    if client is not None:
        client.close()
    if sandbox is not None:
        sandbox.stop()
    if store is not None:
        store.dispose()
