"""A damaged local store, for the screens: what the store tells (`DamagedStore`: the file,
the newest sound backup) and what replacing it did (`Replaced`). `Wallet` does the replacing
(`Wallet.replace_damaged_store`), since it owns the open store.

Imported where a store error is handled, never at start-up (it loads the store's package).
"""

from __future__ import annotations

from lebwallet.store.repair import DamagedStore, Replaced

__all__ = ["DamagedStore", "Replaced"]
