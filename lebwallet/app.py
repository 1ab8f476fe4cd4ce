"""The composition root: builds the wallet's parts and starts Qt.

`run(args)` (args.data_dir: Path | None, args.quit_when_ready: bool):

1. data directory (``--data-dir`` or the platform's user data dir), logging, settings (a
   settings problem is shown to the user once the window is up);
2. the Qt application, the language, one `TaskRunner`;
3. `Wallet`, the `WalletBackend` over the store (SQLite in the data directory unless
   ``database_url`` is set), the provider (the embedded sandbox on a free loopback port
   with its data under ``<data dir>/sandbox`` unless ``provider_url`` is set) and the
   keyring. Everything slow in it — opening and migrating the store, starting the sandbox,
   the network, the keyring — happens lazily on the runner's threads, so the window paints
   at once;
4. the main window, painted from the store, then (unless ``--quit-when-ready``) the sign-in
   is restored from the keyring or the welcome dialog asks for it, and a sync follows.

``--quit-when-ready`` exits 0 as soon as the window shows the stored cards; it does not
contact any provider.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from lebwallet.domain.identifiers import Iccid
from lebwallet.services.logs import configure_logging
from lebwallet.services.settings import LoadedSettings, Settings, load_settings, save_settings
from lebwallet.ui.i18n import TranslationError, ensure_compiled, install_language
from lebwallet.ui.icons import ConnectionState
from lebwallet.ui.main_window import MainWindow
from lebwallet.ui.tasks import TaskRunner
from lebwallet.ui.wallet_backend import (
    AccountInfo,
    CardsSnapshot,
    HistoryChunk,
    HistoryEntry,
    HistoryQuery,
    PendingCode,
    SyncReport,
)

# Start-up speed: the provider client (requests, pydantic wire models), the keyring, the
# store (SQLAlchemy, Alembic), the sandbox (Flask) and the dialogs are imported where they are
# first used, off the path to the window's first paint.
if TYPE_CHECKING:
    from lebwallet.domain.cards import Card
    from lebwallet.domain.identifiers import Msisdn
    from lebwallet.domain.money import Money
    from lebwallet.provider import wire
    from lebwallet.provider.client import ProviderClient
    from lebwallet.sandbox.server import SandboxServer
    from lebwallet.services.credentials import CredentialStore
    from lebwallet.store.engine import Store
    from lebwallet.store.queries import OrderRecord
    from lebwallet.ui.settings_dialog import SettingsDialog
    from lebwallet.ui.welcome_dialog import WelcomeDialog

_log = logging.getLogger(__name__)

READY_TIMEOUT_MS: Final = 60_000
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
    """The `WalletBackend` of the running app (see `lebwallet.ui.wallet_backend`).

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


# --- Qt start-up ------------------------------------------------------------------------------


class WalletApp(QObject):
    """Owns the running app's parts and wires the window to them (see the module docstring)."""

    def __init__(
        self,
        data_dir: Path,
        loaded: LoadedSettings,
        *,
        quit_when_ready: bool = False,
        credentials: CredentialStore | None = None,
        sandbox_credit_delay: float = 5.0,
    ) -> None:
        existing = QApplication.instance()
        self.qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
        super().__init__()
        self.qt_app.setApplicationName("LEB Wallet")
        self.qt_app.setOrganizationName("lebwallet")
        self.data_dir = data_dir
        self.settings = loaded.settings
        self._settings_problem = loaded.problem
        self.quit_when_ready = quit_when_ready
        self.exit_code = 0
        self.language = self._install_language(self.settings.language)
        self.runner = TaskRunner(self)
        self.wallet = Wallet(
            WalletConfig(data_dir, self.settings, sandbox_credit_delay),
            credentials,
        )
        self.window = MainWindow(self.runner, self.wallet)
        self.window.settings_requested.connect(self.open_settings)
        self.window.sign_in_required.connect(self.open_welcome)
        self.welcome: WelcomeDialog | None = None
        self.qt_app.aboutToQuit.connect(self.shutdown)
        self._shut_down = False

    # --- start ----------------------------------------------------------------------------

    def start(self, *, connect: bool = True) -> None:
        """Show the window and paint the stored cards; then connect to the provider (unless
        `connect` is False or the app quits when ready)."""
        if self.settings.start_minimised and not self.quit_when_ready:
            self.window.showMinimized()
        else:
            self.window.show()
        self.window.first_painted.connect(self._first_paint)
        self.window.cards_painted.connect(self._shown)
        if self.quit_when_ready:
            self.window.cards_painted.connect(self._ready)
            QTimer.singleShot(READY_TIMEOUT_MS, self._not_ready)
        self.window.load_cards()
        if self._settings_problem:
            self._show_settings_problem(self._settings_problem)
        if connect and not self.quit_when_ready:
            QTimer.singleShot(0, self.connect_provider)

    def exec(self) -> int:
        self.start()
        code = self.qt_app.exec()
        self.shutdown()
        return self.exit_code or code

    def _first_paint(self) -> None:
        _log.info("main window first paint (t=%.3f)", time.time())

    def _shown(self) -> None:
        _log.info(
            "main window shown with %d stored cards (t=%.3f)",
            self.window.cards_model.rowCount(),
            time.time(),
        )

    def _ready(self) -> None:
        if self._shut_down:
            return
        _log.info("main window ready (--quit-when-ready)")
        self.exit_code = 0
        self.qt_app.exit(0)

    def _not_ready(self) -> None:
        if not self._shut_down:
            _log.error("the main window did not become ready in time")
            self.exit_code = 1
            self.qt_app.exit(1)

    def connect_provider(self) -> None:
        """Sign in again from the keyring in the background, or ask with the welcome dialog."""
        if self.wallet.login is None:
            self.open_welcome()
            return
        self.window.set_connection_state(ConnectionState.SYNCING, None)
        self.runner.run(
            self,
            self.wallet.restore_session,
            self._on_session_restored,
            self._on_restore_failed,
            description="restore session",
        )

    def _on_session_restored(self, account: AccountInfo | None) -> None:
        if account is None:
            self.open_welcome()
            return
        self._signed_in(account)

    def _on_restore_failed(self, error: Exception) -> None:
        from lebwallet.services.credentials import CredentialsUnavailable

        _log.warning("could not restore the session: %s", error)
        self.window.set_connection_state(ConnectionState.OFFLINE, None)
        if isinstance(error, CredentialsUnavailable):
            self.window.status.showMessage(str(error))

    def _signed_in(self, account: AccountInfo) -> None:
        if self.settings.login != account.login:
            self.update_settings(self.settings.model_copy(update={"login": account.login}))
        self.window.set_account(account)
        self.window.sync()

    # --- dialogs --------------------------------------------------------------------------

    def open_welcome(self) -> WelcomeDialog:
        from lebwallet.ui.welcome_dialog import WelcomeDialog

        if self.welcome is not None and self.welcome.isVisible():
            self.welcome.raise_()
            return self.welcome
        dialog = WelcomeDialog(
            self.runner,
            self.wallet,
            demo=_demo_login(),
            provider_url=self.settings.provider_url,
            login=self.settings.login,
            parent=self.window,
        )
        dialog.provider_chosen.connect(self._on_provider_chosen)
        dialog.signed_in.connect(self._signed_in)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._welcome_closed)
        dialog.open()
        self.welcome = dialog
        return dialog

    def _welcome_closed(self) -> None:
        self.welcome = None

    def _on_provider_chosen(self, url: object) -> None:
        provider = url if isinstance(url, str) and url else None
        if provider != self.settings.provider_url:
            self.update_settings(self.settings.model_copy(update={"provider_url": provider}))

    def open_settings(self) -> SettingsDialog:
        from lebwallet.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.window)
        dialog.settings_accepted.connect(self.update_settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def update_settings(self, new: Settings) -> None:
        """Save `new`, switch language at once, reconnect if the provider or store moved."""
        old = self.settings
        try:
            save_settings(self.data_dir, new)
        except OSError as error:
            self._show_settings_problem(str(error))
            return
        self.settings = new
        if new.language != old.language:
            self.language = self._install_language(new.language)
        moved = (new.provider_url, new.database_url) != (old.provider_url, old.database_url)
        self.window.set_sandbox(new.uses_sandbox)
        release = self.wallet.reconfigure(new)  # the next request uses the new parts
        if not moved:
            return
        self.window.set_connection_state(ConnectionState.OFFLINE, None)
        self.window.load_cards()
        self.runner.run(self, release, lambda _none: None, description="release old provider")

    def _install_language(self, code: str) -> str:
        try:
            return install_language(
                self.qt_app, code, ensure_compiled(self.data_dir / "cache" / "translations")
            ).value
        except (TranslationError, ValueError) as error:
            _log.warning("language %s not available: %s", code, error)
            return "en"

    def _show_settings_problem(self, problem: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("WalletApp", "Settings"),
            QCoreApplication.translate(
                "WalletApp", "The saved settings could not be used; the defaults are in effect."
            ),
            parent=self.window,
        )
        box.setInformativeText(problem)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.settings_problem_box = box

    # --- stop -----------------------------------------------------------------------------

    def shutdown(self) -> None:
        if self._shut_down:
            return
        self._shut_down = True
        self.runner.shutdown(10_000)
        self.wallet.close()
        self.window.close()


def _demo_login() -> tuple[str, str]:
    from lebwallet.sandbox.seed import DEMO_CREDENTIALS

    return DEMO_CREDENTIALS.email, DEMO_CREDENTIALS.password


def run(args: argparse.Namespace) -> int:
    """Start the wallet window; returns the process exit code."""
    data_dir: Path = args.data_dir if args.data_dir is not None else default_data_dir()
    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    configure_logging(data_dir)
    loaded = load_settings(data_dir)
    if loaded.problem:
        _log.warning("settings: %s", loaded.problem)
    app = WalletApp(data_dir, loaded, quit_when_ready=bool(getattr(args, "quit_when_ready", False)))
    return app.exec()
