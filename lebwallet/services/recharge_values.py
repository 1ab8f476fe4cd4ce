"""What the recharge service reports: order changes, reconcile reports, its errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.provider_price import PriceDifference
from lebwallet.domain.recharge import PriceBreakdown, Quote
from lebwallet.store.journal import ApplyResult
from lebwallet.store.queries import OrderRecord


class OrderUnknown(LookupError):
    """No journalled order has that local id."""


class PriceChanged(Exception):
    """The provider's order charges or credits otherwise than the quote the user confirmed.
    It was cancelled when it could be (`record.status`), so nothing is charged."""

    def __init__(
        self, record: OrderRecord, confirmed: Quote, differences: Sequence[PriceDifference]
    ) -> None:
        parts = ", ".join(f"{d.part}: {d.confirmed} → {d.provider}" for d in differences)
        super().__init__(f"order {record.local_id} differs from the confirmed price ({parts})")
        self.record = record
        self.confirmed = confirmed
        self.differences = tuple(differences)


def charged(record: OrderRecord) -> PriceBreakdown:
    return PriceBreakdown(
        amount=record.amount,
        discount=record.discount,
        bonus=record.bonus,
        fx_rate=record.fx_rate,
        fee=record.fee,
        total=record.total,
        credited=record.credited,
    )


@dataclass(frozen=True, slots=True)
class OrderChange:
    """One order whose stored state changed (status, provider id, flag or details)."""

    local_id: int
    provider_id: str | None
    card_id: str
    old_status: OrderStatus | None
    new_status: OrderStatus
    record: OrderRecord
    flagged: str | None


@dataclass(frozen=True, slots=True)
class ReconcileReport:
    checked: int
    changes: list[OrderChange] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    """Orders that could not be reconciled now (they stay non-final and are retried)."""


def change_of(result: ApplyResult) -> OrderChange | None:
    record = result.record
    if record is None or not result.changed or result.local_id is None:
        return None
    return OrderChange(
        local_id=result.local_id,
        provider_id=record.provider_id,
        card_id=record.card_id,
        old_status=result.previous_status,
        new_status=record.status,
        record=record,
        flagged=result.flagged,
    )
