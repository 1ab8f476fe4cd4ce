"""The provider's cards and account made ready for the store: values and the domain's
verdict, per card; the profile as plain fields."""

from __future__ import annotations

from lebwallet.provider import wire
from lebwallet.services.card_rows import (
    account_profile,
    card_values,
    prepare_card,
    prepare_card_page,
)
from lebwallet.store.writes import AccountProfile
from tests.store.factories import T0, wire_card


def unfit_balance(card: wire.Card) -> wire.Card:
    """`card` with a balance of three decimals in GBP (past the wire's own check)."""
    balance = wire.WireMoney.model_construct(value="1.234", currency="GBP")
    return card.model_copy(update={"balance": balance})


def test_a_card_the_domain_accepts_gets_its_values() -> None:
    card = wire_card("c1", balance="7.50", label="  Mine  ")
    prepared = prepare_card(card)
    assert prepared.problem is None
    assert prepared.values == card_values(card)
    assert prepared.values is not None
    assert prepared.values["balance_minor"] == 750
    assert prepared.values["label"] == "  Mine  "  # as the provider sent it


def test_a_card_the_domain_refuses_keeps_its_values_and_the_reason() -> None:
    card = wire_card("c3", iccid="89441100000000000019")  # wrong Luhn digit
    prepared = prepare_card(card)
    assert prepared.values == card_values(card)
    assert prepared.problem is not None
    assert "Luhn" in prepared.problem


def test_an_amount_that_does_not_fit_comes_before_the_domains_reason() -> None:
    for card in (
        unfit_balance(wire_card("c5")),
        unfit_balance(wire_card("c6", iccid="89441100000000000019")),
    ):
        prepared = prepare_card(card)
        assert prepared.values is None
        assert prepared.problem is not None
        assert "decimal places" in prepared.problem


def test_a_page_keeps_the_cards_ids_in_order() -> None:
    page = prepare_card_page([wire_card("c1"), wire_card("c2")])
    assert [p.id for p in page.cards] == ["c1", "c2"]


def test_the_account_becomes_the_stores_plain_profile() -> None:
    acc = wire.Account.model_validate(
        {
            "profile": {
                "id": "a1",
                "name": "Li",
                "email": "li@example.com",
                "phone": None,
                "default_payment_method": "alipay",
                "profile_complete": False,
                "missing_fields": ["phone"],
                "created_at": T0,
            },
            "limits": {"day_resets_at": T0, "month_resets_at": T0, "currencies": []},
        }
    )
    assert account_profile(acc) == AccountProfile(
        id="a1",
        name="Li",
        email="li@example.com",
        phone=None,
        default_payment_method="alipay",
        profile_complete=False,
        missing_fields=("phone",),
        created_at=T0,
    )
