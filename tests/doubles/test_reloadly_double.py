"""The Reloadly double behaves as the public description says (over real loopback HTTP)."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
import requests

from tests.doubles.reloadly import (
    DOUBLE_DROP_AFTER_COMMIT,
    DOUBLE_RESET,
    TOPUPS_MEDIA_TYPE,
    ReloadlyDouble,
)

TIMEOUT = 5
UK = {"countryCode": "GB", "number": "447700900123"}


def _token(double: ReloadlyDouble, **overrides: str) -> requests.Response:
    body = {
        "client_id": double.client_id,
        "client_secret": double.client_secret,
        "grant_type": "client_credentials",
        "audience": double.url,
    } | overrides
    return requests.post(f"{double.url}/oauth/token", json=body, timeout=TIMEOUT)


def _headers(double: ReloadlyDouble) -> dict[str, str]:
    token = _token(double).json()["access_token"]
    return {"Authorization": f"Bearer {token}", "Accept": TOPUPS_MEDIA_TYPE}


def _topup(double: ReloadlyDouble, headers: dict[str, str], **body: Any) -> requests.Response:
    payload = {"operatorId": 535, "amount": "10.00", "recipientPhone": UK} | body
    return requests.post(f"{double.url}/topups-async", json=payload, headers=headers, timeout=5)


def _status(double: ReloadlyDouble, headers: dict[str, str], transaction_id: int) -> Any:
    url = f"{double.url}/topups/{transaction_id}/status"
    return requests.get(url, headers=headers, timeout=TIMEOUT).json()


def test_token_needs_the_right_credentials(double: ReloadlyDouble) -> None:
    good = _token(double)
    assert good.status_code == 200
    assert good.json()["token_type"] == "Bearer"
    bad = _token(double, client_secret="wrong")
    assert bad.status_code == 401
    assert bad.json()["errorCode"] == "INVALID_CREDENTIALS"
    assert set(bad.json()) >= {"timeStamp", "message", "path", "errorCode", "infoLink", "details"}


def test_an_expired_token_is_refused(double: ReloadlyDouble) -> None:
    headers = _headers(double)
    assert requests.get(f"{double.url}/accounts/balance", headers=headers, timeout=5).ok
    double.expire_tokens()
    refused = requests.get(f"{double.url}/accounts/balance", headers=headers, timeout=5)
    assert refused.status_code == 401
    assert refused.json()["errorCode"] == "TOKEN_EXPIRED"
    unknown = requests.get(
        f"{double.url}/accounts/balance", headers={"Authorization": "Bearer nope"}, timeout=5
    )
    assert unknown.json()["errorCode"] == "INVALID_TOKEN"


def test_operators_are_detected_by_number(double: ReloadlyDouble) -> None:
    headers = _headers(double)
    uk = requests.get(
        f"{double.url}/operators/auto-detect/phone/447700900123/countries/GB",
        headers=headers,
        timeout=TIMEOUT,
    ).json()
    assert (uk["operatorId"], uk["denominationType"]) == (535, "RANGE")
    assert uk["promotions"]
    us = requests.get(
        f"{double.url}/operators/auto-detect/phone/12025550123/countries/US",
        headers=headers,
        timeout=TIMEOUT,
    ).json()
    assert us["denominationType"] == "FIXED"
    assert us["fixedAmounts"] == [5.0, 10.0, 20.0, 25.0]
    unknown = requests.get(
        f"{double.url}/operators/auto-detect/phone/33612345678/countries/FR",
        headers=headers,
        timeout=TIMEOUT,
    )
    assert unknown.status_code == 404
    assert unknown.json()["errorCode"] == "COULD_NOT_AUTO_DETECT_OPERATOR"


def test_fx_rate_can_fail(double: ReloadlyDouble) -> None:
    headers = _headers(double)
    url = f"{double.url}/operators/fx-rate"
    ok = requests.post(url, json={"operatorId": 535, "amount": 10}, headers=headers, timeout=5)
    assert ok.json() == {
        "id": 535,
        "name": "Double Mobile UK",
        "fxRate": 7.9,
        "currencyCode": "GBP",
    }
    double.fx_available = False
    failed = requests.post(url, json={"operatorId": 535, "amount": 10}, headers=headers, timeout=5)
    assert failed.status_code == 500
    assert failed.json()["errorCode"] == "FX_RATE_NOT_AVAILABLE"


@pytest.mark.parametrize(
    ("outcome", "debited"),
    [("SUCCESSFUL", True), ("FAILED", False), ("REFUNDED", False)],
)
def test_async_topup_processes_then_ends(
    double: ReloadlyDouble, outcome: str, debited: bool
) -> None:
    double.set_outcome(UK["number"], outcome)
    headers = _headers(double)
    before = double.balance
    transaction_id = _topup(double, headers, customIdentifier="k-1").json()["transactionId"]
    assert _status(double, headers, transaction_id)["status"] == "PROCESSING"
    assert double.balance == before - Decimal("9.80")  # 2 % international discount
    time.sleep(0.25)
    final = _status(double, headers, transaction_id)
    assert final["status"] == outcome
    assert final["customIdentifier"] == "k-1"
    assert double.balance == (before - Decimal("9.80") if debited else before)


def test_a_custom_identifier_is_used_once(double: ReloadlyDouble) -> None:
    headers = _headers(double)
    assert _topup(double, headers, customIdentifier="same").ok
    again = _topup(double, headers, customIdentifier="same")
    assert again.status_code == 400
    assert again.json()["errorCode"] == "CUSTOM_IDENTIFIER_ALREADY_USED"
    assert double.topups_sent() == 1
    found = requests.get(
        f"{double.url}/topups/reports/transactions",
        params={"customIdentifier": "same"},
        headers=headers,
        timeout=TIMEOUT,
    ).json()["content"]
    assert [row["customIdentifier"] for row in found] == ["same"]


def test_balance_and_amounts_are_checked(double: ReloadlyDouble) -> None:
    headers = _headers(double)
    double.set_balance(Decimal("5.00"))
    poor = _topup(double, headers, customIdentifier="a")
    assert poor.json()["errorCode"] == "INSUFFICIENT_BALANCE"
    double.set_balance(Decimal("500.00"))
    wrong = _topup(
        double,
        headers,
        operatorId=173,
        amount="7",
        recipientPhone={"countryCode": "US", "number": "12025550123"},
    )
    assert wrong.json()["errorCode"] == "INVALID_AMOUNT_FOR_OPERATOR"
    assert double.topups_sent() == 0


def test_a_dropped_response_still_commits(double: ReloadlyDouble) -> None:
    headers = _headers(double)
    double.faults.arm("POST", "/topups-async", DOUBLE_DROP_AFTER_COMMIT)
    with pytest.raises(requests.ConnectionError):
        _topup(double, headers, customIdentifier="lost")
    assert double.topups_sent() == 1
    double.faults.arm("POST", "/topups-async", DOUBLE_RESET)
    with pytest.raises(requests.ConnectionError):
        _topup(double, headers, customIdentifier="never")
    assert double.topups_sent() == 1
