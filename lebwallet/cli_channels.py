"""`lebwallet channels` and `lebwallet topup`: top-up channels from the command line.

    lebwallet [--data-dir DIR] channels [--json]
    lebwallet [--data-dir DIR] channels add reloadly --client-id ID (--sandbox | --live)
                                           [--auth-url URL] [--api-url URL]
    lebwallet [--data-dir DIR] topup CARD AMOUNT [--channel NAME] [--method METHOD] [--yes]

`channels add` reads the client secret from standard input and keeps it in the keyring only
(keyring's configured backend; `PYTHON_KEYRING_BACKEND` chooses another). `topup` prices the
top-up, asks unless `--yes`, submits it through the journal and follows it to a final
status, printing each one. Exit codes: 0 credited; 1 failed, refunded, cancelled or expired;
2 bad input (nothing sent); 3 still pending when interrupted (the journal keeps the order
and the wallet follows it).

The command line tops up through the Reloadly channel; the LEB provider's hosted checkout
needs the signed-in window.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lebwallet.domain.cards import Card
    from lebwallet.domain.money import Money
    from lebwallet.domain.orders import OrderStatus
    from lebwallet.services.recharge import RechargeService
    from lebwallet.services.settings import Settings
    from lebwallet.store import Store

CREDITED, FAILED, BAD_INPUT, PENDING = 0, 1, 2, 3
POLL_SECONDS = 1.0


class BadInput(ValueError):
    """Bad input; printed as one line, exit 2, nothing sent."""


def add_channel_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    channels = subparsers.add_parser(
        "channels",
        help="list the top-up channels; add a Reloadly account",
        description="Without a sub-command: every top-up channel, how it is paid and where.",
    )
    channels.add_argument("--json", action="store_true", help="print a JSON array")
    channels.set_defaults(handler=_guarded(_channels))
    verbs = channels.add_subparsers(title="sub-commands", metavar="VERB")
    add = verbs.add_parser("add", help="add a channel account")
    kinds = add.add_subparsers(title="channels", metavar="CHANNEL")
    reloadly = kinds.add_parser(
        "reloadly",
        help="a Reloadly Airtime account (the client secret is read from standard input)",
        description="Add a Reloadly account. The client secret is read from standard input "
        "and kept in the keyring only.",
    )
    reloadly.add_argument("--client-id", required=True, metavar="ID")
    mode = reloadly.add_mutually_exclusive_group(required=True)
    mode.add_argument("--sandbox", action="store_true", help="Reloadly's sandbox host")
    mode.add_argument("--live", action="store_true", help="Reloadly's live host (real money)")
    reloadly.add_argument("--auth-url", metavar="URL", help="replace the auth host")
    reloadly.add_argument("--api-url", metavar="URL", help="replace the Airtime host")
    reloadly.set_defaults(handler=_guarded(_add_reloadly))
    topup = subparsers.add_parser(
        "topup",
        help="top up a card through a channel and follow it to its end",
        description="Exit 0 credited, 1 failed/refunded/cancelled/expired, 2 bad input "
        "(nothing sent), 3 still pending when interrupted.",
    )
    topup.add_argument("card", metavar="CARD", help="the card's id or label")
    topup.add_argument("amount", metavar="AMOUNT", help='"10.00 GBP" or a number')
    topup.add_argument("--channel", metavar="NAME", help="reloadly (the default) or leb")
    topup.add_argument("--method", metavar="METHOD", help="account_balance (Reloadly)")
    topup.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    topup.set_defaults(handler=_guarded(_topup))


def _guarded(run: Any) -> Any:
    def handler(args: argparse.Namespace) -> int:
        from lebwallet.domain.identifiers import InvalidIdentifier
        from lebwallet.domain.keepalive import KeepAliveError
        from lebwallet.domain.money import MoneyError
        from lebwallet.domain.recharge import RechargeRuleError
        from lebwallet.services.channels import ChannelNotAvailable
        from lebwallet.services.credentials import CredentialsUnavailable
        from lebwallet.services.errors import ProviderError
        from lebwallet.services.keepalive_values import CardBookError
        from lebwallet.store import StoreError

        try:
            code: int = run(args)
            return code
        except (
            BadInput,
            CardBookError,
            ChannelNotAvailable,
            CredentialsUnavailable,
            InvalidIdentifier,
            KeepAliveError,
            MoneyError,
            RechargeRuleError,
            ValueError,
        ) as error:
            print(f"lebwallet: error: {error}", file=sys.stderr)
            return BAD_INPUT
        except ProviderError as error:
            print(f"lebwallet: error: {error}", file=sys.stderr)
            return FAILED
        except (StoreError, OSError) as error:
            print(f"lebwallet: error: {error}", file=sys.stderr)
            return FAILED

    return handler


def _data_dir(args: argparse.Namespace) -> Path:
    from lebwallet.data_dir import default_data_dir, prepare_data_dir

    return prepare_data_dir(args.data_dir or default_data_dir())  # `DataDirError`: exit 2


def _settings(data_dir: Path) -> Settings:
    from lebwallet.services.settings import load_settings

    return load_settings(data_dir).settings


def _channels(args: argparse.Namespace) -> int:
    from lebwallet.services.channel_accounts import channel_list

    found = channel_list(_settings(_data_dir(args)))
    if args.json:
        print(json.dumps([asdict(c) for c in found], ensure_ascii=False, indent=2))
        return 0
    for info in found:
        account = f"  account {info.account}" if info.account else ""
        print(f"{info.name}  {info.payment.value}  {info.mode}  {info.endpoint}{account}")
    return 0


def _add_reloadly(args: argparse.Namespace) -> int:
    from lebwallet.services.channel_accounts import ReloadlyAccount, add_reloadly
    from lebwallet.services.credentials import CredentialStore

    secret = sys.stdin.readline().strip()
    if not secret:
        raise BadInput("give the client secret on standard input")
    try:
        account = ReloadlyAccount(
            client_id=args.client_id,
            sandbox=bool(args.sandbox),
            auth_url=args.auth_url,
            api_url=args.api_url,
        )
    except ValueError as error:
        raise BadInput(f"the client id {args.client_id!r} is not valid") from error
    add_reloadly(_data_dir(args), CredentialStore(), account, secret)
    mode = "sandbox" if account.sandbox else "live"
    print(f"reloadly: account {account.client_id} added ({mode}); the secret is in the keyring")
    return 0


def _store(data_dir: Path, settings: Settings) -> Store:
    from lebwallet.store import default_sqlite_url, open_store

    url = settings.database_url or default_sqlite_url(data_dir)
    return open_store(url, backup_dir=data_dir / "backups")


def _amount(text: str, card: Card) -> Money:
    from lebwallet.domain.keepalive import parse_amount
    from lebwallet.domain.money import Money, NotANumber

    try:
        amount = (
            parse_amount(text) if " " in text.strip() else Money.parse_user(text, card.currency)
        )
    except NotANumber:  # the words of every command (a bad number of decimals says so)
        raise BadInput(f'{text!r} is not an amount like "10.00 {card.currency}"') from None
    if amount.currency != card.currency:
        raise BadInput(f"the card is topped up in {card.currency}, not {amount.currency}")
    return amount


def _topup(args: argparse.Namespace) -> int:
    from lebwallet.services.channel_accounts import reloadly_channel
    from lebwallet.services.channels import LEB, RELOADLY
    from lebwallet.services.credentials import CredentialStore
    from lebwallet.services.keepalive import KeepAliveService

    data_dir = _data_dir(args)
    settings = _settings(data_dir)
    channel_name = (args.channel or RELOADLY).strip().lower()
    if channel_name == LEB:
        raise BadInput(
            "the LEB provider's checkout needs the signed-in window; use --channel reloadly"
        )
    if channel_name != RELOADLY:
        raise BadInput(f"unknown channel {args.channel!r} (see `lebwallet channels`)")
    if args.method not in (None, "account_balance"):
        raise BadInput(f"Reloadly is paid from the account balance, not {args.method!r}")
    store = _store(data_dir, settings)
    try:
        card = KeepAliveService(store, data_dir=data_dir).find_card(args.card).card
        amount = _amount(args.amount, card)
        with reloadly_channel(settings, CredentialStore()) as channel:
            return _run_topup(args, store, channel, card, amount)
    finally:
        store.dispose()


def _run_topup(
    args: argparse.Namespace, store: Store, channel: Any, card: Card, amount: Money
) -> int:
    from lebwallet.services.channels import RELOADLY
    from lebwallet.services.errors import ProviderUnavailable, RuleViolation, ValidationFailed
    from lebwallet.services.recharge import RechargeService

    if not channel.can_top_up(card):
        raise BadInput(f"{card.label} has no phone number: Reloadly cannot top it up")
    offer = channel.recharge_options(card)
    priced = channel.quote(card, amount)
    quote = priced.quote
    print(f"{card.label}: {amount.display()} through Reloadly ({offer.operator_name})")
    rate = (
        ""
        if quote.fx_rate is None
        else f" at 1 {amount.currency} = {quote.fx_rate} {quote.pay_currency}"
    )
    print(f"paid from the Reloadly balance: {quote.total.display()}{rate}")
    for promotion in offer.promotions:
        print(f"promotion: {promotion.title}")
    try:
        channel.check_balance(quote.total)
    except RuleViolation as error:
        raise BadInput(f"{error}; nothing was sent") from None
    if not args.yes:
        print("Top up? [y/N] ", end="", flush=True)
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            print("not confirmed; nothing was sent")
            return BAD_INPUT
    service = RechargeService(None, store, channels=[channel])
    key = f"cli-{uuid.uuid4().hex}"
    detail = channel.detail(card, priced)
    try:
        record = service.submit(card.id, quote, key, channel=RELOADLY, channel_detail=detail)
    except (RuleViolation, ValidationFailed) as error:
        print(f"refused: {error}")
        return FAILED
    except ProviderUnavailable as error:
        print(f"not confirmed yet ({error}); following it by its key")
        found = service.order_by_key(key)
        assert found is not None
        record = found
    return _follow(service, store, record.local_id, record.status)


def _follow(service: RechargeService, store: Store, local_id: int, status: OrderStatus) -> int:
    from lebwallet.domain.orders import OrderStatus as Status
    from lebwallet.services.errors import ProviderError
    from lebwallet.services.order_details import order_details

    print(f"order {local_id}: {status.value}")
    try:
        while not status.is_final:
            time.sleep(POLL_SECONDS)
            try:
                service.refresh([local_id])
            except ProviderError as error:
                print(f"order {local_id}: not reachable now ({error}); trying again")
                continue
            details = order_details(store, local_id)
            assert details is not None
            if details.record.status is not status:
                status = details.record.status
                print(f"order {local_id}: {status.value}")
    except KeyboardInterrupt:
        print(f"order {local_id}: still {status.value}; the wallet keeps following it")
        return PENDING
    if status is Status.CREDITED:
        return CREDITED
    details = order_details(store, local_id)
    if details is not None and details.record.failure_code == "refunded":
        print(f"order {local_id}: the money was returned to the Reloadly balance")
    return FAILED
