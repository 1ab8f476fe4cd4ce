"""A page of cards made ready to store: each card's column values and whether the domain
accepts it, worked out before the database is touched.

The store takes these rows and knows nothing of where they came from: turning the
provider's cards into them (`services.card_rows.prepare_card_page`) is pure CPU work
(amounts to minor units, the domain's identifier and label checks), so a sync runs it in
the thread that fetches the pages, beside the thread that stores the one before: SQLite
releases the interpreter while it writes, and the two overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

CARD_FIELDS: Final = (
    "label",
    "iccid",
    "msisdn",
    "carrier",
    "region",
    "currency",
    "balance_minor",
    "is_esim",
    "activation_code",
    "keep_alive_minimum_minor",
    "keep_alive_period_days",
    "min_balance_minor",
    "last_qualifying_topup_at",
    "deadline",
    "status",
    "sandbox",
    "provider_updated_at",
)
"""The stored columns that come from the provider's card (compared to see a change)."""


@dataclass(frozen=True, slots=True)
class PreparedCard:
    """One provider card as the store takes it."""

    id: str
    values: dict[str, Any] | None
    """The `CARD_FIELDS` columns; None when an amount does not fit its currency."""
    problem: str | None
    """Why the card cannot be stored (an amount, or a rule of the domain), or None."""


@dataclass(frozen=True, slots=True)
class PreparedPage:
    cards: tuple[PreparedCard, ...]
