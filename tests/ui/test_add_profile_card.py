"""An eSIM profile with no wallet card, offered as a new card: the add-card dialog's own-card
tab filled in (ICCID, label, the carrier guessed from the profile's operator), added only
when the user presses OK."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lebwallet.domain.cards import CardSource
from lebwallet.euicc.profiles import EuiccProfile, ProfileClass, ProfileState
from lebwallet.services.carriers import shipped_catalogue
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import Settings
from lebwallet.services.wallet import Wallet, WalletConfig
from lebwallet.ui.add_card_dialog import AddCardDialog
from lebwallet.ui.local_card_form import LocalCardForm
from tests.doubles.virtual_euicc import make_iccid
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 10_000
ICCID = make_iccid("894411000000000009")


def profile(service_provider: str, *, name: str = "", nickname: str = "") -> EuiccProfile:
    return EuiccProfile(
        ICCID,
        ProfileState.DISABLED,
        ProfileClass.OPERATIONAL,
        name=name,
        nickname=nickname,
        service_provider=service_provider,
    )


@pytest.fixture
def wallet(tmp_path: Path) -> Iterator[Wallet]:
    opened = Wallet(WalletConfig(tmp_path / "wallet", Settings()), CredentialStore(MemoryKeyring()))
    try:
        yield opened
    finally:
        opened.close()


def test_the_guess_survives_the_catalogue_arriving_later(qtbot: Any) -> None:
    form = LocalCardForm()
    qtbot.addWidget(form)
    form.prefill(ICCID, "UK", "giffgaff")
    assert form.selected_entry() is None
    assert form.hint.text() == "The eSIM profile's operator is giffgaff: choose its carrier below."

    form.set_entries(shipped_catalogue())

    selected = form.selected_entry()
    assert selected is not None
    assert selected.id == "giffgaff-gb"
    assert form.hint.text().startswith("The eSIM profile's operator is giffgaff; the carrier")


def test_the_guess_with_the_catalogue_already_there(qtbot: Any) -> None:
    form = LocalCardForm()
    qtbot.addWidget(form)
    form.set_entries(shipped_catalogue())
    form.search.setText("GB")
    form.prefill(ICCID, "US", "Ultra Mobile")
    selected = form.selected_entry()
    assert selected is not None
    assert selected.id == "ultra-mobile-us"
    assert form.search.text() == ""


def test_an_ambiguous_operator_leaves_the_choice_to_the_user(qtbot: Any) -> None:
    form = LocalCardForm()
    qtbot.addWidget(form)
    form.prefill(ICCID, "Vodafone", "Vodafone")
    form.set_entries(shipped_catalogue())
    assert form.selected_entry() is None
    assert "choose its carrier below" in form.hint.text()
    assert form.collect() is None
    assert form.message.text() == "Choose the carrier, or write your own rule."


def test_the_dialog_is_filled_in_and_adds_nothing_until_ok(
    qtbot: Any, runner: Any, wallet: Wallet
) -> None:
    dialog = AddCardDialog(runner, wallet)
    qtbot.addWidget(dialog)
    form = dialog.local_form

    dialog.offer_profile(profile("giffgaff", name="giffgaff", nickname="UK spare"))

    assert dialog.local_tab
    assert form.carriers.count() == 0  # the catalogue is still on its way
    assert form.number.text() == ICCID
    assert form.label_edit.text() == "UK spare"
    qtbot.waitUntil(lambda: form.carriers.count() > 20, timeout=TIMEOUT_MS)
    selected = form.selected_entry()
    assert selected is not None
    assert selected.id == "giffgaff-gb"
    assert wallet.keep_alive().overviews() == []

    with qtbot.waitSignal(dialog.card_bound, timeout=TIMEOUT_MS) as bound:
        dialog.ok_button.click()

    card = bound.args[0]
    assert card.source is CardSource.LOCAL
    assert card.iccid is not None
    assert card.iccid.value == ICCID
    assert card.label == "UK spare"
    assert card.carrier == "giffgaff"


def test_the_label_is_the_name_without_a_nickname(qtbot: Any, runner: Any, wallet: Wallet) -> None:
    dialog = AddCardDialog(runner, wallet)
    qtbot.addWidget(dialog)
    dialog.offer_profile(profile("Lebara", name="Lebara UK"))
    assert dialog.local_form.label_edit.text() == "Lebara UK"
    qtbot.waitUntil(lambda: dialog.local_form.carriers.count() > 20, timeout=TIMEOUT_MS)
    assert dialog.local_form.selected_entry() is None
