"""A loopback double of Reloadly's Airtime API, built from its public description.

Source: the repository `Reloadly/reloadly-api-documentation` — `openapi/openapi.yaml` (hosts
and paths), `openapi/paths/*.yaml` and `openapi/components/schemas/airtime/*` (bodies and
examples) — and the "Error Codes" table of Reloadly's API reference. What the description
does not say is marked *assumed* below; the double keeps those choices in one place.

    with ReloadlyDouble() as reloadly:
        reloadly.url              # serves the auth host and the Airtime host alike
        reloadly.client_id, reloadly.client_secret
        reloadly.set_outcome("447700900123", "REFUNDED")
        reloadly.faults.arm("POST", "/topups-async", DOUBLE_DROP_AFTER_COMMIT)

Endpoints (as described):
- `POST /oauth/token` {client_id, client_secret, grant_type: client_credentials, audience}
  → {access_token, scope, expires_in, token_type: Bearer}; 401 `INVALID_CREDENTIALS`.
- Bearer tokens expire after `token_ttl` seconds: 401 `TOKEN_EXPIRED` (the error table);
  an unknown token: 401 `INVALID_TOKEN`.
- `GET /accounts/balance` → {balance, currencyCode, currencyName, updatedAt}.
- `GET /operators/auto-detect/phone/{phone}/countries/{iso}` → an operator
  (`denominationType` FIXED or RANGE, fx, promotions …); 404 `COULD_NOT_AUTO_DETECT_OPERATOR`.
- `POST /operators/fx-rate` {operatorId, amount} → {id, name, fxRate, currencyCode};
  500 `FX_RATE_NOT_AVAILABLE` when `fx_available` is off.
- `GET /promotions/operators/{id}` → {content: [promotion…]}.
- `POST /topups` (synchronous) and `POST /topups-async` → {transactionId}; body
  {operatorId, amount, useLocalAmount, customIdentifier, recipientPhone {countryCode, number}}.
- `GET /topups/{transactionId}/status` → the transaction with its `status`.
- `GET /topups/reports/transactions?customIdentifier=…` → {content: [transaction…], …}.

Behaviour:
- The account balance (sender currency) pays: a top-up is debited when accepted; FAILED
  gives it back as if never debited, REFUNDED returns it after the fact.
- An async top-up stays PROCESSING for `processing_seconds`, then ends with the outcome set
  for the recipient (`set_outcome`, default SUCCESSFUL).
- A reused `customIdentifier` is refused: 400 `CUSTOM_IDENTIFIER_ALREADY_USED` (*assumed*:
  the description says only that an identifier "cannot be reused"; the code is the one
  integrators report seeing).
- A number topped up less than `recharge_gap` seconds ago (default 0: off; Reloadly's error
  table says 2 minutes): 400 `PHONE_RECENTLY_RECHARGED` (status *assumed* 400). A reused
  identifier is refused before this check.
- Too low a balance: 400 `INSUFFICIENT_BALANCE`; an amount the operator does not offer:
  400 `INVALID_AMOUNT_FOR_OPERATOR`; a bad number: 400 `INVALID_RECIPIENT_PHONE`
  (status codes *assumed* 400, as the described `INVALID_RECIPIENT_PHONE` example).
- Errors are `{timeStamp, message, path, errorCode, infoLink, details}`.
- Faults, armed per (method, path) for the next N requests: 500/503, a connection reset
  before handling, latency, or the response dropped after the top-up was committed.
  `requests` counts the requests that reached the handlers: one answered by a 5xx or
  reset fault is not counted.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from types import TracebackType
from typing import Any, Final

from flask import Flask, Response, jsonify, request
from werkzeug.serving import ThreadedWSGIServer

from lebwallet.sandbox.server import DroppedConnection, SandboxRequestHandler
from tests.doubles.reloadly_operators import DEFAULT_OPERATORS, Operator, cents

TOPUPS_MEDIA_TYPE: Final = "application/com.reloadly.topups-v1+json"
"""The media type the described Airtime endpoints answer with (`Accept` asks for it)."""

SUCCESSFUL: Final = "SUCCESSFUL"
PROCESSING: Final = "PROCESSING"
FAILED: Final = "FAILED"
REFUNDED: Final = "REFUNDED"
FINAL_STATUSES: Final = frozenset({SUCCESSFUL, FAILED, REFUNDED})

DOUBLE_ERROR_500: Final = "error_500"
DOUBLE_ERROR_503: Final = "error_503"
DOUBLE_RESET: Final = "reset"
DOUBLE_DROP_AFTER_COMMIT: Final = "drop_after_commit"
_FAULT_KINDS: Final = frozenset(
    {DOUBLE_ERROR_500, DOUBLE_ERROR_503, DOUBLE_RESET, DOUBLE_DROP_AFTER_COMMIT}
)

Clock = Callable[[], float]
"""Seconds on a monotonic scale (token expiry, PROCESSING time)."""


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Transaction:
    transaction_id: int
    custom_identifier: str
    operator: Operator
    recipient: str
    requested: Decimal
    """In the sender (account) currency."""
    delivered: Decimal
    """In the destination currency."""
    discount: Decimal
    outcome: str
    accepted_at: float
    old_balance: Decimal
    new_balance: Decimal
    date: str = field(default_factory=_stamp)
    status: str = PROCESSING


class _Faults:
    """Faults armed per (method, path) for the next `times` requests."""

    def __init__(self) -> None:
        self._armed: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._latency: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def arm(self, method: str, path: str, kind: str, times: int = 1) -> None:
        if kind not in _FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}")
        with self._lock:
            self._armed[(method.upper(), path)].extend([kind] * times)

    def delay(self, method: str, path: str, seconds: float) -> None:
        with self._lock:
            self._latency[(method.upper(), path)] = seconds

    def take(self, method: str, path: str) -> tuple[str | None, float]:
        key = (method.upper(), path)
        with self._lock:
            queue = self._armed.get(key)
            kind = queue.pop(0) if queue else None
            return kind, self._latency.get(key, 0.0)


class ReloadlyError(Exception):
    def __init__(self, status: int, code: str | None, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class ReloadlyDouble:
    """Reloadly's auth and Airtime hosts on one loopback port, state in memory."""

    def __init__(
        self,
        *,
        balance: Decimal = Decimal("100.00"),
        currency: str = "USD",
        token_ttl: float = 5184000.0,
        processing_seconds: float = 0.3,
        operators: Iterable[Operator] = DEFAULT_OPERATORS,
        clock: Clock = time.monotonic,
    ) -> None:
        self.client_id = "double-client-" + secrets.token_hex(4)
        self.client_secret = secrets.token_urlsafe(24)
        self.currency = currency
        self.token_ttl = token_ttl
        self.processing_seconds = processing_seconds
        self.fx_available = True
        self.recharge_gap = 0.0
        self.operators = {op.operator_id: op for op in operators}
        self.faults = _Faults()
        self.requests: Counter[tuple[str, str]] = Counter()
        self.accept_headers: list[str] = []
        self._clock = clock
        self._balance = balance
        self._tokens: dict[str, float] = {}
        self._transactions: dict[int, Transaction] = {}
        self._by_identifier: dict[str, int] = {}
        self._outcomes: dict[str, str] = {}
        self._last_topup: dict[str, float] = {}
        self._ids = itertools.count(4602843)
        self._lock = threading.RLock()
        self._server: ThreadedWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # --- what tests set and read -------------------------------------------------------

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the Reloadly double is not running")
        return f"http://127.0.0.1:{self._server.port}"

    @property
    def balance(self) -> Decimal:
        with self._lock:
            return self._balance

    def set_balance(self, value: Decimal) -> None:
        with self._lock:
            self._balance = value

    def set_outcome(self, number: str, status: str) -> None:
        """How top-ups to `number` (E.164 digits, no +) end: SUCCESSFUL, FAILED or REFUNDED."""
        if status not in FINAL_STATUSES:
            raise ValueError(status)
        with self._lock:
            self._outcomes[number.lstrip("+")] = status

    def expire_tokens(self) -> None:
        with self._lock:
            for token in self._tokens:
                self._tokens[token] = self._clock() - 1

    def transactions(self) -> list[dict[str, Any]]:
        with self._lock:
            return [self._transaction_json(t) for t in self._transactions.values()]

    def topups_sent(self) -> int:
        """Top-ups accepted (debited at least once), whatever their end."""
        with self._lock:
            return len(self._transactions)

    # --- the Flask app -----------------------------------------------------------------

    def _error(self, status: int, code: str | None, message: str) -> Response:
        body: dict[str, Any] = {
            "timeStamp": _stamp(),
            "message": message,
            "path": request.path,
            "errorCode": code,
            "infoLink": None,
            "details": [],
        }
        response = jsonify(body)
        response.status_code = status
        return response

    def _authorised(self) -> None:
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
        with self._lock:
            expires = self._tokens.get(token)
        if expires is None:
            raise ReloadlyError(
                401, "INVALID_TOKEN", "Full authentication is required to access this resource"
            )
        if self._clock() >= expires:
            raise ReloadlyError(401, "TOKEN_EXPIRED", "Access token expired")

    def _settle(self, transaction: Transaction) -> None:
        """Move a PROCESSING top-up to its outcome once its time has come (under the lock)."""
        if transaction.status != PROCESSING:
            return
        if self._clock() - transaction.accepted_at < self.processing_seconds:
            return
        transaction.status = transaction.outcome
        if transaction.outcome in (FAILED, REFUNDED):
            self._balance += transaction.requested
            transaction.new_balance = transaction.old_balance
            if transaction.outcome == FAILED:
                transaction.delivered = Decimal("0")

    def _transaction_json(self, t: Transaction) -> dict[str, Any]:
        self._settle(t)
        return {
            "transactionId": t.transaction_id,
            "status": t.status,
            "operatorTransactionId": None,
            "customIdentifier": t.custom_identifier,
            "recipientPhone": t.recipient,
            "recipientEmail": None,
            "senderPhone": None,
            "countryCode": t.operator.country,
            "operatorId": t.operator.operator_id,
            "operatorName": t.operator.name,
            "discount": float(t.discount),
            "discountCurrencyCode": self.currency,
            "requestedAmount": float(t.requested),
            "requestedAmountCurrencyCode": self.currency,
            "deliveredAmount": float(t.delivered),
            "deliveredAmountCurrencyCode": t.operator.destination_currency,
            "transactionDate": t.date,
            "pinDetail": None,
            "balanceInfo": {
                "oldBalance": float(t.old_balance),
                "newBalance": float(t.new_balance),
                "currencyCode": self.currency,
                "currencyName": self.currency,
                "updatedAt": t.date,
            },
        }

    def _detect(self, number: str, country: str) -> Operator:
        digits = number.lstrip("+")
        for operator in self.operators.values():
            if operator.country == country.upper() and digits.startswith(operator.prefix):
                return operator
        raise ReloadlyError(404, "COULD_NOT_AUTO_DETECT_OPERATOR", "Could not auto detect operator")

    def _accept(self, body: dict[str, Any], *, synchronous: bool) -> Transaction:
        try:
            operator = self.operators[int(body["operatorId"])]
        except (KeyError, TypeError, ValueError):
            raise ReloadlyError(400, "OPERATOR_NOT_IN_SERVICE", "Operator not found") from None
        try:
            amount = Decimal(str(body["amount"]))
        except (KeyError, InvalidOperation):
            raise ReloadlyError(400, "INVALID_AMOUNT", "Amount must be numerical") from None
        if not amount.is_finite() or amount <= 0:
            raise ReloadlyError(400, "INVALID_AMOUNT", "Amount must be numerical")
        phone = body.get("recipientPhone")
        number = str(phone.get("number", "")) if isinstance(phone, dict) else ""
        country = str(phone.get("countryCode", "")) if isinstance(phone, dict) else ""
        digits = number.lstrip("+")
        if not digits.isdigit() or country.upper() != operator.country:
            raise ReloadlyError(400, "INVALID_RECIPIENT_PHONE", "Recipient phone is not valid")
        local = bool(body.get("useLocalAmount", False))
        if local and not operator.supports_local_amounts:
            raise ReloadlyError(
                400, "INVALID_AMOUNT_FOR_OPERATOR", "Local amounts are not supported"
            )
        if local:
            delivered = amount
            requested = cents(amount / operator.fx_rate)
            allowed = operator.local_fixed_amounts
        else:
            requested = amount
            delivered = cents(amount * operator.fx_rate)
            allowed = operator.fixed_amounts
        if operator.denomination_type == "FIXED":
            if amount not in allowed:
                raise ReloadlyError(400, "INVALID_AMOUNT_FOR_OPERATOR", "Amount not offered")
        else:
            assert operator.min_amount is not None
            assert operator.max_amount is not None
            if not operator.min_amount <= requested <= operator.max_amount:
                raise ReloadlyError(400, "INVALID_AMOUNT_FOR_OPERATOR", "Amount out of range")
        identifier = body.get("customIdentifier")
        with self._lock:
            if isinstance(identifier, str) and identifier in self._by_identifier:
                raise ReloadlyError(
                    400, "CUSTOM_IDENTIFIER_ALREADY_USED", "Custom identifier already used"
                )
            last = self._last_topup.get(digits)
            if last is not None and self._clock() - last < self.recharge_gap:
                raise ReloadlyError(
                    400, "PHONE_RECENTLY_RECHARGED", "Phone number recently recharged"
                )
            discount = cents(requested * operator.international_discount / 100)
            cost = requested - discount
            if cost > self._balance:
                raise ReloadlyError(400, "INSUFFICIENT_BALANCE", "Insufficient balance")
            old = self._balance
            self._balance -= cost
            transaction = Transaction(
                transaction_id=next(self._ids),
                custom_identifier=identifier if isinstance(identifier, str) else "",
                operator=operator,
                recipient=digits,
                requested=cost,
                delivered=delivered,
                discount=discount,
                outcome=self._outcomes.get(digits, SUCCESSFUL),
                accepted_at=self._clock() - (self.processing_seconds if synchronous else 0),
                old_balance=old,
                new_balance=self._balance,
            )
            self._transactions[transaction.transaction_id] = transaction
            self._last_topup[digits] = self._clock()
            if transaction.custom_identifier:
                self._by_identifier[transaction.custom_identifier] = transaction.transaction_id
            return transaction

    def create_app(self) -> Flask:
        app = Flask("reloadly_double")
        double = self

        @app.errorhandler(ReloadlyError)
        def _reloadly_error(error: ReloadlyError) -> Response:
            return double._error(error.status, error.code, error.message)

        @app.errorhandler(404)
        def _not_found(_error: Exception) -> Response:
            response = jsonify(
                {
                    "timeStamp": _stamp(),
                    "status": 404,
                    "error": "Not Found",
                    "message": "No message available",
                    "path": request.path,
                }
            )
            response.status_code = 404
            return response

        @app.before_request
        def _count() -> None:
            with double._lock:
                double.requests[(request.method, request.path)] += 1
                double.accept_headers.append(request.headers.get("Accept", ""))

        @app.post("/oauth/token")
        def token() -> Response:
            body = request.get_json(silent=True) or {}
            if (
                body.get("client_id") != double.client_id
                or body.get("client_secret") != double.client_secret
                or body.get("grant_type") != "client_credentials"
                or not body.get("audience")
            ):
                raise ReloadlyError(401, "INVALID_CREDENTIALS", "Access Denied")
            access = secrets.token_urlsafe(24)
            with double._lock:
                double._tokens[access] = double._clock() + double.token_ttl
            return jsonify(
                access_token=access,
                scope="developer",
                expires_in=int(double.token_ttl),
                token_type="Bearer",
            )

        @app.get("/accounts/balance")
        def balance() -> Response:
            double._authorised()
            with double._lock:
                value = double._balance
            return jsonify(
                balance=float(value),
                currencyCode=double.currency,
                currencyName=double.currency,
                updatedAt=_stamp(),
            )

        @app.get("/operators/auto-detect/phone/<phone>/countries/<iso>")
        def detect(phone: str, iso: str) -> Response:
            double._authorised()
            if len(iso) != 2:
                raise ReloadlyError(
                    404, None, "Country code must be 2 characters ISO-Alpha-2 country code."
                )
            return jsonify(double._detect(phone, iso).to_json(double.currency))

        @app.post("/operators/fx-rate")
        def fx_rate() -> Response:
            double._authorised()
            if not double.fx_available:
                raise ReloadlyError(
                    500,
                    "FX_RATE_NOT_AVAILABLE",
                    "Fx rate is currently not available for this operator, please try again "
                    "later or contact support.",
                )
            body = request.get_json(silent=True) or {}
            try:
                operator = double.operators[int(body["operatorId"])]
                amount = Decimal(str(body["amount"]))
            except (KeyError, TypeError, ValueError, InvalidOperation):
                raise ReloadlyError(400, "INVALID_AMOUNT", "Amount must be numerical") from None
            return jsonify(
                id=operator.operator_id,
                name=operator.name,
                fxRate=float(cents(amount * operator.fx_rate)),
                currencyCode=operator.destination_currency,
            )

        @app.get("/promotions/operators/<int:operator_id>")
        def promotions(operator_id: int) -> Response:
            double._authorised()
            operator = double.operators.get(operator_id)
            content = list(operator.promotions) if operator else []
            return jsonify(content=content)

        @app.post("/topups")
        def topup() -> Response:
            double._authorised()
            transaction = double._accept(request.get_json(silent=True) or {}, synchronous=True)
            with double._lock:
                return jsonify(double._transaction_json(transaction))

        @app.post("/topups-async")
        def topup_async() -> Response:
            double._authorised()
            transaction = double._accept(request.get_json(silent=True) or {}, synchronous=False)
            return jsonify(transactionId=transaction.transaction_id)

        @app.get("/topups/<int:transaction_id>/status")
        def status(transaction_id: int) -> Response:
            double._authorised()
            with double._lock:
                transaction = double._transactions.get(transaction_id)
                if transaction is None:
                    raise ReloadlyError(404, "TRANSACTION_NOT_FOUND", "Transaction not found")
                return jsonify(double._transaction_json(transaction))

        @app.get("/topups/reports/transactions")
        def report() -> Response:
            double._authorised()
            identifier = request.args.get("customIdentifier")
            with double._lock:
                rows = [
                    double._transaction_json(t)
                    for t in double._transactions.values()
                    if identifier is None or t.custom_identifier == identifier
                ]
            return jsonify(
                content=rows,
                totalElements=len(rows),
                totalPages=1,
                number=0,
                size=len(rows),
                first=True,
                last=True,
                empty=not rows,
            )

        return app

    def _wsgi(self, app: Flask) -> Callable[..., Iterable[bytes]]:
        def middleware(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            method = environ.get("REQUEST_METHOD", "GET")
            path = environ.get("PATH_INFO", "")
            kind, latency = self.faults.take(method, path)
            if latency:
                time.sleep(latency)
            if kind == DOUBLE_RESET:
                raise DroppedConnection(reset=True)
            if kind in (DOUBLE_ERROR_500, DOUBLE_ERROR_503):
                status = "503 SERVICE UNAVAILABLE" if kind == DOUBLE_ERROR_503 else "500 ERROR"
                body = b'{"timeStamp":null,"message":"fault","path":null,"errorCode":null}'
                start_response(status, [("Content-Type", "application/json")])
                return [body]
            if kind != DOUBLE_DROP_AFTER_COMMIT:
                return app(environ, start_response)
            chunks = app(environ, lambda *args, **kwargs: lambda data: None)
            try:
                for _chunk in chunks:  # the handler runs to its end: the top-up is committed
                    pass
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
            raise DroppedConnection(reset=False)

        return middleware

    # --- serving -------------------------------------------------------------------------

    def start(self) -> ReloadlyDouble:
        app = self.create_app()
        server = ThreadedWSGIServer("127.0.0.1", 0, self._wsgi(app), handler=SandboxRequestHandler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
        self._server = None
        self._thread = None

    def __enter__(self) -> ReloadlyDouble:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def with_operator(double: ReloadlyDouble, operator_id: int, **changes: Any) -> None:
    """Change one operator of a double (e.g. its promotions) for a test."""
    double.operators[operator_id] = replace(double.operators[operator_id], **changes)
