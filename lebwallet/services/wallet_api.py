"""What the wallet's screens ask of the rest of the wallet: the `WalletBackend` protocol.

Every method blocks (network, keyring, database) and is therefore only ever called from a
background task (`lebwallet.ui.tasks.TaskRunner`), never on the GUI thread. The composition
root (`lebwallet.app.Wallet`) implements it over the provider client, the store, the
keyring and the services; widget tests pass a small in-memory implementation.

Values crossing threads are frozen dataclasses or domain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from lebwallet.domain.cards import Card
from lebwallet.domain.identifiers import Iccid, Msisdn
from lebwallet.domain.money import Money
from lebwallet.domain.orders import Charge, OrderStatus, charge_of
from lebwallet.services.stored_cards import CardsSnapshot as CardsSnapshot  # re-exported

if TYPE_CHECKING:  # heavy (the store's package): not at start-up
    from lebwallet.services.keepalive import KeepAliveService
    from lebwallet.services.store_repair import DamagedStore, Replaced


@dataclass(frozen=True, slots=True)
class SyncReport:
    """The outcome of one successful sync with the provider."""

    cards: tuple[Card, ...]
    synced_at: datetime
    orders_changed: int = 0
    rejected_cards: tuple[tuple[str, str], ...] = ()
    """(card id, why) of each card the provider sent that the wallet could not keep."""


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """Filters of the history view; None means "any".

    `payment_methods`: the codes of the methods whose name, as the user reads it, contains
    `text` (the view maps it; orders paid so match the text too)."""

    card_id: str | None = None
    statuses: frozenset[OrderStatus] | None = None
    start: datetime | None = None
    end: datetime | None = None
    text: str | None = None
    payment_methods: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One order as the history view shows it."""

    local_id: int
    provider_id: str | None
    card_id: str
    card_name: str
    status: OrderStatus
    amount: Money
    bonus: Money
    discount: Money
    fee: Money
    total: Money
    payment_method: str
    failure_reason: str | None
    created_at: datetime
    updated_at: datetime
    credited_at: datetime | None
    fx_rate: Decimal | None = None
    """Units of `total`'s currency per unit of `amount`'s, when the customer paid in
    another currency."""
    automatic: bool = False
    """Made by keep-alive autopilot (history marks it)."""
    paid_at: datetime | None = None
    failure_code: str | None = None

    @property
    def charge(self) -> Charge:
        """Where the order's money is (the words of its amounts follow it)."""
        return charge_of(self.status, paid_at=self.paid_at, failure_code=self.failure_code)


@dataclass(frozen=True, slots=True)
class HistoryChunk:
    """One keyset page of history, newest first; `cursor` is None on the last page."""

    entries: tuple[HistoryEntry, ...]
    cursor: object | None


@dataclass(frozen=True, slots=True)
class PendingCode:
    """A verification code was sent; `sandbox_code` is shown only by the sandbox."""

    verification_id: str
    destination: str
    sandbox_code: str | None


@dataclass(frozen=True, slots=True)
class AccountInfo:
    name: str
    login: str
    profile_complete: bool
    missing_fields: tuple[str, ...]
    keyring_problem: str | None = None
    """Why the sign-in cannot be remembered (no usable keyring), or None."""
    owner: str = ""
    """Which provider account this is (`store.owners.owner_key`): another owner's data is
    never shown for it, so a view that showed some must read again."""


class WalletBackend(Protocol):
    """The blocking operations behind the screens (see the module docstring)."""

    @property
    def uses_sandbox(self) -> bool: ...

    @property
    def provider_url(self) -> str: ...

    def load_cards(self) -> CardsSnapshot: ...

    def load_cached_cards(self) -> CardsSnapshot | None:
        """The cards as the store had them at the end of the last run (fast; may be None)."""
        ...

    def replace_damaged_store(self, damage: DamagedStore, *, restore: bool) -> Replaced:
        """Keep a damaged store aside; its newest sound backup (`restore`) or a fresh store
        takes its place (see `lebwallet.services.store_repair`)."""
        ...

    def sync(self) -> SyncReport: ...

    def bind_card(self, identifier: Iccid | Msisdn, label: str | None) -> Card: ...

    def rename_card(self, card_id: str, label: str | None) -> Card: ...

    def unbind_card(self, card_id: str) -> None: ...

    def keep_alive(self) -> KeepAliveService:
        """The wallet's own cards, keep-alive rules and actions (`KeepAliveService`)."""
        ...

    def balance_series(self, card_id: str) -> Sequence[tuple[datetime, Money]]: ...

    def history_page(
        self, query: HistoryQuery, cursor: object | None, limit: int
    ) -> HistoryChunk: ...

    def history_entries(self, local_ids: Sequence[int]) -> tuple[HistoryEntry, ...]:
        """The current rows of these orders (to update the history in place)."""
        ...

    def restore_session(self) -> AccountInfo | None:
        """Sign in again with the refresh token kept in the keyring; None if there is none."""
        ...

    def sign_in(self, login: str, password: str, *, remember: bool = False) -> AccountInfo:
        """Sign in; with `remember` the password is kept in the keyring (and only there)."""
        ...

    def register(self, login: str, password: str, name: str) -> PendingCode: ...

    def verify(self, verification_id: str, code: str) -> None: ...

    def sign_out(self) -> None: ...
