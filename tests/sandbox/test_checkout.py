"""Hosted checkout over real HTTP: each payment method and test card, from order to credit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import requests

from tests.sandbox.demo_api import TIMEOUT, Api, wait_for_status
from tests.support.checkout_forms import checkout_token, post_checkout_form

SUCCESS = "4242 4242 4242 4242"


def _created(api: Api, **changes: Any) -> dict[str, Any]:
    response = api.create_order(**changes)
    assert response.status_code == 201, response.text
    order: dict[str, Any] = response.json()
    return order


def _balance(api: Api, card_id: str) -> Decimal:
    return Decimal(api.card(card_id)["balance"]["value"])


def test_full_recharge_credits_exactly_amount_plus_bonus_and_moves_the_deadline(api: Api) -> None:
    before = api.card("card_demo_uk")
    order = _created(api, amount={"value": "20.00", "currency": "GBP"})
    assert order["status"] == "awaiting_payment"
    assert order["price"]["bonus"] == {"value": "2.00", "currency": "GBP"}  # +10 % promotion
    assert order["price"]["credited_amount"] == {"value": "22.00", "currency": "GBP"}
    assert order["checkout_url"] == f"{api.url}/checkout/{order['id']}"

    page = requests.get(order["checkout_url"], timeout=TIMEOUT)
    assert page.status_code == 200
    assert 'id="card-number"' in page.text
    assert "Sandbox — no real money" in page.text

    paid = api.pay_by_card(order, SUCCESS)
    assert paid.status_code == 303
    assert paid.headers["Location"] == f"/checkout/{order['id']}/done"
    credited = wait_for_status(api, order["id"], "credited")

    after = api.card("card_demo_uk")
    assert Decimal(after["balance"]["value"]) - Decimal(before["balance"]["value"]) == Decimal(
        "22.00"
    )
    assert credited["paid_at"] is not None
    assert credited["checkout_url"] is None
    assert after["last_qualifying_topup_at"] == credited["credited_at"]
    assert after["deadline"] > before["deadline"]
    done = requests.get(f"{api.url}/checkout/{order['id']}/done", timeout=TIMEOUT)
    assert 'data-status="credited"' in done.text


def test_a_top_up_below_the_keep_alive_minimum_adds_to_the_balance_only(api: Api) -> None:
    before = api.card("card_demo_uk")
    order = _created(api, amount={"value": "5.00", "currency": "GBP"})
    assert api.pay_by_card(order, SUCCESS).status_code == 303
    wait_for_status(api, order["id"], "credited")
    after = api.card("card_demo_uk")
    assert Decimal(after["balance"]["value"]) - Decimal(before["balance"]["value"]) == 5
    assert after["deadline"] == before["deadline"]
    assert after["last_qualifying_topup_at"] == before["last_qualifying_topup_at"]


@pytest.mark.parametrize(
    ("number", "failure_code"),
    [("4000 0000 0000 0002", "payment_declined"), ("4000000000009995", "insufficient_funds")],
)
def test_a_refused_card_fails_the_order_with_its_reason(
    api: Api, number: str, failure_code: str
) -> None:
    balance = _balance(api, "card_demo_uk")
    order = _created(api)
    assert api.pay_by_card(order, number).status_code == 303
    failed = api.order(order["id"])
    assert failed["status"] == "failed"
    assert failed["failure_code"] == failure_code
    assert failed["failure_reason"]
    assert _balance(api, "card_demo_uk") == balance
    limits = api.get("/v1/account").json()["limits"]["currencies"]
    gbp = next(limit for limit in limits if limit["currency"] == "GBP")
    assert gbp["daily_used"]["value"] == "0.00"  # a failed order uses no cap
    # A failed order is final: paying again is a conflict and changes nothing.
    again = api.pay_by_card(order, SUCCESS)
    assert again.status_code == 409
    assert api.order(order["id"])["status"] == "failed"


def test_an_unknown_card_number_is_refused_on_the_page_and_changes_nothing(api: Api) -> None:
    order = _created(api)
    response = api.pay_by_card(order, "5555 5555 5555 4444")
    assert response.status_code == 200
    assert 'id="error"' in response.text
    assert api.order(order["id"])["status"] == "awaiting_payment"


@pytest.mark.parametrize("number", ["4000 0025 0000 3155", "4000 0027 6000 3184"])
def test_the_authentication_step_with_the_one_time_code(api: Api, number: str) -> None:
    order = _created(api)
    response = api.pay_by_card(order, number)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/checkout/{order['id']}/authenticate"
    waiting = api.order(order["id"])
    assert waiting["status"] == "requires_action"
    assert waiting["next_action"] == {
        "type": "authenticate",
        "url": f"{api.url}/checkout/{order['id']}/authenticate",
    }

    page = requests.get(waiting["next_action"]["url"], timeout=TIMEOUT)
    assert page.status_code == 200
    code = page.text.split('id="sandbox-code">', 1)[1].split("<", 1)[0]
    assert len(code) == 6
    assert code.isdigit()

    wrong = "000000" if code != "000000" else "111111"
    refused = post_checkout_form(
        waiting["next_action"]["url"], {"otp": wrong, "decision": "approve"}, timeout=TIMEOUT
    )
    assert refused.status_code == 200
    assert 'id="error"' in refused.text
    assert api.order(order["id"])["status"] == "requires_action"

    approved = post_checkout_form(
        waiting["next_action"]["url"], {"otp": code, "decision": "approve"}, timeout=TIMEOUT
    )
    assert approved.status_code == 303
    assert wait_for_status(api, order["id"], "credited")["next_action"] is None


def test_failing_the_authentication_step_fails_the_order(api: Api) -> None:
    order = _created(api)
    api.pay_by_card(order, "4000002500003155")
    response = post_checkout_form(
        f"{api.url}/checkout/{order['id']}/authenticate", {"decision": "fail"}, timeout=TIMEOUT
    )
    assert response.status_code == 303
    failed = api.order(order["id"])
    assert (failed["status"], failed["failure_code"]) == ("failed", "authentication_failed")


def test_paypal_approve_pays_with_the_fee(api: Api) -> None:
    order = _created(api, payment_method="paypal")
    # 3.4 % of £10.00 = £0.34, plus the fixed £0.20.
    assert order["price"]["fee"] == {"value": "0.54", "currency": "GBP"}
    assert order["price"]["total"] == {"value": "10.54", "currency": "GBP"}
    page = requests.get(order["checkout_url"], timeout=TIMEOUT)
    assert 'id="approve"' in page.text
    response = post_checkout_form(f"{order['checkout_url']}/pay", {}, timeout=TIMEOUT)
    assert response.status_code == 303
    wait_for_status(api, order["id"], "credited")


def _qr_order(api: Api, method: str) -> dict[str, Any]:
    options = api.get("/v1/cards/card_demo_uk/recharge-options", params={"pay_currency": "CNY"})
    assert options.status_code == 200, options.text
    quote = options.json()["fx_quote"]
    return _created(api, payment_method=method, pay_currency="CNY", fx_quote_id=quote["id"])


@pytest.mark.parametrize(("method", "total"), [("alipay", "91.25"), ("wechat_pay", "91.80")])
def test_qr_wallets_show_a_code_and_pay_on_simulated_scan(
    api: Api, method: str, total: str
) -> None:
    order = _qr_order(api, method)
    # £10 × 9.1250 = ¥91.25; WeChat Pay adds 0.6 % = ¥0.5475, rounded half-even to ¥0.55.
    assert order["price"]["fx_rate"] == "9.1250"
    assert order["price"]["total"] == {"value": total, "currency": "CNY"}
    assert order["payment_flow"] == "qr"
    assert order["qr_payload"] == f"{api.url}/checkout/{order['id']}/qr"
    page = requests.get(order["checkout_url"], timeout=TIMEOUT)
    assert "<svg" in page.text
    assert 'id="simulate-scan"' in page.text
    phone = requests.get(order["qr_payload"], timeout=TIMEOUT)
    assert 'id="approve"' in phone.text
    response = post_checkout_form(order["qr_payload"], {"decision": "approve"}, timeout=TIMEOUT)
    assert response.status_code == 303
    credited = wait_for_status(api, order["id"], "credited")
    assert credited["qr_payload"] is None


def test_declining_in_the_wallet_app_fails_the_order(api: Api) -> None:
    order = _qr_order(api, "alipay")
    post_checkout_form(order["qr_payload"], {"decision": "decline"}, timeout=TIMEOUT)
    failed = api.order(order["id"])
    assert (failed["status"], failed["failure_code"]) == ("failed", "payment_declined")


def test_a_return_url_receives_the_browser_after_paying(api: Api) -> None:
    order = _created(api, return_url="http://127.0.0.1:1/wallet-return")
    response = api.pay_by_card(order, SUCCESS)
    assert response.status_code == 303
    assert response.headers["Location"] == "http://127.0.0.1:1/wallet-return"


def test_paying_a_paid_or_cancelled_order_is_a_conflict(api: Api) -> None:
    paid = _created(api)
    api.pay_by_card(paid, SUCCESS)
    assert api.pay_by_card(paid, SUCCESS).status_code == 409
    cancelled = _created(api)
    checkout_token(cancelled["checkout_url"])  # the page is open in the browser
    assert api.post(f"/v1/orders/{cancelled['id']}/cancel").status_code == 200
    response = api.pay_by_card(cancelled, SUCCESS)
    assert response.status_code == 409
    assert "cancelled" in response.text
    assert api.order(cancelled["id"])["status"] == "cancelled"


def test_pages_of_unknown_orders_are_html_404_with_the_id_escaped(api: Api) -> None:
    for path in ("", "/authenticate", "/qr", "/done"):
        response = requests.get(f"{api.url}/checkout/%3Cscript%3E{path}", timeout=TIMEOUT)
        assert response.status_code == 404
        assert response.headers["Content-Type"].startswith("text/html")
        assert "<script>" not in response.text
        assert "&lt;script&gt;" in response.text
    head = requests.head(f"{api.url}/checkout/ord_missing", timeout=TIMEOUT)
    assert head.status_code == 404


def test_a_form_post_without_a_decision_is_a_bad_request(api: Api) -> None:
    order = _qr_order(api, "alipay")
    response = post_checkout_form(order["qr_payload"], {}, timeout=TIMEOUT)
    assert response.status_code == 400
    assert api.order(order["id"])["status"] == "awaiting_payment"
