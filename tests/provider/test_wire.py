"""The provider contract: resources/openapi.yaml is valid OpenAPI 3.1 and
lebwallet/provider/wire/ mirrors it schema by schema; hostile documents are refused."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from pydantic import BaseModel, TypeAdapter, ValidationError

from lebwallet.domain.cards import KeepAlivePlan
from lebwallet.domain.money import Money, minor_units
from lebwallet.domain.orders import OrderStatus
from lebwallet.provider import convert, wire

SPEC_PATH = Path(__file__).resolve().parents[2] / "resources" / "openapi.yaml"


@cache
def _spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    assert isinstance(loaded, dict)
    return loaded


def spec() -> dict[str, Any]:
    return copy.deepcopy(_spec())


def spec_schemas() -> dict[str, Any]:
    schemas = spec()["components"]["schemas"]
    assert isinstance(schemas, dict)
    return schemas


# --- the spec itself ------------------------------------------------------------------------


def test_spec_is_valid_openapi_3_1() -> None:
    document = spec()
    assert document["openapi"].startswith("3.1")
    validate_openapi(document)


REQUIRED_OPERATIONS = {
    ("post", "/v1/auth/register"),
    ("post", "/v1/auth/verify"),
    ("post", "/v1/auth/login"),
    ("post", "/v1/auth/refresh"),
    ("get", "/v1/account"),
    ("get", "/v1/cards"),
    ("post", "/v1/cards"),
    ("patch", "/v1/cards/{card_id}"),
    ("delete", "/v1/cards/{card_id}"),
    ("get", "/v1/cards/{card_id}/recharge-options"),
    ("post", "/v1/orders"),
    ("get", "/v1/orders"),
    ("get", "/v1/orders/{order_id}"),
    ("post", "/v1/orders/{order_id}/cancel"),
    ("get", "/v1/app/latest"),
    ("get", "/checkout/{order_id}"),
    ("post", "/v1/support/cases"),
    ("get", "/v1/support/cases"),
    ("get", "/v1/support/cases/{case_id}"),
    ("post", "/v1/support/cases/{case_id}/messages"),
    ("post", "/v1/support/cases/{case_id}/close"),
    ("post", "/v1/support/cases/{case_id}/read"),
}


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete", "head"}:
                found.append((method, path, operation))
    return found


def test_spec_has_every_required_operation() -> None:
    present = {(method, path) for method, path, _ in _operations()}
    assert present >= REQUIRED_OPERATIONS, REQUIRED_OPERATIONS - present


def test_api_operations_document_rate_limit_and_server_errors() -> None:
    responses = spec()["components"]["responses"]
    assert "Retry-After" in responses["TooManyRequests"]["headers"]
    for method, path, operation in _operations():
        if not path.startswith("/v1/"):
            continue
        codes = set(operation["responses"])
        assert {"429", "500", "503"} <= codes, f"{method} {path} misses 429/500/503"
        if "requestBody" in operation:
            assert {"400", "413", "415", "422"} <= codes, f"{method} {path} misses body errors"
        for code, response in operation["responses"].items():
            if code.startswith(("4", "5")):
                assert response["$ref"].startswith("#/components/responses/")
                name = response["$ref"].rsplit("/", 1)[1]
                assert "application/problem+json" in responses[name]["content"]


def test_checkout_pages_are_html_on_the_provider_host() -> None:
    checkout = [(m, p, op) for m, p, op in _operations() if p.startswith("/checkout/")]
    assert checkout
    html = spec()["components"]["responses"]["HtmlPage"]["content"]
    assert set(html) == {"text/html"}
    for method, path, operation in checkout:
        assert operation["security"] == [], f"{method} {path} must not need a bearer token"
        for response in operation["responses"].values():
            assert "application/json" not in json.dumps(response)


@pytest.mark.parametrize(
    "path", ["/v1/orders", "/v1/support/cases", "/v1/support/cases/{case_id}/messages"]
)
def test_every_create_requires_idempotency_key_and_documents_replay(path: str) -> None:
    document = spec()
    operation = document["paths"][path]["post"]
    key = document["components"]["parameters"]["IdempotencyKey"]
    assert operation["parameters"] == [{"$ref": "#/components/parameters/IdempotencyKey"}]
    assert key["in"] == "header"
    assert key["required"] is True
    assert (key["schema"]["minLength"], key["schema"]["maxLength"]) == (8, 255)
    assert "Idempotency-Replayed" in operation["responses"]["200"]["headers"]
    assert {"200", "201", "409", "422"} <= set(operation["responses"])


def test_error_code_status_table_matches_the_spec() -> None:
    schema = spec_schemas()["ErrorCode"]
    assert set(schema["enum"]) == {code.value for code in wire.ErrorCode}
    table: dict[str, int] = {}
    listing = schema["description"].split(":", 1)[1].strip().rstrip(".")
    for chunk in listing.split(";"):
        status, names = chunk.split(maxsplit=1)
        for name in re.split(r"[,\s]+", names.strip()):
            table[name] = int(status)
    assert table == {code.value: status for code, status in wire.ERROR_STATUS.items()}


# --- spec <-> pydantic cross-check ----------------------------------------------------------


def _is_object_schema(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" or "properties" in schema


class _Normaliser:
    """Reduces a schema node to what both sides must agree on: type, nullability,
    constraints, enumeration values, and which object schema it refers to."""

    def __init__(self, defs: dict[str, Any], spec_name: dict[str, str]) -> None:
        self.defs = defs
        self.spec_name = spec_name  # name used in this document -> spec component name

    def __call__(self, node: dict[str, Any]) -> tuple[Any, ...]:
        node = dict(node)
        nullable = False
        for combinator in ("oneOf", "anyOf"):
            branches = node.get(combinator)
            if branches and {"type": "null"} in branches and len(branches) == 2:
                nullable = True
                (inner,) = [branch for branch in branches if branch != {"type": "null"}]
                del node[combinator]
                node.update(inner)
        types = node.get("type")
        if isinstance(types, list):
            nullable = nullable or "null" in types
            rest = [t for t in types if t != "null"]
            node["type"] = rest[0] if len(rest) == 1 else tuple(rest)
        if "$ref" in node:
            name = self.spec_name[node["$ref"].rsplit("/", 1)[1]]
            target = self.defs[node["$ref"].rsplit("/", 1)[1]]
            if _is_object_schema(target):
                return ("ref", name, nullable)
            inner = self(target)
            return (*inner[:-1], nullable or inner[-1])
        enum = node.get("enum")
        if "const" in node:
            enum = [node["const"]]
        items = self(node["items"]) if "items" in node else None
        keys = ("pattern", "minLength", "maxLength", "minimum", "maximum", "maxItems")
        return (
            node.get("type"),
            frozenset(enum) if enum is not None else None,
            *(node.get(key) for key in keys),
            items,
            nullable,
        )


def _model_for(name: str) -> Any:
    return wire.SCHEMAS[name]


def test_every_component_schema_has_a_wire_type_and_back() -> None:
    assert set(spec_schemas()) == set(wire.SCHEMAS)


@pytest.mark.parametrize("name", sorted(_spec()["components"]["schemas"]))
def test_component_schema_agrees_with_wire_type(name: str) -> None:
    schemas = spec_schemas()
    spec_side = _Normaliser(schemas, {n: n for n in schemas})
    schema = schemas[name]
    target = _model_for(name)

    if isinstance(target, type) and issubclass(target, StrEnum):
        assert schema["enum"] == [member.value for member in target]
        return

    if not (isinstance(target, type) and issubclass(target, BaseModel)):
        generated = TypeAdapter(target).json_schema()
        assert spec_side(schema) == spec_side(generated)
        return

    generated = target.model_json_schema()
    defs = generated.get("$defs", {})
    class_to_spec = {
        value.__name__: key for key, value in wire.SCHEMAS.items() if isinstance(value, type)
    }
    model_side = _Normaliser(defs, class_to_spec)

    assert _is_object_schema(schema)
    assert set(schema["properties"]) == set(generated["properties"]), "members differ"
    assert set(schema.get("required", [])) == set(generated.get("required", [])), (
        "required members differ"
    )
    assert schema.get("additionalProperties", True) == generated.get(
        "additionalProperties", True
    ), "unknown-member policy differs"
    for member, member_schema in schema["properties"].items():
        assert spec_side(member_schema) == model_side(generated["properties"][member]), member


def test_requests_forbid_and_responses_ignore_unknown_members() -> None:
    for name, target in wire.SCHEMAS.items():
        if not (isinstance(target, type) and issubclass(target, BaseModel)):
            continue
        extra = target.model_config.get("extra")
        if name.endswith(("Request", "Update")) or target is wire.WireMoney:
            assert extra == "forbid", name
        else:
            assert extra == "ignore", name


# --- documents checked by both sides --------------------------------------------------------


def spec_validator(name: str) -> Draft202012Validator:
    document = spec()
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    )


def money(value: str = "10.00", currency: str = "GBP") -> dict[str, Any]:
    return {"value": value, "currency": currency}


def price_json() -> dict[str, Any]:
    return {
        "amount": money("10.00"),
        "discount": money("0.00"),
        "bonus": money("1.00"),
        "fx_rate": "9.1234",
        "fee": money("2.50", "CNY"),
        "total": money("93.73", "CNY"),
        "credited_amount": money("11.00"),
    }


def order_json(**overrides: Any) -> dict[str, Any]:
    document = {
        "id": "ord_01HZX",
        "card_id": "card_7",
        "idempotency_key": "6f1c2a9e-4b1d-4c55-9d77-0c1b2f0e9a11",
        "status": "awaiting_payment",
        "payment_method": "bank_card",
        "payment_flow": "redirect",
        "price": price_json(),
        "promotion_id": None,
        "promo_code": None,
        "checkout_url": "http://127.0.0.1:8765/checkout/ord_01HZX",
        "qr_payload": None,
        "next_action": None,
        "created_at": "2024-05-01T12:00:00Z",
        "updated_at": "2024-05-01T12:00:00.250Z",
        "expires_at": "2024-05-01T12:30:00+00:00",
        "paid_at": None,
        "credited_at": None,
        "failure_code": None,
        "failure_reason": None,
    }
    document.update(overrides)
    return document


def card_json(**overrides: Any) -> dict[str, Any]:
    document = {
        "id": "card_7",
        "label": "UK giffgaff",
        "iccid": "8944110012345678901",
        "msisdn": "+447700900123",
        "carrier": "giffgaff",
        "region": "GB",
        "currency": "GBP",
        "balance": money("3.20"),
        "is_esim": True,
        "activation_code": "LPA:1$smdp.example.com$ABC-123",
        "keep_alive": {"minimum_topup": money("10.00"), "period_days": 180},
        "last_qualifying_topup_at": None,
        "deadline": "2024-11-01T00:00:00Z",
        "status": "active",
        "updated_at": "2024-05-01T12:00:00Z",
        "sandbox": True,
    }
    document.update(overrides)
    return document


def recharge_options_json(**overrides: Any) -> dict[str, Any]:
    document = {
        "card_id": "card_7",
        "currency": "GBP",
        "pay_currency": "CNY",
        "presets": [money("10.00"), money("20.00")],
        "minimum": money("5.00"),
        "maximum": money("100.00"),
        "step": money("5.00"),
        "daily_cap": money("200.00"),
        "daily_left": money("190.00"),
        "monthly_cap": money("1000.00"),
        "monthly_left": money("990.00"),
        "keep_alive": {"minimum_topup": money("10.00"), "period_days": 180},
        "minimum_qualifying_amount": money("10.00"),
        "promotions": [
            {
                "id": "promo_1",
                "title": "10% extra",
                "kind": "bonus",
                "value": None,
                "percent": "10",
                "code_required": False,
                "min_amount": money("20.00"),
                "valid_from": "2024-05-01T00:00:00Z",
                "valid_until": None,
            }
        ],
        "payment_methods": [
            {
                "method": "alipay",
                "flow": "qr",
                "available": True,
                "fee_percent": "1.5",
                "fee_fixed": money("0.00", "CNY"),
                "pay_currencies": ["CNY"],
            }
        ],
        "fx_quote": {
            "id": "fx_1",
            "from_currency": "GBP",
            "to_currency": "CNY",
            "rate": "9.1234",
            "expires_at": "2024-05-01T12:10:00Z",
        },
    }
    document.update(overrides)
    return document


def support_case_json(**overrides: Any) -> dict[str, Any]:
    document = {
        "id": "case_1",
        "order_id": "ord_01HZX",
        "topic": "charged_but_failed",
        "status": "answered",
        "language": "zh-CN",
        "idempotency_key": "6f1c2a9e-4b1d-4c55-9d77-0c1b2f0e9a12",
        "facts": {
            "order_id": "ord_01HZX",
            "card_id": "card_7",
            "card_number": "+44 •••• 0123",
            "carrier": "giffgaff",
            "status": "failed",
            "timeline": [
                {"status": "awaiting_payment", "at": "2024-05-01T12:00:00Z"},
                {"status": "failed", "at": "2024-05-01T12:05:00Z"},
            ],
            "payment_method": "bank_card",
            "amount": money("10.00"),
            "credited_amount": money("10.00"),
            "total": money("93.73", "CNY"),
            "created_at": "2024-05-01T12:00:00Z",
            "updated_at": "2024-05-01T12:05:00Z",
            "paid_at": None,
            "credited_at": None,
            "failure_code": "payment_declined",
            "failure_reason": "银行拒绝了这笔付款",
        },
        "unread_count": 1,
        "message_count": 2,
        "created_at": "2024-05-02T08:00:00Z",
        "updated_at": "2024-05-02T08:00:30Z",
        "last_message_at": "2024-05-02T08:00:30Z",
        "closed_at": None,
    }
    document.update(overrides)
    return document


def support_message_json(**overrides: Any) -> dict[str, Any]:
    document = {
        "id": "msg_1",
        "case_id": "case_1",
        "author": "customer",
        "body": "扣款了但订单失败",
        "unread": False,
        "idempotency_key": None,
        "created_at": "2024-05-02T08:00:00Z",
    }
    document.update(overrides)
    return document


MIN_BALANCE_PLAN: dict[str, Any] = {
    "minimum_topup": money("10.00"),
    "period_days": 30,
    "min_balance": money("5.00"),
}

GOOD_DOCUMENTS: list[tuple[str, dict[str, Any]]] = [
    ("Money", money("500", "JPY")),
    ("Money", money("-1.250", "KWD")),
    ("Order", order_json()),
    (
        "Order",
        order_json(
            status="requires_action",
            next_action={"type": "authenticate", "url": "https://pay.example/auth/1"},
        ),
    ),
    (
        "Order",
        order_json(
            status="failed", failure_code="payment_declined", failure_reason="Card declined"
        ),
    ),
    ("Card", card_json()),
    ("Card", card_json(iccid=None, is_esim=False, activation_code=None, label=None)),
    ("RechargeOptions", recharge_options_json()),
    ("OrderPage", {"items": [order_json()], "next_cursor": "c2VlaW5n"}),
    (
        "Problem",
        {
            "type": "urn:lebwallet:problem:validation_error",
            "title": "The request is not valid",
            "status": 422,
            "detail": "amount.value is not a decimal",
            "code": "validation_error",
            "errors": [{"field": "amount.value", "message": "not a decimal"}],
        },
    ),
    (
        "TokenPair",
        {
            "access_token": "a",
            "token_type": "Bearer",
            "expires_in": 900,
            "refresh_token": "r",
            "refresh_expires_in": 2592000,
        },
    ),
    (
        "ReleaseManifest",
        {
            "platform": "linux",
            "version": "1.5.0rc1",
            "released_at": "2024-05-01T00:00:00Z",
            "notes": {"en": "Fixes", "zh_CN": "修复"},
            "download_url": "https://releases.example/lebwallet_1.5.0.deb",
            "sha256": "0" * 64,
            "minimum_supported_version": "1.0.0",
        },
    ),
    ("RegisterRequest", {"phone": "+447700900123", "password": "s3cret-pass", "name": "Li"}),
    ("BindCardRequest", {"msisdn": "+85291234567", "label": None}),
    ("ProfileUpdate", {"default_payment_method": "wechat_pay"}),
    (
        "CreateOrderRequest",
        {
            "card_id": "card_7",
            "amount": money("10.00"),
            "payment_method": "alipay",
            "pay_currency": "CNY",
            "fx_quote_id": "fx_1",
        },
    ),
    ("KeepAlivePlan", MIN_BALANCE_PLAN),
    ("KeepAlivePlan", {"minimum_topup": money("10.00"), "period_days": 30, "min_balance": None}),
    ("Card", card_json(keep_alive=MIN_BALANCE_PLAN)),
    ("RechargeOptions", recharge_options_json(keep_alive=MIN_BALANCE_PLAN)),
    ("SupportCase", support_case_json()),
    ("SupportCase", support_case_json(status="closed", closed_at="2024-05-02T09:00:00Z")),
    (
        "SupportThread",
        {
            "case": support_case_json(),
            "messages": [
                support_message_json(),
                support_message_json(id="msg_2", author="agent", body="答复", unread=True),
            ],
        },
    ),
    ("OpenSupportCaseRequest", {"order_id": "ord_01HZX", "topic": "refund", "message": "x"}),
]


@pytest.mark.parametrize(("name", "document"), GOOD_DOCUMENTS)
def test_good_documents_pass_both_spec_and_model(name: str, document: dict[str, Any]) -> None:
    spec_validator(name).validate(document)
    model = wire.SCHEMAS[name].model_validate_json(json.dumps(document))
    # What the model writes back is again valid against the spec and parses to the same model.
    written = model.model_dump(mode="json")
    spec_validator(name).validate(written)
    assert wire.SCHEMAS[name].model_validate_json(model.model_dump_json()) == model


HUGE = "x" * 1_000_000

HOSTILE_DOCUMENTS: list[tuple[str, str, Any]] = [
    ("float money", "Money", {"value": 10.0, "currency": "GBP"}),
    ("int money", "Money", {"value": 10, "currency": "GBP"}),
    ("exponent money", "Money", money("1e3")),
    ("empty support message", "SupportReplyRequest", {"message": ""}),
    (
        "unknown support topic",
        "OpenSupportCaseRequest",
        {"order_id": "o", "topic": "x", "message": "m"},
    ),
    (
        "support facts smuggled in",
        "OpenSupportCaseRequest",
        {"order_id": "o", "topic": "refund", "message": "m", "facts": {}},
    ),
    ("support message too long", "SupportReplyRequest", {"message": "x" * 4001}),
    ("leading zero money", "Money", money("010.00")),
    ("separator money", "Money", money("1,000.00")),
    ("lower-case currency", "Money", money("1.00", "gbp")),
    ("extra money member", "Money", {**money(), "exponent": 2}),
    ("missing currency", "Money", {"value": "1.00"}),
    ("huge money value", "Money", money("1" * 100_000)),
    ("bad status", "Order", order_json(status="refunded")),
    ("status as int", "Order", order_json(status=3)),
    ("missing member", "Order", {k: v for k, v in order_json().items() if k != "expires_at"}),
    ("unix time", "Order", order_json(created_at=1714564800)),
    ("date only", "Order", order_json(created_at="2024-05-01")),
    ("not utc", "Order", order_json(created_at="2024-05-01T12:00:00+08:00")),
    ("huge id", "Order", order_json(id=HUGE)),
    ("huge reason", "Order", order_json(failure_reason=HUGE)),
    ("float in price", "Order", order_json(price={**price_json(), "fx_rate": 9.12})),
    ("javascript url", "Order", order_json(checkout_url="javascript:alert(1)")),
    ("int as string", "TokenPair", {**GOOD_DOCUMENTS[10][1], "expires_in": "900"}),
    ("bool as int", "Card", card_json(is_esim=1)),
    ("bad iccid", "Card", card_json(iccid="12345")),
    ("bad msisdn", "Card", card_json(msisdn="07700900123")),
    (
        "float min balance",
        "Card",
        card_json(
            keep_alive={**MIN_BALANCE_PLAN, "min_balance": {"value": 5.0, "currency": "GBP"}}
        ),
    ),
    ("unknown request member", "LoginRequest", {"login": "a@b.cn", "password": "x", "admin": 1}),
    ("short idempotency key", "Order", order_json(idempotency_key="short")),
    ("not an object", "Order", [order_json()]),
    ("null document", "Order", None),
]


@pytest.mark.parametrize(
    ("name", "document"),
    [pytest.param(name, doc, id=why) for why, name, doc in HOSTILE_DOCUMENTS],
)
def test_hostile_documents_fail_both_spec_and_model(name: str, document: Any) -> None:
    assert not spec_validator(name).is_valid(document)
    with pytest.raises(ValidationError):
        wire.SCHEMAS[name].model_validate_json(json.dumps(document))


RULE_BREAKING: list[tuple[str, str, dict[str, Any], str]] = [
    ("money too precise", "Money", money("10.001"), "GBP allows 2"),
    ("unknown currency", "Money", money("1.00", "XXY"), "not an ISO 4217"),
    (
        "requires_action without next_action",
        "Order",
        order_json(status="requires_action"),
        "next_action is set exactly while",
    ),
    (
        "next_action while awaiting payment",
        "Order",
        order_json(next_action={"type": "authenticate", "url": "https://p.example/a"}),
        "next_action",
    ),
    ("failed without code", "Order", order_json(status="failed"), "failure_code"),
    (
        "currency mix in price",
        "Order",
        order_json(price={**price_json(), "bonus": money("1.00", "EUR")}),
        "bonus is in EUR",
    ),
    ("activation code on a physical SIM", "Card", card_json(is_esim=False), "eSIM"),
    (
        "min balance in another currency",
        "Card",
        card_json(keep_alive={**MIN_BALANCE_PLAN, "min_balance": money("5.00", "USD")}),
        "min_balance is in USD",
    ),
    (
        "negative min balance",
        "KeepAlivePlan",
        {**MIN_BALANCE_PLAN, "min_balance": money("-5.00")},
        "min_balance cannot be negative",
    ),
    ("card without number", "Card", card_json(iccid=None, msisdn=None), "iccid or an msisdn"),
    (
        "balance in another currency",
        "Card",
        card_json(balance=money("1.00", "USD")),
        "balance is in USD",
    ),
    (
        "preset in pay currency",
        "RechargeOptions",
        recharge_options_json(presets=[money("10.00", "CNY")]),
        "presets[0]",
    ),
    ("fx quote missing", "RechargeOptions", recharge_options_json(fx_quote=None), "fx_quote"),
    (
        "minimum above maximum",
        "RechargeOptions",
        recharge_options_json(minimum=money("500.00")),
        "minimum is above maximum",
    ),
    ("no contact", "RegisterRequest", {"password": "s3cret-pass", "name": "Li"}, "e-mail"),
    (
        "both numbers",
        "BindCardRequest",
        {"iccid": "8944110012345678901", "msisdn": "+447700900123"},
        "exactly one",
    ),
    ("empty profile update", "ProfileUpdate", {"name": None}, "give a name"),
    (
        "facts of another order",
        "SupportCase",
        support_case_json(order_id="ord_other"),
        "facts are of another order",
    ),
    ("closed without a time", "SupportCase", support_case_json(status="closed"), "closed_at"),
    (
        "closing time while open",
        "SupportCase",
        support_case_json(closed_at="2024-05-02T09:00:00Z"),
        "closed_at",
    ),
    (
        "the customer's own message unread",
        "SupportMessage",
        support_message_json(unread=True),
        "never unread",
    ),
    (
        "a message of another case in the thread",
        "SupportThread",
        {"case": support_case_json(), "messages": [support_message_json(case_id="case_2")]},
        "another case",
    ),
]


@pytest.mark.parametrize(
    ("name", "document", "message"),
    [pytest.param(name, doc, msg, id=why) for why, name, doc, msg in RULE_BREAKING],
)
def test_model_enforces_rules_the_spec_states_in_words(
    name: str, document: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        wire.SCHEMAS[name].model_validate_json(json.dumps(document))


def test_validation_error_names_the_member_and_the_problem() -> None:
    bad = order_json(price={**price_json(), "total": {"value": 93.73, "currency": "CNY"}})
    with pytest.raises(ValidationError) as caught:
        wire.Order.model_validate_json(json.dumps(bad))
    (error,) = caught.value.errors()
    assert error["loc"] == ("price", "total", "value")
    assert error["type"] == "string_type"


def test_malformed_json_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        wire.Order.model_validate_json(b'{"id": "ord_1", ')
    assert caught.value.errors()[0]["type"] == "json_invalid"


def test_responses_ignore_unknown_members() -> None:
    document = order_json(refund_policy="none", price={**price_json(), "tax": money()})
    order = wire.Order.model_validate_json(json.dumps(document))
    assert "refund_policy" not in order.model_dump()


def test_python_mode_accepts_enum_text_and_datetimes_but_not_unix_time() -> None:
    order = wire.Order.model_validate(order_json())
    assert order.status is wire.WireOrderStatus.AWAITING_PAYMENT
    assert order.created_at.utcoffset() is not None
    with pytest.raises(ValidationError, match="RFC 3339"):
        wire.Order.model_validate(order_json(updated_at=1714564800))


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (datetime(2024, 5, 1, 20, 0, tzinfo=timezone(timedelta(hours=8))), "is not in UTC"),
        (datetime(2024, 5, 1, 12, 0), "timezone info"),  # naive
        ("2024-05-01T20:00:00+08:00", "RFC 3339"),
        ("2024-05-01 12:00:00Z", "RFC 3339"),
    ],
)
def test_a_timestamp_not_in_utc_is_refused(value: object, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        wire.Order.model_validate(order_json(updated_at=value))
    accepted = wire.Order.model_validate(order_json(updated_at=datetime(2024, 5, 1, tzinfo=UTC)))
    assert accepted.updated_at == datetime(2024, 5, 1, tzinfo=UTC)


def test_timestamps_serialise_in_utc_with_z() -> None:
    order = wire.Order.model_validate_json(json.dumps(order_json()))
    written = json.loads(order.model_dump_json())
    assert written["expires_at"] == "2024-05-01T12:30:00Z"
    assert written["updated_at"] == "2024-05-01T12:00:00.250000Z"


# --- edge converters --------------------------------------------------------------------------


@given(
    currency=st.sampled_from(["GBP", "JPY", "KWD", "CLF", "CNY", "HKD"]),
    units=st.integers(min_value=-(10**15), max_value=10**15),
)
def test_money_round_trips_exactly_through_the_wire(currency: str, units: int) -> None:
    original = Money(Decimal(units).scaleb(-minor_units(currency)), currency)
    encoded = wire.WireMoney.from_domain(original).model_dump_json()
    assert json.loads(encoded) == {"value": original.to_wire(), "currency": currency}
    assert wire.WireMoney.model_validate_json(encoded).to_domain() == original


def test_short_money_values_widen_to_the_currency() -> None:
    parsed = wire.WireMoney.model_validate_json('{"value": "10.5", "currency": "GBP"}')
    assert parsed.to_domain() == Money.of("10.50", "GBP")
    assert wire.WireMoney.from_domain(parsed.to_domain()).value == "10.50"


@pytest.mark.parametrize("status", list(OrderStatus))
def test_order_status_converts_both_ways(status: OrderStatus) -> None:
    on_wire = wire.order_status_from_domain(status)
    assert on_wire.value == status.value
    assert wire.order_status_to_domain(on_wire) is status


def test_wire_and_domain_statuses_are_the_same_set() -> None:
    assert {s.value for s in wire.WireOrderStatus} == {s.value for s in OrderStatus}


def test_order_gives_its_domain_status() -> None:
    order = wire.Order.model_validate_json(json.dumps(order_json(status="paid")))
    assert order.domain_status is OrderStatus.PAID


@pytest.mark.parametrize("code", list(wire.ErrorCode))
def test_problem_of_every_code_is_valid_against_the_spec(code: wire.ErrorCode) -> None:
    problem = wire.Problem.of(code, "what happened")
    assert problem.status == wire.ERROR_STATUS[code]
    assert problem.type == f"urn:lebwallet:problem:{code.value}"
    spec_validator("Problem").validate(problem.model_dump(mode="json"))
    assert wire.Problem.model_validate_json(problem.model_dump_json()) == problem


def test_models_are_frozen() -> None:
    amount = wire.WireMoney(value="1.00", currency="GBP")
    with pytest.raises(ValidationError):
        amount.value = "2.00"  # type: ignore[misc]


# --- keep-alive plan: min_balance ------------------------------------------------------------


def test_min_balance_may_be_absent_and_then_is_null() -> None:
    """A provider written before `min_balance` existed omits it; that means no minimum."""
    plan = wire.KeepAlivePlan.model_validate_json(
        json.dumps({"minimum_topup": money("10.00"), "period_days": 180})
    )
    assert plan.min_balance is None
    assert json.loads(plan.model_dump_json())["min_balance"] is None
    assert convert.plan_to_domain(plan).min_balance is None


def test_min_balance_round_trips_through_wire_and_domain() -> None:
    plan = wire.KeepAlivePlan.model_validate_json(json.dumps(MIN_BALANCE_PLAN))
    assert plan.min_balance == wire.WireMoney(value="5.00", currency="GBP")
    domain = convert.plan_to_domain(plan)
    assert domain == KeepAlivePlan(Money.of("10", "GBP"), 30, Money.of("5", "GBP"))
    assert convert.plan_from_domain(domain) == plan
    assert wire.KeepAlivePlan.model_validate_json(plan.model_dump_json()) == plan


def test_recharge_options_carry_min_balance_to_the_domain() -> None:
    options = wire.RechargeOptions.model_validate_json(
        json.dumps(recharge_options_json(keep_alive=MIN_BALANCE_PLAN))
    )
    assert convert.options_to_domain(options).plan.min_balance == Money.of("5.00", "GBP")


def test_field_errors_say_what_is_wrong_with_each_member() -> None:
    """A client words a refusal from `kind` and `limit`, never from the English message."""
    with pytest.raises(ValidationError) as caught:
        wire.RegisterRequest.model_validate(
            {"email": "not-an-email", "password": "short", "name": "", "extra": 1}
        )
    found = {e.field: (e.kind, e.limit) for e in wire.field_errors_of(caught.value)}
    assert found == {
        "email": ("format", None),
        "password": ("too_short", 8),
        "name": ("required", None),
        "extra": ("not_allowed", None),
    }


@pytest.mark.parametrize(
    ("kind", "read"), [("too_long", "too_long"), ("newer", "invalid"), (None, "invalid")]
)
def test_an_unknown_or_absent_field_error_kind_reads_as_invalid(
    kind: str | None, read: str
) -> None:
    error = {"field": "label", "message": "m", "kind": kind}
    problem = wire.Problem.model_validate(
        {
            "type": "urn:lebwallet:problem:validation_error",
            "title": "t",
            "status": 422,
            "detail": "d",
            "code": "validation_error",
            "errors": [error],
        }
    )
    assert problem.errors is not None
    assert wire.field_error_kind(problem.errors[0]).value == read
