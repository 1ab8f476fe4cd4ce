"""The running wallet behind the window: `Wallet`, the `WalletBackend` of the app.

Qt-free and thread-safe: its methods block (store, network, keyring) and run on the task
runner's pool threads, never on the GUI thread. The store and the provider connection
(the embedded sandbox on a free loopback port unless a provider URL is set) are opened on
first use; `close()` releases both. Secrets go to the keyring through `CredentialStore`.

It also keeps a small JSON snapshot of the cards beside the store so the next start can
paint them before SQLAlchemy is imported; the store's rows replace them moments later.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from lebwallet.domain.identifiers import Iccid
from lebwallet.services.settings import Settings
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
    from lebwallet.domain.cards import Card
    from lebwallet.domain.identifiers import Msisdn
    from lebwallet.domain.money import Money
    from lebwallet.provider import wire
    from lebwallet.provider.client import ProviderClient
    from lebwallet.sandbox.server import SandboxServer
    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.recharge import ReconcileReport
    from lebwallet.store.engine import Store
    from lebwallet.store.queries import OrderRecord

_log = logging.getLogger(__name__)

SNAPSHOT_FILE: Final = "cards-snapshot.json"
SNAPSHOT_VERSION: Final = 1


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("lebwallet", appauthor=False))


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
        self._lock = threading.RLock()
        self._store = store
        self._sandbox: SandboxServer | None = None
        self._client: ProviderClient | None = None
        self._login: str | None = config.settings.login
        self._card_names: dict[str, str] | None = None
        self._closed = False

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

        def release() -> None:
            if client is not None:
                client.close()
            if sandbox is not None:
                sandbox.stop()
            if store is not None:
                store.dispose()

        return release

    # --- lazily opened parts ---------------------------------------------------------------

    def store(self) -> Store:
        with self._lock:
            if self._closed:
                raise RuntimeError("the wallet is closed")
            if self._store is None:
                from lebwallet.store.engine import default_sqlite_url, open_store

                data_dir = self._config.data_dir
                url = self._config.settings.database_url or default_sqlite_url(data_dir)
                self._store = open_store(url, backup_dir=data_dir / "backups")
            return self._store

    def client(self) -> ProviderClient:
        with self._lock:
            if self._closed:
                raise RuntimeError("the wallet is closed")
            if self._client is None:
                url = self._config.settings.provider_url
                if url is None:
                    from lebwallet.sandbox.server import SandboxServer

                    sandbox = SandboxServer(
                        self._config.data_dir / "sandbox",
                        credit_delay=self._config.sandbox_credit_delay,
                    )
                    sandbox.start()
                    self._sandbox = sandbox
                    url = sandbox.url
                from lebwallet.provider.client import ProviderClient

                self._client = ProviderClient(url, on_tokens=self._on_tokens)
            return self._client

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
        return ProviderClient(base, tokens=self.current_tokens(), on_tokens=self.share_tokens)

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
        if client is not None:
            client.close()
        if sandbox is not None:
            sandbox.stop()
        if store is not None:
            store.dispose()

    # --- secrets ----------------------------------------------------------------------------

    @property
    def _credentials(self) -> CredentialStore:
        with self._lock:
            if self._credential_store is None:
                from lebwallet.services.credentials import CredentialStore

                self._credential_store = CredentialStore()
            return self._credential_store

    def _account_key(self, login: str) -> str:
        where = "sandbox" if self.uses_sandbox else (self._config.settings.provider_url or "")
        return f"{where}|{login}"

    def _on_tokens(self, pair: wire.TokenPair | None) -> None:
        from lebwallet.services.credentials import SecretKind

        login = self._login
        if login is None:
            return
        if pair is None:
            self._credentials.delete(self._account_key(login), SecretKind.REFRESH_TOKEN)
        else:
            self._credentials.save(
                self._account_key(login), SecretKind.REFRESH_TOKEN, pair.refresh_token
            )

    # --- session ----------------------------------------------------------------------------

    def restore_session(self) -> AccountInfo | None:
        from lebwallet.provider import wire
        from lebwallet.provider.errors import AuthenticationRequired
        from lebwallet.services.credentials import SecretKind

        login = self._login
        if login is None:
            return None
        token = self._credentials.load(self._account_key(login), SecretKind.REFRESH_TOKEN)
        if token is None:
            return None
        client = self.client()
        client.tokens = wire.TokenPair(
            access_token="expired",
            token_type="Bearer",
            expires_in=1,
            refresh_token=token,
            refresh_expires_in=1,
        )
        try:
            client.refresh()
        except AuthenticationRequired:
            return None
        return self._account_info()

    def sign_in(self, login: str, password: str) -> AccountInfo:
        self._login = login
        self.client().login(login, password)
        return self._account_info()

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
        login = self._login
        if login is not None:
            self._credentials.forget_account(self._account_key(login))
        with self._lock:
            if self._client is not None:
                self._client.tokens = None

    def _account_info(self) -> AccountInfo:
        from lebwallet.store.writes import upsert_account

        account = self.client().account()
        with self.store().session() as session:
            upsert_account(session, account, synced_at=datetime.now(UTC))
        profile = account.profile
        return AccountInfo(
            name=profile.name,
            login=self._login or profile.email or profile.phone or "",
            profile_complete=profile.profile_complete,
            missing_fields=tuple(str(f) for f in profile.missing_fields),
        )

    # --- cards ------------------------------------------------------------------------------

    def load_cards(self) -> CardsSnapshot:
        from lebwallet.services.sync import CARDS_KEY
        from lebwallet.store.queries import last_synced_at, list_cards

        with self.store().session(readonly=True) as session:
            cards = list_cards(session)
            synced = last_synced_at(session, CARDS_KEY)
        snapshot = CardsSnapshot(tuple(cards), synced)
        self._save_snapshot(snapshot)
        return snapshot

    # The cards as last read from the store, kept in a small JSON file beside it so the next
    # start can paint them before SQLAlchemy is even imported (~1 s); the store's answer
    # replaces them moments later. Holds what the store holds (no secret); losing it is
    # harmless.

    @property
    def snapshot_path(self) -> Path:
        return self._config.data_dir / SNAPSHOT_FILE

    def load_cached_cards(self) -> CardsSnapshot | None:
        """The cards the store had at the end of the last run, or None."""
        if self._config.settings.database_url is not None:
            return None  # a shared database may have moved on; wait for it
        try:
            raw = json.loads(self.snapshot_path.read_text(encoding="utf-8"))
            if raw.get("version") != SNAPSHOT_VERSION:
                return None
            cards = tuple(_card_from_json(item) for item in raw["cards"])
            synced = raw["synced_at"]
            return CardsSnapshot(cards, datetime.fromisoformat(synced) if synced else None)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            _log.warning("card snapshot not used: %s", error)
            return None

    def _save_snapshot(self, snapshot: CardsSnapshot) -> None:
        if self._config.settings.database_url is not None:
            return
        payload = {
            "version": SNAPSHOT_VERSION,
            "synced_at": snapshot.last_synced_at.isoformat() if snapshot.last_synced_at else None,
            "cards": [_card_to_json(card) for card in snapshot.cards],
        }
        path = self.snapshot_path
        try:
            fd, tmp = tempfile.mkstemp(prefix=".cards-", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle)
            os.replace(tmp, path)
        except OSError as error:
            _log.warning("card snapshot not saved: %s", error)

    def sync(self) -> SyncReport:
        """Account, cards and changed orders from the provider into the store."""
        from lebwallet.services.sync import SyncService
        from lebwallet.store.queries import list_cards

        store = self.store()
        result = SyncService(self.client(), store).sync_all()
        with store.session(readonly=True) as session:
            cards = list_cards(session)
        self._card_names = None
        self._save_snapshot(CardsSnapshot(tuple(cards), result.synced_at))
        return SyncReport(tuple(cards), result.synced_at, result.order_changes)

    def _store_card(self, card: wire.Card) -> Card:
        from lebwallet.store.queries import card as stored_card
        from lebwallet.store.writes import upsert_cards

        with self.store().session() as session:
            upsert_cards(session, [card], synced_at=datetime.now(UTC), complete=False)
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

    def rename_card(self, card_id: str, label: str | None) -> Card:
        return self._store_card(self.client().update_card(card_id, label))

    def unbind_card(self, card_id: str) -> None:
        from lebwallet.store.writes import mark_card_removed

        self.client().unbind_card(card_id)
        with self.store().session() as session:
            mark_card_removed(session, card_id)
        self._card_names = None

    def balance_series(self, card_id: str) -> Sequence[tuple[datetime, Money]]:
        from lebwallet.store.queries import balance_series

        with self.store().session(readonly=True) as session:
            return balance_series(session, card_id)

    # --- history ----------------------------------------------------------------------------

    def _names(self) -> dict[str, str]:
        names = self._card_names
        if names is None:
            from lebwallet.store.queries import list_cards

            with self.store().session(readonly=True) as session:
                cards = list_cards(session, include_removed=True)
            names = {card.id: card.display_name for card in cards}
            self._card_names = names
        return names

    def history_page(self, query: HistoryQuery, cursor: object | None, limit: int) -> HistoryChunk:
        from lebwallet.store.queries import HistoryCursor, HistoryFilter, history_page

        flt = HistoryFilter(
            card_id=query.card_id,
            statuses=query.statuses,
            start=query.start,
            end=query.end,
            text=query.text,
        )
        after = cursor if isinstance(cursor, HistoryCursor) else None
        with self.store().session(readonly=True) as session:
            page = history_page(session, flt, after=after, limit=limit)
        names = self._names()
        entries = tuple(_entry(row, names) for row in page.rows)
        return HistoryChunk(entries, page.next_cursor)

    def history_entries(self, local_ids: Sequence[int]) -> tuple[HistoryEntry, ...]:
        from lebwallet.store.queries import orders_by_ids

        with self.store().session(readonly=True) as session:
            rows = orders_by_ids(session, local_ids)
        names = self._names()
        return tuple(_entry(row, names) for row in rows)


def _card_to_json(card: Card) -> dict[str, object]:
    plan = card.plan
    return {
        "id": card.id,
        "label": card.label,
        "iccid": card.iccid.value if card.iccid else None,
        "msisdn": card.msisdn.e164 if card.msisdn else None,
        "carrier": card.carrier,
        "region": card.region,
        "currency": card.currency,
        "balance": str(card.balance.amount),
        "is_esim": card.is_esim,
        "activation_code": card.activation_code.canonical if card.activation_code else None,
        "minimum_topup": str(plan.minimum_topup.amount),
        "period_days": plan.period_days,
        "min_balance": str(plan.min_balance.amount) if plan.min_balance else None,
        "last_qualifying_topup": (
            card.last_qualifying_topup.isoformat() if card.last_qualifying_topup else None
        ),
        "deadline": card.keep_alive_deadline.isoformat(),
        "status": card.status.value,
        "sandbox": card.sandbox,
    }


def _card_from_json(item: dict[str, Any]) -> Card:
    """A card from `_card_to_json`; the domain checks everything again."""
    from decimal import Decimal

    from lebwallet.domain.cards import Card, CardStatus, KeepAlivePlan
    from lebwallet.domain.identifiers import ActivationCode, Msisdn
    from lebwallet.domain.money import Money

    currency = str(item["currency"])
    min_balance = item["min_balance"]
    last = item["last_qualifying_topup"]
    return Card(
        id=str(item["id"]),
        label=item["label"],
        iccid=Iccid(item["iccid"]) if item["iccid"] else None,
        msisdn=Msisdn(item["msisdn"]) if item["msisdn"] else None,
        carrier=str(item["carrier"]),
        region=str(item["region"]),
        currency=currency,
        balance=Money(Decimal(item["balance"]), currency),
        is_esim=bool(item["is_esim"]),
        activation_code=(
            ActivationCode.parse(item["activation_code"]) if item["activation_code"] else None
        ),
        plan=KeepAlivePlan(
            Money(Decimal(item["minimum_topup"]), currency),
            int(item["period_days"]),
            Money(Decimal(min_balance), currency) if min_balance else None,
        ),
        last_qualifying_topup=datetime.fromisoformat(last) if last else None,
        deadline=datetime.fromisoformat(item["deadline"]),
        status=CardStatus(item["status"]),
        sandbox=bool(item["sandbox"]),
    )


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
    )
