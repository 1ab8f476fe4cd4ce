"""The cards of the default SQLite store, read for the window's first cards paint.

`read_stored_cards(data_dir)` reads them read-only through the standard library's `sqlite3`
— no SQLAlchemy, no migration check, no provider — as the same domain `Card`s, in the same
order, as the store's own `list_cards` gives; the store's read replaces them moments later.
`CardsSnapshot` (re-exported by `lebwallet.services.wallet_api`) is what both reads return.

Light on purpose: the window imports this module right after its first paint, so it needs
only sqlite3 and the domain's cards (no phonenumbers either for cards known by ICCID).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from lebwallet.domain.cards import Card, CardSource, CardStatus, KeepAlivePlan
from lebwallet.domain.identifiers import ActivationCode, Iccid, Msisdn
from lebwallet.domain.money import Money

_log = logging.getLogger(__name__)

STORE_FILE: Final = "wallet.sqlite3"
"""The default SQLite store's file in the data directory (`lebwallet.store.engine.DB_FILENAME`,
repeated here so that reading it needs no SQLAlchemy)."""
CARDS_SYNC_KEY: Final = "cards"
"""The sync cursor of the card list (`lebwallet.services.sync.CARDS_KEY` is this one)."""


@dataclass(frozen=True, slots=True)
class CardsSnapshot:
    """The cards as the local store has them, and when they were last synced."""

    cards: tuple[Card, ...]
    last_synced_at: datetime | None


_STORED_CARDS_SQL: Final = """
SELECT id, label, iccid, msisdn, carrier, region, currency, balance_minor, is_esim,
       activation_code, keep_alive_minimum_minor, keep_alive_period_days, min_balance_minor,
       last_qualifying_topup_at, deadline, status, sandbox, source
FROM cards
WHERE removed_at IS NULL
  AND (owner = (SELECT value FROM sync_state WHERE key = 'owner')
       OR source = 'local'
       OR NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'owner'))
ORDER BY label IS NULL, lower(label), id
"""


def read_stored_cards(data_dir: Path) -> CardsSnapshot | None:
    """The cards of the default SQLite store in `data_dir`, read-only with `sqlite3`.

    The same cards, in the same order, as `Wallet.load_cards` gives (`list_cards`), without
    importing SQLAlchemy. An absent store has no cards. None when the file cannot be read
    this way (locked, damaged, another schema): the caller then waits for the store itself.
    """
    path = data_dir / STORE_FILE
    if not path.is_file():
        return CardsSnapshot((), None)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error as error:
        _log.warning("stored cards not read directly: %s", error)
        return None
    try:
        rows = connection.execute(_STORED_CARDS_SQL).fetchall()
        synced = connection.execute(
            "SELECT synced_at FROM sync_state WHERE key = ?", (CARDS_SYNC_KEY,)
        ).fetchone()
        cards = tuple(_card_from_sqlite(row) for row in rows)
        return CardsSnapshot(cards, _utc(synced[0]) if synced is not None else None)
    except (sqlite3.Error, ValueError, TypeError, IndexError) as error:
        _log.warning("stored cards not read directly: %s", error)
        return None
    finally:
        connection.close()


def _utc(value: object) -> datetime | None:
    """A SQLAlchemy SQLite DATETIME ("2026-01-02 03:04:05.000006", UTC) as an aware datetime."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"not a stored timestamp: {value!r}")
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _int(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError(f"not a stored integer: {value!r}")
    return value


def _card_from_sqlite(row: tuple[object, ...]) -> Card:
    """A `Card` as `lebwallet.store.queries.card_from_row` builds it (the domain checks it)."""
    (
        card_id,
        label,
        iccid,
        msisdn,
        carrier,
        region,
        currency,
        balance_minor,
        is_esim,
        activation_code,
        minimum_minor,
        period_days,
        min_balance_minor,
        last_topup,
        deadline,
        status,
        sandbox,
        source,
    ) = row
    cur = str(currency)
    return Card(
        id=str(card_id),
        label=None if label is None else str(label),
        iccid=Iccid(str(iccid)) if iccid else None,
        msisdn=Msisdn(str(msisdn)) if msisdn else None,
        carrier=str(carrier),
        region=str(region),
        currency=cur,
        balance=Money.of_minor_units(_int(balance_minor), cur),
        is_esim=bool(is_esim),
        activation_code=ActivationCode.parse(str(activation_code)) if activation_code else None,
        plan=KeepAlivePlan(
            minimum_topup=Money.of_minor_units(_int(minimum_minor), cur),
            period_days=_int(period_days),
            min_balance=(
                None
                if min_balance_minor is None
                else Money.of_minor_units(_int(min_balance_minor), cur)
            ),
        ),
        last_qualifying_topup=_utc(last_topup),
        deadline=_utc(deadline),
        status=CardStatus(str(status)),
        sandbox=bool(sandbox),
        source=CardSource(str(source)),
    )
