"""Screenshots of a card of your own for the README: the add-card dialog's "any carrier" tab
and the main window with a giffgaff number kept by an SMS.

    .venv/bin/python -m tests.support.own_card_screenshots resources/screenshots

Runs the real app like `tests.support.main_window_screenshots` (embedded sandbox, in-memory
keyring, a temporary data directory, offscreen unless QT_QPA_PLATFORM is set).
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from lebwallet.clock import utc_today
from lebwallet.domain.identifiers import parse_msisdn
from lebwallet.domain.keepalive import ActionKind, KeepAliveAction
from tests.support.main_window_screenshots import _save, _wait, signed_in_demo_app


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication([])
    with signed_in_demo_app(1100, 820) as app:
        service = app.wallet.keep_alive()
        item = service.add_local_card(
            label="UK giffgaff", msisdn=parse_msisdn("+447400123456"), rule_id="giffgaff-gb"
        )
        sms_day = utc_today() - timedelta(days=150)
        service.log_action(item.card.id, KeepAliveAction(ActionKind.SMS, sms_day))
        app.window.load_cards()
        _wait(lambda: app.window.cards_model.rowCount() == 4)
        _wait(lambda: app.window.select_card(item.card.id))
        _wait(lambda: app.window.keep_alive_panel.overview is not None)
        _save(app.window, out / "own-card.png")

        dialog = app.window.add_card()
        form = dialog.local_form
        _wait(lambda: form.carriers.count() > 0)
        dialog.show_local_tab()
        form.number.setText("07700 900123")
        form.region.setCurrentIndex(form.region.findData("GB"))
        form.label_edit.setText("UK spare")
        form.search.setText("GB")
        form.select_carrier("three-payg-gb")
        dialog.resize(620, 620)
        _save(dialog, out / "add-own-card.png")
        dialog.reject()

        app.update_settings(app.settings.model_copy(update={"language": "zh_CN"}))
        _wait(lambda: app.window.tabs.tabText(0) == "卡片")
        _wait(lambda: app.window.keep_alive_panel.title() == "保号规则与记录")
        _save(app.window, out / "own-card-zh_CN.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
