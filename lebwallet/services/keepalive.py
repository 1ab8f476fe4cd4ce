"""Cards the wallet owns and keep-alive actions: the use cases behind the window and the CLI.

Qt-free and blocking (run it on the task runner's threads from the UI). `KeepAliveService`
adds local cards (any number, any carrier, no provider), logs keep-alive actions, and gives
every card's rule, last qualifying action and deadline (`CardKeepAlive`). A local card's
deadline comes from its rule (catalogue entry or the user's own) and its actions, and is
written back to its row, so reminders and the window's first paint see it. A provider card
keeps the provider's deadline; its credited orders count as top-up actions. After a change
of any deadline the calendar file (`<data dir>/deadlines.ics`) is rewritten.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path

from lebwallet.clock import utc_now
from lebwallet.domain.cards import (
    MAX_PERIOD_DAYS,
    Card,
    CardSource,
    CardStatus,
    KeepAlivePlan,
)
from lebwallet.domain.catalogue import CarrierEntry, merge_entries
from lebwallet.domain.identifiers import Iccid, Msisdn
from lebwallet.domain.keepalive import (
    ActionKind,
    KeepAliveAction,
    KeepAliveError,
    KeepAliveRule,
    Period,
    deadline_instant,
    keep_alive_deadline,
    latest_qualifying,
    rule_from_plan,
)
from lebwallet.domain.money import Money
from lebwallet.services.calendar import CALENDAR_FILE, write_calendar_file
from lebwallet.services.carriers import shipped_catalogue
from lebwallet.services.keepalive_values import (
    UNNAMED_CARRIER,
    CardBookError,
    CardKeepAlive,
    LoggedAction,
)
from lebwallet.store import Store
from lebwallet.store import keepalive as kstore
from lebwallet.store.queries import card_listing, card_listings, cards_by_ids

_log = logging.getLogger(__name__)

DEFAULT_CURRENCY = "USD"
UNKNOWN_REGION = "ZZ"
"""CLDR's code for an unknown region (a non-geographic number, an ICCID of no known issuer)."""


def custom_entry(
    rule_id: str,
    *,
    every: Period,
    minimum: Money | None,
    name: str,
    country: str,
    currency: str,
) -> CarrierEntry:
    """A user's rule: any use every `every`, or with `minimum` a top-up of at least it."""
    if minimum is not None:
        actions = frozenset({ActionKind.TOPUP})
        currency = minimum.currency
    else:
        actions = frozenset(ActionKind)
    try:
        rule = KeepAliveRule(actions=actions, period=every, minimum_topup=minimum)
        return CarrierEntry(rule_id, name, country, currency, rule, custom=True)
    except (KeepAliveError, ValueError) as error:
        raise CardBookError(str(error)) from None


class KeepAliveService:
    def __init__(
        self,
        store: Store,
        *,
        data_dir: Path | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._store = store
        self._data_dir = data_dir
        self._clock = clock

    @property
    def calendar_path(self) -> Path | None:
        return None if self._data_dir is None else self._data_dir / CALENDAR_FILE

    def today(self) -> date:
        return self._clock().date()

    # --- catalogue -----------------------------------------------------------------------------

    def catalogue(self) -> tuple[CarrierEntry, ...]:
        """The shipped entries with the user's own (a custom one overrides a shipped one)."""
        with self._store.session(readonly=True) as session:
            custom = kstore.custom_rules(session)
        return merge_entries(shipped_catalogue(), custom)

    def entry(self, rule_id: str) -> CarrierEntry:
        for entry in self.catalogue():
            if entry.id == rule_id:
                return entry
        raise CardBookError(f"unknown carrier {rule_id!r} (see `lebwallet carriers`)")

    def save_rule(self, entry: CarrierEntry) -> None:
        with self._store.session() as session:
            kstore.save_rule(session, entry, now=self._clock())
        self._refresh_all()

    # --- local cards ---------------------------------------------------------------------------

    def add_local_card(
        self,
        *,
        label: str,
        msisdn: Msisdn | None = None,
        iccid: Iccid | None = None,
        rule_id: str | None = None,
        every: Period | None = None,
        minimum: Money | None = None,
        region: str | None = None,
        carrier: str | None = None,
    ) -> CardKeepAlive:
        """Add a card the user owns, with a catalogue rule (`rule_id`) or their own (`every`,
        optionally `minimum`, and the `carrier`'s name). Raises `CardBookError` and changes
        nothing on bad input."""
        if (msisdn is None) == (iccid is None):
            raise CardBookError("give a phone number or an ICCID")
        if (rule_id is None) == (every is None):
            raise CardBookError("give a carrier from the catalogue or your own rule")
        card_id = f"local-{uuid.uuid4().hex[:12]}"
        number_region = (
            msisdn.region if msisdn is not None else iccid.issuer_region if iccid else None
        )
        if rule_id is not None:
            entry = self.entry(rule_id)
        else:
            assert every is not None
            country = region or number_region or UNKNOWN_REGION
            entry = custom_entry(
                f"custom-{card_id}",
                every=every,
                minimum=minimum,
                name=(carrier or "").strip() or UNNAMED_CARRIER,
                country=country,
                currency=_currency_of(country),
            )
        with self._store.session() as session:
            if entry.id == f"custom-{card_id}":
                kstore.save_rule(session, entry, now=self._clock())
            today = self.today()
            rule = entry.rule
            deadline = keep_alive_deadline(rule, (), since=today)
            assert deadline is not None
            try:
                card = Card(
                    id=card_id,
                    label=label,
                    iccid=iccid,
                    msisdn=msisdn,
                    carrier=entry.name,
                    region=number_region or entry.country,
                    currency=entry.currency,
                    balance=Money.zero(entry.currency),
                    is_esim=False,
                    activation_code=None,
                    plan=KeepAlivePlan(
                        rule.minimum_topup or Money.zero(entry.currency),
                        min(rule.period.approx_days, MAX_PERIOD_DAYS),
                    ),
                    last_qualifying_topup=None,
                    deadline=deadline.instant,
                    status=CardStatus.ACTIVE,
                    source=CardSource.LOCAL,
                )
            except ValueError as error:
                raise CardBookError(str(error)) from None
            if not card.label:
                raise CardBookError("a card needs a label")
            kstore.add_local_card(session, card, rule_id=entry.id, now=self._clock())
        self.write_calendar()
        return self.overview(card_id)

    def rename_local_card(self, card_id: str, label: str | None) -> Card:
        if not label:
            raise CardBookError("a card of your own needs a label")
        with self._store.session() as session:
            try:
                kstore.rename_local_card(session, card_id, label)
            except (kstore.LocalCardError, ValueError) as error:
                raise CardBookError(str(error)) from None
        self.write_calendar()
        return self.overview(card_id).card

    def remove_local_card(self, card_id: str) -> None:
        with self._store.session() as session:
            try:
                kstore.remove_local_card(session, card_id, at=self._clock())
            except kstore.LocalCardError as error:
                raise CardBookError(str(error)) from None
        self.write_calendar()

    # --- reading -------------------------------------------------------------------------------

    def overviews(self) -> list[CardKeepAlive]:
        """Every card (not removed) with its rule and deadline, by label then id."""
        entries = {e.id: e for e in self.catalogue()}
        with self._store.session(readonly=True) as session:
            listings = card_listings(session)
            ids = [listing.card.id for listing in listings]
            rule_ids = kstore.card_rule_ids(session)
            logged = kstore.actions_by_card(session, ids)
            orders = kstore.credited_topups(session, ids)
        return [
            self._overview(
                listing.card,
                entries.get(rule_ids.get(listing.card.id) or ""),
                [*orders.get(listing.card.id, ()), *logged.get(listing.card.id, ())],
                listing.provider_updated_at.date(),
            )
            for listing in listings
        ]

    def overview(self, card_id: str) -> CardKeepAlive:
        """One card's rule and deadline (reads that card alone)."""
        with self._store.session(readonly=True) as session:
            listing = card_listing(session, card_id)
            if listing is None or listing.removed_at is not None:
                raise CardBookError(f"unknown card {card_id!r}")
            rule_id = kstore.card_rule_ids(session, [card_id]).get(card_id)
            actions = [
                *kstore.credited_topups(session, [card_id]).get(card_id, ()),
                *kstore.actions_by_card(session, [card_id]).get(card_id, ()),
            ]
        entry = None if rule_id is None else self._entry_or_none(rule_id)
        return self._overview(listing.card, entry, actions, listing.provider_updated_at.date())

    def _entry_or_none(self, rule_id: str) -> CarrierEntry | None:
        return next((e for e in self.catalogue() if e.id == rule_id), None)

    def find_card(self, ref: str) -> CardKeepAlive:
        """The card with this id, else the one with exactly this label."""
        items = self.overviews()
        for item in items:
            if item.card.id == ref:
                return item
        named = [item for item in items if item.card.label == ref]
        if len(named) == 1:
            return named[0]
        if named:
            raise CardBookError(f"{len(named)} cards are labelled {ref!r}; use the card id")
        raise CardBookError(f"unknown card {ref!r} (see `lebwallet cards`)")

    def actions(self, card_id: str) -> list[KeepAliveAction]:
        """The card's logged actions, oldest first (credited orders are in the history)."""
        with self._store.session(readonly=True) as session:
            return kstore.actions_by_card(session, [card_id]).get(card_id, [])

    def recent_actions(self, *, limit: int = 500) -> list[tuple[Card, KeepAliveAction]]:
        """The newest logged actions of every card (removed cards included), newest first."""
        with self._store.session(readonly=True) as session:
            found = kstore.recent_actions(session, limit=limit)
            cards = {c.id: c for c in cards_by_ids(session, list({cid for cid, _ in found}))}
        return [(cards[card_id], action) for card_id, action in found if card_id in cards]

    def _overview(
        self,
        card: Card,
        entry: CarrierEntry | None,
        actions: Sequence[KeepAliveAction],
        since: date,
    ) -> CardKeepAlive:
        if card.source is CardSource.LOCAL and entry is not None:
            rule = entry.rule
            deadline = keep_alive_deadline(rule, actions, since=since)
            assert deadline is not None
            return CardKeepAlive(
                card, rule, entry, deadline.last_action, deadline.last_day, deadline.stages
            )
        rule = rule_from_plan(card.plan)
        return CardKeepAlive(
            card,
            rule,
            None,
            latest_qualifying(rule, actions),
            card.last_day,
            rule.stage_dates(card.last_day),
        )

    # --- actions -------------------------------------------------------------------------------

    def log_action(self, card_id: str, action: KeepAliveAction) -> LoggedAction:
        """Record `action` for the card (a date in the future or an amount in another currency
        is refused); says whether the card's rule counts it."""
        before = self.overview(card_id)
        self._check(before, action)
        with self._store.session() as session:
            stored = kstore.add_action(session, card_id, action, now=self._clock())
        after = self._settle(card_id)
        return LoggedAction(stored, before.rule.qualifies(stored), after)

    def update_action(self, card_id: str, action: KeepAliveAction) -> CardKeepAlive:
        self._check(self.overview(card_id), action)
        with self._store.session() as session:
            try:
                kstore.update_action(session, action)
            except kstore.LocalCardError as error:
                raise CardBookError(str(error)) from None
        return self._settle(card_id)

    def remove_action(self, action_id: int) -> CardKeepAlive:
        with self._store.session() as session:
            try:
                card_id = kstore.remove_action(session, action_id)
            except kstore.LocalCardError as error:
                raise CardBookError(str(error)) from None
        return self._settle(card_id)

    def _check(self, item: CardKeepAlive, action: KeepAliveAction) -> None:
        try:
            action.check_not_future(self.today())
        except KeepAliveError as error:
            raise CardBookError(f"the date {error}") from None
        if action.amount is not None and action.amount.currency != item.card.currency:
            raise CardBookError(
                f"this card tops up in {item.card.currency}, not {action.amount.currency}"
            )

    def settle(self, card_ids: Sequence[str]) -> None:
        """Write these local cards' deadlines again (e.g. after an order was credited to
        them through a channel other than the LEB provider); other cards are left alone."""
        for card_id in card_ids:
            self._settle(card_id)

    def _settle(self, card_id: str) -> CardKeepAlive:
        """Write a local card's deadline from its actions; rewrite the calendar."""
        item = self.overview(card_id)
        if item.source is CardSource.LOCAL:
            last = None if item.last_action is None else start_of(item.last_action.on)
            with self._store.session() as session:
                kstore.set_local_deadline(session, card_id, deadline_instant(item.last_day), last)
            item = self.overview(card_id)  # the card with its stored deadline
        self.write_calendar()
        return item

    def _refresh_all(self) -> None:
        """Write every local card's deadline (after a rule changed) in one transaction."""
        items = [item for item in self.overviews() if item.source is CardSource.LOCAL]
        with self._store.session() as session:
            for item in items:
                last = None if item.last_action is None else start_of(item.last_action.on)
                kstore.set_local_deadline(
                    session, item.card.id, deadline_instant(item.last_day), last
                )
        self.write_calendar()

    # --- calendar ------------------------------------------------------------------------------

    def write_calendar(self) -> Path | None:
        """Rewrite `<data dir>/deadlines.ics` (atomically) when it differs; its path."""
        path = self.calendar_path
        if path is None:
            return None
        try:
            write_calendar_file(path, self.overviews())
        except OSError as error:
            _log.warning("calendar file not written: %s", error)
        return path


def start_of(day: date) -> datetime:
    """00:00 UTC on `day` (a day's action as the card's last qualifying time)."""
    return datetime.combine(day, time(), tzinfo=UTC)


def _currency_of(country: str) -> str:
    """The currency of the shipped carriers of `country` (USD when none is known)."""
    for entry in shipped_catalogue():
        if entry.country == country:
            return entry.currency
    return DEFAULT_CURRENCY
