"""The demo seed, sign-up and sign-in, the profile check before a first recharge, binding cards,
the release manifest, and bad input that changes nothing — over real HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from lebwallet.sandbox.seed import SPARE_CARDS
from tests.sandbox.demo_api import TIMEOUT, Api, order_body, snapshot
from tests.support.sandbox import SandboxHandle


def _problem(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    assert problem["code"] == code
    assert problem["status"] == status
    return problem


def _new_account(url: str, session: requests.Session, phone: str) -> dict[str, Any]:
    """Register and verify an account by phone; signs `session` in, returns the token pair."""
    pending = session.post(
        f"{url}/v1/auth/register",
        json={"phone": phone, "password": "password-123", "name": "Other"},
        timeout=TIMEOUT,
    )
    assert pending.status_code == 202, pending.text
    body = pending.json()
    tokens = session.post(
        f"{url}/v1/auth/verify",
        json={"verification_id": body["verification_id"], "code": body["sandbox_code"]},
        timeout=TIMEOUT,
    )
    assert tokens.status_code == 200, tokens.text
    pair: dict[str, Any] = tokens.json()
    session.headers["Authorization"] = f"Bearer {pair['access_token']}"
    return pair


# --- the demo account ---------------------------------------------------------------------------


def test_the_demo_account_has_gbp_usd_and_hkd_esim_cards_one_near_its_deadline(api: Api) -> None:
    cards = api.get("/v1/cards").json()["items"]
    by_currency = {card["currency"]: card for card in cards}
    assert {"GBP", "USD", "HKD"} <= set(by_currency)
    assert all(card["sandbox"] and "Sandbox" in card["carrier"] for card in cards)
    uk, us, hk = by_currency["GBP"], by_currency["USD"], by_currency["HKD"]
    assert uk["keep_alive"] == {
        "minimum_topup": {"value": "10.00", "currency": "GBP"},
        "period_days": 180,
        "min_balance": None,
    }
    assert us["keep_alive"] == {
        "minimum_topup": {"value": "10.00", "currency": "USD"},
        "period_days": 30,
        "min_balance": {"value": "5.00", "currency": "USD"},
    }
    assert us["balance"] == {"value": "4.20", "currency": "USD"}  # below its minimum balance
    assert hk["keep_alive"]["min_balance"] is None
    assert hk["is_esim"] is True
    assert hk["activation_code"].startswith("LPA:1$")
    now = datetime.now(UTC)
    deadlines = [datetime.fromisoformat(card["deadline"]) for card in cards]
    assert any(deadline - now < timedelta(days=7) for deadline in deadlines)
    account = api.get("/v1/account").json()
    assert account["profile"]["profile_complete"] is True


def test_sign_up_verify_sign_in_and_refresh(sandbox: SandboxHandle) -> None:
    with requests.Session() as session:
        pair = _new_account(sandbox.url, session, "+447400100999")
        assert session.get(f"{sandbox.url}/v1/account", timeout=TIMEOUT).status_code == 200
        login = requests.post(
            f"{sandbox.url}/v1/auth/login",
            json={"login": "+447400100999", "password": "password-123"},
            timeout=TIMEOUT,
        )
        assert login.status_code == 200, login.text
        refreshed = requests.post(
            f"{sandbox.url}/v1/auth/refresh",
            json={"refresh_token": pair["refresh_token"]},
            timeout=TIMEOUT,
        )
        assert refreshed.status_code == 200, refreshed.text
        assert refreshed.json()["access_token"] != pair["access_token"]
    wrong = requests.post(
        f"{sandbox.url}/v1/auth/login",
        json={"login": sandbox.email, "password": "not-the-password"},
        timeout=TIMEOUT,
    )
    assert wrong.status_code == 401
    _problem(
        requests.get(
            f"{sandbox.url}/v1/cards", headers={"Authorization": "Bearer nope"}, timeout=TIMEOUT
        ),
        401,
        "unauthorized",
    )


def test_a_first_recharge_needs_a_complete_profile(sandbox: SandboxHandle) -> None:
    with requests.Session() as session:
        _new_account(sandbox.url, session, "+447400100998")
        url = sandbox.url
        bound = session.post(
            f"{url}/v1/cards", json={"msisdn": "+447400100202", "label": "Spare"}, timeout=TIMEOUT
        )
        assert bound.status_code == 201, bound.text
        card_id = bound.json()["id"]
        assert bound.json()["label"] == "Spare"
        body = order_body(card_id=card_id)
        headers = {"Idempotency-Key": "key-profile-0001"}
        refused = session.post(f"{url}/v1/orders", json=body, headers=headers, timeout=TIMEOUT)
        problem = _problem(refused, 422, "profile_incomplete")
        assert "default_payment_method" in problem["detail"]
        account = session.get(f"{url}/v1/account", timeout=TIMEOUT).json()
        assert account["profile"]["missing_fields"] == ["default_payment_method"]
        patched = session.patch(
            f"{url}/v1/account", json={"default_payment_method": "bank_card"}, timeout=TIMEOUT
        )
        assert patched.json()["profile"]["profile_complete"] is True
        created = session.post(f"{url}/v1/orders", json=body, headers=headers, timeout=TIMEOUT)
        assert created.status_code == 201, created.text


def test_bind_label_and_unbind_a_card(api: Api) -> None:
    spare = next(card for card in SPARE_CARDS if card.id == "card_spare_hk")
    bound = api.post("/v1/cards", json={"iccid": spare.iccid})
    assert bound.status_code == 201, bound.text
    card = bound.json()
    assert bound.headers["Location"] == f"/v1/cards/{card['id']}"
    _problem(api.post("/v1/cards", json={"msisdn": spare.msisdn}), 409, "card_already_bound")
    labelled = api.patch(f"/v1/cards/{card['id']}", json={"label": "Shop phone"})
    assert labelled.json()["label"] == "Shop phone"
    assert api.delete(f"/v1/cards/{card['id']}").status_code == 204
    _problem(api.get(f"/v1/cards/{card['id']}"), 404, "not_found")
    ids = {c["id"] for c in api.get("/v1/cards").json()["items"]}
    assert card["id"] not in ids


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"msisdn": "+447400999999"}, 404, "not_found"),
        ({"iccid": "8944100000000000175"}, 422, "validation_error"),  # bad check digit
        ({"msisdn": "+447400100202", "iccid": "8944100000000000174"}, 422, "validation_error"),
        ({}, 422, "validation_error"),
        ({"msisdn": 447400100202}, 422, "validation_error"),
    ],
)
def test_binding_bad_numbers_is_refused_and_changes_nothing(
    api: Api, body: dict[str, Any], status: int, code: str
) -> None:
    before = snapshot(api.handle)
    _problem(api.post("/v1/cards", json=body), status, code)
    assert snapshot(api.handle) == before


# --- bad input ----------------------------------------------------------------------------------


def test_malformed_oversized_and_mistyped_bodies_are_refused_and_change_nothing(api: Api) -> None:
    before = snapshot(api.handle)
    key = {"Idempotency-Key": "key-bad-input-01"}
    json_type = {"Content-Type": "application/json", **key}
    _problem(api.post("/v1/orders", data="{not json", headers=json_type), 400, "malformed_json")
    _problem(api.post("/v1/orders", data='{"a": NaN}', headers=json_type), 400, "malformed_json")
    big = '{"card_id": "' + "x" * 200_000 + '"}'
    _problem(api.post("/v1/orders", data=big, headers=json_type), 413, "body_too_large")
    _problem(
        api.post("/v1/orders", data="card_id=x", headers={"Content-Type": "text/plain", **key}),
        415,
        "unsupported_media_type",
    )
    wrong_types = order_body(amount={"value": 10.0, "currency": "GBP"})
    problem = _problem(
        api.create_order(wrong_types, key=key["Idempotency-Key"]), 422, "validation_error"
    )
    assert any("amount" in error["field"] for error in problem["errors"])
    unknown_currency = order_body(amount={"value": "10.00", "currency": "XXX"})
    _problem(api.create_order(unknown_currency), 422, "validation_error")
    assert snapshot(api.handle) == before


# --- release manifest ---------------------------------------------------------------------------


def test_the_release_manifest_for_each_platform(sandbox: SandboxHandle) -> None:
    for platform in ("linux", "windows", "macos"):
        response = requests.get(
            f"{sandbox.url}/v1/app/latest", params={"platform": platform}, timeout=TIMEOUT
        )
        assert response.status_code == 200, response.text
        manifest = response.json()
        assert manifest["platform"] == platform
        assert manifest["download_url"].startswith("https://")
        assert len(manifest["sha256"]) == 64
    for params in ({}, {"platform": "amiga"}):
        response = requests.get(f"{sandbox.url}/v1/app/latest", params=params, timeout=TIMEOUT)
        assert response.status_code == 422, response.text
