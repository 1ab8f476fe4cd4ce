"""Autopilot's settings and what a card shows: `AutopilotSettings`, the part of
`AutopilotService` that opts cards in (with the days before the deadline, a monthly budget
and, for a channel that pays from a prepaid balance, "without asking"), keeps the monthly
budgets of all cards per currency, and reads a card's status. Qt-free and blocking."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Final

from lebwallet.domain.keepalive import ActionKind
from lebwallet.domain.money import Money
from lebwallet.services.autopilot_topups import AutopilotTopUps, order_state
from lebwallet.services.autopilot_values import AutopilotError, AutopilotStatus, RemindsOnly
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.keepalive_values import CardBookError, CardKeepAlive
from lebwallet.store import Store
from lebwallet.store import autopilot as astore
from lebwallet.store.autopilot import AutopilotCard, RunKind, RunState
from lebwallet.store.queries import order_by_key

DEFAULT_DAYS_BEFORE: Final = 7
MAX_DAYS_BEFORE: Final = 60


class AutopilotSettings:
    def __init__(
        self,
        store: Store,
        channels: Sequence[AutopilotTopUps] = (),
        *,
        keepalive: KeepAliveService,
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._channels = tuple(channels)
        self._keepalive = keepalive
        self._clock = clock

    def _channel(self, item: CardKeepAlive) -> AutopilotTopUps | None:
        return next((c for c in self._channels if c.handles(item.card)), None)

    def _reminds_only(self, item: CardKeepAlive) -> RemindsOnly | None:
        if ActionKind.TOPUP not in item.rule.actions:
            return RemindsOnly.RULE
        return RemindsOnly.NO_CHANNEL if self._channel(item) is None else None

    def reminds_only(self, card_id: str) -> RemindsOnly | None:
        """Why autopilot can only remind for this card (None: it tops the card up)."""
        try:
            return self._reminds_only(self._keepalive.overview(card_id))
        except CardBookError as error:
            raise AutopilotError(str(error)) from None

    def set_card(
        self,
        card_id: str,
        *,
        enabled: bool,
        days_before: int = DEFAULT_DAYS_BEFORE,
        budget: Money | None = None,
        without_asking: bool = False,
    ) -> AutopilotCard:
        """Opt a card in (or out). `without_asking`: where its channel pays from a prepaid
        balance (Reloadly), top up without asking first. Raises `AutopilotError` and changes
        nothing on bad input."""
        try:
            card = self._keepalive.overview(card_id).card
        except CardBookError as error:
            raise AutopilotError(str(error)) from None
        if not 1 <= days_before <= MAX_DAYS_BEFORE:
            raise AutopilotError(f"days before the deadline: 1 to {MAX_DAYS_BEFORE}")
        if budget is not None:
            if budget.currency != card.currency:
                raise AutopilotError(f"this card tops up in {card.currency}, not {budget.currency}")
            if not budget.is_positive:
                raise AutopilotError("a monthly budget is more than zero")
        settings = AutopilotCard(card_id, enabled, days_before, budget, without_asking)
        with self._store.session() as session:
            astore.save_card(session, settings, currency=card.currency, now=self._clock())
        return settings

    def set_total_budget(self, currency: str, budget: Money | None) -> None:
        """The monthly budget of every card in `currency` together (None: no such budget)."""
        if budget is not None and (budget.currency != currency or not budget.is_positive):
            raise AutopilotError(f"a monthly budget is more than zero {currency}")
        with self._store.session() as session:
            if budget is None:
                astore.remove_budget(session, currency)
            else:
                astore.save_budget(session, budget, now=self._clock())

    def total_budgets(self) -> dict[str, Money]:
        with self._store.session(readonly=True) as session:
            return astore.budgets(session)

    def card_settings(self, card_id: str) -> AutopilotCard | None:
        with self._store.session(readonly=True) as session:
            return astore.cards(session, [card_id]).get(card_id)

    def status(self, card_id: str) -> AutopilotStatus | None:
        """The card's autopilot, its next planned day and last run; None when not opted in."""
        settings = self.card_settings(card_id)
        if settings is None or not settings.enabled:
            return None
        item = self._keepalive.overview(card_id)
        with self._store.session(readonly=True) as session:
            last = astore.latest_runs(session, [card_id]).get(card_id)
        today = self._clock().date()
        next_on: date | None = max(today, item.last_day - timedelta(days=settings.days_before))
        order = None
        if last is not None and last.deadline == item.last_day:
            next_on = None  # this deadline has its run: a top-up, a request or a reminder
            if last.kind is RunKind.TOPUP and last.state is not RunState.ASKED:
                with self._store.session(readonly=True) as session:
                    record = order_by_key(session, last.order_key)
                order = None if record is None else order_state(record)
        return AutopilotStatus(settings, next_on, last, self._reminds_only(item), order)

    def automatic_keys(self, keys: Sequence[str]) -> set[str]:
        """Which of these orders (by idempotency key) autopilot made."""
        with self._store.session(readonly=True) as session:
            return astore.automatic_order_keys(session, keys)
