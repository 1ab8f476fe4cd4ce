"""Open the provider's hosted checkout page in the user's browser — and nothing else.

`CheckoutOpener.open(url)` hands `url` to `QDesktopServices.openUrl` only when the provider
client's `checkout_url_allowed(url)` accepts it (https — or http on loopback — on the
provider's own origin, no user info) **and** Qt parses it to the same scheme, host and port
(so a parser difference between Python and Qt cannot smuggle another host through). Anything
else (`file://`, `javascript:`, another host, `https://provider@evil.example` …) is refused
and logged with the URL shortened; it never reaches `openUrl`.

`open_checkout(url)` says which of the two went wrong (`OpenResult.REFUSED`: not the
provider's address; `OpenResult.NO_BROWSER`: the desktop could not open it), so the user can
be told: a failed launch is never silent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from typing import Final, Protocol
from urllib.parse import urlsplit

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

_log = logging.getLogger(__name__)
_LOGGED_URL_CHARS: Final = 80


class OpenResult(Enum):
    """What became of a request to open a payment page."""

    OPENED = "opened"
    REFUSED = "refused"
    """Not the provider's own checkout address: never handed to the desktop."""
    NO_BROWSER = "no_browser"
    """Handed to the desktop, which could not open it (no browser, no handler)."""


class CheckoutUrlPolicy(Protocol):
    """Says which URLs may be opened (`ProviderClient` is one)."""

    def checkout_url_allowed(self, url: str) -> bool: ...


def _shorten(url: str) -> str:
    printable = "".join(ch if ch.isprintable() else "?" for ch in url)
    if len(printable) > _LOGGED_URL_CHARS:
        return printable[:_LOGGED_URL_CHARS] + "…"
    return printable


def _same_origin_in_qt(url: str) -> QUrl | None:
    """The QUrl of `url` if Qt reads the same scheme, host and port as Python does."""
    qurl = QUrl(url, QUrl.ParsingMode.StrictMode)
    if not qurl.isValid() or qurl.userInfo():
        return None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    default_port = 443 if scheme == "https" else 80
    python_port = parts.port if parts.port is not None else default_port
    if (
        qurl.scheme().lower() != scheme
        or qurl.host().lower() != (parts.hostname or "").lower().strip("[]")
        or qurl.port(default_port) != python_port
    ):
        return None
    return qurl


class CheckoutOpener:
    """Opens allowed checkout URLs in the browser. `open_url` defaults to
    `QDesktopServices.openUrl`; tests pass a recorder."""

    def __init__(
        self,
        policy: CheckoutUrlPolicy,
        open_url: Callable[[QUrl], bool] | None = None,
    ) -> None:
        self._policy = policy
        self._open_url = open_url if open_url is not None else QDesktopServices.openUrl

    def allowed(self, url: str | None) -> bool:
        """True when `url` would be opened."""
        if not url or not isinstance(url, str):
            return False
        try:
            if not self._policy.checkout_url_allowed(url):
                return False
        except Exception:  # a policy that cannot decide refuses
            _log.exception("checkout URL check failed")
            return False
        try:
            return _same_origin_in_qt(url) is not None
        except ValueError:
            return False

    def open(self, url: str | None) -> bool:
        """Open `url` in the browser if it is allowed; return whether it was handed over."""
        return self.open_checkout(url) is OpenResult.OPENED

    def open_checkout(self, url: str | None) -> OpenResult:
        """Open `url` in the browser if it is allowed; say what became of it."""
        if not self.allowed(url):
            _log.warning(
                "refused to open a checkout URL that is not the provider's: %s", _shorten(url or "")
            )
            return OpenResult.REFUSED
        assert url is not None
        qurl = _same_origin_in_qt(url)
        assert qurl is not None
        if not self._open_url(qurl):
            _log.warning("the desktop could not open the checkout page")
            return OpenResult.NO_BROWSER
        return OpenResult.OPENED
