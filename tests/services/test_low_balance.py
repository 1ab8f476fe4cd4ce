"""Low balance end to end: the sandbox's US card keeps a $5.00 minimum balance; a sync brings
it into the store and the notifications policy tells it once, until a top-up lifts it."""

from __future__ import annotations

from pathlib import Path

from lebwallet.domain.cards import Card
from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.services.notifications import Notice, NoticeKind, NoticeLog, NotificationPolicy
from lebwallet.services.recharge import RechargeService
from lebwallet.services.settings import Settings
from lebwallet.services.sync import SyncService
from lebwallet.store.queries import list_cards
from tests.services.conftest import Wallet
from tests.services.test_recharge import TEST_CARD_OK, follow_until, pay


def _synced_cards(wallet: Wallet) -> dict[str, Card]:
    SyncService(wallet.client, wallet.store).sync_all()
    with wallet.store.session(readonly=True) as session:
        return {card.id: card for card in list_cards(session)}


def _low(notices: list[Notice]) -> list[Notice]:
    return [n for n in notices if n.kind is NoticeKind.LOW_BALANCE]


def _policy(data_dir: Path) -> NotificationPolicy:
    return NotificationPolicy(NoticeLog.in_dir(data_dir), Settings())


def test_sync_brings_the_min_balance_and_low_balance_is_told_once(wallet: Wallet) -> None:
    cards = _synced_cards(wallet)
    us = cards["card_demo_us"]
    assert us.plan.min_balance == Money.of("5.00", "USD")
    assert us.balance == Money.of("4.20", "USD")
    assert us.balance_low
    assert cards["card_demo_uk"].plan.min_balance is None
    assert cards["card_demo_hk"].plan.min_balance is None
    assert not cards["card_demo_uk"].balance_low

    policy = _policy(wallet.data_dir)
    (notice,) = _low(policy.for_cards(list(cards.values())))
    assert (notice.card_id, notice.amount) == ("card_demo_us", Money.of("4.20", "USD"))
    # every later sync, and a restart of the wallet, stays quiet while the balance stays low
    assert _low(policy.for_cards(list(_synced_cards(wallet).values()))) == []
    assert _low(_policy(wallet.data_dir).for_cards(list(_synced_cards(wallet).values()))) == []


def test_a_top_up_ends_the_low_spell(wallet: Wallet) -> None:
    policy = _policy(wallet.data_dir)
    assert len(_low(policy.for_cards(list(_synced_cards(wallet).values())))) == 1

    service = RechargeService(wallet.client, wallet.store)
    quote = wallet.quote(card_id="card_demo_us", amount="10.00")
    record = service.submit("card_demo_us", quote, "key-low-balance-01")
    assert record.checkout_url is not None
    pay(record.checkout_url, TEST_CARD_OK)
    assert follow_until(service, record.local_id, OrderStatus.CREDITED) is OrderStatus.CREDITED

    cards = _synced_cards(wallet)
    assert cards["card_demo_us"].balance >= Money.of("14.20", "USD")
    assert not cards["card_demo_us"].balance_low
    assert _low(policy.for_cards(list(cards.values()))) == []
    assert not policy.told.told("low:card_demo_us")  # re-armed for the next low spell
