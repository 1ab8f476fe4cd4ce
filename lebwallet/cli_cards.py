"""`lebwallet cards|carriers|calendar`: the wallet's cards, keep-alive actions, the carrier
catalogue and the deadlines calendar from the command line.

The same services as the window (`lebwallet.services.keepalive`), no Qt. The store is the
window's own (SQLite in WAL mode, or the settings' database), so these commands work while
the window is open. Bad input exits 2 with one line saying what is wrong and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lebwallet.domain.catalogue import CarrierEntry
    from lebwallet.domain.money import Money
    from lebwallet.services.keepalive import KeepAliveService
    from lebwallet.services.keepalive_values import CardKeepAlive

BAD_INPUT = 2
KINDS = ("topup", "call", "sms", "data")


class BadInput(ValueError):
    """Bad input on the command line; the message is printed as one line."""


def add_card_commands(
    subparsers: argparse._SubParsersAction[Any],
) -> None:
    cards = subparsers.add_parser(
        "cards",
        help="list the cards with their keep-alive deadlines; add a card; log an action",
        description="Without a sub-command: every card, its rule, last qualifying action and "
        "deadline (the last day to act).",
    )
    cards.add_argument("--json", action="store_true", help="print a JSON array")
    cards.set_defaults(handler=_cards)
    verbs = cards.add_subparsers(title="sub-commands", metavar="VERB")
    add = verbs.add_parser(
        "add",
        help="add a card the wallet owns (no provider needed)",
        description="Add a card by phone number or ICCID, with a carrier from the catalogue "
        "(`lebwallet carriers`) or your own rule: any use every DAYS days, or with "
        "--minimum a top-up of at least MONEY every DAYS days.",
    )
    number = add.add_mutually_exclusive_group(required=True)
    number.add_argument("--msisdn", metavar="NUMBER", help="phone number, +44… or national")
    number.add_argument("--iccid", metavar="ICCID", help="the SIM's serial number")
    add.add_argument("--region", metavar="CC", help="region of a national number, e.g. GB")
    add.add_argument("--label", required=True, metavar="TEXT", help="the card's name")
    rule = add.add_mutually_exclusive_group(required=True)
    rule.add_argument("--carrier", metavar="ID", help="a catalogue id, e.g. giffgaff-gb")
    rule.add_argument("--every", type=int, metavar="DAYS", help="your own rule's period")
    add.add_argument("--minimum", metavar="MONEY", help='minimum top-up, e.g. "10.00 GBP"')
    add.set_defaults(handler=_cards_add)
    log = verbs.add_parser(
        "log",
        help="record a keep-alive action (top-up elsewhere, call, SMS, data)",
        description="Record what you did with a card. CARD is a card id or its exact label.",
    )
    log.add_argument("card", metavar="CARD")
    log.add_argument("kind", metavar="KIND", help="topup, call, sms or data")
    log.add_argument("--on", metavar="YYYY-MM-DD", help="the day (default: today, UTC)")
    log.add_argument("--amount", metavar="MONEY", help='a top-up\'s amount, e.g. "10.00 GBP"')
    log.set_defaults(handler=_cards_log)

    carriers = subparsers.add_parser(
        "carriers", help="the carrier catalogue: keep-alive rules with their sources"
    )
    carriers.add_argument("--json", action="store_true", help="print a JSON array")
    carriers.set_defaults(handler=_carriers)

    calendar = subparsers.add_parser(
        "calendar", help="export the keep-alive deadlines as an iCalendar (.ics) file"
    )
    calendar.add_argument("--output", required=True, type=Path, metavar="FILE")
    calendar.set_defaults(handler=_calendar)


# --- plumbing ------------------------------------------------------------------------------------


def _guarded(run: Any) -> Any:
    def handler(args: argparse.Namespace) -> int:
        from lebwallet.domain.catalogue import CatalogueError
        from lebwallet.domain.identifiers import InvalidIdentifier
        from lebwallet.domain.keepalive import KeepAliveError
        from lebwallet.domain.money import MoneyError
        from lebwallet.services.keepalive_values import CardBookError
        from lebwallet.store import StoreError

        try:
            code: int = run(args)
            return code
        except (
            BadInput,
            CardBookError,
            CatalogueError,
            InvalidIdentifier,
            KeepAliveError,
            MoneyError,
        ) as error:
            print(f"lebwallet: error: {error}", file=sys.stderr)
            return BAD_INPUT
        except (StoreError, OSError) as error:
            print(f"lebwallet: error: {error}", file=sys.stderr)
            return 1

    return handler


def _service(args: argparse.Namespace) -> KeepAliveService:
    from lebwallet.data_dir import default_data_dir, prepare_data_dir
    from lebwallet.services.keepalive import KeepAliveService
    from lebwallet.services.settings import load_settings
    from lebwallet.store import default_sqlite_url, open_store

    data_dir = prepare_data_dir(args.data_dir or default_data_dir())  # `DataDirError`: exit 2
    loaded = load_settings(data_dir)
    url = loaded.settings.database_url or default_sqlite_url(data_dir)
    store = open_store(url, backup_dir=data_dir / "backups")
    return KeepAliveService(store, data_dir=data_dir)


def _money(text: str) -> Money:
    from lebwallet.domain.keepalive import parse_amount

    return parse_amount(text)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{text!r} is not a date like 2026-12-05") from None


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def card_json(item: CardKeepAlive, today: date) -> dict[str, Any]:
    card = item.card
    last = item.last_action
    return {
        "id": card.id,
        "label": card.label,
        "carrier": card.carrier,
        "rule_id": None if item.entry is None else item.entry.id,
        "region": card.region,
        "masked": card.masked_number,
        "last_action": None
        if last is None
        else {"kind": last.kind.value, "on": last.on.isoformat()},
        "deadline": item.last_day.isoformat(),
        "days_left": item.days_left(today),
        "state": item.state(today).value,
        "source": item.source.value,
        "rule": item.rule.describe(),
        "rule_source": item.rule.source_url,
        "rule_checked": None if item.rule.checked_on is None else item.rule.checked_on.isoformat(),
        "stages": [{"on": d.isoformat(), "effect": e.value} for d, e in item.stages],
    }


def entry_json(entry: CarrierEntry) -> dict[str, Any]:
    rule = entry.rule
    return {
        "id": entry.id,
        "name": entry.name,
        "country": entry.country,
        "currency": entry.currency,
        "actions": sorted(k.value for k in rule.actions),
        "period": {"count": rule.period.count, "unit": rule.period.unit.value},
        "minimum_topup": None if rule.minimum_topup is None else rule.minimum_topup.to_wire(),
        "stages": [
            {
                "after": {"count": s.after.count, "unit": s.after.unit.value},
                "effect": s.effect.value,
            }
            for s in rule.stages
        ],
        "source": rule.source_url,
        "source_title": entry.source_title,
        "checked": None if rule.checked_on is None else rule.checked_on.isoformat(),
        "confidence": rule.confidence.value,
        "note": entry.note,
        "custom": entry.custom,
    }


# --- commands ------------------------------------------------------------------------------------


@_guarded
def _cards(args: argparse.Namespace) -> int:
    service = _service(args)
    today = service.today()
    items = service.overviews()
    if args.json:
        _print_json([card_json(item, today) for item in items])
        return 0
    for item in items:
        last = item.last_action
        did = "no action logged" if last is None else f"{last.kind.value} {last.on.isoformat()}"
        print(
            f"{item.card.id}  {item.card.display_name}  {item.card.carrier}  "
            f"{item.card.masked_number}  last day {item.last_day.isoformat()} "
            f"({item.days_left(today)} days, {item.state(today).value})  {did}  "
            f"[{item.source.value}]"
        )
    return 0


@_guarded
def _cards_add(args: argparse.Namespace) -> int:
    from lebwallet.domain.identifiers import parse_iccid, parse_msisdn
    from lebwallet.domain.keepalive import Period

    if args.carrier is not None and args.minimum is not None:
        raise BadInput("--minimum goes with --every, not with --carrier")
    if args.iccid is not None and args.region is not None:
        raise BadInput("--region goes with --msisdn")
    msisdn = None if args.msisdn is None else parse_msisdn(args.msisdn, args.region)
    iccid = None if args.iccid is None else parse_iccid(args.iccid)
    minimum = None if args.minimum is None else _money(args.minimum)
    every = None if args.every is None else Period.days(args.every)
    service = _service(args)
    item = service.add_local_card(
        label=args.label,
        msisdn=msisdn,
        iccid=iccid,
        rule_id=args.carrier,
        every=every,
        minimum=minimum,
        region=args.region,
    )
    print(f"added {item.card.id} ({item.card.masked_number}); last day {item.last_day}")
    return 0


@_guarded
def _cards_log(args: argparse.Namespace) -> int:
    from lebwallet.domain.keepalive import ActionKind, KeepAliveAction

    if args.kind not in KINDS:
        raise BadInput(f"{args.kind!r} is not one of {', '.join(KINDS)}")
    kind = ActionKind(args.kind)
    amount = None if args.amount is None else _money(args.amount)
    if amount is not None and kind is not ActionKind.TOPUP:
        raise BadInput("--amount goes with topup only")
    service = _service(args)
    on = service.today() if args.on is None else _day(args.on)
    item = service.find_card(args.card)
    logged = service.log_action(item.card.id, KeepAliveAction(kind, on, amount))
    if not logged.counted:
        print(
            f"lebwallet: warning: {item.card.display_name}'s rule does not count a {kind.value}"
            f"{'' if amount is None else ' of ' + amount.display()}; "
            "recorded, but it does not move the deadline",
            file=sys.stderr,
        )
    print(f"logged {kind.value} on {on.isoformat()}; last day {logged.overview.last_day}")
    return 0


@_guarded
def _carriers(args: argparse.Namespace) -> int:
    entries = _service(args).catalogue()
    if args.json:
        _print_json([entry_json(entry) for entry in entries])
        return 0
    for entry in entries:
        print(
            f"{entry.id}  {entry.name} ({entry.country}): {entry.rule.describe()}  "
            f"[{entry.rule.confidence.value}; {entry.rule.source_url}]"
        )
    return 0


@_guarded
def _calendar(args: argparse.Namespace) -> int:
    from lebwallet.services.calendar import write_calendar_file

    service = _service(args)
    write_calendar_file(args.output, service.overviews())
    print(f"wrote {args.output}")
    return 0
