"""Orders over real HTTP: the status timeline on an injected clock, expiry, cancellation,
listing and paging, and the recharge rules (caps, promotions, FX quotes, payment methods)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from lebwallet.sandbox.config import ManualClock, SandboxConfig
from lebwallet.sandbox.seed import SPARE_CARDS
from tests.sandbox.demo_api import Api, order_body
from tests.support.checkout_forms import checkout_token
from tests.support.sandbox import running_sandbox

START = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def timed(tmp_path: Path, clock: ManualClock) -> Iterator[Api]:
    """The demo account on a sandbox whose time moves only with `clock` (credit delay 60 s,
    access tokens valid for a day)."""
    config = SandboxConfig(access_token_ttl=timedelta(days=1))
    with (
        running_sandbox(tmp_path / "timed", credit_delay=60, clock=clock, config=config) as handle,
        requests.Session() as session,
    ):
        yield Api(handle, session)


def _created(api: Api, **changes: Any) -> dict[str, Any]:
    response = api.create_order(**changes)
    assert response.status_code == 201, response.text
    order: dict[str, Any] = response.json()
    return order


def _problem(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem["code"] == code
    assert problem["detail"]
    return problem


# --- the timeline -----------------------------------------------------------------------------


def test_paid_orders_move_to_crediting_then_credited_as_time_passes(
    timed: Api, clock: ManualClock
) -> None:
    order = _created(timed)
    assert timed.pay_by_card(order, "4242424242424242").status_code == 303
    assert timed.order(order["id"])["status"] == "paid"
    clock.advance(29)
    assert timed.order(order["id"])["status"] == "paid"
    clock.advance(1)
    crediting = timed.order(order["id"])
    assert crediting["status"] == "crediting"
    assert crediting["credited_at"] is None
    clock.advance(30)
    credited = timed.order(order["id"])
    assert credited["status"] == "credited"
    assert credited["credited_at"] == "2025-03-03T12:01:00Z"
    clock.advance(timedelta(days=400))
    timed.sign_in()
    assert timed.order(order["id"]) == credited  # final: nothing changes any more


def test_an_unpaid_order_expires_after_thirty_minutes(timed: Api, clock: ManualClock) -> None:
    order = _created(timed)
    checkout_token(order["checkout_url"])  # the page is open in the browser
    assert order["expires_at"] == "2025-03-03T12:30:00Z"
    clock.advance(timedelta(minutes=29, seconds=59))
    assert timed.order(order["id"])["status"] == "awaiting_payment"
    clock.advance(1)
    expired = timed.order(order["id"])
    assert expired["status"] == "expired"
    assert expired["checkout_url"] is None
    assert timed.pay_by_card(order, "4242424242424242").status_code == 409
    _problem(timed.post(f"/v1/orders/{order['id']}/cancel"), 409, "order_not_cancellable")


def test_an_order_waiting_on_authentication_expires_too(timed: Api, clock: ManualClock) -> None:
    order = _created(timed)
    timed.pay_by_card(order, "4000002500003155")
    clock.advance(timedelta(minutes=31))
    assert timed.order(order["id"])["status"] == "expired"


def test_cancel_is_final_and_repeatable_but_not_after_payment(api: Api) -> None:
    order = _created(api)
    cancelled = api.post(f"/v1/orders/{order['id']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["checkout_url"] is None
    again = api.post(f"/v1/orders/{order['id']}/cancel")
    assert again.status_code == 200
    assert again.json() == cancelled.json()

    paid = _created(api)
    api.pay_by_card(paid, "4242424242424242")
    _problem(api.post(f"/v1/orders/{paid['id']}/cancel"), 409, "order_not_cancellable")
    _problem(api.post("/v1/orders/ord_nope/cancel"), 404, "not_found")


def test_orders_of_another_account_are_not_found(api: Api) -> None:
    order = _created(api)
    other = requests.Session()
    with other:
        pending = other.post(
            f"{api.url}/v1/auth/register",
            json={"email": "other@example.com", "password": "password-123", "name": "Other"},
            timeout=10,
        ).json()
        tokens = other.post(
            f"{api.url}/v1/auth/verify",
            json={"verification_id": pending["verification_id"], "code": pending["sandbox_code"]},
            timeout=10,
        ).json()
        other.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        _problem(other.get(f"{api.url}/v1/orders/{order['id']}", timeout=10), 404, "not_found")
        batch = other.get(f"{api.url}/v1/orders", params={"ids": order["id"]}, timeout=10)
        assert batch.json() == {"items": [], "next_cursor": None}


# --- listing ----------------------------------------------------------------------------------


def test_history_of_the_demo_account(api: Api) -> None:
    items = api.get("/v1/orders").json()["items"]
    statuses = sorted(order["status"] for order in items)
    assert statuses == ["credited", "credited", "credited", "failed", "failed"]


def test_batch_by_ids_leaves_out_unknown_ids(api: Api) -> None:
    first, second = _created(api), _created(api)
    response = api.get("/v1/orders", params={"ids": f"{first['id']},ord_unknown,{second['id']}"})
    assert response.status_code == 200
    page = response.json()
    assert sorted(o["id"] for o in page["items"]) == sorted([first["id"], second["id"]])
    assert page["next_cursor"] is None
    _problem(
        api.get("/v1/orders", params={"ids": first["id"], "updated_since": "2024-01-01T00:00:00Z"}),
        422,
        "validation_error",
    )


def test_paging_by_updated_since_sees_every_change_once(timed: Api, clock: ManualClock) -> None:
    since = "2025-03-03T12:00:00Z"
    made = [_created(timed)["id"] for _ in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"updated_since": since, "limit": "2", **({"cursor": cursor} if cursor else {})}
        page = timed.get("/v1/orders", params=params).json()
        seen += [order["id"] for order in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(made)
    clock.advance(5)
    timed.post(f"/v1/orders/{made[2]}/cancel")
    later = timed.get("/v1/orders", params={"updated_since": "2025-03-03T12:00:01Z"}).json()
    assert [order["id"] for order in later["items"]] == [made[2]]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "501"},
        {"limit": "ten"},
        {"cursor": "bm90LWEtY3Vyc29y"},
        {"cursor": "bad cursor!"},
        {"updated_since": "yesterday"},
        {"ids": "a,,b"},
    ],
)
def test_bad_list_parameters_are_422(api: Api, params: dict[str, str]) -> None:
    _problem(api.get("/v1/orders", params=params), 422, "validation_error")


# --- rules ------------------------------------------------------------------------------------


def test_promo_code_gives_its_discount_instead_of_the_automatic_bonus(api: Api) -> None:
    order = _created(api, amount={"value": "20.00", "currency": "GBP"}, promo_code="keepalive5")
    price = order["price"]
    assert price["discount"] == {"value": "1.00", "currency": "GBP"}
    assert price["bonus"] == {"value": "0.00", "currency": "GBP"}
    assert price["total"] == {"value": "19.00", "currency": "GBP"}
    assert price["credited_amount"] == {"value": "20.00", "currency": "GBP"}
    assert (order["promotion_id"], order["promo_code"]) == ("promo_keepalive5", "KEEPALIVE5")
    _problem(api.create_order(promo_code="NOPE"), 422, "unknown_promo_code")


def test_the_daily_cap_counts_open_and_paid_orders(api: Api) -> None:
    _created(api, amount={"value": "100.00", "currency": "GBP"})
    _created(api, amount={"value": "50.00", "currency": "GBP"})
    problem = _problem(api.create_order(), 422, "daily_cap_exceeded")
    assert "£0.00 left today" in problem["detail"]
    options = api.get("/v1/cards/card_demo_uk/recharge-options").json()
    assert options["daily_left"] == {"value": "0.00", "currency": "GBP"}
    assert options["presets"] == []


def test_the_monthly_cap_spans_days(timed: Api, clock: ManualClock) -> None:
    for _day in range(2):
        for value in ("100.00", "50.00"):
            order = _created(timed, amount={"value": value, "currency": "GBP"})
            timed.pay_by_card(order, "4242424242424242")  # unpaid orders would expire
        clock.advance(timedelta(days=1))
        timed.sign_in()
    _created(timed, amount={"value": "100.00", "currency": "GBP"})
    _problem(timed.create_order(), 422, "monthly_cap_exceeded")
    limits = timed.get("/v1/account").json()["limits"]
    assert limits["month_resets_at"] == "2025-04-01T00:00:00Z"
    gbp = next(limit for limit in limits["currencies"] if limit["currency"] == "GBP")
    assert gbp["monthly_used"]["value"] == "400.00"


def test_an_fx_quote_is_required_checked_and_expires(timed: Api, clock: ManualClock) -> None:
    cny: dict[str, Any] = {"pay_currency": "CNY", "payment_method": "alipay"}
    problem = _problem(timed.create_order(**cny), 422, "validation_error")
    assert problem["errors"][0]["field"] == "fx_quote_id"
    _problem(timed.create_order(**cny, fx_quote_id="fxq_unknown"), 422, "fx_quote_expired")
    usd_quote = timed.get(
        "/v1/cards/card_demo_uk/recharge-options", params={"pay_currency": "USD"}
    ).json()["fx_quote"]
    _problem(timed.create_order(**cny, fx_quote_id=usd_quote["id"]), 422, "validation_error")
    options = timed.get("/v1/cards/card_demo_uk/recharge-options", params={"pay_currency": "CNY"})
    quote = options.json()["fx_quote"]
    assert quote["expires_at"] == "2025-03-03T12:10:00Z"
    clock.advance(timedelta(minutes=10))
    _problem(timed.create_order(**cny, fx_quote_id=quote["id"]), 422, "fx_quote_expired")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"payment_method": "alipay"}, "payment_method_unavailable"),
        ({"pay_currency": "EUR"}, "unsupported_currency"),
        ({"amount": {"value": "4.00", "currency": "GBP"}}, "amount_below_minimum"),
        ({"amount": {"value": "105.00", "currency": "GBP"}}, "amount_above_maximum"),
        ({"amount": {"value": "12.50", "currency": "GBP"}}, "amount_not_on_step"),
        ({"amount": {"value": "10.00", "currency": "USD"}}, "validation_error"),
        ({"card_id": "card_demo_nope"}, "not_found"),
    ],
)
def test_rule_errors(api: Api, changes: dict[str, Any], code: str) -> None:
    response = api.create_order(**changes)
    assert response.json()["code"] == code, response.text


def test_a_recycled_card_cannot_be_recharged(api: Api) -> None:
    recycled = next(card for card in SPARE_CARDS if card.status == "recycled")
    bound = api.post("/v1/cards", json={"iccid": recycled.iccid})
    assert bound.status_code == 201, bound.text
    _problem(api.create_order(card_id=recycled.id), 422, "card_not_rechargeable")


def test_recharge_options_of_each_demo_card(api: Api) -> None:
    hk = api.get("/v1/cards/card_demo_hk/recharge-options").json()
    assert hk["currency"] == hk["pay_currency"] == "HKD"
    assert hk["fx_quote"] is None
    assert hk["minimum_qualifying_amount"] == {"value": "50.00", "currency": "HKD"}
    assert {p["id"] for p in hk["promotions"]} == {"promo_hk_bonus20", "promo_keepalive5"}
    us = api.get("/v1/cards/card_demo_us/recharge-options", params={"pay_currency": "CNY"})
    assert us.json()["fx_quote"]["rate"] == "7.2300"
    methods = {m["method"]: m["available"] for m in us.json()["payment_methods"]}
    assert methods == {"bank_card": True, "paypal": False, "alipay": True, "wechat_pay": True}
    _problem(
        api.get("/v1/cards/card_demo_us/recharge-options", params={"pay_currency": "JPY"}),
        422,
        "unsupported_currency",
    )


def test_order_body_helper_is_valid(api: Api) -> None:
    assert api.create_order(order_body()).status_code == 201


def test_an_idempotency_key_is_kept_for_more_than_a_day(timed: Api, clock: ManualClock) -> None:
    first = timed.create_order(key="key-kept-a-day-01")
    assert first.status_code == 201, first.text
    clock.advance(timedelta(hours=25))
    timed.sign_in()
    replay = timed.create_order(key="key-kept-a-day-01")
    assert replay.status_code == 200, replay.text
    assert replay.json()["id"] == first.json()["id"]
    assert replay.json()["status"] == "expired"  # replayed in its current state
