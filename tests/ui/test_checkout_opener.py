"""CheckoutOpener: only the provider's own checkout URLs ever reach QDesktopServices.openUrl."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QUrl

from lebwallet.provider.client import ProviderClient
from lebwallet.ui.checkout_opener import CheckoutOpener


class Recorder:
    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url.toString())
        return True


@pytest.fixture
def loopback_client() -> Iterator[ProviderClient]:
    with ProviderClient("http://127.0.0.1:8765") as client:
        yield client


@pytest.fixture
def https_client() -> Iterator[ProviderClient]:
    with ProviderClient("https://pay.provider.example") as client:
        yield client


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765/checkout/ord_1",
        "http://127.0.0.1:8765/checkout/ord_1/authenticate?x=1#top",
    ],
)
def test_the_providers_loopback_checkout_is_opened(
    loopback_client: ProviderClient, url: str
) -> None:
    recorder = Recorder()
    assert CheckoutOpener(loopback_client, recorder).open(url)
    assert recorder.urls == [url]


def test_the_providers_https_checkout_is_opened(https_client: ProviderClient) -> None:
    recorder = Recorder()
    url = "https://pay.provider.example/checkout/ord_1"
    assert CheckoutOpener(https_client, recorder).open(url)
    assert recorder.urls == [url]


HOSTILE = [
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/checkout/ord_1",
    "https://pay.provider.example@evil.example/checkout/ord_1",
    "https://user:pw@pay.provider.example/checkout/ord_1",
    "http://pay.provider.example/checkout/ord_1",
    "https://pay.provider.example:8443/checkout/ord_1",
    "https://pay.provider.example.evil.example/checkout",
    "https://pay.provider.example\\@evil.example/",
    "https://pay.provider.example\t@evil.example/",
    " https://pay.provider.example/checkout",
    "//pay.provider.example/checkout",
    "",
    "https://",
    "https://ｐａｙ.provider.example/checkout",
    "https://pay.provider.example/" + "a" * 3000,
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_never_reach_open_url(
    https_client: ProviderClient, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder()
    opener = CheckoutOpener(https_client, recorder)
    with caplog.at_level(logging.WARNING, logger="lebwallet.ui.checkout_opener"):
        assert opener.open(url) is False
    assert recorder.urls == []
    assert "refused to open" in caplog.text
    assert len(caplog.text) < 1000  # the logged URL is shortened


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8765/checkout/x",
        "http://127.0.0.2:8765/checkout/x",
        "https://127.0.0.1:8765/",
    ],
)
def test_another_loopback_origin_is_refused(loopback_client: ProviderClient, url: str) -> None:
    recorder = Recorder()
    assert CheckoutOpener(loopback_client, recorder).open(url) is False
    assert recorder.urls == []


def test_none_is_refused(https_client: ProviderClient) -> None:
    recorder = Recorder()
    assert CheckoutOpener(https_client, recorder).open(None) is False
    assert recorder.urls == []


def test_a_policy_that_raises_refuses(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def checkout_url_allowed(self, url: str) -> bool:
            raise RuntimeError("boom")

    recorder = Recorder()
    with caplog.at_level(logging.ERROR):
        assert CheckoutOpener(Broken(), recorder).open("https://x.example/") is False
    assert recorder.urls == []
