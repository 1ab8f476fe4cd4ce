"""Whatever Reloadly (or something pretending to be it) answers, the client's parser and the
conversion to domain values give a model, a domain value or a typed `ReloadlyFailure` —
never another exception."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from lebwallet.channels.reloadly import convert, wire
from lebwallet.channels.reloadly.client import parse_reply
from lebwallet.channels.reloadly.errors import ReloadlyFailure
from lebwallet.channels.reloadly.http import Reply
from tests.doubles.reloadly_operators import DEFAULT_OPERATORS

MODELS: list[type[BaseModel]] = [
    wire.AccessToken,
    wire.AccountBalance,
    wire.Operator,
    wire.FxRate,
    wire.TopUpAccepted,
    wire.Transaction,
    wire.TransactionPage,
]

TRANSACTION: dict[str, Any] = {
    "transactionId": 4602843,
    "status": "SUCCESSFUL",
    "customIdentifier": "This is example identifier 130",
    "recipientPhone": 447951631337,
    "countryCode": "GB",
    "operatorId": 535,
    "discount": 63.37,
    "discountCurrencyCode": "NGN",
    "requestedAmount": 3168.4,
    "requestedAmountCurrencyCode": "NGN",
    "deliveredAmount": 4.9985,
    "deliveredAmountCurrencyCode": "GBP",
    "balanceInfo": {"oldBalance": 5109.53732, "newBalance": 2004.50532, "currencyCode": "NGN"},
}
VALID: list[dict[str, Any]] = [
    {
        "access_token": "eyJraXX",
        "scope": "developer",
        "expires_in": 5184000,
        "token_type": "Bearer",
    },
    {"balance": 5000, "currencyCode": "USD", "currencyName": "US Dollar"},
    *(op.to_json("USD") for op in DEFAULT_OPERATORS),
    {"id": 174, "name": "Natcom Haiti", "fxRate": 465.00, "currencyCode": "HTG"},
    {"transactionId": 4602843},
    TRANSACTION,
    {"content": [TRANSACTION, TRANSACTION | {"status": "REFUNDED", "transactionId": 2}]},
]

HOSTILE_TEXTS = [
    b"1e999999",
    b'{"balance": 1e999999, "currencyCode": "USD"}',
    b'{"balance": NaN, "currencyCode": "USD"}',
    b'{"balance": -Infinity, "currencyCode": "USD"}',
    b'{"fxRate": 1e-999999, "currencyCode": "XXX"}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b"\xff\xfe\x00{",
    b'{"transactionId": true}',
    b'{"transactionId": 1.0}',
    b'{"content": null}',
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["FIXED", "RANGE", "USD", "GB", "SUCCESSFUL", "REFUNDED", "Bearer"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    body = dict(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        key = draw(st.sampled_from(sorted(body)))
        if draw(st.booleans()):
            body[key] = draw(json_values)
        else:
            body.pop(key)
        if not body:
            break
    return json.dumps(body).encode()


bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    mutated(),
    st.sampled_from(HOSTILE_TEXTS),
    st.sampled_from([json.dumps(v).encode() for v in VALID]),
)


def _use(result: BaseModel) -> None:
    """Turn a parsed body into what the wallet would use from it."""
    if isinstance(result, wire.Operator):
        convert.operator_offer(result)
    elif isinstance(result, wire.AccountBalance):
        convert.balance(result)
    elif isinstance(result, wire.FxRate):
        convert.converted(result)
    elif isinstance(result, wire.Transaction):
        convert.progress(result)
        if result.delivered_amount is not None and result.delivered_amount_currency_code:
            convert.reported(result.delivered_amount, result.delivered_amount_currency_code)
    elif isinstance(result, wire.TransactionPage):
        for row in result.content:
            convert.progress(row)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    model=st.sampled_from(MODELS),
    body=bodies,
    status=st.sampled_from([200, 200, 200, 400, 401, 404, 429, 500, 503, 302, 204]),
    content_type=st.sampled_from(["application/json", wire.TOPUPS_MEDIA_TYPE, "text/html", ""]),
)
def test_only_typed_errors(
    model: type[BaseModel], body: bytes, status: int, content_type: str
) -> None:
    reply = Reply(status, content_type, {"Retry-After": "soon"}, body)
    try:
        _use(parse_reply(model, "GET /somewhere", reply))
    except ReloadlyFailure as exc:
        message = str(exc)  # every typed error explains itself in one line
        assert message
        assert "\n" not in message


def test_numbers_are_read_exactly() -> None:
    reply = Reply(200, "application/json", {}, json.dumps(TRANSACTION).encode())
    transaction = parse_reply(wire.Transaction, "GET /topups/1/status", reply)
    assert transaction.delivered_amount == Decimal("4.9985")
    assert transaction.balance_info is not None
    assert transaction.balance_info.old_balance == Decimal("5109.53732")
    assert transaction.recipient_phone == "447951631337"
    assert convert.reported(transaction.delivered_amount, "GBP").amount == Decimal("5.00")


def test_the_described_examples_parse() -> None:
    for model, body in zip(MODELS, [VALID[0], VALID[1], VALID[2], *VALID[5:]], strict=True):
        parse_reply(model, "x", Reply(200, "application/json", {}, json.dumps(body).encode()))
