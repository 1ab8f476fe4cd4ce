"""Read side of the store: functions that take a `Session` and return domain values.

Import them from `lebwallet.store.queries`; the modules under it keep them by what they
read: `cards` (cards, their listings and balance over time), `account` (the account and the
sync times), `orders` (orders as the journal holds them) and `history` (the order history,
paged by keyset, newest first).
"""

from __future__ import annotations

from lebwallet.store.queries.account import AccountRecord, account, last_synced_at
from lebwallet.store.queries.cards import (
    CardListing,
    balance_series,
    card,
    card_from_row,
    card_listing,
    card_listings,
    cards_by_ids,
    list_cards,
)
from lebwallet.store.queries.history import MAX_PAGE, HistoryFilter, HistoryPage, history_page
from lebwallet.store.queries.orders import (
    HistoryCursor,
    OrderEvent,
    OrderRecord,
    flagged_orders,
    non_final_orders,
    order_by_id,
    order_by_key,
    order_by_provider_id,
    order_events,
    order_record,
    orders_by_ids,
    payable_order,
    recent_orders,
)

__all__ = [
    "MAX_PAGE",
    "AccountRecord",
    "CardListing",
    "HistoryCursor",
    "HistoryFilter",
    "HistoryPage",
    "OrderEvent",
    "OrderRecord",
    "account",
    "balance_series",
    "card",
    "card_from_row",
    "card_listing",
    "card_listings",
    "cards_by_ids",
    "flagged_orders",
    "history_page",
    "last_synced_at",
    "list_cards",
    "non_final_orders",
    "order_by_id",
    "order_by_key",
    "order_by_provider_id",
    "order_events",
    "order_record",
    "orders_by_ids",
    "payable_order",
    "recent_orders",
]
