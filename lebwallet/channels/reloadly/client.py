"""The Reloadly Airtime client: token, balance, operator, FX, top-up, status, lookup.

    with ReloadlyClient(client_id, secret, sandbox=True) as reloadly:
        reloadly.account_balance()                      # -> wire.AccountBalance
        operator = reloadly.detect_operator(msisdn)     # -> wire.Operator
        reloadly.fx_rate(operator.operator_id, Decimal("10"))
        sent = reloadly.send_topup(operator_id=..., amount=Decimal("10.00"), phone=msisdn,
                                   custom_identifier=journal_key)   # exactly once
        reloadly.transaction_status(sent.transaction_id)            # -> wire.Transaction
        reloadly.find_transaction(journal_key)                      # -> Transaction | None

Decisions
- Hosts (`openapi/openapi.yaml`): auth `https://auth.reloadly.com`; Airtime
  `https://topups-sandbox.reloadly.com` (sandbox) or `https://topups.reloadly.com` (live);
  both overridable (`auth_url`, `api_url`), plain http only on loopback.
- Token: `POST {auth_url}/oauth/token` {client_id, client_secret, grant_type:
  client_credentials, audience: the Airtime base URL}; kept in memory only, renewed when
  `expires_in` is nearly over (10 %, at most 5 minutes early), and once more when a call
  answers 401 `TOKEN_EXPIRED` / `INVALID_TOKEN` (or a 401 without a code); a second 401
  is `ReloadlyAuthenticationRequired`.
- `Accept: application/com.reloadly.topups-v1+json` on the operations described with that
  media type (operator detection, FX, top-up, status); `application/json` on the others.
- Exactly once: a top-up goes to `POST /topups-async` with `customIdentifier` = the
  caller's idempotency key, which Reloadly refuses to reuse. That POST is never repeated
  blindly: when its answer is lost (reset, timeout, 5xx, unreadable) or Reloadly says the
  identifier is used, the client first looks the identifier up (`GET /topups/reports/transactions?
  customIdentifier=`); found → that transaction; not found → the same request once more
  (a second top-up is impossible: the identifier is the same; a "recently recharged"
  answer to it is ambiguous too and looked up as well); still unresolved →
  `TopUpOutcomeUnknown`, to be followed up by the identifier later.
- Errors: see `lebwallet.channels.reloadly.errors`; nothing else escapes a call except
  `ValueError` for arguments that cannot be sent (a number without a country, a bad amount).
- Threads: not safe for concurrent use (one client per thread), like the provider client.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from decimal import Decimal
from types import TracebackType
from typing import Final, Self, TypeVar
from urllib.parse import quote

from pydantic import BaseModel, ValidationError

from lebwallet.channels.reloadly import wire
from lebwallet.channels.reloadly.errors import (
    IdentifierAlreadyUsed,
    PhoneRecentlyRecharged,
    ReloadlyAuthenticationRequired,
    ReloadlyFailure,
    ReloadlyProtocolError,
    ReloadlyUnavailable,
    TopUpOutcomeUnknown,
    error_from_reply,
    make,
)
from lebwallet.channels.reloadly.http import (
    DEFAULT_DEADLINE,
    DEFAULT_TIMEOUT,
    Clock,
    Reply,
    Transport,
    checked_base_url,
)
from lebwallet.domain.identifiers import Msisdn

log = logging.getLogger("lebwallet.channels.reloadly")

AUTH_URL: Final = "https://auth.reloadly.com"
SANDBOX_API_URL: Final = "https://topups-sandbox.reloadly.com"
LIVE_API_URL: Final = "https://topups.reloadly.com"
JSON: Final = "application/json"
_JSON_TYPES: Final = frozenset({JSON, wire.TOPUPS_MEDIA_TYPE})
_RENEWABLE: Final = frozenset({"TOKEN_EXPIRED", "INVALID_TOKEN", None})
_MAX_EARLY_RENEWAL: Final = 300.0
_LOST: Final[tuple[type[ReloadlyFailure], ...]] = (
    ReloadlyUnavailable,
    ReloadlyProtocolError,
    IdentifierAlreadyUsed,
)
"""Answers to a top-up POST that do not say whether it was accepted."""
_LOST_ON_RESEND: Final[tuple[type[ReloadlyFailure], ...]] = (*_LOST, PhoneRecentlyRecharged)
"""The same, for the second send: "recently recharged" may be the first send's effect."""

M = TypeVar("M", bound=BaseModel)


class ReloadlyClient:
    """Reloadly's Airtime API over HTTP. See the module docstring."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        sandbox: bool = True,
        auth_url: str | None = None,
        api_url: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        retries: int = 3,
        backoff_factor: float = 0.3,
        clock: Clock = time.monotonic,
    ) -> None:
        if not client_id.strip() or not client_secret:
            raise ValueError("a Reloadly account needs a client id and a client secret")
        self._credentials = (client_id.strip(), client_secret)
        self.sandbox = sandbox
        self.auth_url = checked_base_url(auth_url or AUTH_URL, "auth URL")
        self.api_url = checked_base_url(
            api_url or (SANDBOX_API_URL if sandbox else LIVE_API_URL), "API URL"
        )
        self._clock = clock
        self._http = Transport(
            timeout=timeout,
            deadline=deadline,
            retries=retries,
            backoff_factor=backoff_factor,
            clock=clock,
        )
        self._token: str | None = None
        self._renew_at = 0.0

    def __repr__(self) -> str:
        return f"ReloadlyClient(api_url={self.api_url!r}, sandbox={self.sandbox})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- the operations ---------------------------------------------------------------

    def account_balance(self) -> wire.AccountBalance:
        """`GET /accounts/balance`: the prepaid balance that pays for top-ups."""
        return self._get(wire.AccountBalance, "/accounts/balance", accept=JSON)

    def detect_operator(self, phone: Msisdn) -> wire.Operator:
        """`GET /operators/auto-detect/phone/{number}/countries/{iso}`."""
        number, country = recipient(phone)
        path = f"/operators/auto-detect/phone/{number}/countries/{country}"
        what = f"GET /operators/auto-detect ({phone.masked}, {country})"
        return self._get(wire.Operator, path, accept=wire.TOPUPS_MEDIA_TYPE, what=what)

    def fx_rate(self, operator_id: int, amount: Decimal) -> wire.FxRate:
        """`POST /operators/fx-rate`: what `amount` (sender currency) delivers."""
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
            raise ValueError(f"an FX amount must be a Decimal above zero, not {amount!r}")
        body = wire.FxRateRequest(operator_id=operator_id, amount=amount)
        reply = self._call(
            "POST",
            "/operators/fx-rate",
            wire.TOPUPS_MEDIA_TYPE,
            what="POST /operators/fx-rate",
            body=body,
        )
        return parse_reply(wire.FxRate, "POST /operators/fx-rate", reply)

    def transaction_status(self, transaction_id: int) -> wire.Transaction:
        """`GET /topups/{transactionId}/status`."""
        if isinstance(transaction_id, bool) or not isinstance(transaction_id, int):
            raise ValueError(f"a transaction id is an integer, not {transaction_id!r}")
        path = f"/topups/{transaction_id}/status"
        return self._get(wire.Transaction, path, accept=wire.TOPUPS_MEDIA_TYPE)

    def find_transaction(self, custom_identifier: str) -> wire.Transaction | None:
        """The top-up sent with `custom_identifier`, or None when Reloadly has none."""
        page = self._get(
            wire.TransactionPage,
            "/topups/reports/transactions",
            accept=JSON,
            params={"customIdentifier": custom_identifier},
        )
        rows = [row for row in page.content if row.custom_identifier == custom_identifier]
        if len(rows) > 1:
            raise make(
                ReloadlyProtocolError,
                "GET /topups/reports/transactions: one customIdentifier, several top-ups",
            )
        return rows[0] if rows else None

    def send_topup(
        self,
        *,
        operator_id: int,
        amount: Decimal,
        phone: Msisdn,
        custom_identifier: str,
        use_local_amount: bool = False,
    ) -> wire.TopUpAccepted:
        """Send one top-up, exactly once for `custom_identifier` (see the module docstring).

        `amount` is in the sender currency, or in the destination currency when
        `use_local_amount`. Returns the accepted transaction's id."""
        number, country = recipient(phone)
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
            raise ValueError(f"a top-up amount must be a Decimal above zero, not {amount!r}")
        try:
            request = wire.TopUpRequest(
                operator_id=str(operator_id),
                amount=format(amount, "f"),
                use_local_amount=use_local_amount,
                custom_identifier=custom_identifier,
                recipient_phone=wire.Phone(country_code=country, number=number),
            )
        except ValidationError as exc:
            raise ValueError(f"this top-up cannot be sent: {exc.errors()[0]['msg']}") from None
        self._access_token()  # a failure here happens before anything is sent
        try:
            return self._post_topup(request)
        except _LOST as first:
            found = self._look_up(custom_identifier, first)
            if found is not None:
                return wire.TopUpAccepted(transaction_id=found.transaction_id)
            if isinstance(first, IdentifierAlreadyUsed):  # used, yet not found: wait
                raise self._unknown(custom_identifier, first) from first
        # Not accepted as far as Reloadly knows: the same request once more. It cannot make
        # a second top-up (same identifier); "recently recharged" may be the first one's
        # own effect, so that answer is looked up too.
        try:
            return self._post_topup(request)
        except _LOST_ON_RESEND as second:
            found = self._look_up(custom_identifier, second)
            if found is not None:
                return wire.TopUpAccepted(transaction_id=found.transaction_id)
            raise self._unknown(custom_identifier, second) from second

    # --- exactly once -----------------------------------------------------------------

    def _post_topup(self, request: wire.TopUpRequest) -> wire.TopUpAccepted:
        what = "POST /topups-async"
        reply = self._call("POST", "/topups-async", wire.TOPUPS_MEDIA_TYPE, what=what, body=request)
        return parse_reply(wire.TopUpAccepted, what, reply)

    def _look_up(self, custom_identifier: str, cause: ReloadlyFailure) -> wire.Transaction | None:
        """The top-up sent under `custom_identifier` after `cause` left its fate open."""
        log.warning("top-up %s: %s; looking it up", custom_identifier, cause)
        try:
            return self.find_transaction(custom_identifier)
        except ReloadlyFailure as exc:
            raise self._unknown(custom_identifier, cause) from exc

    @staticmethod
    def _unknown(custom_identifier: str, cause: ReloadlyFailure) -> TopUpOutcomeUnknown:
        error = make(
            TopUpOutcomeUnknown,
            f"the top-up {custom_identifier} may have been sent; follow it up ({cause})",
        )
        assert isinstance(error, TopUpOutcomeUnknown)
        error.custom_identifier = custom_identifier
        return error

    # --- token ------------------------------------------------------------------------

    def _access_token(self, *, stale: str | None = None) -> str:
        """The cached token, or a new one when it is nearly over or equals `stale`."""
        if self._token is not None and self._token != stale and self._clock() < self._renew_at:
            return self._token
        self._token = None
        client_id, secret = self._credentials
        body = wire.TokenRequest(client_id=client_id, client_secret=secret, audience=self.api_url)
        reply = self._http.request(
            "POST",
            f"{self.auth_url}/oauth/token",
            what="POST /oauth/token",
            headers={"Accept": JSON},
            body=wire.dump(body),
        )
        token = parse_reply(wire.AccessToken, "POST /oauth/token", reply)
        early = min(_MAX_EARLY_RENEWAL, token.expires_in / 10)
        self._token = token.access_token
        self._renew_at = self._clock() + token.expires_in - early
        return token.access_token

    # --- requests ---------------------------------------------------------------------

    def _get(
        self,
        model: type[M],
        path: str,
        *,
        accept: str,
        params: Mapping[str, str] | None = None,
        what: str | None = None,
    ) -> M:
        what = what or f"GET {path}"
        reply = self._call("GET", path, accept, what=what, params=params)
        return parse_reply(model, what, reply)

    def _call(
        self,
        method: str,
        path: str,
        accept: str,
        *,
        what: str,
        body: BaseModel | None = None,
        params: Mapping[str, str] | None = None,
    ) -> Reply:
        """One call with the bearer token, renewed once on a 401."""
        data = wire.dump(body) if body is not None else None
        url = self.api_url + quote(path, safe="/")
        token = self._access_token()
        for attempt in (1, 2):
            headers = {"Accept": accept, "Authorization": f"Bearer {token}"}
            reply = self._http.request(
                method, url, what=what, headers=headers, body=data, params=params
            )
            if reply.status != 401:
                return reply
            error = error_from_reply(what, reply.status, reply.body)
            if attempt == 2 or error.reloadly_code not in _RENEWABLE:
                raise make(
                    ReloadlyAuthenticationRequired,
                    error.detail,
                    status=401,
                    body=error.body,
                ) from None
            self._token = None
            token = self._access_token(stale=token)
        raise AssertionError("unreachable")  # pragma: no cover


def parse_reply(model: type[M], what: str, reply: Reply) -> M:
    """A 200 answer as `model`; any other answer as its typed error (`ReloadlyFailure`)."""
    if reply.status != 200:
        raise error_from_reply(what, reply.status, reply.body, reply.headers)
    if reply.content_type not in _JSON_TYPES:
        raise make(
            ReloadlyProtocolError,
            f"{what}: expected JSON, got {reply.content_type or 'no content type'}",
            status=reply.status,
        )
    try:
        return wire.parse(model, reply.body)
    except wire.WireError as exc:
        raise make(ReloadlyProtocolError, f"{what}: {exc}", status=reply.status) from None


def recipient(phone: Msisdn) -> tuple[str, str]:
    """(E.164 digits without '+', ISO country) of a number, as Reloadly takes them."""
    if not isinstance(phone, Msisdn):
        raise ValueError(f"a phone number is an Msisdn, not {type(phone).__name__}")
    if phone.region is None:
        raise ValueError(f"{phone.masked} belongs to no country; Reloadly cannot top it up")
    return phone.e164.removeprefix("+"), phone.region
