"""Where a provider may be reached and what the wallet may open: the origin (scheme, host,
port) of a URL, and which hosts are loopback (the only ones plain http is allowed on)."""

from __future__ import annotations

import ipaddress
from typing import Final
from urllib.parse import urlsplit

__all__ = ["is_loopback_host", "origin_of"]

_LOOPBACK_NAMES: Final = frozenset({"localhost"})


def is_loopback_host(host: str | None) -> bool:
    """True for 127.0.0.1 (any 127/8), ::1 and localhost."""
    if not host:
        return False
    host = host.lower().strip("[]")
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL without user info, or None."""
    if (
        len(url) > 2048
        or not url.isascii()
        or any(ch.isspace() or ch in "\\\x7f" or ord(ch) < 0x20 for ch in url)
    ):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname
    if scheme not in ("http", "https") or not host or "@" in parts.netloc:
        return None
    if port is None:
        port = 443 if scheme == "https" else 80
    return scheme, host.lower(), port
