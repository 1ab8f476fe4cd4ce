"""`WalletServices`: the services of one wallet, built without Qt, over the embedded sandbox
(started with its seed in the data directory), a real SQLite store and an in-memory keyring."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from lebwallet.services.assembly import WalletServices
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.notifications import NotificationPolicy
from lebwallet.services.settings import Settings, load_settings
from tests.support.keyrings import MemoryKeyring


@pytest.fixture
def services(tmp_path: Path) -> Iterator[WalletServices]:
    built = WalletServices(
        tmp_path,
        Settings(),
        credentials=CredentialStore(MemoryKeyring()),
        sandbox_credit_delay=0.1,
    )
    try:
        yield built
    finally:
        built.close()


def test_before_the_sign_in_no_backend_is_built_and_nothing_is_opened(
    services: WalletServices,
) -> None:
    assert not services.signed_in
    assert services.recharge_backend() is None
    assert services.support_backend() is None
    assert services.autopilot_backend() is None
    assert services.follower_backends() is None
    assert services.checkout_policy() is None
    assert services.wallet.provider_url == ""  # the embedded sandbox is not started yet


def test_the_demo_login_signs_in_to_the_embedded_sandbox_and_the_backends_work(
    services: WalletServices,
) -> None:
    email, password = services.demo_login()
    account = services.wallet.sign_in(email, password)
    assert account.login == email
    services.wallet.sync()
    assert services.signed_in

    recharge = services.recharge_backend()
    assert recharge is not None
    assert {card.id for card in recharge.cards()} >= {"card_demo_uk", "card_demo_us"}
    policy = services.checkout_policy()
    assert policy is not None
    assert policy.checkout_url_allowed(services.wallet.provider_url + "/checkout/x")
    support = services.support_backend()
    assert support is not None
    assert support.requests() == []

    # Autopilot waits for the session's notices.
    assert services.autopilot_backend() is None
    told = services.start_notifications(lambda _card_id: None)
    assert isinstance(told, NotificationPolicy)
    assert services.policy is told
    assert services.autopilot_backend() is not None

    factory = services.follower_backends()
    assert factory is not None
    backend = factory(threading.Event())
    try:
        snapshot = backend.sync_cards()
        assert snapshot.cards
    finally:
        backend.close()


def test_applied_settings_are_saved_and_taken_by_the_policy(
    services: WalletServices, tmp_path: Path
) -> None:
    policy = services.start_notifications(lambda _card_id: None)
    new = services.settings.model_copy(update={"language": "zh_CN", "refresh_seconds": 120})
    change = services.apply_settings(new)
    assert change.language_changed
    assert not change.moved
    change.release()
    assert load_settings(tmp_path).settings == new
    assert services.settings == new
    assert policy.settings == new


def test_another_provider_is_a_move(services: WalletServices) -> None:
    new = services.settings.model_copy(update={"provider_url": "http://127.0.0.1:9"})
    change = services.apply_settings(new)
    change.release()
    assert change.moved
    assert services.wallet.provider_url == "http://127.0.0.1:9"


def test_settings_that_cannot_be_saved_change_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    services = WalletServices(blocked, Settings(), credentials=CredentialStore(MemoryKeyring()))
    try:
        policy = services.start_notifications(lambda _card_id: None)
        before = services.settings
        with pytest.raises(FileExistsError):
            services.apply_settings(before.model_copy(update={"language": "zh_CN"}))
        assert services.settings == before
        assert policy.settings == before
    finally:
        services.close()


def test_no_reloadly_account_no_reloadly_top_ups(services: WalletServices) -> None:
    assert services.reloadly_topups() is None


def test_the_wizard_goes_through_the_provider_only_once_signed_in(
    services: WalletServices,
) -> None:
    before = services.wizard_channels(provider=False)
    assert before.client_factory is None
    assert before.checkout is None
    assert before.reloadly is None  # no Reloadly account
    assert before.store is services.wallet.store()
    email, password = services.demo_login()
    services.wallet.sign_in(email, password)
    signed_in = services.wizard_channels(provider=True)
    assert signed_in.client_factory is not None
    assert signed_in.checkout is not None
    with signed_in.client_factory() as client:
        assert client.account().profile.email == email
    # The provider's client is open, but the window's sign-in is not done: no provider.
    assert services.wizard_channels(provider=False).client_factory is None
