"""Builders for wire cards/orders and domain quotes used by the store tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from lebwallet.domain.channel_orders import ChannelOrder
from lebwallet.domain.identifiers import luhn_check_digit
from lebwallet.domain.money import Money
from lebwallet.domain.recharge import PaymentMethod, Quote
from lebwallet.provider import wire
from lebwallet.provider.convert import order_to_domain
from lebwallet.services.card_rows import prepare_card_page
from lebwallet.store.card_pages import PreparedCard

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
_seq = itertools.count(1)


def iccid(n: int) -> str:
    payload = f"894411{n:012d}"
    return payload + luhn_check_digit(payload)


def wire_card(
    card_id: str = "c1", *, balance: str = "5.00", currency: str = "GBP", **over: Any
) -> wire.Card:
    data: dict[str, Any] = {
        "id": card_id,
        "label": f"Card {card_id}",
        "iccid": iccid(int("".join(ch for ch in card_id if ch.isdigit()) or "0")),
        "msisdn": "+447400123456",
        "carrier": "giffgaff",
        "region": "GB",
        "currency": currency,
        "balance": {"value": balance, "currency": currency},
        "is_esim": False,
        "activation_code": None,
        "keep_alive": {
            "minimum_topup": {"value": "10.00", "currency": currency},
            "period_days": 180,
        },
        "last_qualifying_topup_at": T0,
        "deadline": T0 + timedelta(days=180),
        "status": "active",
        "updated_at": T0,
        "sandbox": True,
    }
    data.update(over)
    return wire.Card.model_validate(data)


def card_rows(*cards: wire.Card) -> list[PreparedCard]:
    """The provider's cards as the store takes them (`upsert_cards`), prepared as a sync
    prepares them."""
    return list(prepare_card_page(cards).cards)


def quote(
    amount: str = "10.00", currency: str = "GBP", *, fee: str = "0", bonus: str = "0"
) -> Quote:
    a = Money.of(amount, currency)
    zero = Money.zero(currency)
    f = Money.of(fee, currency)
    return Quote(
        amount=a,
        discount=zero,
        bonus=Money.of(bonus, currency),
        subtotal=a,
        fx_rate=None,
        fx_quote_id=None,
        converted_subtotal=a,
        fee=f,
        total=a + f,
        credited=a + Money.of(bonus, currency),
        payment_method=PaymentMethod.BANK_CARD,
        pay_currency=currency,
        promotion_id=None,
        promo_code=None,
        promo_code_unverified=False,
        expires_at=None,
        keeps_alive=None,
    )


def new_key() -> str:
    return f"key-{next(_seq):08d}-test"


def wire_order(
    key: str,
    *,
    order_id: str = "o1",
    card_id: str = "c1",
    status: str = "paid",
    amount: str = "10.00",
    currency: str = "GBP",
    updated_at: datetime = T0,
    **over: Any,
) -> wire.Order:
    money = {"value": amount, "currency": currency}
    zero = {"value": "0" if currency == "JPY" else "0.00", "currency": currency}
    data: dict[str, Any] = {
        "id": order_id,
        "card_id": card_id,
        "idempotency_key": key,
        "status": status,
        "payment_method": "bank_card",
        "payment_flow": "redirect",
        "price": {
            "amount": money,
            "discount": zero,
            "bonus": zero,
            "fx_rate": None,
            "fee": zero,
            "total": money,
            "credited_amount": money,
        },
        "promotion_id": None,
        "promo_code": None,
        "checkout_url": "http://127.0.0.1:1/checkout/o1",
        "qr_payload": None,
        "next_action": None,
        "created_at": T0,
        "updated_at": updated_at,
        "expires_at": T0 + timedelta(minutes=30),
        "paid_at": None,
        "credited_at": updated_at if status == "credited" else None,
        "failure_code": "payment_declined" if status == "failed" else None,
        "failure_reason": "declined" if status == "failed" else None,
    }
    if status == "requires_action":
        data["next_action"] = {"type": "authenticate", "url": "http://127.0.0.1:1/auth"}
    data.update(over)
    return wire.Order.model_validate(data)


__all__ = ["T0", "Decimal", "iccid", "new_key", "quote", "wire_card", "wire_order"]


def chan_order(key: str, **over: Any) -> ChannelOrder:
    """`wire_order` as the journal takes it."""
    return order_to_domain(wire_order(key, **over))
