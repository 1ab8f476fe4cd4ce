"""Adding a card: validation as you type (ICCID with Luhn, phone numbers) and binding."""

from __future__ import annotations

import pytest

from lebwallet.domain.identifiers import Iccid, Msisdn
from lebwallet.ui.add_card_dialog import AddCardDialog, Level, validate_card_input
from tests.ui.layout_support import assert_not_squashed
from tests.ui.wallet_support import english, signed_in_wallet  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

SPARE_UK_ICCID = "8944100000000001081"  # the sandbox's spare UK card
TIMEOUT_MS = 10_000


@pytest.mark.parametrize(
    ("text", "level", "kind", "fragment"),
    [
        ("", Level.EMPTY, None, "Type the ICCID"),
        ("8944 1100 6825 6270 054", Level.OK, Iccid, "check digit correct"),
        ("894411006825627005", Level.WARNING, Iccid, "no check digit"),
        ("8944110068256270055", Level.ERROR, None, "should be 4"),
        ("89441100", Level.ERROR, None, "this one has 8"),
        ("+44 7400 123456", Level.OK, Msisdn, "+44 7400 123456"),
        ("+44 20 7946 0958", Level.WARNING, Msisdn, "mobile"),
        (
            "+44 74x0",
            Level.ERROR,
            None,
            "Only digits, spaces, '+', '-' and brackets are allowed, not “x”.",
        ),
        ("８９４４ １１００ ６８２５ ６２７０ ０５４", Level.OK, Iccid, "check digit correct"),
        ("＋４４ ７４００ １２３４５６", Level.OK, Msisdn, "+44 7400 123456"),
        ("+44 ７4OO", Level.ERROR, None, "not “O”."),
        ("12345", Level.ERROR, None, "country code"),
    ],
)
def test_validation_messages(text, level, kind, fragment):
    check = validate_card_input(text)
    assert check.level is level
    assert fragment in check.message
    if kind is None:
        assert check.identifier is None
    else:
        assert isinstance(check.identifier, kind)


def test_ok_enabled_only_for_acceptable_input(qtbot, runner, tmp_path):
    with signed_in_wallet(tmp_path, synced=False) as wallet:
        dialog = AddCardDialog(runner, wallet)
        qtbot.addWidget(dialog)
        assert not dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.number, "8944110068256270055")
        assert not dialog.ok_button.isEnabled()
        assert "should be 4" in dialog.message.text()
        dialog.number.setText("894411006825627005")
        assert dialog.ok_button.isEnabled()
        assert dialog.check.level is Level.WARNING


def test_binds_a_card_at_the_provider(qtbot, runner, tmp_path):
    with signed_in_wallet(tmp_path, synced=True) as wallet:
        dialog = AddCardDialog(runner, wallet)
        qtbot.addWidget(dialog)
        dialog.number.setText(SPARE_UK_ICCID)
        dialog.label_edit.setText("Spare")
        with qtbot.wait_signal(dialog.card_bound, timeout=TIMEOUT_MS) as bound:
            dialog.ok_button.click()
        card = bound.args[0]
        assert card.id == "card_spare_uk"
        assert card.label == "Spare"
        assert [c.id for c in wallet.load_cards().cards].count("card_spare_uk") == 1


def test_refusal_keeps_the_dialog_open(qtbot, runner, tmp_path):
    with signed_in_wallet(tmp_path, synced=True) as wallet:
        dialog = AddCardDialog(runner, wallet)
        qtbot.addWidget(dialog)
        dialog.show()
        uk = next(c for c in wallet.load_cards().cards if c.id == "card_demo_uk")
        assert uk.iccid is not None
        dialog.number.setText(uk.iccid.value)
        with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
            dialog.ok_button.click()
        assert dialog.isVisible()
        assert dialog.bound_card is None
        assert dialog.message.text() == (
            "The card could not be added: This card is already added to an account."
        )
        assert dialog.number.isEnabled()


def test_an_unknown_card_is_explained_in_words(qtbot, runner, tmp_path):
    with signed_in_wallet(tmp_path, synced=True) as wallet:
        dialog = AddCardDialog(runner, wallet)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.number.setText("+44 7400 999999")
        with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
            dialog.ok_button.click()
        assert dialog.message.text() == (
            "The card could not be added: The provider knows no card with this number. "
            "Check it on the SIM card."
        )


def test_a_message_does_not_squash_the_fields(qtbot, runner, tmp_path):
    with signed_in_wallet(tmp_path, synced=True) as wallet:
        dialog = AddCardDialog(runner, wallet)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.resize(dialog.minimumSizeHint())
        dialog.number.setText("+44 7400 999999")
        with qtbot.wait_signal(runner.idle, timeout=TIMEOUT_MS):
            dialog.ok_button.click()
        qtbot.wait(50)
        assert_not_squashed(dialog)


def test_a_label_too_long_is_refused_in_words_not_cut(qtbot, runner, tmp_path):
    """The issue: labels longer than the limit were cut silently."""
    with signed_in_wallet(tmp_path, synced=True) as wallet:
        dialog = AddCardDialog(runner, wallet)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.number.setText(SPARE_UK_ICCID)
        dialog.label_edit.setText("My spare UK card for the bank codes, kept alive")
        assert dialog.label_edit.text() == "My spare UK card for the bank codes, kept alive"
        assert dialog.field_messages.message(dialog.label_edit) == (
            "A label has at most 40 characters; this one has 47."
        )
        assert not dialog.ok_button.isEnabled()
        dialog.label_edit.setText("ＵＫ spare")
        assert dialog.field_messages.message(dialog.label_edit) == ""
        with qtbot.wait_signal(dialog.card_bound, timeout=TIMEOUT_MS) as bound:
            dialog.ok_button.click()
        assert bound.args[0].label == "UK spare"
