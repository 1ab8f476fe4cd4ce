"""Keep-alive on autopilot: top a card up before its deadline, within a budget, never twice.

Per card the user opts in (`set_card`): `days_before` the deadline (default 7) autopilot tops
up the rule's minimum through the card's channel (`AutopilotTopUps`), within the card's monthly
budget and the monthly budget of all cards in that currency (calendar months, UTC).

Never twice for one deadline:
- a pass first takes the card's (card, deadline) row in `autopilot_runs` (unique): of two
  desktops on one database, or a pass after a restart, one takes it, the other sees it;
- the top-up's idempotency key is derived from the card and the deadline it keeps
  (`order_key`): a retry, or a pass after a crash between "taken" and "sent", re-sends the
  same key, and the journal and the provider hold one order for it.

Where the card's channel pays from a prepaid balance (Reloadly, `pays_from_balance`), the
top-up needs no user: autopilot sends it by itself only where the card's choice is "without
asking"; otherwise it takes the deadline as `ASKED` (priced, within the budget, nothing
sent) and waits for the user's yes (`approve`), which moves it on to the claim above.

A card whose rule counts calls or SMS, or that no channel tops up (a card of your own with no
phone number, or no Reloadly account added), gets a reminder instead. A deadline that passed
while the wallet was not running is told once (`MISSED`). Each pass returns what it did
(`AutopilotReport`); the app turns the new steps into notices, the CLI prints them. Qt-free
and blocking: run it off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Final

from lebwallet.clock import utc_now
from lebwallet.domain.money import Money
from lebwallet.services.autopilot_settings import (
    DEFAULT_DAYS_BEFORE,
    MAX_DAYS_BEFORE,
    AutopilotSettings,
)
from lebwallet.services.autopilot_topups import (
    AutopilotTopUps,
    TopUpRefused,
    TopUpState,
    TopUpStatus,
    TopUpUnavailable,
    pays_from_balance,
)
from lebwallet.services.autopilot_values import (
    AutopilotError,
    AutopilotReport,
    AutopilotStatus,
    AutopilotStep,
    RemindsOnly,
    StepKind,
    month_start,
    order_key,
)
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.keepalive_values import CardBookError, CardKeepAlive
from lebwallet.store import Store
from lebwallet.store import autopilot as astore
from lebwallet.store.autopilot import AutopilotCard as AutopilotCard  # for the UI
from lebwallet.store.autopilot import AutopilotRun, RunKind, RunState

_log = logging.getLogger(__name__)

LEASE: Final = timedelta(minutes=5)
"""How long a taken top-up is left to the process that took it before another one (after a
crash, a restart) sends it again with its key."""


class AutopilotService(AutopilotSettings):
    """Settings and status (`AutopilotSettings`), a pass (`run_once`), a yes (`approve`)."""

    def __init__(
        self,
        store: Store,
        channels: Sequence[AutopilotTopUps] = (),
        *,
        keepalive: KeepAliveService | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(
            store,
            channels,
            keepalive=keepalive or KeepAliveService(store, clock=clock),
            clock=clock,
        )

    # --- a pass --------------------------------------------------------------------------

    def run_once(self, *, dry_run: bool = False) -> AutopilotReport:
        """One pass over every opted-in card. `dry_run` says what would be done and writes
        nothing (it sends nothing either)."""
        with self._store.session(readonly=True) as session:
            opted = {k: v for k, v in astore.cards(session).items() if v.enabled}
        if not opted:
            return AutopilotReport(())
        items = [item for item in self._keepalive.overviews() if item.card.id in opted]
        with self._store.session(readonly=True) as session:
            latest = astore.latest_runs(session, [item.card.id for item in items])
        steps: list[AutopilotStep] = []
        for item in items:
            last = latest.get(item.card.id)
            if (
                last is not None
                and last.deadline != item.last_day
                and last.kind is RunKind.TOPUP
                and last.state in (RunState.CLAIMED, RunState.ORDERED)
                and not dry_run
            ):
                steps.append(self._follow(item, last))  # an earlier deadline's top-up
            steps.append(self._card(item, opted[item.card.id], dry_run=dry_run))
        return AutopilotReport(tuple(steps))

    def _card(
        self, item: CardKeepAlive, settings: AutopilotCard, *, dry_run: bool
    ) -> AutopilotStep:
        card, deadline = item.card, item.last_day
        today = self._clock().date()
        with self._store.session(readonly=True) as session:
            run = astore.run_for(session, card.id, deadline)
        if run is not None:
            return self._known(item, run, settings, dry_run=dry_run)
        due_on = deadline - timedelta(days=settings.days_before)
        if today < due_on:
            return self._step(item, StepKind.NOT_DUE, new=False, next_on=due_on)
        if today > deadline:
            return self._record(item, RunKind.MISSED, StepKind.MISSED, dry_run=dry_run)
        channel = self._channel(item)
        if channel is None or self._reminds_only(item) is not None:
            return self._record(item, RunKind.REMIND, StepKind.REMIND, dry_run=dry_run)
        try:
            amount = channel.price(card)
        except TopUpUnavailable as error:
            return self._step(item, StepKind.UNAVAILABLE, new=True, detail=str(error))
        except TopUpRefused as error:
            return self._step(item, StepKind.FAILED, new=True, detail=str(error))
        if dry_run:
            with self._store.session(readonly=True) as session:
                runs = astore.runs_since(session, month_start(self._clock()))
                over = self._over_budget(settings, amount, runs, astore.budgets(session))
            kind = StepKind.WOULD_TOP_UP if over is None else StepKind.OVER_BUDGET
            return self._step(item, kind, new=True, amount=amount, detail=over)
        asks = pays_from_balance(channel) and not settings.without_asking
        now = self._clock()
        # Take the deadline and check the budgets in one transaction that holds the budgets:
        # of two desktops racing for one budget, the second checks after the first's top-up.
        with self._store.session() as session:
            astore.lock_budgets(session, card_id=card.id, currency=amount.currency)
            run = astore.claim_run(
                session,
                card_id=card.id,
                deadline=deadline,
                kind=RunKind.TOPUP,
                state=RunState.ASKED if asks else RunState.CLAIMED,
                order_key=order_key(card.id, deadline),
                amount=amount,
                detail=None,
                now=now,
            )
            over = None
            if run is not None:
                month = astore.runs_since(session, month_start(now))
                others = [r for r in month if r.id != run.id]
                over = self._over_budget(settings, amount, others, astore.budgets(session))
                if over is not None:
                    astore.release_run(session, run.id)
        if run is None:  # another desktop took this deadline a moment ago
            with self._store.session(readonly=True) as session:
                taken = astore.run_for(session, card.id, deadline)
            assert taken is not None
            return self._step(item, StepKind.IN_PROGRESS, new=False, amount=taken.amount)
        if over is not None:
            return self._step(item, StepKind.OVER_BUDGET, new=True, amount=amount, detail=over)
        if asks:
            return self._step(item, StepKind.WAITS_FOR_APPROVAL, new=True, amount=amount)
        _log.info("autopilot: topping up %s by %s for %s", card.id, amount, deadline)
        return self._send(item, run, channel)

    def _known(
        self, item: CardKeepAlive, run: AutopilotRun, settings: AutopilotCard, *, dry_run: bool
    ) -> AutopilotStep:
        """The deadline has a run already (this or another desktop, before a restart)."""
        if run.kind is RunKind.MISSED:
            return self._step(item, StepKind.MISSED, new=False)
        if run.kind is RunKind.REMIND:
            waiting = self._clock().date() <= item.last_day
            kind = StepKind.REMIND if waiting else StepKind.MISSED
            return self._step(item, kind, new=False)
        if run.state is RunState.DONE:
            return self._step(item, StepKind.TOPPED_UP, new=False, amount=run.amount)
        if run.state is RunState.FAILED:
            return self._step(item, StepKind.FAILED, new=False, detail=run.detail)
        if run.state is RunState.ASKED:
            channel = self._channel(item)
            if settings.without_asking and channel is not None:  # the user chose so since
                if dry_run:
                    return self._step(item, StepKind.WOULD_TOP_UP, new=True, amount=run.amount)
                return self._go_ahead(item, run, channel)
            waiting = self._clock().date() <= item.last_day
            kind = StepKind.WAITS_FOR_APPROVAL if waiting else StepKind.MISSED
            return self._step(item, kind, new=False, amount=run.amount)
        if dry_run:
            return self._step(item, StepKind.IN_PROGRESS, new=False, amount=run.amount)
        return self._follow(item, run)

    def approve(self, card_id: str) -> AutopilotStep:
        """The user's yes to the top-up that waits for it (`WAITS_FOR_APPROVAL`): sent now,
        once (of two desktops approving, one sends it). Raises `AutopilotError` when none
        waits (already approved, or the deadline moved)."""
        try:
            item = self._keepalive.overview(card_id)
        except CardBookError as error:
            raise AutopilotError(str(error)) from None
        with self._store.session(readonly=True) as session:
            run = astore.run_for(session, card_id, item.last_day)
        if run is None or run.state is not RunState.ASKED:
            raise AutopilotError("no automatic top-up of this card waits for your yes")
        if self._clock().date() > item.last_day:
            raise AutopilotError("the deadline of this top-up has passed")
        channel = self._channel(item)
        if channel is None:
            raise AutopilotError("no top-up channel is set up for this card now")
        return self._go_ahead(item, run, channel)

    def _go_ahead(
        self, item: CardKeepAlive, run: AutopilotRun, channel: AutopilotTopUps
    ) -> AutopilotStep:
        """An asked top-up approved: taken by one process (the claim), then sent."""
        with self._store.session() as session:
            won = astore.advance_run(session, run, RunState.CLAIMED, detail=None, now=self._clock())
        with self._store.session(readonly=True) as session:
            taken = astore.run_for(session, run.card_id, run.deadline)
        assert taken is not None
        if not won:  # another desktop approved it a moment ago
            return self._step(item, StepKind.IN_PROGRESS, new=False, amount=taken.amount)
        _log.info("autopilot: topping up %s by %s (approved)", item.card.id, taken.amount)
        return self._send(item, taken, channel)

    def _follow(self, item: CardKeepAlive, run: AutopilotRun) -> AutopilotStep:
        channel = self._channel(item)
        if channel is None:
            return self._step(item, StepKind.IN_PROGRESS, new=False, amount=run.amount)
        if run.state is RunState.CLAIMED:
            # Sent before a crash, or never: the same key again, by one process only.
            now = self._clock()
            if now - run.updated_at < LEASE:
                return self._step(item, StepKind.IN_PROGRESS, new=False, amount=run.amount)
            with self._store.session() as session:
                won = astore.advance_run(session, run, RunState.CLAIMED, detail=None, now=now)
            if not won:
                return self._step(item, StepKind.IN_PROGRESS, new=False, amount=run.amount)
            with self._store.session(readonly=True) as session:
                taken = astore.run_for(session, run.card_id, run.deadline)
            assert taken is not None
            return self._send(item, taken, channel)
        try:
            state = channel.state(run.order_key)
        except TopUpUnavailable as error:
            return self._step(item, StepKind.UNAVAILABLE, new=True, detail=str(error))
        if state is None:
            return self._send(item, run, channel)
        return self._settle(item, run, state)

    def _send(
        self, item: CardKeepAlive, run: AutopilotRun, channel: AutopilotTopUps
    ) -> AutopilotStep:
        assert run.amount is not None
        try:
            state = channel.submit(item.card, run.amount, run.order_key)
        except TopUpUnavailable as error:
            _log.warning("autopilot: %s not sent now: %s", item.card.id, error)
            return self._step(item, StepKind.UNAVAILABLE, new=True, detail=str(error))
        except TopUpRefused as error:
            new = self._set(run, RunState.FAILED, str(error))
            return self._step(item, StepKind.FAILED, new=new, detail=str(error))
        return self._settle(item, run, state)

    def _settle(self, item: CardKeepAlive, run: AutopilotRun, state: TopUpState) -> AutopilotStep:
        kinds = {
            TopUpStatus.WAITS_FOR_USER: (RunState.ORDERED, StepKind.WAITS_FOR_PAYMENT),
            TopUpStatus.IN_PROGRESS: (RunState.ORDERED, StepKind.IN_PROGRESS),
            TopUpStatus.DONE: (RunState.DONE, StepKind.TOPPED_UP),
            TopUpStatus.FAILED: (RunState.FAILED, StepKind.FAILED),
        }
        new_state, kind = kinds[state.status]
        changed = new_state is not run.state and self._set(run, new_state, state.detail)
        return AutopilotStep(
            item.card.id,
            item.card.display_name,
            kind,
            run.deadline,
            new=changed,
            amount=state.amount,
            order_local_id=state.order_local_id,
            detail=state.detail,
        )

    # --- helpers -------------------------------------------------------------------------

    def _over_budget(
        self,
        settings: AutopilotCard,
        amount: Money,
        runs: Sequence[AutopilotRun],
        totals: dict[str, Money],
    ) -> str | None:
        """Why `amount` does not fit this month's budgets (None: it fits), given the month's
        other runs and the budgets of all cards (`totals`)."""
        per_card, per_currency = astore.spent(runs)
        zero = Money.zero(amount.currency)
        budget = settings.budget
        if budget is not None and per_card.get(settings.card_id, zero) + amount > budget:
            return f"the card's monthly budget {budget.display()} is spent"
        total = totals.get(amount.currency)
        if total is not None and per_currency.get(amount.currency, zero) + amount > total:
            return f"the monthly budget of all cards {total.display()} is spent"
        return None

    def _record(
        self, item: CardKeepAlive, run_kind: RunKind, kind: StepKind, *, dry_run: bool
    ) -> AutopilotStep:
        """A reminder or a missed deadline: told once per deadline."""
        if not dry_run:
            with self._store.session() as session:
                run = astore.claim_run(
                    session,
                    card_id=item.card.id,
                    deadline=item.last_day,
                    kind=run_kind,
                    state=RunState.DONE,
                    order_key=order_key(item.card.id, item.last_day),
                    amount=None,
                    detail=None,
                    now=self._clock(),
                )
            if run is None:  # told by another desktop
                return self._step(item, kind, new=False)
        return self._step(item, kind, new=True)

    def _set(self, run: AutopilotRun, state: RunState, detail: str | None) -> bool:
        """Move the run on; True for the one process (of several) that did."""
        with self._store.session() as session:
            return astore.advance_run(session, run, state, detail=detail, now=self._clock())

    def _step(
        self,
        item: CardKeepAlive,
        kind: StepKind,
        *,
        new: bool,
        amount: Money | None = None,
        next_on: date | None = None,
        detail: str | None = None,
    ) -> AutopilotStep:
        return AutopilotStep(
            item.card.id,
            item.card.display_name,
            kind,
            item.last_day,
            new=new,
            amount=amount,
            next_on=next_on,
            detail=detail,
        )


__all__ = [
    "DEFAULT_DAYS_BEFORE",
    "LEASE",
    "MAX_DAYS_BEFORE",
    "AutopilotCard",
    "AutopilotError",
    "AutopilotReport",
    "AutopilotService",
    "AutopilotStatus",
    "AutopilotStep",
    "RemindsOnly",
    "StepKind",
    "order_key",
]
