"""The wallet's tables as SQLAlchemy 2 typed ORM models.

Conventions
- Money is stored as an integer count of minor units (`*_minor`, BIGINT) next to a currency
  column; `money()` / `to_minor()` convert to and from `lebwallet.domain.money.Money`.
- Every timestamp column is `UTCDateTime`: it accepts only timezone-aware datetimes, stores
  UTC, and gives back aware UTC datetimes on every backend (SQLite has no time zones).
- Rates (FX) are exact decimal text, never floats.
- No secrets: no password, token or payment-card number is stored anywhere here; the
  eSIM activation code is the profile's public install string (shown as a QR code).
- The schema is created only by the Alembic migrations in `migrations/versions/`; a test
  checks that they produce exactly this metadata.

Import the models from `lebwallet.store.models`: importing it declares every table, so
`Base.metadata` (what Alembic's env compares the migrations with) is complete. The modules
under it keep the tables by feature: `base` (the conventions above), `cards`, `orders`,
`keepalive`, `support`, `autopilot` and `fleet` (desktops sharing one database).
"""

from __future__ import annotations

from lebwallet.store.models.autopilot import AutopilotBudgetRow, AutopilotCardRow, AutopilotRunRow
from lebwallet.store.models.base import (
    NAMING_CONVENTION,
    NON_FINAL_PREDICATE,
    NON_FINAL_VALUES,
    Base,
    BigIntPk,
    NaiveDateTimeError,
    UTCDateTime,
    money,
    to_minor,
)
from lebwallet.store.models.cards import AccountRow, BalanceSnapshotRow, CardRow, SyncStateRow
from lebwallet.store.models.fleet import DesktopRow, OrderLeaseRow
from lebwallet.store.models.keepalive import KeepAliveActionRow, KeepAliveRuleRow
from lebwallet.store.models.orders import OrderEventRow, OrderRow
from lebwallet.store.models.support import SupportMessageRow, SupportRequestRow

__all__ = [
    "NAMING_CONVENTION",
    "NON_FINAL_PREDICATE",
    "NON_FINAL_VALUES",
    "AccountRow",
    "AutopilotBudgetRow",
    "AutopilotCardRow",
    "AutopilotRunRow",
    "BalanceSnapshotRow",
    "Base",
    "BigIntPk",
    "CardRow",
    "DesktopRow",
    "KeepAliveActionRow",
    "KeepAliveRuleRow",
    "NaiveDateTimeError",
    "OrderEventRow",
    "OrderLeaseRow",
    "OrderRow",
    "SupportMessageRow",
    "SupportRequestRow",
    "SyncStateRow",
    "UTCDateTime",
    "money",
    "to_minor",
]
