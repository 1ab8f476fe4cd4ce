"""`lebwallet euicc [--json] [--reader NAME]`: the eSIM cards in the PC/SC card readers.

For each reader: the eSIM card's masked EID, its profiles (state, class, name, nickname,
operator) each with the wallet card of the same ICCID, and its pending notifications — or
why the reader has no eSIM card. Reads only; no Qt, no network. Exit 0 when the readers
were read (a reader without a card is reported, not an error), 1 when PC/SC is unavailable,
2 on bad input (an unknown reader).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lebwallet.domain.cards import Card
    from lebwallet.euicc.matching import ProfileMatch
    from lebwallet.euicc.profiles import EuiccCard, PendingNotification
    from lebwallet.euicc.service import ReaderState

USAGE_ERROR = 2
UNAVAILABLE = 1


def add_euicc_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    euicc = subparsers.add_parser(
        "euicc",
        help="list the eSIM cards in the card readers, their profiles and the wallet's cards",
        description="Read the removable eSIM cards (eUICC, e.g. 5ber or eSTK.me) in the "
        "PC/SC card readers: EID (masked), profiles with their state and the wallet card "
        "each one keeps alive, pending notifications. Needs the smart card service (pcscd).",
    )
    euicc.add_argument("--json", action="store_true", help="print one JSON object")
    euicc.add_argument("--reader", metavar="NAME", help="read only this reader")
    euicc.set_defaults(handler=run_euicc)


def _wallet_cards(data_dir: Path | None) -> tuple[Card, ...] | None:
    from lebwallet.data_dir import default_data_dir
    from lebwallet.services.stored_cards import read_stored_cards

    snapshot = read_stored_cards(data_dir if data_dir is not None else default_data_dir())
    return None if snapshot is None else snapshot.cards


def run_euicc(args: argparse.Namespace) -> int:
    from lebwallet.euicc.errors import EuiccError, PcscUnavailable
    from lebwallet.euicc.service import EuiccService, ReaderState

    service = EuiccService()
    try:
        readers = service.readers()
    except PcscUnavailable as error:
        print(f"lebwallet euicc: {error}", file=sys.stderr)
        return UNAVAILABLE
    if args.reader is not None:
        if args.reader not in readers:
            known = ", ".join(repr(name) for name in readers) or "none"
            print(
                f"lebwallet euicc: no reader named {args.reader!r} (connected: {known})",
                file=sys.stderr,
            )
            return USAGE_ERROR
        readers = [args.reader]
    states = []
    for reader in readers:
        try:
            states.append(ReaderState(reader, service.read(reader), None))
        except EuiccError as error:
            states.append(ReaderState(reader, None, error))
    cards = _wallet_cards(getattr(args, "data_dir", None))
    if args.json:
        import json

        print(json.dumps(_as_json(states, cards), ensure_ascii=False, indent=2))
    else:
        print(_as_text(states, cards))
    return 0


def _matches(card: EuiccCard, cards: tuple[Card, ...] | None) -> tuple[ProfileMatch, ...]:
    from lebwallet.euicc.matching import match_profiles

    return match_profiles(card, cards or ())


def _card_json(card: Card | None) -> dict[str, Any] | None:
    if card is None:
        return None
    return {"id": card.id, "label": card.label, "carrier": card.carrier, "region": card.region}


def _notification_json(note: PendingNotification) -> dict[str, Any]:
    return {
        "seq_number": note.seq_number,
        "event": note.event.value,
        "iccid": note.iccid,
        "server": note.address,
        "meaning": note.meaning,
    }


def _as_json(states: list[ReaderState], cards: tuple[Card, ...] | None) -> dict[str, Any]:
    readers = []
    for state in states:
        entry: dict[str, Any] = {"reader": state.reader}
        if state.card is None:
            error = state.error
            entry["error"] = {"kind": type(error).__name__, "message": str(error)}
            readers.append(entry)
            continue
        entry["eid"] = state.card.eid.masked
        entry["profiles"] = [
            {
                "iccid": match.profile.iccid,
                "state": match.profile.state.value,
                "class": match.profile.profile_class.value,
                "name": match.profile.name,
                "nickname": match.profile.nickname,
                "service_provider": match.profile.service_provider,
                "card": _card_json(match.card),
                "new_card": match.offer_as_new_card,
            }
            for match in _matches(state.card, cards)
        ]
        entry["notifications"] = [_notification_json(n) for n in state.card.notifications]
        readers.append(entry)
    return {"readers": readers, "wallet_cards_read": cards is not None}


def _as_text(states: list[ReaderState], cards: tuple[Card, ...] | None) -> str:
    if not states:
        return "No card reader is connected."
    lines = []
    for state in states:
        lines.append(f"{state.reader}:")
        if state.card is None:
            lines.append(f"  {state.error}")
            continue
        lines.append(f"  EID {state.card.eid.masked}")
        if not state.card.profiles:
            lines.append("  no profiles")
        for match in _matches(state.card, cards):
            profile = match.profile
            mark = "*" if profile.enabled else " "
            if match.card is not None:
                where = f"card: {match.card.label or match.card.carrier}"
            elif match.offer_as_new_card:
                where = "not in the wallet (add it as a card)"
            else:
                where = f"{profile.profile_class.value} profile"
            lines.append(
                f"  {mark} {profile.state.value:<8} {profile.masked_iccid}  {profile.label}"
                f"  ({profile.service_provider or 'operator unknown'})  {where}"
            )
        for note in state.card.notifications:
            lines.append(f"  notification #{note.seq_number}: {note.meaning}")
    if cards is None:
        lines.append("(the wallet's cards could not be read: profiles are not matched)")
    return "\n".join(lines)
