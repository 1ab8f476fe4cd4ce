"""The total deadline of one provider call, enforced on the socket.

A read timeout bounds each wait for a byte, not a whole answer: a provider that drips its
head or body one byte a second resets it forever. While a call runs, a timer shuts the
connection's socket down for reading when the call's deadline passes; the blocked read ends
at once and the call fails as "did not answer in time".

- The body: urllib3's own `HTTPResponse.shutdown()` (made for interrupting a read blocked in
  another thread), by `Cutoff`.
- The head (status line and headers, read inside `getresponse`): the same shutdown on the
  connection's socket, by the connection classes that `DeadlineAdapter` mounts.

The running call's deadline is a context variable (`call_deadline`), so clients on several
threads do not see each other's.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Self

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.response import HTTPResponse

__all__ = ["Cutoff", "DeadlineAdapter", "call_deadline"]

_UNTIL: ContextVar[float | None] = ContextVar("lebwallet_provider_call_until", default=None)


@contextmanager
def call_deadline(until: float) -> Iterator[None]:
    """Every read of a provider answer in this block ends at `until` (time.monotonic())."""
    token = _UNTIL.set(until)
    try:
        yield
    finally:
        _UNTIL.reset(token)


class _Timer:
    """Calls `cut` once at `until` unless ended before; `fired` tells whether it did."""

    def __init__(self, until: float, cut: Callable[[], None]) -> None:
        self.fired = threading.Event()
        self._cut = cut
        self._timer = threading.Timer(max(0.0, until - time.monotonic()), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired.set()
        # already read and released, or closed: nothing left to cut
        with contextlib.suppress(AttributeError, ValueError, RuntimeError, OSError):
            self._cut()

    def __enter__(self) -> Self:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()


class Cutoff(_Timer):
    """Ends the reading of a streamed response's body at `until`."""

    def __init__(self, response: requests.Response, until: float) -> None:
        raw: HTTPResponse = response.raw
        super().__init__(until, raw.shutdown)


def _shut_reading(sock: socket.socket | None) -> Callable[[], None]:
    def cut() -> None:
        if sock is not None:
            # the plain socket's method: an SSLSocket's own would drop its TLS state under the
            # reading thread
            socket.socket.shutdown(sock, socket.SHUT_RD)

    return cut


class _WatchedHTTPConnection(HTTPConnection):
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        until = _UNTIL.get()
        if until is None:
            return super().getresponse()
        with _Timer(until, _shut_reading(self.sock)):
            return super().getresponse()


class _WatchedHTTPSConnection(HTTPSConnection):
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        until = _UNTIL.get()
        if until is None:
            return super().getresponse()
        with _Timer(until, _shut_reading(self.sock)):
            return super().getresponse()


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS: dict[str, type[HTTPConnectionPool]] = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter whose connections end a head still arriving at the call's deadline."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = dict(_POOLS)
        return manager
