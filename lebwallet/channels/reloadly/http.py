"""The HTTP plumbing of the Reloadly client: sessions, retries, timeouts, deadlines.

- `requests` with an `HTTPAdapter(max_retries=urllib3 Retry)`; no retry loop of our own.
  GETs retry connect errors, read errors (reset, dropped answer, read timeout) and
  429/500/502/503/504 with exponential backoff and jitter, honouring `Retry-After`. POSTs
  retry only connect errors — the request never reached the server — and nothing else: a
  POST whose answer is lost is the caller's to resolve (the client looks a top-up up by its
  customIdentifier before it sends anything again).
- Every attempt has the `(connect, read)` timeout; every call has a total `deadline`: no
  retry starts (and no backoff sleep is begun) after it, the read timeout never reaches
  past it, and a body still arriving at it is abandoned.
- No redirects; TLS verification on; nothing read from the environment (`.netrc`, proxies,
  CA bundles). Plain http only on loopback (the tests' double).
- A `Transport` is not safe for concurrent use (neither is `requests.Session`): one per thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import (
    InvalidHeader,
    MaxRetryError,
    NewConnectionError,
    ResponseError,
)
from urllib3.exceptions import TimeoutError as UrllibTimeout
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from lebwallet import __version__
from lebwallet.channels.reloadly.errors import (
    ReloadlyProtocolError,
    ReloadlyUnavailable,
    make,
)
from lebwallet.provider.client import is_loopback_host

Clock = Callable[[], float]
"""Seconds on a monotonic scale."""

DEFAULT_TIMEOUT: Final = (3.05, 15.0)
DEFAULT_DEADLINE: Final = 40.0
GET_RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
MAX_RESPONSE_BYTES: Final = 2 * 1024 * 1024
USER_AGENT: Final = f"LEBWallet/{__version__} python-requests/{requests.__version__}"
_CHUNK: Final = 64 * 1024


def checked_base_url(url: str, what: str) -> str:
    """`url` without a trailing slash, if it is an https URL (http only on loopback) with
    no user info, query or fragment; ValueError otherwise."""
    base = url.strip().rstrip("/")
    try:
        parts = urlsplit(base)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise ValueError(f"the {what} {url!r} is not a valid URL") from None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or "@" in parts.netloc
        or parts.query
        or parts.fragment
        or not base.isascii()
        or any(ch.isspace() or ord(ch) < 0x20 for ch in base)
    ):
        raise ValueError(f"the {what} {url!r} is not an http(s) base URL")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ValueError(f"the {what} {url!r} must use https (plain http only on loopback)")
    return base


def _why(exc: requests.RequestException) -> str:
    """Words for a failed exchange (no URL, no secrets)."""
    cause: object = exc.args[0] if exc.args else None
    if isinstance(cause, MaxRetryError):
        cause = cause.reason
    if isinstance(cause, NewConnectionError):  # a subclass of ConnectTimeoutError
        return "cannot reach Reloadly"
    if isinstance(exc, requests.Timeout) or isinstance(cause, UrllibTimeout):
        return "Reloadly did not answer in time"
    if isinstance(cause, ResponseError):
        return f"Reloadly kept failing ({cause})"
    return f"the connection to Reloadly failed ({type(cause or exc).__name__})"


class _DeadlineRetry(Retry):
    """urllib3 Retry that starts no retry (and no backoff) past `deadline`."""

    deadline: float = float("inf")
    clock: Clock = time.monotonic

    def new(self, **kw: Any) -> Self:
        fresh = super().new(**kw)
        fresh.deadline = self.deadline
        fresh.clock = self.clock
        return fresh

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        fresh = super().increment(method, url, response, error, _pool, _stacktrace)
        wait = fresh.get_backoff_time()
        if response is not None and self.respect_retry_after_header:
            try:
                wait = max(wait, fresh.get_retry_after(response) or 0.0)
            except InvalidHeader:
                unreadable = ResponseError("unreadable Retry-After")
                raise MaxRetryError(_pool, url, unreadable) from None  # type: ignore[arg-type]
        if self.clock() + wait >= self.deadline:
            reason = error or ResponseError("the call's deadline has passed")
            raise MaxRetryError(_pool, url, reason) from error  # type: ignore[arg-type]
        return fresh


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    content_type: str
    """The media type, lower case, without parameters."""
    headers: Mapping[str, str]
    body: bytes


class Transport:
    """Sends one request with the retries, timeouts and deadline above."""

    def __init__(
        self,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        retries: int = 3,
        backoff_factor: float = 0.3,
        backoff_max: float = 5.0,
        clock: Clock = time.monotonic,
    ) -> None:
        if len(timeout) != 2 or not all(t > 0 for t in timeout):
            raise ValueError(f"timeout is (connect, read) seconds > 0, not {timeout!r}")
        if deadline <= 0 or retries < 0:
            raise ValueError("the deadline must be above zero and retries at least zero")
        self._timeout = (float(timeout[0]), float(timeout[1]))
        self._deadline = float(deadline)
        self._clock = clock
        common: dict[str, Any] = {
            "total": None,
            "connect": retries,
            "redirect": 0,
            "other": 0,
            "backoff_factor": backoff_factor,
            "backoff_jitter": backoff_factor,
            "backoff_max": backoff_max,
            "respect_retry_after_header": True,
            "raise_on_status": False,
            "raise_on_redirect": False,
        }
        self._get_retry = _DeadlineRetry(
            read=retries,
            status=retries,
            allowed_methods=frozenset({"GET"}),
            status_forcelist=GET_RETRY_STATUSES,
            **common,
        )
        # Read and status retries apply to GET only; connect errors to every method.
        self._post_retry = _DeadlineRetry(
            read=0, status=0, allowed_methods=frozenset({"GET"}), status_forcelist=(), **common
        )
        self._adapter = HTTPAdapter(max_retries=self._get_retry)
        self._session = requests.Session()
        self._session.trust_env = False
        self._session.headers["User-Agent"] = USER_AGENT
        self._session.mount("https://", self._adapter)
        self._session.mount("http://", self._adapter)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        headers: Mapping[str, str],
        body: bytes | None = None,
        params: Mapping[str, str] | None = None,
    ) -> Reply:
        """One call; `ReloadlyUnavailable` when no answer arrived in time. `what` names the
        call in errors (without a phone number or a secret)."""
        deadline = self._clock() + self._deadline
        retry = (self._get_retry if method == "GET" else self._post_retry).new()
        retry.deadline = deadline
        retry.clock = self._clock
        self._adapter.max_retries = retry
        sent = dict(headers)
        if body is not None:
            sent["Content-Type"] = "application/json"
        read = max(0.05, min(self._timeout[1], deadline - self._clock()))
        try:
            response = self._session.request(
                method,
                url,
                params=dict(params) if params else None,
                data=body,
                headers=sent,
                timeout=(self._timeout[0], read),
                allow_redirects=False,
                stream=True,
            )
        except requests.RequestException as exc:
            raise make(ReloadlyUnavailable, f"{what}: {_why(exc)}") from exc
        with response:
            return self._read(what, response, deadline)

    def _read(self, what: str, response: requests.Response, deadline: float) -> Reply:
        status = response.status_code
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
            raise make(ReloadlyProtocolError, f"{what}: the answer is too large", status=status)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(_CHUNK):
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise make(
                        ReloadlyProtocolError, f"{what}: the answer is too large", status=status
                    )
                if self._clock() > deadline:
                    raise make(ReloadlyUnavailable, f"{what}: the answer is too slow to arrive")
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise make(ReloadlyUnavailable, f"{what}: the answer was cut off") from exc
        content_type = response.headers.get("Content-Type", "").split(";", 1)[0]
        return Reply(status, content_type.strip().lower(), dict(response.headers), b"".join(chunks))
