"""Retries of a provider call: urllib3's `Retry`, bounded by the server's `Retry-After` and by
the call's deadline. `lebwallet.provider.transport` mounts one for each of its sessions."""

from __future__ import annotations

import time
from types import TracebackType
from typing import Any, Final, Self

from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import InvalidHeader, MaxRetryError, ReadTimeoutError, ResponseError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

__all__ = [
    "DEFAULT_MAX_RETRY_AFTER",
    "RETRY_STATUSES",
    "ProviderRetry",
    "retry_after",
    "session_retries",
]

RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})
DEFAULT_MAX_RETRY_AFTER: Final = 30.0


class ProviderRetry(Retry):
    """urllib3 Retry that gives up (returning the response) when the server asks to wait
    longer than `max_retry_after` seconds, or sends an unreadable Retry-After; and that
    neither retries nor sleeps past the call's deadline (`until`, a monotonic time)."""

    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    until: float = float("inf")

    def new(self, **kw: Any) -> Self:
        fresh = super().new(**kw)
        fresh.max_retry_after = self.max_retry_after
        fresh.until = self.until
        return fresh

    def get_backoff_time(self) -> float:
        return max(0.0, min(super().get_backoff_time(), self.until - time.monotonic()))

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        left = self.until - time.monotonic()
        if left <= 0:
            late = ReadTimeoutError(_pool, url, "the call's deadline has passed")  # type: ignore[arg-type]
            raise MaxRetryError(_pool, url, late) from error  # type: ignore[arg-type]
        if response is not None and error is None:
            try:
                wait = self.get_retry_after(response)
            except InvalidHeader:
                reason = ResponseError("unreadable Retry-After")
                raise MaxRetryError(_pool, url, reason) from None  # type: ignore[arg-type]
            if wait is not None and wait > min(self.max_retry_after, left):
                reason = ResponseError(f"Retry-After {wait:g} s is too long")
                raise MaxRetryError(_pool, url, reason) from None  # type: ignore[arg-type]
        return super().increment(method, url, response, error, _pool, _stacktrace)


def session_retries(
    retries: int,
    *,
    backoff_factor: float,
    backoff_jitter: float,
    backoff_max: float,
    max_retry_after: float,
) -> tuple[ProviderRetry, ProviderRetry]:
    """The retries of the two sessions: the *safe* one (GET, and the POSTs that carry an
    `Idempotency-Key` or change nothing) retries connect and read errors and
    `RETRY_STATUSES`; the *plain* one only connect errors, when the request cannot have
    reached the server. Both back off exponentially with jitter."""
    common: dict[str, Any] = {
        "total": None,
        "connect": retries,
        "redirect": 0,
        "other": 0,
        "backoff_factor": backoff_factor,
        "backoff_jitter": backoff_jitter,
        "backoff_max": backoff_max,
        "respect_retry_after_header": True,
        "raise_on_status": False,
        "raise_on_redirect": False,
    }
    safe = ProviderRetry(
        read=retries,
        status=retries,
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),
        status_forcelist=RETRY_STATUSES,
        **common,
    )
    # The plain session sends no GET; an empty set would mean "every method" to urllib3.
    plain = ProviderRetry(
        read=0, status=0, allowed_methods=frozenset({"GET"}), status_forcelist=(), **common
    )
    safe.max_retry_after = plain.max_retry_after = max_retry_after
    return safe, plain


def retry_after(value: str | None) -> float | None:
    """Seconds of a Retry-After header (delta-seconds or HTTP date), None if absent/bad."""
    if value is None:
        return None
    try:
        return Retry().parse_retry_after(value)
    except InvalidHeader:
        return None
