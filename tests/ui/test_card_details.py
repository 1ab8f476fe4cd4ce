"""CardDetails: plan in words, deadline, balance chart, eSIM activation with copy buttons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtGui import QGuiApplication

from lebwallet.domain.identifiers import ActivationCode
from lebwallet.domain.money import Money
from lebwallet.ui.card_details import CardDetails
from tests.domain.builders import NOW, card, plan
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")
LPA = "LPA:1$smdp.example.com$ABCD-1234-EFGH-5678"


@pytest.fixture
def details(qtbot):
    widget = CardDetails(today=lambda: NOW.date())
    qtbot.addWidget(widget)
    return widget


def test_plan_and_deadline_in_words(details):
    details.show_card(card(last_topup=NOW - timedelta(days=176)))
    assert details.plan_text() == "Top up at least £10.00 every 180 days."
    assert "4 days left" in details.deadline_text()
    assert details.qr.payload == ""


def test_plan_with_minimum_balance(details):
    details.show_card(card(keep_alive=plan(min_balance="2.00")))
    assert "Keep at least £2.00 on the balance." in details.plan_text()


def test_esim_shows_qr_and_copies(qtbot, details):
    code = ActivationCode.parse(LPA)
    details.show_card(card(is_esim=True, activation_code=code))
    assert details.qr.payload == LPA
    with qtbot.wait_signal(details.copied):
        details._copy_smdp.click()
    assert QGuiApplication.clipboard().text() == "smdp.example.com"
    details._copy_matching.click()
    assert QGuiApplication.clipboard().text() == "ABCD-1234-EFGH-5678"
    details._copy_lpa.click()
    assert QGuiApplication.clipboard().text() == LPA


def test_balance_series_only_for_the_shown_card(details):
    details.show_card(card(card_id="a"))
    points = [(NOW, Money.of("5.00", "GBP"))]
    details.set_balance_series("other", points)
    assert details.chart.points == ()
    details.set_balance_series("a", points)
    assert len(details.chart.points) == 1


def test_no_card_shows_hint(details):
    details.show_card(card())
    details.show_card(None)
    assert details.card is None
    assert details.qr.payload == ""


def test_the_number_is_masked_until_revealed_and_copied_in_full(qtbot, details):
    full = card()
    details.show_card(full)
    assert full.msisdn is not None
    assert full.iccid is not None
    assert full.msisdn.e164 not in details.number_text().replace(" ", "")
    assert full.msisdn.masked in details.number_text()
    assert details.reveal_button.text() == "Show number"

    details.reveal_button.click()
    assert details.number_revealed
    assert full.msisdn.international in details.number_text()
    assert full.iccid.grouped in details.number_text()
    assert details.reveal_button.text() == "Hide number"

    with qtbot.wait_signal(details.copied) as copied:
        details.copy_number_button.click()
    assert QGuiApplication.clipboard().text() == full.msisdn.e164
    assert copied.args == ["Phone number"]

    details.reveal_button.click()  # hidden again
    assert full.msisdn.masked in details.number_text()


def test_a_revealed_number_is_masked_again_for_another_card(details):
    details.show_card(card(card_id="a"))
    details.toggle_number()
    details.show_card(card(card_id="a"))  # the same card refreshed: stays revealed
    assert details.number_revealed
    other = card(card_id="b", with_msisdn=False)
    details.show_card(other)
    assert not details.number_revealed
    assert other.iccid is not None
    assert other.iccid.masked in details.number_text()


def test_copy_number_copies_the_iccid_when_there_is_no_phone_number(details):
    only_iccid = card(with_msisdn=False)
    details.show_card(only_iccid)
    details.copy_number_button.click()
    assert only_iccid.iccid is not None
    assert QGuiApplication.clipboard().text() == only_iccid.iccid.value
