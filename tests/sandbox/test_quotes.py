"""`POST /v1/quotes` over real HTTP: the exact price an order with the same body gets, and
the same refusals, without storing anything."""

from __future__ import annotations

from typing import Any

from tests.sandbox.demo_api import Api, order_body, snapshot


def _quote(api: Api, **changes: Any) -> dict[str, Any]:
    response = api.post("/v1/quotes", json=order_body(**changes))
    assert response.status_code == 200, response.text
    quote: dict[str, Any] = response.json()
    return quote


def test_a_quote_is_the_price_the_order_then_gets(api: Api) -> None:
    body: dict[str, Any] = {
        "amount": {"value": "20.00", "currency": "GBP"},
        "promo_code": "keepalive5",
    }
    quote = _quote(api, **body)
    assert quote["price"]["total"] == {"value": "19.00", "currency": "GBP"}
    assert quote["price"]["discount"] == {"value": "1.00", "currency": "GBP"}
    assert quote["price"]["credited_amount"] == {"value": "20.00", "currency": "GBP"}
    assert (quote["promotion_id"], quote["promo_code"]) == ("promo_keepalive5", "KEEPALIVE5")
    response = api.create_order(**body)
    assert response.status_code == 201, response.text
    order = response.json()
    assert order["price"] == quote["price"]
    assert order["promotion_id"] == quote["promotion_id"]


def test_without_a_code_the_automatic_bonus_is_priced(api: Api) -> None:
    quote = _quote(api, amount={"value": "20.00", "currency": "GBP"})
    assert quote["price"]["bonus"] == {"value": "2.00", "currency": "GBP"}
    assert quote["promotion_id"] == "promo_uk_bonus10"


def test_a_quote_stores_nothing_and_refuses_as_an_order_would(api: Api) -> None:
    before = snapshot(api.handle)
    _quote(api, amount={"value": "20.00", "currency": "GBP"})
    refused = api.post("/v1/quotes", json=order_body(promo_code="NOSUCHCODE"))
    assert refused.status_code == 422
    assert refused.json()["code"] == "unknown_promo_code"
    assert snapshot(api.handle) == before
