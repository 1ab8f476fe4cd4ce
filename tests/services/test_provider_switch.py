"""Switching provider never shows one provider account's data as another's: cards, history,
open orders, balances (the Wallet the window reads, against two running sandboxes whose
demo accounts have the same card ids and the same seeded order keys)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lebwallet.domain.orders import OrderStatus
from lebwallet.sandbox.seed import DEMO_EMAIL, DEMO_PASSWORD
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.recharge import RechargeService
from lebwallet.services.settings import Settings
from lebwallet.services.stored_cards import read_stored_cards
from lebwallet.services.wallet import Wallet, WalletConfig
from lebwallet.services.wallet_api import HistoryQuery
from lebwallet.store.queries import flagged_orders, non_final_orders
from tests.services.conftest import Wallet as Env
from tests.support.checkout_forms import post_checkout_form
from tests.support.keyrings import MemoryKeyring
from tests.support.sandbox import SandboxHandle, running_sandbox

CARD = "card_demo_uk"
DEMO_ORDERS = 5


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[SandboxHandle, SandboxHandle]]:
    with (
        running_sandbox(tmp_path / "a", credit_delay=0.1) as a,
        running_sandbox(tmp_path / "b", credit_delay=0.1) as b,
    ):
        yield a, b


def switch(wallet: Wallet, url: str) -> None:
    settings = wallet._config.settings.model_copy(update={"provider_url": url})
    wallet.reconfigure(settings)()
    wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
    wallet.sync()


def history_ids(wallet: Wallet) -> set[int]:
    """The local orders the history shows (seeded provider ids are the same at A and B)."""
    return {e.local_id for e in wallet.history_page(HistoryQuery(), None, 100).entries}


def test_switching_provider_shows_only_the_new_accounts_data(
    tmp_path: Path, two: tuple[SandboxHandle, SandboxHandle]
) -> None:
    a, b = two
    wallet = Wallet(
        WalletConfig(tmp_path / "wallet", Settings(provider_url=a.url)),
        CredentialStore(MemoryKeyring()),
    )
    try:
        wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
        wallet.sync()
        # At provider A: one order paid and credited, one left open.
        service = RechargeService(wallet.client(), wallet.store())
        quote = Env(a, wallet.client(), wallet.store(), tmp_path).quote(amount="30.00")
        paid = service.submit(CARD, quote, "key-switch-paid-1")
        assert paid.checkout_url is not None
        post_checkout_form(f"{paid.checkout_url}/pay", {"card_number": "4242424242424242"})
        deadline = time.monotonic() + 10
        while OrderStatus.CREDITED not in {c.new_status for c in service.refresh([paid.local_id])}:
            assert time.monotonic() < deadline, "the sandbox did not credit the order"
            time.sleep(0.05)
        env = Env(a, wallet.client(), wallet.store(), tmp_path)
        opened = service.submit(CARD, env.quote(), "key-switch-open-1")
        a_ids = history_ids(wallet)
        assert len(a_ids) == DEMO_ORDERS + 2
        a_balance = next(c for c in wallet.load_cards().cards if c.id == CARD).balance
        a_series = wallet.balance_series(CARD)

        switch(wallet, b.url)
        b_ids = history_ids(wallet)
        assert len(b_ids) == DEMO_ORDERS
        assert not b_ids & a_ids
        b_card = next(c for c in wallet.load_cards().cards if c.id == CARD)
        assert b_card.balance != a_balance
        assert [m for _at, m in wallet.balance_series(CARD)] == [b_card.balance]
        with wallet.store().session(readonly=True) as session:
            assert opened.local_id not in {r.local_id for r in non_final_orders(session)}
            assert flagged_orders(session) == []
        stored = read_stored_cards(tmp_path / "wallet")
        assert stored is not None
        assert {c.id: c.balance for c in stored.cards}[CARD] == b_card.balance

        switch(wallet, a.url)  # and back: A's data is A's again
        assert history_ids(wallet) == a_ids
        assert next(c for c in wallet.load_cards().cards if c.id == CARD).balance == a_balance
        assert list(wallet.balance_series(CARD)) == list(a_series)
        with wallet.store().session(readonly=True) as session:
            open_ids = {r.local_id for r in non_final_orders(session)}
            assert flagged_orders(session) == []
        assert opened.local_id in open_ids
        assert paid.local_id in history_ids(wallet)
    finally:
        wallet.close()
