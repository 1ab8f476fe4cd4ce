"""Recharge: exactly-once orders through a journal written before the first request.

    submit(card_id, quote, key)
        1. journal the order with `key` and commit          (a crash after this loses nothing)
        2. POST /v1/orders with Idempotency-Key: key         (the client retries a lost
                                                              response with the same key)
        3. apply the provider's answer to the journal row

A second `submit` with the same key (double click, retry, Back-then-Pay with unchanged
details) finds the journal row and replays the same key, so the provider still holds one
order. If the provider cannot be reached the row stays journalled and non-final;
`reconcile` (at start-up) and `refresh` look it up later, re-sending the create request
with its key when the provider never confirmed it. A definitive rejection (a business rule,
an invalid request) closes the row as failed with the provider's reason.

What is shown is what is charged: `price` asks the provider for the exact price of the
order before the user confirms it, and `submit` compares the provider's order with the
confirmed quote; an order that charges or credits anything else is cancelled before it can
be paid and `PriceChanged` says what differed.

Every answer passes `store.writes`' rules: a final status is never downgraded and a
response that contradicts the journal (card, amount, currency) flags the order.
Blocking: call it off the GUI thread, one instance per thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Final

from lebwallet.channels.leb.channel import LebChannel, create_request
from lebwallet.clock import utc_now
from lebwallet.domain.cards import Card
from lebwallet.domain.channel_orders import ChannelOrder
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.provider_price import price_differences
from lebwallet.domain.recharge import Quote
from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import (
    Conflict,
    ProviderError,
    ProviderUnavailable,
    RuleViolation,
    ValidationFailed,
)
from lebwallet.provider.wire import ErrorCode
from lebwallet.services.channels import LEB, ChannelNotAvailable, TopUpChannel, channel_of
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.recharge_values import (
    OrderChange,
    OrderUnknown,
    PriceChanged,
    ReconcileReport,
    change_of,
    charged,
)
from lebwallet.services.sync import SyncService
from lebwallet.store.engine import Store
from lebwallet.store.journal import (
    KeyTaken,
    apply_order_update,
    fail_unsent_order,
    journal_order,
)
from lebwallet.store.queries import (
    OrderRecord,
    card,
    non_final_orders,
    order_by_id,
    order_by_key,
    orders_by_ids,
)

log = logging.getLogger(__name__)

SOURCE_SUBMIT: Final = "submit"
SOURCE_REFRESH: Final = "refresh"
SOURCE_RECONCILE: Final = "reconcile"
SOURCE_CANCEL: Final = "cancel"


_CANCELLABLE: Final = frozenset({OrderStatus.AWAITING_PAYMENT, OrderStatus.REQUIRES_ACTION})


class RechargeService:
    """Creates, follows, cancels and reconciles orders. One instance per thread."""

    def __init__(
        self,
        client: ProviderClient | None,
        store: Store,
        *,
        now: Callable[[], datetime] = utc_now,
        channels: Sequence[TopUpChannel] = (),
    ) -> None:
        self._client = client
        self._store = store
        self._now = now
        self._channels: dict[str, TopUpChannel] = {}
        if client is not None:  # None: no LEB provider (e.g. the command line's Reloadly top-up)
            self._channels[LEB] = LebChannel(client)
        self._channels.update({c.name: c for c in channels})

    @property
    def client(self) -> ProviderClient:
        if self._client is None:
            raise ChannelNotAvailable("no LEB provider client")
        return self._client

    def channel(self, name: str = LEB) -> TopUpChannel:
        """The channel of that name (`ChannelNotAvailable` when none is set up)."""
        return channel_of(self._channels, name)

    # --- create -------------------------------------------------------------------------

    def submit(
        self,
        card_id: str,
        quote: Quote,
        idempotency_key: str,
        *,
        channel: str = LEB,
        channel_detail: str | None = None,
    ) -> OrderRecord:
        """Journal (or find) the order for `idempotency_key`, then create it through
        `channel` (its request's own facts in `channel_detail`, journalled with the order).

        Raises `ProviderUnavailable` when the provider could not be reached (the order stays
        journalled; `reconcile`/`refresh` finish it), `RuleViolation`/`ValidationFailed` when
        the provider refused it (the order is closed as failed), other `ProviderError`s as is.
        A database error (e.g. SQLite's "database is locked" past the busy timeout) escapes as
        SQLAlchemy's `OperationalError`; what was journalled stays, and a second call with the
        same key finishes the job.
        """
        self.channel(channel)  # an order is journalled only for a channel that is set up
        with self._store.session() as session:
            record = order_by_key(session, idempotency_key)
            if record is None:
                try:
                    record = journal_order(
                        session,
                        idempotency_key=idempotency_key,
                        card_id=card_id,
                        quote=quote,
                        source=SOURCE_SUBMIT,
                        now=self._now(),
                        channel=channel,
                        channel_detail=channel_detail,
                    )
                    log.info("order %s journalled for card %s", record.local_id, card_id)
                except KeyTaken:  # another desktop journalled this key meanwhile: its order
                    record = order_by_key(session, idempotency_key)
                    if record is None:
                        raise
        if not (record.status.is_final or record.confirmed):
            record = self._send(record, SOURCE_SUBMIT)
        differences = price_differences(quote, charged(record), record.promotion_id)
        if differences and record.confirmed:
            log.warning("order %s: not the confirmed price: %s", record.local_id, differences)
            if record.status in _CANCELLABLE:
                record = self.cancel(record.local_id)
            raise PriceChanged(record, quote, differences)
        return record

    def price(self, card_id: str, quote: Quote, *, channel: str = LEB) -> Quote:
        """`quote` priced by the channel (the LEB provider's `POST /v1/quotes`): what the
        order will charge and credit. Raises `RuleViolation` when the channel refuses it
        (e.g. an unknown promo code), `ProtocolError` when its answer does not add up."""
        return self.channel(channel).price(self._card(card_id), quote)

    def order_by_key(self, idempotency_key: str) -> OrderRecord | None:
        """The journalled order of this key (no network)."""
        with self._store.session(readonly=True) as session:
            return order_by_key(session, idempotency_key)

    def _card(self, card_id: str) -> Card:
        with self._store.session(readonly=True) as session:
            found = card(session, card_id)
        if found is None:
            raise LookupError(f"card {card_id} is not in the store")
        return found

    def _send(self, record: OrderRecord, source: str) -> OrderRecord:
        try:
            order = self.channel(record.channel).create(record)
        except (RuleViolation, ValidationFailed) as error:
            self._fail(record, error, source)
            raise
        except Conflict as error:
            # The key was used with other details: never re-send; look the order up instead.
            log.error("order %s: provider conflict on create: %s", record.local_id, error)
            if error.code is ErrorCode.IDEMPOTENCY_MISMATCH:
                self._adopt_by_key(record, source)
            raise
        with self._store.session() as session:
            result = apply_order_update(
                session, record.local_id, order, source=source, now=self._now()
            )
        if result.flagged:
            log.warning("order %s flagged: %s", record.local_id, result.flagged)
        assert result.record is not None
        return result.record

    def _adopt_by_key(self, record: OrderRecord, source: str) -> None:
        """Apply the provider's order for the record's key, made with other details: the
        journal keeps its values, takes the provider id and status, and is flagged."""
        try:
            found = self.channel(record.channel).find(record)
        except ProviderError as error:
            log.warning("order %s: cannot look up its key now: %s", record.local_id, error)
            return
        if found is None:
            log.error("order %s: the provider's order for its key is not found", record.local_id)
            return
        with self._store.session() as session:
            result = apply_order_update(
                session, record.local_id, found, source=source, now=self._now()
            )
        log.warning("order %s flagged: %s", record.local_id, result.flagged)

    def _fail(self, record: OrderRecord, error: ProviderError, source: str) -> None:
        reason = error.detail or str(error)
        code = None if error.code is None else error.code.value
        with self._store.session() as session:
            fail_unsent_order(
                session, record.local_id, reason=reason, code=code, source=source, now=self._now()
            )
        log.info("order %s refused by the provider: %s", record.local_id, reason)

    # --- follow -------------------------------------------------------------------------

    def _cards_after_credit(self, changes: Sequence[OrderChange]) -> None:
        """Store the new balance and deadline of every card an order was just credited to,
        before the change is told to anyone (`SyncService.refresh_cards`)."""
        credited = [
            c.record
            for c in changes
            if c.new_status is OrderStatus.CREDITED and c.old_status is not OrderStatus.CREDITED
        ]
        at_leb = [r.card_id for r in credited if r.channel == LEB]
        if at_leb:
            SyncService(self.client, self._store, now=self._now).refresh_cards(at_leb)
        elsewhere = sorted({r.card_id for r in credited if r.channel != LEB})
        if elsewhere:  # the wallet keeps these cards' deadlines itself
            KeepAliveService(self._store, clock=self._now).settle(elsewhere)

    def refresh(self, local_ids: Sequence[int] | None = None) -> list[OrderChange]:
        """Bring the given non-final orders (all when None) up to date: one
        `GET /v1/orders?ids=…` per 100 confirmed orders; unconfirmed ones are re-sent with
        their key. Raises `ProviderError` when the provider cannot be asked. Orders of a
        channel this service does not have are left to one that has it (the app's follower
        and a Reloadly top-up in progress in its own dialog)."""
        with self._store.session(readonly=True) as session:
            found = (
                non_final_orders(session)
                if local_ids is None
                else [r for r in orders_by_ids(session, local_ids) if not r.status.is_final]
            )
        records = [r for r in found if r.channel in self._channels]
        changes = self._look_up([r for r in records if r.provider_id is not None])
        for record in records:
            if record.provider_id is None:
                change = self._resend(record, SOURCE_REFRESH)
                if change is not None:
                    changes.append(change)
        self._cards_after_credit(changes)
        return changes

    def _look_up(self, confirmed: Sequence[OrderRecord]) -> list[OrderChange]:
        """The channels' orders for these confirmed records, stored (the LEB provider: one
        request per 100)."""
        if not confirmed:
            return []
        by_channel: dict[str, list[OrderRecord]] = {}
        for record in confirmed:
            by_channel.setdefault(record.channel, []).append(record)
        orders: list[ChannelOrder] = []
        for name, records in by_channel.items():
            orders.extend(self.channel(name).orders(records))
        by_id = {o.provider_id: o for o in orders}
        at = self._now()
        changes: list[OrderChange] = []
        with self._store.session() as session:
            for record in confirmed:
                order = by_id.get(record.provider_id or "")
                if order is None:
                    log.warning("order %s is unknown to the provider", record.local_id)
                    continue
                result = apply_order_update(
                    session, record.local_id, order, source=SOURCE_REFRESH, now=at
                )
                change = change_of(result)
                if change is not None:
                    changes.append(change)
        return changes

    def _resend(self, record: OrderRecord, source: str) -> OrderChange | None:
        """Create an unconfirmed journalled order again with its own key."""
        try:
            updated = self._send(record, source)
        except (RuleViolation, ValidationFailed, Conflict):
            # refused (closed as failed) or in conflict (flagged when the provider's order
            # for the key was found): either way what the store now holds
            with self._store.session(readonly=True) as session:
                updated = order_by_id(session, record.local_id) or record
        if updated == record:
            return None
        return OrderChange(
            local_id=updated.local_id,
            provider_id=updated.provider_id,
            card_id=updated.card_id,
            old_status=record.status,
            new_status=updated.status,
            record=updated,
            flagged=updated.flagged if updated.flagged != record.flagged else None,
        )

    def reconcile(self) -> ReconcileReport:
        """At start-up: every non-final order of this service's channels looked up (or
        re-sent with its key if the channel never confirmed it). Failures are reported, not
        raised."""
        with self._store.session(readonly=True) as session:
            # orders of a channel this service does not have wait for one that has it
            records = [r for r in non_final_orders(session) if r.channel in self._channels]
        changes: list[OrderChange] = []
        failures: list[str] = []
        confirmed = [r for r in records if r.provider_id is not None]
        if confirmed:
            try:
                changes.extend(self._look_up(confirmed))
            except ProviderError as error:
                failures.append(f"{len(confirmed)} orders not checked: {error}")
        for record in records:
            if record.provider_id is not None:
                continue
            try:
                change = self._resend(record, SOURCE_RECONCILE)
            except ProviderError as error:
                failures.append(f"order {record.local_id}: {error}")
                continue
            if change is not None:
                changes.append(change)
        self._cards_after_credit(changes)
        return ReconcileReport(checked=len(records), changes=changes, failures=failures)

    # --- cancel -------------------------------------------------------------------------

    def cancel(self, local_id: int) -> OrderRecord:
        """Cancel an unpaid order. An order the provider never confirmed is closed locally
        once the provider says it does not know the key."""
        with self._store.session(readonly=True) as session:
            record = order_by_id(session, local_id)
        if record is None:
            raise OrderUnknown(f"no order {local_id}")
        if record.status.is_final:
            return record
        if record.provider_id is None:
            # Confirm it first so the cancel reaches the provider's order, if there is one.
            try:
                record = self._send(record, SOURCE_CANCEL)
            except (RuleViolation, ValidationFailed):
                with self._store.session(readonly=True) as session:
                    found = order_by_id(session, local_id)
                assert found is not None
                return found
        assert record.provider_id is not None
        order = self.channel(record.channel).cancel(record)
        with self._store.session() as session:
            result = apply_order_update(
                session, local_id, order, source=SOURCE_CANCEL, now=self._now()
            )
        assert result.record is not None
        return result.record


__all__ = [
    "OrderChange",
    "OrderUnknown",
    "PriceChanged",
    "ProviderUnavailable",
    "RechargeService",
    "ReconcileReport",
    "create_request",
]
