"""The running wallet behind the window: `Wallet`, the `WalletBackend` of the app.

Qt-free and thread-safe: its methods block (store, network, keyring) and run on the task
runner's pool threads, never on the GUI thread. The store and the provider connection
(the embedded sandbox on a free loopback port unless a provider URL is set) are opened on
first use and released by `close()` (`lebwallet.services.wallet_parts`); this module owns
the session (secrets go to the keyring through `CredentialStore`), the cards and the history.

The window's first cards are read without it (`lebwallet.services.stored_cards`); this module
imports no pydantic, SQLAlchemy, requests or keyring at import time either.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
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
from lebwallet.services.wallet_history import (
    AUTOPILOT_KEY_PREFIX,
    CardNames,
    history_entries,
    history_page,
)
from lebwallet.services.wallet_parts import WalletConfig, WalletParts

# Start-up speed: the provider client (requests, pydantic wire models), the keyring, the
# store (SQLAlchemy, Alembic) and the sandbox (Flask) are imported where first used.
if TYPE_CHECKING:
    from lebwallet.domain.recharge import PaymentMethod
    from lebwallet.provider import wire
    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.keepalive import KeepAliveService
    from lebwallet.services.recharge import ReconcileReport
    from lebwallet.store.engine import Store

# AUTOPILOT_KEY_PREFIX lives in wallet_history; services.autopilot_values imports it from here.
__all__ = ["AUTOPILOT_KEY_PREFIX", "Wallet", "WalletConfig"]

_log = logging.getLogger(__name__)


class Wallet(WalletParts):
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
        super().__init__(config, store=store)
        self._credential_store = credentials
        # The login lives in the store (read by `restore_session`); a value an older version
        # left in the settings is used until the next sign-in moves it into the store.
        self._login: str | None = config.settings.login
        self._card_names = CardNames()
        self._keyring_reported = False

    def _parts_replaced(self) -> None:
        self._card_names.forget()

    @property
    def login(self) -> str | None:
        return self._login

    def reconcile(self) -> ReconcileReport:
        """Start-up: every non-final order of the journal checked with the provider."""
        from lebwallet.services.recharge import RechargeService

        with self.new_client() as client:
            return RechargeService(client, self.store()).reconcile()

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
        from lebwallet.services.card_rows import account_profile
        from lebwallet.store.owners import owner_key, set_current_owner
        from lebwallet.store.writes import upsert_account

        if account is None:
            account = self.client().account()
        provider = self._config.settings.provider_url or "sandbox"
        owner = owner_key(provider, account.profile.id)
        with self.store().session() as session:
            upsert_account(
                session, account_profile(account), synced_at=utc_now(), login=self._login
            )
            if set_current_owner(session, owner, utc_now()):
                self._card_names.forget()
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
        self._card_names.forget()
        self.keep_alive().write_calendar()  # provider deadlines may have moved
        return SyncReport(
            tuple(cards), result.synced_at, result.order_changes, result.rejected_cards
        )

    def _store_card(self, card: wire.Card) -> Card:
        from lebwallet.services.card_rows import prepare_card_page
        from lebwallet.store.queries import card as stored_card
        from lebwallet.store.writes import upsert_cards

        rows = prepare_card_page([card])
        with self.store().session() as session:
            upsert_cards(session, rows, synced_at=utc_now(), complete=False)
            result = stored_card(session, card.id)
        self._card_names.forget()
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
            self._card_names.forget()
            return self.keep_alive().rename_local_card(card_id, label)
        return self._store_card(self.client().update_card(card_id, label))

    def unbind_card(self, card_id: str) -> None:
        from lebwallet.store.writes import mark_card_removed

        if self._is_local(card_id):
            self.keep_alive().remove_local_card(card_id)
            self._card_names.forget()
            return
        self.client().unbind_card(card_id)
        with self.store().session() as session:
            mark_card_removed(session, card_id)
        self._card_names.forget()

    def balance_series(self, card_id: str) -> Sequence[tuple[datetime, Money]]:
        from lebwallet.store.queries import balance_series

        with self.store().session(readonly=True) as session:
            return balance_series(session, card_id)

    # --- history ----------------------------------------------------------------------------

    def history_page(self, query: HistoryQuery, cursor: object | None, limit: int) -> HistoryChunk:
        return history_page(self.store(), self._card_names, query, cursor, limit)

    def history_entries(self, local_ids: Sequence[int]) -> tuple[HistoryEntry, ...]:
        return history_entries(self.store(), self._card_names, local_ids)
