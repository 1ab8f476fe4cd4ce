"""Nothing the sandbox answers tells whether another account exists: registering a login
that is taken looks like registering a new one (and never signs anyone in to the existing
account), and binding another account's card looks like binding an unknown number."""

from __future__ import annotations

import requests

from lebwallet.sandbox.seed import DEMO_EMAIL, SPARE_CARDS
from tests.sandbox.demo_api import TIMEOUT, Api


def _register(url: str, email: str) -> requests.Response:
    return requests.post(
        f"{url}/v1/auth/register",
        json={"email": email, "password": "password-123", "name": "Someone"},
        timeout=TIMEOUT,
    )


def _tokens(api: Api) -> int:
    db = api.handle.server.db
    assert db is not None
    with db.read() as conn:
        return int(conn.execute("SELECT COUNT(*) FROM tokens").fetchone()[0])


def test_registering_a_taken_login_looks_like_a_new_one(api: Api) -> None:
    fresh = _register(api.url, "fresh@example.com")
    taken = _register(api.url, DEMO_EMAIL)
    assert (taken.status_code, fresh.status_code) == (202, 202)
    assert taken.json().keys() == fresh.json().keys()
    assert taken.json()["channel"] == fresh.json()["channel"]
    before = _tokens(api)
    verified = requests.post(
        f"{api.url}/v1/auth/verify",
        json={
            "verification_id": taken.json()["verification_id"],
            "code": taken.json()["sandbox_code"],
        },
        timeout=TIMEOUT,
    )
    assert verified.status_code == 422  # nobody is signed in to the existing account
    assert "access_token" not in verified.text
    assert _tokens(api) == before


def test_binding_another_accounts_card_looks_like_an_unknown_number(api: Api) -> None:
    spare = next(card for card in SPARE_CARDS if card.id == "card_spare_hk")
    assert api.post("/v1/cards", json={"iccid": spare.iccid}).status_code == 201
    other = requests.Session()
    pending = _register(api.url, "other@example.com").json()
    pair = other.post(
        f"{api.url}/v1/auth/verify",
        json={"verification_id": pending["verification_id"], "code": pending["sandbox_code"]},
        timeout=TIMEOUT,
    ).json()
    other.headers["Authorization"] = f"Bearer {pair['access_token']}"
    theirs = other.post(f"{api.url}/v1/cards", json={"iccid": spare.iccid}, timeout=TIMEOUT)
    unknown = other.post(
        f"{api.url}/v1/cards", json={"iccid": "8944100000000000174"}, timeout=TIMEOUT
    )
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json()["detail"] == unknown.json()["detail"]
    assert "another account" not in theirs.text
