"""Cards the wallet owns in the window: the add-card dialog's "any carrier" tab, the
keep-alive panel (rule, source, last checked, actions) and the log-action dialog."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate

from lebwallet.domain.cards import Card, CardSource
from lebwallet.domain.identifiers import parse_msisdn
from lebwallet.domain.keepalive import ActionKind, KeepAliveAction
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import Settings
from lebwallet.services.wallet import Wallet, WalletConfig
from lebwallet.ui.add_card_dialog import AddCardDialog
from lebwallet.ui.keep_alive_panel import KeepAlivePanel
from lebwallet.ui.log_action_dialog import LogActionDialog
from tests.support.keyrings import MemoryKeyring
from tests.ui.wallet_support import english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 10_000


@pytest.fixture
def wallet(tmp_path: Path) -> Iterator[Wallet]:
    """A wallet with a store and no provider connection (own cards need none)."""
    opened = Wallet(WalletConfig(tmp_path / "wallet", Settings()), CredentialStore(MemoryKeyring()))
    try:
        yield opened
    finally:
        opened.close()


def _own_card(wallet: Wallet) -> Card:
    item = wallet.keep_alive().add_local_card(
        label="UK giffgaff", msisdn=parse_msisdn("+447400123456"), rule_id="giffgaff-gb"
    )
    return item.card


def test_add_a_giffgaff_card_by_national_number(qtbot: Any, runner: Any, wallet: Wallet) -> None:
    dialog = AddCardDialog(runner, wallet)
    qtbot.addWidget(dialog)
    form = dialog.local_form
    qtbot.waitUntil(lambda: form.carriers.count() > 20, timeout=TIMEOUT_MS)
    dialog.show_local_tab()
    assert dialog.ok_button.isEnabled()
    form.number.setText("07400 123456")
    form.label_edit.setText("UK giffgaff")
    form.search.setText("giff")
    assert form.carriers.count() == 1
    form.carriers.setCurrentRow(0)
    assert "6 months" in form.rule_text.text()
    assert "community.giffgaff.com" in form.rule_text.text()
    # The region comes from the carrier: the national number is read as a UK one.
    assert form.region.currentData() == "GB"
    qtbot.waitUntil(lambda: form.region.currentText() == "United Kingdom (GB)", timeout=TIMEOUT_MS)
    with qtbot.waitSignal(dialog.card_bound, timeout=TIMEOUT_MS) as bound:
        dialog.ok_button.click()
    card = bound.args[0]
    assert card.source is CardSource.LOCAL
    assert card.carrier == "giffgaff"
    assert card.msisdn.e164 == "+447400123456"
    assert not card.is_rechargeable


def test_add_a_card_with_an_own_rule(qtbot: Any, runner: Any, wallet: Wallet) -> None:
    dialog = AddCardDialog(runner, wallet)
    qtbot.addWidget(dialog)
    dialog.show_local_tab()
    form = dialog.local_form
    form.number.setText("+852 9123 4567")
    form.label_edit.setText("HK")
    form.use_own.setChecked(True)
    form.every.setValue(3)
    form.unit.setCurrentIndex(form.unit.findData("months"))
    form.minimum.setText("ten")
    dialog.ok_button.click()
    assert "10.00 GBP" in form.message.text()
    form.minimum.setText("50 HKD")
    form.carrier_name.setText("csl")
    with qtbot.waitSignal(dialog.card_bound, timeout=TIMEOUT_MS) as bound:
        dialog.ok_button.click()
    (item,) = wallet.keep_alive().overviews()
    assert item.card.id == bound.args[0].id
    assert item.entry is not None
    assert item.entry.custom
    assert item.rule.minimum_topup is not None
    assert item.rule.minimum_topup.to_wire() == "50.00"
    assert item.card.carrier == "csl"
    assert item.rule.period.count == 3


def test_panel_shows_rule_source_and_last_checked_and_logs_an_sms(
    qtbot: Any, runner: Any, wallet: Wallet
) -> None:
    card = _own_card(wallet)
    panel = KeepAlivePanel(runner, wallet, today=lambda: date(2026, 12, 5))
    qtbot.addWidget(panel)
    panel.show_card(card)
    qtbot.waitUntil(lambda: panel.overview is not None, timeout=TIMEOUT_MS)
    assert "6 months" in panel.rule_label.text()
    assert "an SMS" in panel.rule_label.text()
    assert "community.giffgaff.com" in panel.source_label.text()
    assert "last checked" in panel.source_label.text()
    assert "No qualifying action" in panel.last_label.text()
    assert "number recycled" in panel.stages_label.text()

    dialog = panel.open_log_dialog(kind=ActionKind.SMS)
    assert isinstance(dialog, LogActionDialog)
    assert dialog.message.text() == ""  # today is a day you can log
    assert not dialog.amount.isEnabled()
    dialog.day.setDate(QDate(2026, 8, 31))
    with qtbot.waitSignal(panel.card_changed, timeout=TIMEOUT_MS) as changed:
        dialog.ok_button.click()
    assert changed.args[0].last_day == date(2027, 2, 28)
    qtbot.waitUntil(lambda: panel.actions_list.count() == 1, timeout=TIMEOUT_MS)
    assert "Sent an SMS" in panel.actions_list.item(0).text()
    assert "Last qualifying action" in panel.last_label.text()

    panel.actions_list.setCurrentRow(0)
    action = panel.selected_action()
    assert action is not None
    assert action.id is not None
    with qtbot.waitSignal(panel.card_changed, timeout=TIMEOUT_MS):
        panel.remove_action(action.id)
    qtbot.waitUntil(lambda: panel.actions_list.count() == 0, timeout=TIMEOUT_MS)


def test_a_bad_top_up_amount_is_refused_in_the_dialog(
    qtbot: Any, runner: Any, wallet: Wallet
) -> None:
    card = _own_card(wallet)
    dialog = LogActionDialog(runner, wallet, card, kind=ActionKind.TOPUP)
    qtbot.addWidget(dialog)
    assert dialog.amount.isEnabled()
    dialog.amount.setText("1.234")
    dialog.ok_button.click()
    assert "pound sterling" in dialog.message.text()
    assert wallet.keep_alive().actions(card.id) == []


def test_details_describe_an_own_card_by_its_rule_and_a_provider_card_as_before(
    qtbot: Any, wallet: Wallet
) -> None:
    from lebwallet.ui.card_details import CardDetails
    from tests.domain.builders import card as provider_card

    details = CardDetails()
    qtbot.addWidget(details)
    assert "rule and your actions are shown beside" in details.describe_plan(_own_card(wallet))
    assert details.describe_plan(provider_card()).startswith("Top up at least £10.00")


def test_window_logs_from_the_cards_menu_and_lists_actions_beside_the_history(
    qtbot: Any, runner: Any, wallet: Wallet
) -> None:
    from lebwallet.ui.main_window import MainWindow

    card = _own_card(wallet)
    window = MainWindow(runner, wallet)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.cards_changed, timeout=TIMEOUT_MS):
        window.load_cards()
    qtbot.waitUntil(lambda: window.select_card(card.id), timeout=TIMEOUT_MS)
    assert window.log_action_action in window.cards_menu.actions()
    assert window.log_action_action in window.table.actions()  # the context menu
    assert window.log_action_action.isEnabled()
    assert window.recharge_action.isEnabled()  # a number: through Reloadly (the app says how)
    qtbot.waitUntil(lambda: window.keep_alive_panel.overview is not None, timeout=TIMEOUT_MS)
    window.log_action_action.trigger()
    dialog = window.findChild(LogActionDialog)
    assert dialog is not None
    dialog.kind.setCurrentIndex(dialog.kind.findData("data"))
    with qtbot.waitSignal(window.cards_changed, timeout=TIMEOUT_MS):
        dialog.ok_button.click()
    window.tabs.setCurrentWidget(window.actions_view)
    qtbot.waitUntil(lambda: window.actions_view.tree.topLevelItemCount() == 1, timeout=TIMEOUT_MS)
    row = window.actions_view.tree.topLevelItem(0)
    assert row is not None
    assert row.text(1) == "UK giffgaff"
    assert row.text(2) == "Used mobile data"


def test_a_double_click_on_an_own_card_asks_for_its_top_up(
    qtbot: Any, runner: Any, wallet: Wallet
) -> None:
    """A double click asks the app to top the card up (through Reloadly, when there is an
    account; without one the app says where to add it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from lebwallet.ui.main_window import MainWindow

    card = _own_card(wallet)
    window = MainWindow(runner, wallet)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.cards_changed, timeout=TIMEOUT_MS):
        window.load_cards()
    qtbot.waitUntil(lambda: window.select_card(card.id), timeout=TIMEOUT_MS)
    cell = window.table.visualRect(window.table.model().index(0, 0)).center()
    with qtbot.waitSignal(window.recharge_requested, timeout=TIMEOUT_MS) as asked:
        QTest.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        QTest.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert asked.args == [card.id, False]


def test_rename_and_remove_an_own_card_without_the_provider(wallet: Wallet) -> None:
    card = _own_card(wallet)
    renamed = wallet.rename_card(card.id, "Giffgaff spare")
    assert renamed.label == "Giffgaff spare"
    assert [c.label for c in wallet.load_cards().cards] == ["Giffgaff spare"]
    wallet.unbind_card(card.id)
    assert wallet.load_cards().cards == ()
    assert wallet._client is None  # the provider was never asked


def test_settings_show_the_calendar_files_path(qtbot: Any, tmp_path: Path) -> None:
    from lebwallet.ui.settings_dialog import SettingsDialog

    path = tmp_path / "deadlines.ics"
    dialog = SettingsDialog(Settings(), calendar_path=path)
    qtbot.addWidget(dialog)
    assert dialog.calendar_path.text() == str(path)
    assert dialog.calendar_path.isReadOnly()


def test_own_rule_overrides_the_catalogues_for_the_carrier(
    qtbot: Any, runner: Any, wallet: Wallet
) -> None:
    from lebwallet.ui.rule_dialog import RuleDialog

    card = _own_card(wallet)
    service = wallet.keep_alive()
    service.log_action(card.id, KeepAliveAction(ActionKind.SMS, date(2026, 8, 31)))
    panel = KeepAlivePanel(runner, wallet, today=lambda: date(2026, 12, 5))
    qtbot.addWidget(panel)
    panel.show_card(card)
    qtbot.waitUntil(lambda: panel.overview is not None, timeout=TIMEOUT_MS)
    assert not panel.rule_button.isHidden()
    dialog = panel.open_rule_dialog()
    assert isinstance(dialog, RuleDialog)
    assert "replaces the catalogue's rule for giffgaff" in dialog.scope.text()
    for box in dialog.action_boxes.values():
        box.setChecked(False)
    dialog.save_button.click()
    assert "at least one action" in dialog.message.text()
    dialog.action_boxes[ActionKind.SMS].setChecked(True)
    dialog.every.setValue(3)
    with qtbot.waitSignal(panel.card_changed, timeout=TIMEOUT_MS) as changed:
        dialog.save_button.click()
    assert changed.args[0].last_day == date(2026, 11, 30)  # 31 Aug + 3 months
    giffgaff = next(e for e in service.catalogue() if e.id == "giffgaff-gb")
    assert giffgaff.custom
    assert giffgaff.rule.actions == {ActionKind.SMS}
    assert giffgaff.rule.source_url is None
    qtbot.waitUntil(lambda: "Your own rule" in panel.source_label.text(), timeout=TIMEOUT_MS)


def test_a_top_up_made_in_the_wallet_is_told_with_its_order_not_as_elsewhere() -> None:
    from lebwallet.domain.money import Money
    from lebwallet.ui.keep_alive_panel import describe_action

    made_here = KeepAliveAction(
        ActionKind.TOPUP, date(2026, 6, 13), Money.of("20", "GBP"), order="o-1234"
    )
    text = describe_action(made_here)
    assert "Topped up in the wallet" in text
    assert "o-1234" in text
    assert "elsewhere" not in text
    logged = KeepAliveAction(ActionKind.TOPUP, date(2026, 6, 13), Money.of("20", "GBP"))
    assert "Topped up elsewhere" in describe_action(logged)


def test_the_panel_follows_the_selected_card_when_it_changes(
    qtbot: Any, runner: Any, wallet: Wallet
) -> None:
    """A change of the selected card (a credit, an action logged elsewhere) shows in the panel
    at the next load of the cards, not only after another card was selected."""
    from lebwallet.ui.main_window import MainWindow

    card = _own_card(wallet)
    window = MainWindow(runner, wallet)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.cards_changed, timeout=TIMEOUT_MS):
        window.load_cards()
    qtbot.waitUntil(lambda: window.select_card(card.id), timeout=TIMEOUT_MS)
    panel = window.keep_alive_panel
    qtbot.waitUntil(lambda: panel.overview is not None, timeout=TIMEOUT_MS)
    assert "No qualifying action" in panel.last_label.text()
    today = wallet.keep_alive().today()
    wallet.keep_alive().log_action(card.id, KeepAliveAction(ActionKind.SMS, today))
    with qtbot.waitSignal(window.cards_changed, timeout=TIMEOUT_MS):
        window.load_cards()
    qtbot.waitUntil(lambda: "Sent an SMS" in panel.last_label.text(), timeout=TIMEOUT_MS)


def test_a_day_after_today_is_refused_in_words_not_changed(
    qtbot: Any, runner: Any, wallet: Wallet
) -> None:
    card = _own_card(wallet)
    dialog = LogActionDialog(runner, wallet, card, kind=ActionKind.SMS, today=date(2026, 12, 5))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.day.setFocus()
    dialog.day.selectAll()
    qtbot.keyClicks(dialog.day, "2026-12-31")
    assert dialog.day.date() == QDate(2026, 12, 31)  # what was typed, not a day it chose
    assert "after today" in dialog.message.text()  # said at once
    dialog.ok_button.click()
    assert "after today" in dialog.message.text()
    assert "2026-12-31" in dialog.message.text()
    assert dialog.isVisible()
    assert wallet.keep_alive().actions(card.id) == []


def test_an_own_rule_without_a_carrier_name_is_told_in_the_users_language(
    qapp: Any, wallet: Wallet, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from lebwallet.domain.keepalive import Period, PeriodUnit
    from lebwallet.ui.cards_model import CardsModel, Column
    from lebwallet.ui.i18n import install_language
    from tests.ui.wallet_support import wallet_qm_dir

    item = wallet.keep_alive().add_local_card(
        label="HK", msisdn=parse_msisdn("+85291234567"), every=Period(3, PeriodUnit.MONTHS)
    )
    model = CardsModel()
    model.set_cards([item.card])
    index = model.index(0, Column.CARRIER)
    assert model.data(index) == "own rule, no carrier named · HK"
    install_language(qapp, "zh_CN", wallet_qm_dir(tmp_path_factory))
    try:
        model.retranslate()  # as the window does on a change of language
        shown = model.data(index)
        assert "own rule" not in shown
        assert shown.startswith("自定义规则")
    finally:
        install_language(qapp, "en", wallet_qm_dir(tmp_path_factory))


def test_a_national_number_with_no_region_is_refused_and_a_region_chosen_stays(
    qtbot: Any, runner: Any, wallet: Wallet
) -> None:
    dialog = AddCardDialog(runner, wallet)
    qtbot.addWidget(dialog)
    form = dialog.local_form
    qtbot.waitUntil(lambda: form.carriers.count() > 20, timeout=TIMEOUT_MS)
    dialog.show_local_tab()
    form.number.setText("07400 123456")
    form.label_edit.setText("UK")
    # A region chosen by hand is not replaced by the carrier's.
    form.region.setCurrentIndex(0)
    form.region.activated.emit(0)
    form.search.setText("giff")
    form.carriers.setCurrentRow(0)
    assert form.region.currentData() == ""
    dialog.ok_button.click()
    assert "region" in form.message.text()
    assert wallet.keep_alive().overviews() == []


def test_the_regions_are_named_in_the_users_language(
    qtbot: Any, runner: Any, wallet: Wallet, qapp: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from lebwallet.ui.i18n import install_language
    from tests.ui.wallet_support import wallet_qm_dir

    dialog = AddCardDialog(runner, wallet)
    qtbot.addWidget(dialog)
    region = dialog.local_form.region

    def text_of(code: str) -> str:
        return region.itemText(region.findData(code))

    qtbot.waitUntil(lambda: text_of("GB") == "United Kingdom (GB)", timeout=TIMEOUT_MS)
    assert text_of("AC") == "Ascension Island (AC)"
    assert region.itemData(0) == ""  # "International" first, then by name
    assert region.itemText(1) == "Afghanistan (AF)"  # by name, not by code (AC)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.local_form)
    region.setCurrentIndex(region.findData("GB"))
    shown = region.fontMetrics().horizontalAdvance("United Kingdom (GB)")
    # the name is not cut, whatever room the dialog gives the number
    assert region.minimumSizeHint().width() > shown
    install_language(qapp, "zh_CN", wallet_qm_dir(tmp_path_factory))
    try:
        qtbot.waitUntil(lambda: text_of("GB") == "英国（GB）", timeout=TIMEOUT_MS)
        assert text_of("HK") == "香港（HK）"
    finally:
        install_language(qapp, "en", wallet_qm_dir(tmp_path_factory))


def test_every_region_has_a_name_that_reads_right_in_both_languages() -> None:
    from lebwallet.ui.i18n_tools import chinese_typography_problems
    from lebwallet.ui.region_names import region_codes, region_names

    chinese, english_names = region_names("zh"), region_names("en")
    assert set(chinese) == set(english_names) == set(region_codes())
    for code in region_codes():
        for name in (chinese[code], english_names[code]):
            assert name != code, code
            assert not name.startswith("*"), code
        assert chinese_typography_problems(chinese[code]) == [], code
