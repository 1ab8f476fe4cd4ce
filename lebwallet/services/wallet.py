"""The running wallet behind the window: `Wallet`, the `WalletBackend` of the app.

Qt-free and thread-safe: its methods block (store, network, keyring) and run on the task
runner's pool threads, never on the GUI thread. The store and the provider connection
(the embedded sandbox on a free loopback port unless a provider URL is set) are opened on
first use; `close()` releases both. Secrets go to the keyring through `CredentialStore`.

The window's first cards are read without it (`lebwallet.services.stored_cards`); this module
imports no pydantic, SQLAlchemy, requests or keyring at import time either.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lebwallet.clock import utc_now
from lebwallet.domain.cards import Card
from lebwallet.domain.identifiers import Iccid, Msisdn
from lebwallet.domain.money import Money
from lebwallet.services.stored_cards import read_stored_cards
from lebwallet.services.wallet_api import (
    AccountInfo,
    CardsSnapshot,
    HistoryChunk,
    HistoryEntry,
    HistoryQuery,
    PendingCode,
    SyncReport,
)

# Start-up speed: the provider client (requests, pydantic wire models), the keyring, the
# store (SQLAlchemy, Alembic) and the sandbox (Flask) are imported where first used.
if TYPE_CHECKING:
    from lebwallet.domain.recharge import PaymentMethod
    from lebwallet.provider import wire
    from lebwallet.provider.client import ProviderClient
    from lebwallet.sandbox.server import SandboxServer
    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.keepalive import KeepAliveService
    from lebwallet.services.recharge import ReconcileReport
    from lebwallet.services.settings import Settings
    from lebwallet.store.engine import Store
    from lebwallet.store.queries import OrderRecord
    from lebwallet.store.repair import DamagedStore, Replaced

_log = logging.getLogger(__name__)

AUTOPILOT_KEY_PREFIX = "autopilot-"
"""The idempotency keys of autopilot's top-ups begin so (`services.autopilot.order_key`)."""


@dataclass(frozen=True, slots=True)
class WalletConfig:
    data_dir: Path
    settings: Settings
    sandbox_credit_delay: float = 5.0


class Wallet:
    """The `WalletBackend` of the running app (see `lebwallet.services.wallet_api`).

    Thread-safe: its methods run on the task runner's pool threads. The store and the
    provider connection are opened on first use; `close()` releases both.
    """

    def __init__(
        self,
        config: WalletConfig,
        credentials: CredentialStore | None = None,
        *,
        store: Store | None = None,
    ) -> None:
        self._config = config
        self._credential_store = credentials
        # Guards the fields below; held only briefly, never while a part opens.
        self._lock = threading.RLock()
        self._store_opening = threading.Lock()
        self._client_opening = threading.Lock()
        self._store = store
        self._sandbox: SandboxServer | None = None
        self._client: ProviderClient | None = None
        # The login lives in the store (read by `restore_session`); a value an older version
        # left in the settings is used until the next sign-in moves it into the store.
        self._login: str | None = config.settings.login
        self._card_names: dict[str, str] | None = None
        self._closed = False
        self._language = "en"
        self._keyring_reported = False

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

    @property
    def login(self) -> str | None:
        return self._login

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
                self._card_names = None
            if settings.database_url != old.database_url:
                store, self._store = self._store, None
                self._card_names = None

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
                self._card_names = None
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
                self._card_names = None
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

    def reconcile(self) -> ReconcileReport:
        """Start-up: every non-final order of the journal checked with the provider."""
        from lebwallet.services.recharge import RechargeService

        with self.new_client() as client:
            return RechargeService(client, self.store()).reconcile()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            client, sandbox, store = self._client, self._sandbox, self._store
            self._client = self._sandbox = self._store = None
        _release(client, sandbox, store)

    # --- secrets ----------------------------------------------------------------------------

    @property
    def credential_store(self) -> CredentialStore:
        """The keyring the wallet keeps its secrets in (blocking to use: not on the GUI
        thread)."""
        return self._credentials

    @property
    def _credentials(self) -> CredentialStore:
        with self._lock:
            if self._credential_store is None:
                from lebwallet.services.credentials import CredentialStore

                self._credential_store = CredentialStore()
            return self._credential_store

    def _account_key(self, login: str) -> str:
        # Each data directory has its own embedded sandbox (and so its own demo tokens).
        if self.uses_sandbox:
            where = f"sandbox:{self._config.data_dir}"
        else:
            where = self._config.settings.provider_url or ""
        return f"{where}|{login}"

    def _on_tokens(self, pair: wire.TokenPair | None) -> None:
        from lebwallet.services.credentials import CredentialsUnavailable, SecretKind

        login = self._login
        if login is None:
            return
        try:
            if pair is None:
                self._credentials.delete(self._account_key(login), SecretKind.REFRESH_TOKEN)
            else:
                self._credentials.save(
                    self._account_key(login), SecretKind.REFRESH_TOKEN, pair.refresh_token
                )
        except CredentialsUnavailable as error:
            self._keyring_failed(error)

    def _keyring_failed(self, error: Exception) -> None:
        """A keyring that cannot keep the session: one warning line per wallet, then debug
        (the user is told by the window, from `AccountInfo.keyring_problem`)."""
        with self._lock:
            first, self._keyring_reported = not self._keyring_reported, True
        _log.log(
            logging.WARNING if first else logging.DEBUG,
            "keyring: the session cannot be remembered: %s",
            error,
        )

    # --- session ----------------------------------------------------------------------------

    def restore_session(self) -> AccountInfo | None:
        """Sign in again with the refresh token kept in the keyring, or with the password
        if the user asked to remember it; None when neither works."""
        from lebwallet.provider import wire
        from lebwallet.provider.errors import AuthenticationRequired
        from lebwallet.services.credentials import SecretKind

        login = self._login
        if login is None:
            login = self._login = self._stored_login()
        if login is None:
            return None
        key = self._account_key(login)
        token = self._credentials.load(key, SecretKind.REFRESH_TOKEN)
        client = self.client()
        if token is not None:
            client.tokens = wire.TokenPair(
                access_token="expired",
                token_type="Bearer",
                expires_in=1,
                refresh_token=token,
                refresh_expires_in=1,
            )
            try:
                client.refresh()
                return self._account_info()
            except AuthenticationRequired:
                pass
        password = self._credentials.load(key, SecretKind.PASSWORD)
        if password is None:
            return None
        try:
            client.login(login, password)
        except AuthenticationRequired:
            self._credentials.delete(key, SecretKind.PASSWORD)  # changed elsewhere: ask again
            return None
        return self._account_info()

    def _stored_login(self) -> str | None:
        from lebwallet.store.queries import account

        with self.store().session(readonly=True) as session:
            record = account(session)
        return None if record is None else record.login

    def sign_in(self, login: str, password: str, *, remember: bool = False) -> AccountInfo:
        from lebwallet.services.credentials import CredentialsUnavailable, SecretKind

        self._login = login
        self.client().login(login, password)
        info = self._account_info()
        key = self._account_key(login)
        try:
            if remember:
                self._credentials.save(key, SecretKind.PASSWORD, password)
            else:
                self._credentials.delete(key, SecretKind.PASSWORD)
        except CredentialsUnavailable as error:
            self._keyring_failed(error)
            return replace(info, keyring_problem=str(error))
        return replace(info, keyring_problem=self.keyring_problem())

    def keyring_problem(self) -> str | None:
        """Why no keyring can keep the session (none, or a plain file), or None. Asks no
        secret of the keyring: a locked or failing one shows only when used."""
        status = self._credentials.status()
        return None if status.usable else status.message

    def update_profile(self, name: str, default_payment_method: PaymentMethod) -> AccountInfo:
        """Complete the profile at the provider (name, default payment method)."""
        account = self.client().update_profile(
            name=name, default_payment_method=default_payment_method.value
        )
        return self._account_info(account)

    def register(self, login: str, password: str, name: str) -> PendingCode:
        self._login = login
        is_phone = login.strip().startswith("+")
        pending = self.client().register(
            password=password,
            name=name,
            email=None if is_phone else login.strip(),
            phone=login.strip() if is_phone else None,
        )
        return PendingCode(pending.verification_id, pending.destination, pending.sandbox_code)

    def verify(self, verification_id: str, code: str) -> None:
        self.client().verify(verification_id, code)

    def sign_out(self) -> None:
        """End the session (the tokens go first, whatever the keyring does), then remove
        its secrets from the keyring. Raises `CredentialsUnavailable` when a keyring that
        may hold them cannot be cleared; one that cannot hold any is not asked."""
        with self._lock:
            login = self._login
            if self._client is not None:
                self._client.tokens = None
        if login is None or self.keyring_problem() is not None:
            return
        self._credentials.forget_account(self._account_key(login))

    def _account_info(self, account: wire.Account | None = None) -> AccountInfo:
        """The signed-in account, stored; from now on only its data is shown
        (`store.owners`: another provider's or account's cards and orders stay hidden)."""
        from lebwallet.store.owners import owner_key, set_current_owner
        from lebwallet.store.writes import upsert_account

        if account is None:
            account = self.client().account()
        provider = self._config.settings.provider_url or "sandbox"
        owner = owner_key(provider, account.profile.id)
        with self.store().session() as session:
            upsert_account(session, account, synced_at=utc_now(), login=self._login)
            if set_current_owner(session, owner, utc_now()):
                self._card_names = None
        profile = account.profile
        return AccountInfo(
            name=profile.name,
            login=self._login or profile.email or profile.phone or "",
            profile_complete=profile.profile_complete,
            missing_fields=tuple(str(f) for f in profile.missing_fields),
            owner=owner,
        )

    # --- cards ------------------------------------------------------------------------------

    def load_cards(self) -> CardsSnapshot:
        # The sync's own key, from the light module: `services.sync` would bring the provider
        # client (requests, the wire schemas) onto the start's path.
        from lebwallet.services.stored_cards import CARDS_SYNC_KEY
        from lebwallet.store.queries import last_synced_at, list_cards

        with self.store().session(readonly=True) as session:
            cards = list_cards(session)
            synced = last_synced_at(session, CARDS_SYNC_KEY)
        return CardsSnapshot(tuple(cards), synced)

    def load_cached_cards(self) -> CardsSnapshot | None:
        """The stored cards read directly (`read_stored_cards`), None with another database."""
        if self._config.settings.database_url is not None:
            return None  # only the store itself reads a configured database
        return read_stored_cards(self._config.data_dir)

    def sync(self) -> SyncReport:
        """Account, cards and changed orders from the provider into the store."""
        from lebwallet.services.sync import SyncService
        from lebwallet.store.queries import list_cards

        store = self.store()
        result = SyncService(self.client(), store).sync_all()
        with store.session(readonly=True) as session:
            cards = list_cards(session)
        self._card_names = None
        self.keep_alive().write_calendar()  # provider deadlines may have moved
        return SyncReport(
            tuple(cards), result.synced_at, result.order_changes, result.rejected_cards
        )

    def _store_card(self, card: wire.Card) -> Card:
        from lebwallet.store.queries import card as stored_card
        from lebwallet.store.writes import upsert_cards

        with self.store().session() as session:
            upsert_cards(session, [card], synced_at=utc_now(), complete=False)
            result = stored_card(session, card.id)
        self._card_names = None
        if result is None:
            raise RuntimeError("the provider's card could not be stored")
        return result

    def bind_card(self, identifier: Iccid | Msisdn, label: str | None) -> Card:
        client = self.client()
        if isinstance(identifier, Iccid):
            bound = client.bind_card(iccid=identifier.value, label=label)
        else:
            bound = client.bind_card(msisdn=identifier.e164, label=label)
        return self._store_card(bound)

    def keep_alive(self) -> KeepAliveService:
        """The wallet's own cards and keep-alive actions (the calendar kept in the data dir)."""
        from lebwallet.services.keepalive import KeepAliveService

        return KeepAliveService(self.store(), data_dir=self._config.data_dir)

    def _is_local(self, card_id: str) -> bool:
        from lebwallet.domain.cards import CardSource
        from lebwallet.store.queries import card as stored_card

        with self.store().session(readonly=True) as session:
            found = stored_card(session, card_id)
        return found is not None and found.source is CardSource.LOCAL

    def rename_card(self, card_id: str, label: str | None) -> Card:
        if self._is_local(card_id):
            self._card_names = None
            return self.keep_alive().rename_local_card(card_id, label)
        return self._store_card(self.client().update_card(card_id, label))

    def unbind_card(self, card_id: str) -> None:
        from lebwallet.store.writes import mark_card_removed

        if self._is_local(card_id):
            self.keep_alive().remove_local_card(card_id)
            self._card_names = None
            return
        self.client().unbind_card(card_id)
        with self.store().session() as session:
            mark_card_removed(session, card_id)
        self._card_names = None

    def balance_series(self, card_id: str) -> Sequence[tuple[datetime, Money]]:
        from lebwallet.store.queries import balance_series

        with self.store().session(readonly=True) as session:
            return balance_series(session, card_id)

    # --- history ----------------------------------------------------------------------------

    def _names(self, card_ids: Iterable[str]) -> dict[str, str]:
        """Display names of these cards (and of all asked for before): read only for the cards
        not known yet, so a page of history reads at most its own cards, never every card (a
        reseller's 10,000 cards as domain objects take ~1 s of a pool thread, and the GIL)."""
        from lebwallet.store.queries import cards_by_ids

        names = self._card_names
        if names is None:
            names = self._card_names = {}
        missing = sorted({card_id for card_id in card_ids if card_id not in names})
        if missing:
            # One query for the page's unknown cards (removed ones included).
            with self.store().session(readonly=True) as session:
                for card in cards_by_ids(session, missing):
                    names[card.id] = card.display_name
        return names

    def history_page(self, query: HistoryQuery, cursor: object | None, limit: int) -> HistoryChunk:
        from lebwallet.store.queries import HistoryCursor, HistoryFilter, history_page

        flt = HistoryFilter(
            card_id=query.card_id,
            statuses=query.statuses,
            start=query.start,
            end=query.end,
            text=query.text,
            payment_methods=query.payment_methods,
        )
        after = cursor if isinstance(cursor, HistoryCursor) else None
        with self.store().session(readonly=True) as session:
            page = history_page(session, flt, after=after, limit=limit)
        names = self._names(row.card_id for row in page.rows)
        entries = tuple(_entry(row, names) for row in page.rows)
        return HistoryChunk(entries, page.next_cursor)

    def history_entries(self, local_ids: Sequence[int]) -> tuple[HistoryEntry, ...]:
        from lebwallet.store.queries import orders_by_ids

        with self.store().session(readonly=True) as session:
            rows = orders_by_ids(session, local_ids)
        names = self._names(row.card_id for row in rows)
        return tuple(_entry(row, names) for row in rows)


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


def _entry(row: OrderRecord, names: dict[str, str]) -> HistoryEntry:
    return HistoryEntry(
        local_id=row.local_id,
        provider_id=row.provider_id,
        card_id=row.card_id,
        card_name=names.get(row.card_id, row.card_id),
        status=row.status,
        amount=row.amount,
        bonus=row.bonus,
        discount=row.discount,
        fee=row.fee,
        total=row.total,
        payment_method=row.payment_method,
        failure_reason=row.failure_reason,
        created_at=row.created_at,
        updated_at=row.updated_at,
        credited_at=row.credited_at,
        fx_rate=row.fx_rate,
        automatic=row.idempotency_key.startswith(AUTOPILOT_KEY_PREFIX),
    )
