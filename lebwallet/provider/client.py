"""The wallet's HTTP client of the provider API (resources/openapi.yaml).

    with ProviderClient(url, tokens=stored, on_tokens=save_tokens) as client:
        client.login("demo@sandbox.lebwallet.test", "…")         # -> wire.TokenPair
        cards = client.list_cards()                                # -> list[wire.Card]
        order = client.create_order(request, idempotency_key=key)  # -> wire.Order

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

import ipaddress
import logging
import re
import threading
import time
import urllib.request
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Final, Self, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError
from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    InvalidHeader,
    MaxRetryError,
    NewConnectionError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from lebwallet import __version__
from lebwallet.provider import wire
from lebwallet.provider.deadline import Cutoff, DeadlineAdapter, call_deadline
from lebwallet.provider.errors import (
    AuthenticationRequired,
    Conflict,
    InvalidCredentials,
    NotFound,
    ProtocolError,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
    RuleViolation,
    ValidationFailed,
    VerificationRequired,
)
from lebwallet.provider.wire import ErrorCode, FieldError, Problem, TokenPair, field_errors_of

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "MAX_RESPONSE_BYTES",
    "RETRY_STATUSES",
    "LanguageSource",
    "ProviderClient",
    "TokensCallback",
    "accept_language",
    "is_loopback_host",
]

log = logging.getLogger("lebwallet.provider")

M = TypeVar("M", bound=BaseModel)

TokensCallback = Callable[[TokenPair | None], None]
LanguageSource = str | Callable[[], str]
"""A BCP 47 language tag (`en`, `zh-CN`), or a callable giving the current one."""

DEFAULT_TIMEOUT: Final = (3.05, 15.0)
DEFAULT_USER_AGENT: Final = f"LEBWallet/{__version__} python-requests/{requests.__version__}"
RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})
MAX_RESPONSE_BYTES: Final = 8 * 1024 * 1024
DEFAULT_MAX_RETRY_AFTER: Final = 30.0
DEFAULT_DEADLINE: Final = 60.0
_LOOPBACK_NAMES: Final = frozenset({"localhost"})
_ID_RE: Final = re.compile(wire.ID_PATTERN)
_KEY_RE: Final = re.compile(wire.IDEMPOTENCY_KEY_PATTERN)
_JSON_TYPES: Final = frozenset({"application/json"})
_PROBLEM_TYPES: Final = frozenset({"application/json", "application/problem+json"})
_CHUNK: Final = 64 * 1024


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


def _origin(url: str) -> tuple[str, str, int] | None:
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


def _rfc3339(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("updated_since must be a timezone-aware datetime")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        raise ValueError(f"{what} {value!r} is not a provider id")
    return value


def _check_key(key: str) -> None:
    if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
        raise ValueError("an idempotency key is 8 to 255 visible ASCII characters")


def _validation_summary(exc: ValidationError) -> list[FieldError]:
    """Field errors of a pydantic error, without the input values (they may be secrets)."""
    return field_errors_of(exc, limit=20)


def _build(model: type[M], fields: Mapping[str, object]) -> M:
    """A request body from keyword arguments; bad values are a client-side ValidationFailed."""
    try:
        return model.model_validate(dict(fields))
    except ValidationError as exc:
        errors = _validation_summary(exc)
        text = "; ".join(f"{e.field}: {e.message}" for e in errors)
        raise ValidationFailed(f"the request is not valid: {text}", errors=errors) from None


class _ProviderRetry(Retry):
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


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int
    content_type: str
    headers: Mapping[str, str]
    body: bytes


class ProviderClient:
    """The provider API over HTTP. See the module docstring for retries, auth and threads."""

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
        origin = _origin(base)
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
        jitter = backoff_factor if backoff_jitter is None else backoff_jitter
        common: dict[str, Any] = {
            "total": None,
            "connect": retries,
            "redirect": 0,
            "other": 0,
            "backoff_factor": backoff_factor,
            "backoff_jitter": jitter,
            "backoff_max": backoff_max,
            "respect_retry_after_header": True,
            "raise_on_status": False,
            "raise_on_redirect": False,
        }
        safe = _ProviderRetry(
            read=retries,
            status=retries,
            allowed_methods=frozenset({"GET", "HEAD", "POST"}),
            status_forcelist=RETRY_STATUSES,
            **common,
        )
        # The plain session sends no GET; an empty set would mean "every method" to urllib3.
        plain = _ProviderRetry(
            read=0, status=0, allowed_methods=frozenset({"GET"}), status_forcelist=(), **common
        )
        safe.max_retry_after = plain.max_retry_after = max_retry_after
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
        origin = _origin(url)
        if origin is None:
            return False
        scheme, host, _port = origin
        if scheme == "http" and not is_loopback_host(host):
            return False
        return origin == self._origin

    # --- auth ---------------------------------------------------------------------------

    def register(
        self,
        *,
        password: str,
        name: str,
        email: str | None = None,
        phone: str | None = None,
    ) -> wire.PendingVerification:
        """Open an account (e-mail or E.164 phone); a code is sent: pass it to `verify`."""
        body = _build(
            wire.RegisterRequest,
            {"email": email, "phone": phone, "password": password, "name": name},
        )
        reply = self._send("POST", "/v1/auth/register", body=body, auth=False)
        return self._parse(reply, wire.PendingVerification, (202,))

    def verify(self, verification_id: str, code: str) -> TokenPair:
        """Confirm a verification code; signs in (the tokens are kept and announced)."""
        body = _build(wire.VerifyRequest, {"verification_id": verification_id, "code": code})
        reply = self._send("POST", "/v1/auth/verify", body=body, auth=False)
        return self._signed_in(self._parse(reply, TokenPair, (200,)))

    def login(self, login: str, password: str) -> TokenPair:
        """Sign in; `InvalidCredentials` on a wrong login or password,
        `VerificationRequired` for an unverified account."""
        body = _build(wire.LoginRequest, {"login": login, "password": password})
        reply = self._send("POST", "/v1/auth/login", body=body, auth=False)
        return self._signed_in(self._parse(reply, TokenPair, (200,)))

    def refresh(self) -> TokenPair:
        """Trade the refresh token for a new pair (announced by `on_tokens`). When the
        provider refuses it, the tokens are dropped (`on_tokens(None)`) and
        `AuthenticationRequired` is raised; a network failure keeps them."""
        current = self.tokens
        if current is None:
            raise AuthenticationRequired("not signed in")
        return self._refresh(current)

    def _refresh(self, current: TokenPair) -> TokenPair:
        body = wire.RefreshRequest(refresh_token=current.refresh_token)
        reply = self._send("POST", "/v1/auth/refresh", body=body, auth=False)
        if reply.status in (400, 401, 403):
            with self._tokens_lock:
                newer = self._tokens
                if newer is not None and newer is not current:
                    return newer  # another thread brought new tokens meanwhile
                self._tokens = None
            self._announce(None)
            error = self._error(reply)
            raise AuthenticationRequired(
                f"the session has ended; sign in again ({error.detail})",
                status=error.status,
                code=error.code,
                problem=error.problem,
            )
        return self._signed_in(self._parse(reply, TokenPair, (200,)))

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

    # --- account ------------------------------------------------------------------------

    def account(self) -> wire.Account:
        return self._parse(self._send("GET", "/v1/account"), wire.Account, (200,))

    def update_profile(
        self,
        *,
        name: str | None = None,
        default_payment_method: wire.PaymentMethodCode | str | None = None,
    ) -> wire.Account:
        """Change the name and/or the default payment method (at least one)."""
        body = _build(
            wire.ProfileUpdate, {"name": name, "default_payment_method": default_payment_method}
        )
        return self._parse(self._send("PATCH", "/v1/account", body=body), wire.Account, (200,))

    # --- cards --------------------------------------------------------------------------

    def list_cards(self, *, page_size: int | None = None) -> list[wire.Card]:
        """Every card of the account (follows the cursor over all pages)."""
        return [card for page in self.card_pages(page_size=page_size) for card in page]

    def card_pages(self, *, page_size: int | None = None) -> Iterator[list[wire.Card]]:
        """The account's cards page by page, as the provider sends them (each page is asked
        for when the one before has been consumed)."""
        params: dict[str, str] = {} if page_size is None else {"limit": str(page_size)}
        seen: set[str] = set()
        while True:
            page = self._parse(self._send("GET", "/v1/cards", params=params), wire.CardPage, (200,))
            yield list(page.items)
            if page.next_cursor is None:
                return
            if page.next_cursor in seen:
                raise ProtocolError("the card list repeats a cursor")
            seen.add(page.next_cursor)
            params = {**params, "cursor": page.next_cursor}

    def get_card(self, card_id: str) -> wire.Card:
        path = f"/v1/cards/{_check_id(card_id, 'card id')}"
        return self._parse(self._send("GET", path), wire.Card, (200,))

    def bind_card(
        self, *, iccid: str | None = None, msisdn: str | None = None, label: str | None = None
    ) -> wire.Card:
        """Bind by ICCID or by phone number (exactly one)."""
        body = _build(wire.BindCardRequest, {"iccid": iccid, "msisdn": msisdn, "label": label})
        return self._parse(self._send("POST", "/v1/cards", body=body), wire.Card, (201,))

    def update_card(self, card_id: str, label: str | None) -> wire.Card:
        """Set the label (None clears it)."""
        path = f"/v1/cards/{_check_id(card_id, 'card id')}"
        body = _build(wire.UpdateCardRequest, {"label": label})
        return self._parse(self._send("PATCH", path, body=body), wire.Card, (200,))

    def unbind_card(self, card_id: str) -> None:
        reply = self._send("DELETE", f"/v1/cards/{_check_id(card_id, 'card id')}")
        if reply.status != 204:
            raise self._error(reply)

    def recharge_options(
        self, card_id: str, *, pay_currency: str | None = None
    ) -> wire.RechargeOptions:
        path = f"/v1/cards/{_check_id(card_id, 'card id')}/recharge-options"
        params = {} if pay_currency is None else {"pay_currency": pay_currency}
        options = self._parse(self._send("GET", path, params=params), wire.RechargeOptions, (200,))
        if options.card_id != card_id:
            raise ProtocolError(f"asked for the options of {card_id}, got {options.card_id}")
        return options

    # --- orders -------------------------------------------------------------------------

    def create_order(self, request: wire.CreateOrderRequest, *, idempotency_key: str) -> wire.Order:
        """Create (or replay) the order for `idempotency_key`. Retried on connection
        errors, dropped responses, 429/502/503/504 with the same key, so the provider makes
        at most one order per key. Journal the key before calling."""
        if not isinstance(idempotency_key, str) or not _KEY_RE.fullmatch(idempotency_key):
            raise ValueError("an idempotency key is 8 to 255 visible ASCII characters")
        reply = self._send(
            "POST",
            "/v1/orders",
            body=request,
            headers={"Idempotency-Key": idempotency_key},
            retry_safe=True,
        )
        order = self._parse(reply, wire.Order, (200, 201))
        if order.idempotency_key != idempotency_key:
            raise ProtocolError("the provider answered with the order of another key")
        return order

    def quote(self, request: wire.QuoteRequest) -> wire.PricedQuote:
        """The provider's exact price for an order with this body (nothing is created, so
        it is safe to retry)."""
        reply = self._send("POST", "/v1/quotes", body=request, retry_safe=True)
        priced = self._parse(reply, wire.PricedQuote, (200,))
        if priced.card_id != request.card_id:
            raise ProtocolError(f"asked to price card {request.card_id}, got {priced.card_id}")
        return priced

    def get_order(self, order_id: str) -> wire.Order:
        path = f"/v1/orders/{_check_id(order_id, 'order id')}"
        order = self._parse(self._send("GET", path), wire.Order, (200,))
        if order.id != order_id:
            raise ProtocolError(f"asked for order {order_id}, got {order.id}")
        return order

    def get_orders(self, ids: Sequence[str]) -> list[wire.Order]:
        """The orders with these ids, in the order asked (an id the provider does not know
        for this account is left out), in requests of at most `wire.MAX_BATCH_IDS` ids."""
        unique = list(dict.fromkeys(_check_id(i, "order id") for i in ids))
        found: dict[str, wire.Order] = {}
        for start in range(0, len(unique), wire.MAX_BATCH_IDS):
            chunk = unique[start : start + wire.MAX_BATCH_IDS]
            asked = set(chunk)
            reply = self._send("GET", "/v1/orders", params={"ids": ",".join(chunk)})
            page = self._parse(reply, wire.OrderPage, (200,))
            if page.next_cursor is not None:
                raise ProtocolError("a batch by ids has no next page")
            for order in page.items:
                if order.id not in asked or order.id in found:
                    raise ProtocolError(f"the batch holds order {order.id} not asked for")
                found[order.id] = order
        return [found[i] for i in unique if i in found]

    def orders_updated_since(
        self, since: datetime | None, *, limit: int = 100
    ) -> Iterator[wire.Order]:
        """Every order changed at or after `since` (all orders for None), oldest change
        first, a page of `limit` per request, following the cursors lazily."""
        if not 1 <= limit <= 500:
            raise ValueError("limit is 1 to 500")
        params = {"limit": str(limit)}
        if since is not None:
            params["updated_since"] = _rfc3339(since)
        return self._order_pages(params)

    def _order_pages(self, params: dict[str, str]) -> Iterator[wire.Order]:
        seen: set[str] = set()
        while True:
            reply = self._send("GET", "/v1/orders", params=params)
            page = self._parse(reply, wire.OrderPage, (200,))
            yield from page.items
            cursor = page.next_cursor
            if cursor is None:
                return
            if cursor in seen:
                raise ProtocolError("the order list repeats a cursor")
            seen.add(cursor)
            params = {"limit": params["limit"], "cursor": cursor}

    def cancel_order(self, order_id: str) -> wire.Order:
        """Cancel an unpaid order; `Conflict` (`order_not_cancellable`) once it is paid."""
        path = f"/v1/orders/{_check_id(order_id, 'order id')}/cancel"
        order = self._parse(self._send("POST", path), wire.Order, (200,))
        if order.id != order_id:
            raise ProtocolError(f"cancelled order {order_id}, got {order.id}")
        return order

    # --- app ----------------------------------------------------------------------------

    def latest_release(self, platform: wire.Platform | str) -> wire.ReleaseManifest:
        """The newest release for `platform` (linux, windows, macos)."""
        try:
            name = wire.Platform(platform).value
        except ValueError:
            raise ValueError(f"platform is linux, windows or macos, not {platform!r}") from None
        reply = self._send("GET", "/v1/app/latest", params={"platform": name}, auth=False)
        manifest = self._parse(reply, wire.ReleaseManifest, (200,))
        if manifest.platform.value != name:
            raise ProtocolError(f"asked for the {name} release, got {manifest.platform.value}")
        return manifest

    # --- support ------------------------------------------------------------------------

    def open_support_case(
        self,
        request: wire.OpenSupportCaseRequest,
        *,
        idempotency_key: str,
        language: str | None = None,
    ) -> wire.SupportCase:
        """Open (or replay) the support case for `idempotency_key`; the provider attaches the
        order's facts and answers the case in `language` (default: the client's). Retried
        like `create_order`, so the provider holds at most one case per key. Journal the key
        before calling."""
        _check_key(idempotency_key)
        headers = {"Idempotency-Key": idempotency_key}
        if language is not None:
            headers["Accept-Language"] = accept_language(language)
        reply = self._send(
            "POST", "/v1/support/cases", body=request, headers=headers, retry_safe=True
        )
        case = self._parse(reply, wire.SupportCase, (200, 201))
        if case.idempotency_key != idempotency_key:
            raise ProtocolError("the provider answered with the support case of another key")
        return case

    def list_support_cases(self, *, page_size: int | None = None) -> list[wire.SupportCase]:
        """Every support case of the account, the most recently active first."""
        params: dict[str, str] = {} if page_size is None else {"limit": str(page_size)}
        cases: list[wire.SupportCase] = []
        seen: set[str] = set()
        while True:
            reply = self._send("GET", "/v1/support/cases", params=params)
            page = self._parse(reply, wire.SupportCasePage, (200,))
            cases.extend(page.items)
            if page.next_cursor is None:
                return cases
            if page.next_cursor in seen:
                raise ProtocolError("the support case list repeats a cursor")
            seen.add(page.next_cursor)
            params = {**params, "cursor": page.next_cursor}

    def get_support_thread(self, case_id: str) -> wire.SupportThread:
        path = f"/v1/support/cases/{_check_id(case_id, 'support case id')}"
        found = self._parse(self._send("GET", path), wire.SupportThread, (200,))
        if found.case.id != case_id:
            raise ProtocolError(f"asked for support case {case_id}, got {found.case.id}")
        return found

    def reply_to_support_case(
        self, case_id: str, message: str, *, idempotency_key: str
    ) -> wire.SupportMessage:
        """Add the customer's reply (or replay it for `idempotency_key`); `Conflict`
        (`support_case_closed`) when the case is closed."""
        _check_key(idempotency_key)
        path = f"/v1/support/cases/{_check_id(case_id, 'support case id')}/messages"
        body = _build(wire.SupportReplyRequest, {"message": message})
        reply = self._send(
            "POST", path, body=body, headers={"Idempotency-Key": idempotency_key}, retry_safe=True
        )
        sent = self._parse(reply, wire.SupportMessage, (200, 201))
        if sent.case_id != case_id or sent.idempotency_key != idempotency_key:
            raise ProtocolError("the provider answered with another support message")
        return sent

    def close_support_case(self, case_id: str) -> wire.SupportCase:
        """Close a case (closing a closed case returns it; safe to retry)."""
        path = f"/v1/support/cases/{_check_id(case_id, 'support case id')}/close"
        case = self._parse(self._send("POST", path, retry_safe=True), wire.SupportCase, (200,))
        if case.id != case_id:
            raise ProtocolError(f"closed support case {case_id}, got {case.id}")
        return case

    def mark_support_read(self, case_id: str, up_to_message_id: str) -> wire.SupportCase:
        """Mark the provider's messages read up to and including `up_to_message_id`."""
        path = f"/v1/support/cases/{_check_id(case_id, 'support case id')}/read"
        body = _build(wire.SupportReadRequest, {"up_to_message_id": up_to_message_id})
        reply = self._send("POST", path, body=body, retry_safe=True)
        case = self._parse(reply, wire.SupportCase, (200,))
        if case.id != case_id:
            raise ProtocolError(f"marked support case {case_id} read, got {case.id}")
        return case

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
    ) -> _Reply:
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
    ) -> _Reply:
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
            raise self._error(reply)
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
            raise self._error(reply)
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
    ) -> _Reply:
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
        with response, Cutoff(response, until) as cutoff:
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                raise ProtocolError(
                    f"{what}: the response is too large", status=response.status_code
                )
            chunks: list[bytes] = []
            size = 0
            try:
                for chunk in response.iter_content(_CHUNK):
                    size += len(chunk)
                    if size > MAX_RESPONSE_BYTES:
                        raise ProtocolError(
                            f"{what}: the response is too large", status=response.status_code
                        )
                    chunks.append(chunk)
            except requests.RequestException as exc:
                if cutoff.fired.is_set():
                    raise ProviderUnavailable(
                        f"{what}: the provider did not answer in time"
                    ) from exc
                raise ProviderUnavailable(f"{what}: the response was cut off ({exc})") from exc
            if cutoff.fired.is_set():
                raise ProviderUnavailable(f"{what}: the provider did not answer in time")
            content_type = response.headers.get("Content-Type", "")
            mimetype = content_type.split(";", 1)[0].strip().lower()
            return _Reply(response.status_code, mimetype, dict(response.headers), b"".join(chunks))

    def _parse(self, reply: _Reply, model: type[M], ok: Collection[int]) -> M:
        if reply.status not in ok:
            raise self._error(reply)
        if reply.content_type not in _JSON_TYPES:
            raise ProtocolError(
                f"expected application/json, got {reply.content_type or 'no content type'}",
                status=reply.status,
            )
        try:
            return model.model_validate_json(reply.body)
        except ValidationError as exc:
            errors = _validation_summary(exc)
            text = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
            raise ProtocolError(
                f"the provider's {model.__name__} does not match the contract: {text}",
                status=reply.status,
            ) from None

    def _error(self, reply: _Reply) -> ProviderError:
        """The typed error of a response that is not the expected success."""
        status = reply.status
        problem: Problem | None = None
        if reply.content_type in _PROBLEM_TYPES:
            try:
                problem = Problem.model_validate_json(reply.body)
            except ValidationError:
                problem = None
        code = problem.code if problem is not None else None
        detail = problem.detail or problem.title if problem is not None else f"HTTP {status}"
        kw: dict[str, Any] = {"status": status, "code": code, "problem": problem}
        if status == 429:
            return RateLimited(
                f"too many requests: {detail}",
                retry_after=_retry_after(reply.headers.get("Retry-After")),
                **kw,
            )
        if status >= 500:
            return ProviderUnavailable(f"the provider failed: {detail}", **kw)
        if problem is None:
            return ProtocolError(f"unexpected HTTP {status} without a problem document", **kw)
        if status == 401:
            if code is ErrorCode.INVALID_CREDENTIALS:
                return InvalidCredentials(detail, **kw)
            return AuthenticationRequired(detail, **kw)
        if status == 403 and code is ErrorCode.VERIFICATION_REQUIRED:
            return VerificationRequired(detail, verification=problem.verification, **kw)
        if status == 404:
            return NotFound(detail, **kw)
        if status == 409:
            return Conflict(detail, **kw)
        if status == 422 and code is not ErrorCode.VALIDATION_ERROR:
            return RuleViolation(detail, **kw)
        if status in (400, 405, 413, 415, 422):
            return ValidationFailed(detail, errors=problem.errors or (), **kw)
        return ProviderError(detail, **kw)


def _retry_after(value: str | None) -> float | None:
    """Seconds of a Retry-After header (delta-seconds or HTTP date), None if absent/bad."""
    if value is None:
        return None
    try:
        return Retry().parse_retry_after(value)
    except InvalidHeader:
        return None
