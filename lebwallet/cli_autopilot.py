"""`lebwallet autopilot [--dry-run]`: one keep-alive pass from the command line (cron, a
systemd timer), no Qt.

The same service as the window (`lebwallet.services.autopilot`) on the window's store, so two
desktops, the window and this command never top a card up twice for one deadline. A provider
card is topped up through the provider the window signs in to (its session is restored from
the keyring); a card of your own with a phone number through the Reloadly account, when one
is added (paid from its balance: only where the card's choice is "without asking", else it
waits for a yes in the window). A channel is reached only when a card needs it. Prints one
line per card. Exit 0: nothing due or all done; 1: a top-up failed (or a channel could not be
reached); 3: something waits for the user (a payment, a yes, a call, a budget).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lebwallet.domain.cards import Card
    from lebwallet.domain.money import Money
    from lebwallet.services.autopilot import AutopilotStep
    from lebwallet.services.autopilot_topups import AutopilotTopUps, TopUpState
    from lebwallet.services.wallet import Wallet

FAILED = 1


def add_autopilot_command(subparsers: argparse._SubParsersAction[Any]) -> None:
    autopilot = subparsers.add_parser(
        "autopilot",
        help="one keep-alive pass: top up the cards you opted in before their deadlines",
        description="Top up every card you asked the wallet to keep alive that is due, within "
        "its budget, once per deadline. Exit 0 when nothing is due or all is done, 1 when a "
        "top-up failed, 3 when something waits for you (a payment, a call, a budget).",
    )
    autopilot.add_argument(
        "--dry-run", action="store_true", help="print what would be done; change nothing"
    )
    autopilot.set_defaults(handler=_autopilot)


class _SignedInChannel:
    """The provider channel, opened on first use with the window's restored session."""

    def __init__(self, wallet: Wallet) -> None:
        self._wallet = wallet
        self._channel: AutopilotTopUps | None = None

    def handles(self, card: Card) -> bool:
        from lebwallet.domain.cards import CardSource

        return card.source is CardSource.PROVIDER

    def _open(self) -> AutopilotTopUps:
        from lebwallet.provider.errors import ProviderError
        from lebwallet.services.autopilot_topups import RechargeTopUps, TopUpUnavailable
        from lebwallet.services.credentials import CredentialsUnavailable
        from lebwallet.services.recharge import RechargeService

        if self._channel is None:
            try:
                account = self._wallet.restore_session()
            except (ProviderError, CredentialsUnavailable) as error:
                raise TopUpUnavailable(f"cannot sign in: {error}") from None
            if account is None:
                raise TopUpUnavailable("not signed in: sign in once in the wallet window")
            store = self._wallet.store()
            self._channel = RechargeTopUps(RechargeService(self._wallet.client(), store), store)
        return self._channel

    def price(self, card: Card) -> Money:
        return self._open().price(card)

    def submit(self, card: Card, amount: Money, key: str) -> TopUpState:
        return self._open().submit(card, amount, key)

    def state(self, key: str) -> TopUpState | None:
        return self._open().state(key)


def describe(step: AutopilotStep) -> str:
    """One line for a step, as the command prints it."""
    from lebwallet.services.autopilot import StepKind

    amount = "" if step.amount is None else f" {step.amount.display()}"
    deadline = step.deadline.isoformat()
    texts = {
        StepKind.NOT_DUE: f"not due; next on {step.next_on}",
        StepKind.WOULD_TOP_UP: f"would top up{amount} for the deadline {deadline}",
        StepKind.WAITS_FOR_PAYMENT: f"top-up{amount} prepared (order {step.order_local_id}); "
        "pay it in the wallet window",
        StepKind.WAITS_FOR_APPROVAL: f"top-up{amount} for {deadline} from the prepaid balance "
        "waits for your yes: approve it in the wallet window (or let it go ahead without "
        "asking)",
        StepKind.IN_PROGRESS: f"top-up{amount} for {deadline} under way",
        StepKind.TOPPED_UP: f"topped up{amount} for the deadline {deadline}",
        StepKind.FAILED: f"top-up for {deadline} failed: {step.detail}",
        StepKind.UNAVAILABLE: f"not topped up now, tried again next time: {step.detail}",
        StepKind.REMIND: f"act before {deadline} yourself (autopilot cannot call or text)",
        StepKind.MISSED: f"the deadline {deadline} passed while the wallet was not running",
        StepKind.OVER_BUDGET: f"not topped up{amount}: {step.detail}",
    }
    return f"{step.card_name} ({step.card_id}): {texts[step.kind]}"


def _autopilot(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from lebwallet.data_dir import default_data_dir, prepare_data_dir
    from lebwallet.services.autopilot import AutopilotService
    from lebwallet.services.autopilot_backend import reloadly_channels
    from lebwallet.services.keepalive import KeepAliveService
    from lebwallet.services.settings import load_settings
    from lebwallet.services.wallet import Wallet, WalletConfig
    from lebwallet.store import StoreError

    data_dir = prepare_data_dir(args.data_dir or default_data_dir())  # `DataDirError`: exit 2
    try:
        settings = load_settings(data_dir).settings
        wallet = Wallet(WalletConfig(data_dir, settings, sandbox_credit_delay=5.0))
        try:
            store = wallet.store()
            with reloadly_channels(settings, None, store) as reloadly:
                service = AutopilotService(
                    store,
                    [_SignedInChannel(wallet), *reloadly],
                    keepalive=KeepAliveService(store, data_dir=data_dir),
                )
                report = service.run_once(dry_run=args.dry_run)
        finally:
            wallet.close()
    except (StoreError, SQLAlchemyError, OSError) as error:
        print(f"lebwallet: error: {error}", file=sys.stderr)
        return FAILED
    if not report.steps:
        print("no card is kept alive automatically (opt a card in from its details)")
    for step in report.steps:
        print(describe(step))
    return report.exit_code
