"""A signed-in demo client of a running sandbox over real HTTP, and a snapshot of the sandbox
database to prove that a refused request changed nothing."""

from __future__ import annotations

import sqlite3
import time
import uuid
from contextlib import closing
from typing import Any

import requests

from tests.support.checkout_forms import post_checkout_form
from tests.support.sandbox import SandboxHandle

TIMEOUT = 10


class Api:
    """The demo account's view of a running sandbox, with plain `requests`."""

    def __init__(self, handle: SandboxHandle, session: requests.Session) -> None:
        self.handle = handle
        self.url = handle.url
        self.session = session
        self.sign_in()

    def sign_in(self) -> None:
        """Sign in again (after moving an injected clock past the token's life)."""
        self.token = self.handle.login()["access_token"]
        self.session.headers["Authorization"] = f"Bearer {self.token}"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.url + path, timeout=TIMEOUT, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(self.url + path, timeout=TIMEOUT, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.patch(self.url + path, timeout=TIMEOUT, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.delete(self.url + path, timeout=TIMEOUT, **kwargs)

    def create_order(
        self, body: dict[str, Any] | None = None, *, key: str | None = None, **changes: Any
    ) -> requests.Response:
        payload = {**order_body(), **(body or {}), **changes}
        return self.post(
            "/v1/orders", json=payload, headers={"Idempotency-Key": key or str(uuid.uuid4())}
        )

    def order(self, order_id: str) -> dict[str, Any]:
        response = self.get(f"/v1/orders/{order_id}")
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    def card(self, card_id: str) -> dict[str, Any]:
        response = self.get(f"/v1/cards/{card_id}")
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    def pay_by_card(self, order: dict[str, Any], number: str) -> requests.Response:
        """POST the checkout form as a browser would (no bearer token: a public page)."""
        return post_checkout_form(
            f"{order['checkout_url']}/pay", {"card_number": number}, timeout=TIMEOUT
        )


def order_body(**changes: Any) -> dict[str, Any]:
    """A valid order: £10 on the demo UK card, paid by bank card in GBP."""
    return {
        "card_id": "card_demo_uk",
        "amount": {"value": "10.00", "currency": "GBP"},
        "payment_method": "bank_card",
        "pay_currency": "GBP",
        **changes,
    }


def snapshot(handle: SandboxHandle) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every sandbox table except the token table (sign-ins add tokens)."""
    db = handle.server.db
    assert db is not None
    with closing(sqlite3.connect(db.path)) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            if name != "tokens"
        ]
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in tables
        }


def count(handle: SandboxHandle, table: str) -> int:
    db = handle.server.db
    assert db is not None
    with closing(sqlite3.connect(db.path)) as conn:
        value = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    assert isinstance(value, int)
    return value


def wait_for_status(api: Api, order_id: str, status: str, timeout: float = 5.0) -> dict[str, Any]:
    """Poll the order until it reaches `status` (the sandbox advances orders on requests)."""
    deadline = time.monotonic() + timeout
    while True:
        order = api.order(order_id)
        if order["status"] == status or time.monotonic() > deadline:
            assert order["status"] == status, f"order stayed {order['status']}"
            return order
        time.sleep(0.05)
