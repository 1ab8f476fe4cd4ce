"""The client sends the user's language (`Accept-Language`) and follows a switch at run time;
the provider's titles and problem details come back in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from lebwallet.provider.client import ProviderClient
from lebwallet.provider.errors import InvalidCredentials
from lebwallet.provider.transport import accept_language
from lebwallet.services.settings import Settings
from lebwallet.services.wallet import Wallet, WalletConfig
from tests.support.sandbox import SandboxHandle


@pytest.mark.parametrize(
    ("tag", "header"),
    [
        ("en", "en"),
        ("zh-CN", "zh-CN, zh;q=0.9, en;q=0.5"),
        ("en-GB", "en-GB, en;q=0.9"),
        ("fr", "fr, en;q=0.5"),
        ("not a tag!", "en"),
    ],
)
def test_accept_language_header(tag: str, header: str) -> None:
    assert accept_language(tag) == header


def test_the_language_is_read_on_every_request(sandbox: SandboxHandle) -> None:
    current = ["zh-CN"]
    with ProviderClient(sandbox.url, language=lambda: current[0]) as client:
        with pytest.raises(InvalidCredentials) as chinese:
            client.login(sandbox.email, "wrong password")
        assert chinese.value.detail == "账号或密码错误"
        current[0] = "en"  # the user switched language
        with pytest.raises(InvalidCredentials) as english:
            client.login(sandbox.email, "wrong password")
        assert english.value.detail == "the login or the password is wrong"


def test_promotion_titles_follow_the_client_language(sandbox: SandboxHandle) -> None:
    with ProviderClient(sandbox.url, language="zh-CN") as client:
        client.login(sandbox.email, sandbox.password)
        options = client.recharge_options("card_demo_uk")
        titles = {promotion.id: promotion.title for promotion in options.promotions}
        assert titles["promo_keepalive5"] == "KEEPALIVE5：任意充值立减 5%"
        client.language = "en"
        options = client.recharge_options("card_demo_uk")
        titles = {promotion.id: promotion.title for promotion in options.promotions}
        assert titles["promo_keepalive5"] == "KEEPALIVE5: 5% off any top-up"


def test_the_wallet_clients_speak_the_users_language(
    sandbox: SandboxHandle, tmp_path: Path
) -> None:
    wallet = Wallet(WalletConfig(tmp_path, Settings(provider_url=sandbox.url)))
    try:
        client = wallet.client()
        assert client.language == "en"
        wallet.set_language("zh_CN")
        assert client.language == "zh-CN"  # the shared client, at once
        client.login(sandbox.email, sandbox.password)
        with wallet.new_client() as worker:  # and a client made for another thread
            assert worker.language == "zh-CN"
            titles = [p.title for p in worker.recharge_options("card_demo_uk").promotions]
        assert "KEEPALIVE5：任意充值立减 5%" in titles
    finally:
        wallet.close()
