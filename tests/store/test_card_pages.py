"""A page of provider cards prepared to store: values and the domain's verdict, per card."""

from __future__ import annotations

from lebwallet.provider import wire
from lebwallet.store.card_pages import card_values, prepare_card, prepare_card_page
from tests.store.factories import wire_card


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


def test_a_prepared_page_is_taken_as_it_is() -> None:
    page = prepare_card_page([wire_card("c1"), wire_card("c2")])
    assert [p.card.id for p in page.cards] == ["c1", "c2"]
    assert prepare_card_page(page) is page
