"""The HTTP side of the provider client: sessions, retries, the call's deadline, the bearer
token and its refresh, the language of the answers. `lebwallet.provider.client.ProviderClient`
adds the calls of each resource on top.

Decisions
- Transport: `requests.Session` + `HTTPAdapter(max_retries=urllib3 Retry)`; no retry loop of
  our own. Two sessions: a *safe* one (GET, and `POST /v1/orders`, which always carries an
  `Idempotency-Key`) retries connect errors, read errors (reset, dropped response, read
  timeout) and 429/502/503/504; the *plain* one (every other POST, PATCH, DELETE) retries only
  connect errors, i.e. when the request cannot have reached the server. Backoff is
  exponential with jitter; `Retry-After` (429/503) is honoured up to `max_retry_after`
  seconds — a longer wait is not slept through, it surfaces as `RateLimited.retry_after` /
  `ProviderUnavailable`.
- Every request has the `(connect, read)` timeout, and every call a total `deadline`
  (retries, backoff sleeps and the refresh on 401 included): no retry starts and no wait is
  slept once it has passed, and a head or body still arriving then is cut off
  (`lebwallet.provider.deadline`), so a provider that drips its answer one byte at a time
  cannot hold the client (each byte would reset a read timeout).
- No redirects are followed (a 3xx is a `ProtocolError`); TLS verification stays on;
  environment settings (`.netrc`, CA bundle variables) are not read, proxies from the
  environment are used for non-loopback providers. A plain-http base URL is allowed only on
  loopback (127.0.0.1, ::1, localhost).
- The bearer token is sent only to operations that need it. On a 401 the client trades the
  refresh token for a new pair once (`on_tokens(pair)`) and repeats the call once; when that
  fails, tokens are dropped (`on_tokens(None)`) and `AuthenticationRequired` is raised.
- Every response body is read (at most `MAX_RESPONSE_BYTES`) and validated by its
  `lebwallet.provider.wire` model; anything else — wrong status, content type, JSON or
  schema — is a `ProtocolError` and nothing of it is used. Errors follow the problem's
  `code` (see `lebwallet.provider.errors`).
- Language: every request carries `Accept-Language` for the user's language (`language`:
  a BCP 47 tag such as `en` or `zh-CN`, or a callable read on every request, so that a
  language switch at run time reaches every client); the provider's titles, reasons and
  problem details come back in it (`Content-Language`).
- Threads: a client is NOT safe for concurrent use (requests.Session is not). Use one client
  per thread (e.g. one for the GUI's task helper and one in the order refresher). The
  `tokens` property may be set from any thread, so the `on_tokens` callback of one client
  can hand a refreshed pair to the others (refresh tokens rotate: the old one stops working).
  `on_tokens` runs on the thread that made the call.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Final, Self
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from lebwallet import __version__
from lebwallet.provider.deadline import DeadlineAdapter, call_deadline
from lebwallet.provider.errors import AuthenticationRequired, ProviderError, ProviderUnavailable
from lebwallet.provider.origins import is_loopback_host, origin_of
from lebwallet.provider.replies import Reply, error_of, parse_reply, read_reply
from lebwallet.provider.retry import DEFAULT_MAX_RETRY_AFTER, session_retries
from lebwallet.provider.wire import RefreshRequest, TokenPair

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "LanguageSource",
    "ProviderTransport",
    "TokensCallback",
    "accept_language",
]

log = logging.getLogger("lebwallet.provider")

TokensCallback = Callable[[TokenPair | None], None]
LanguageSource = str | Callable[[], str]
"""A BCP 47 language tag (`en`, `zh-CN`), or a callable giving the current one."""

DEFAULT_TIMEOUT: Final = (3.05, 15.0)
DEFAULT_USER_AGENT: Final = f"LEBWallet/{__version__} python-requests/{requests.__version__}"
DEFAULT_DEADLINE: Final = 60.0


_LANGUAGE_TAG: Final = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def accept_language(tag: str) -> str:
    """The `Accept-Language` value for a user reading `tag`: that language first, then its
    base language, then English (a provider that speaks none of them answers in English)."""
    if not _LANGUAGE_TAG.fullmatch(tag):
        return "en"
    base = tag.split("-", 1)[0].lower()
    if base == "en":
        return tag if tag.lower() == "en" else f"{tag}, en;q=0.9"
    if base == tag.lower():
        return f"{tag}, en;q=0.5"
    return f"{tag}, {base};q=0.9, en;q=0.5"


class ProviderTransport:
    """One provider's HTTP side. See the module docstring for retries, auth and threads."""

    def __init__(
        self,
        base_url: str,
        *,
        tokens: TokenPair | None = None,
        on_tokens: TokensCallback | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retries: int = 3,
        backoff_factor: float = 0.3,
        backoff_jitter: float | None = None,
        backoff_max: float = 10.0,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        deadline: float = DEFAULT_DEADLINE,
        user_agent: str = DEFAULT_USER_AGENT,
        language: LanguageSource = "en",
    ) -> None:
        base = base_url.rstrip("/")
        origin = origin_of(base)
        if origin is None or urlsplit(base).query or urlsplit(base).fragment:
            raise ValueError(f"{base_url!r} is not an http(s) base URL")
        if origin[0] == "http" and not is_loopback_host(origin[1]):
            raise ValueError(f"{base_url!r}: plain http is allowed only on loopback; use https")
        if len(timeout) != 2 or not all(t > 0 for t in timeout):
            raise ValueError(f"timeout is (connect, read) seconds > 0, not {timeout!r}")
        if retries < 0:
            raise ValueError("retries must be ≥ 0")
        if not deadline > 0:
            raise ValueError(f"deadline is seconds > 0, not {deadline!r}")
        self._deadline = float(deadline)
        self._until: float | None = None
        self._base = base
        self._origin = origin
        self._timeout = (float(timeout[0]), float(timeout[1]))
        self._on_tokens = on_tokens
        self._tokens = tokens
        self._language: LanguageSource = language
        self._tokens_lock = threading.Lock()
        safe, plain = session_retries(
            retries,
            backoff_factor=backoff_factor,
            backoff_jitter=backoff_factor if backoff_jitter is None else backoff_jitter,
            backoff_max=backoff_max,
            max_retry_after=max_retry_after,
        )
        self._retries = (safe, plain)
        proxies: dict[str, str] = {}
        if not is_loopback_host(origin[1]):
            proxies = {
                k: v
                for k, v in urllib.request.getproxies().items()
                if k in ("http", "https") and not urllib.request.proxy_bypass(origin[1])
            }
        self._safe = self._session(safe, user_agent, proxies)
        self._plain = self._session(plain, user_agent, proxies)

    @staticmethod
    def _session(retry: Retry, user_agent: str, proxies: dict[str, str]) -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # no .netrc credentials, no CA bundle from the environment
        session.proxies.update(proxies)
        session.headers.update(
            {
                "User-Agent": user_agent,
                "Accept": "application/json, application/problem+json",
            }
        )
        adapter = DeadlineAdapter(max_retries=retry)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    # --- lifecycle and state ------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The provider's base URL, without a trailing slash."""
        return self._base

    @property
    def language(self) -> str:
        """The language tag sent in `Accept-Language` now."""
        source = self._language
        return source() if callable(source) else source

    @language.setter
    def language(self, value: LanguageSource) -> None:
        """Switch the language of the next requests (from any thread)."""
        self._language = value

    @property
    def tokens(self) -> TokenPair | None:
        with self._tokens_lock:
            return self._tokens

    @tokens.setter
    def tokens(self, value: TokenPair | None) -> None:
        """Replace the tokens (from any thread); does not call `on_tokens`."""
        with self._tokens_lock:
            self._tokens = value

    def close(self) -> None:
        self._safe.close()
        self._plain.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def checkout_url_allowed(self, url: str) -> bool:
        """True when `url` may be opened in the browser: an https URL — or http on
        loopback — on the provider's own origin (scheme, host and port of `base_url`),
        without user info. Use it for `Order.checkout_url` and `NextAction.url`."""
        origin = origin_of(url)
        if origin is None:
            return False
        scheme, host, _port = origin
        if scheme == "http" and not is_loopback_host(host):
            return False
        return origin == self._origin

    # --- tokens -------------------------------------------------------------------------

    def refresh(self) -> TokenPair:
        """Trade the refresh token for a new pair (announced by `on_tokens`). When the
        provider refuses it, the tokens are dropped (`on_tokens(None)`) and
        `AuthenticationRequired` is raised; a network failure keeps them."""
        current = self.tokens
        if current is None:
            raise AuthenticationRequired("not signed in")
        return self._refresh(current)

    def _refresh(self, current: TokenPair) -> TokenPair:
        body = RefreshRequest(refresh_token=current.refresh_token)
        reply = self._send("POST", "/v1/auth/refresh", body=body, auth=False)
        if reply.status in (400, 401, 403):
            with self._tokens_lock:
                newer = self._tokens
                if newer is not None and newer is not current:
                    return newer  # another thread brought new tokens meanwhile
                self._tokens = None
            self._announce(None)
            error = error_of(reply)
            raise AuthenticationRequired(
                f"the session has ended; sign in again ({error.detail})",
                status=error.status,
                code=error.code,
                problem=error.problem,
            )
        return self._signed_in(parse_reply(reply, TokenPair, (200,)))

    def _signed_in(self, pair: TokenPair) -> TokenPair:
        self.tokens = pair
        self._announce(pair)
        return pair

    def _announce(self, pair: TokenPair | None) -> None:
        if self._on_tokens is None:
            return
        try:
            self._on_tokens(pair)
        except Exception:  # the call itself succeeded; do not lose its result
            log.exception("provider client: on_tokens callback failed")

    # --- plumbing -----------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: BaseModel | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        retry_safe: bool | None = None,
    ) -> Reply:
        """One call: retries by the session's Retry, then one refresh and repeat on 401,
        all within the call's deadline."""
        if self._until is not None:  # the refresh inside a call shares its deadline
            return self._call(method, path, params, body, headers, auth, retry_safe)
        self._until = time.monotonic() + self._deadline
        for retry in self._retries:
            retry.until = self._until
        try:
            return self._call(method, path, params, body, headers, auth, retry_safe)
        finally:
            self._until = None

    def _call(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        body: BaseModel | None,
        headers: Mapping[str, str] | None,
        auth: bool,
        retry_safe: bool | None,
    ) -> Reply:
        safe = method == "GET" if retry_safe is None else retry_safe
        data = body.model_dump_json().encode("utf-8") if body is not None else None
        if not auth:
            return self._exchange(method, path, params, data, headers, None, safe)
        sent_with = self.tokens
        if sent_with is None:
            raise AuthenticationRequired("not signed in")
        reply = self._exchange(method, path, params, data, headers, sent_with, safe)
        if reply.status != 401:
            return reply
        with self._tokens_lock:
            current = self._tokens
        if current is None:
            raise error_of(reply)
        if current is sent_with:
            current = self._refresh(current)
        reply = self._exchange(method, path, params, data, headers, current, safe)
        if reply.status == 401:
            with self._tokens_lock:
                dropped = self._tokens is current
                if dropped:
                    self._tokens = None
            if dropped:
                self._announce(None)
            raise error_of(reply)
        return reply

    def _exchange(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        data: bytes | None,
        extra: Mapping[str, str] | None,
        tokens: TokenPair | None,
        safe: bool,
    ) -> Reply:
        headers: dict[str, str] = dict(extra or {})
        headers.setdefault("Accept-Language", accept_language(self.language))
        if data is not None:
            headers["Content-Type"] = "application/json"
        if tokens is not None:
            headers["Authorization"] = f"Bearer {tokens.access_token}"
        session = self._safe if safe else self._plain
        what = f"{method} {path}"
        until = self._until if self._until is not None else time.monotonic() + self._deadline
        left = until - time.monotonic()
        if left <= 0:
            raise ProviderUnavailable(f"{what}: the provider did not answer in time")
        try:
            with call_deadline(until):
                response = session.request(
                    method,
                    self._base + path,
                    params=dict(params) if params else None,
                    data=data,
                    headers=headers,
                    timeout=(min(self._timeout[0], left), min(self._timeout[1], left)),
                    allow_redirects=False,
                    stream=True,
                )
        except requests.Timeout as exc:
            raise ProviderUnavailable(f"{what}: the provider did not answer in time") from exc
        except (requests.ConnectionError, requests.exceptions.RetryError) as exc:
            reason = exc.args[0] if exc.args else None
            cause = reason.reason if isinstance(reason, MaxRetryError) else None
            if isinstance(cause, ReadTimeoutError | ConnectTimeoutError) and not isinstance(
                cause, NewConnectionError
            ):
                raise ProviderUnavailable(f"{what}: the provider did not answer in time") from exc
            raise ProviderUnavailable(f"{what}: cannot reach the provider ({exc})") from exc
        except requests.RequestException as exc:
            raise ProviderError(f"{what}: the request failed ({exc})") from exc
        return read_reply(response, until, what)
