"""Screenshots of keep-alive on autopilot for the README (issue 17): the card's autopilot
dialog, then the main window once a pass has prepared the top-up of the UK card (its line
under the rule says so).

    .venv/bin/python -m tests.support.autopilot_screenshots resources/screenshots

The real app signed in to the embedded sandbox (`main_window_screenshots.signed_in_demo_app`),
offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from tests.support.main_window_screenshots import _save, _wait, signed_in_demo_app

CARD = "card_demo_uk"
"""Due within days in the sandbox: a pass prepares its top-up at once."""


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication([])
    with signed_in_demo_app(1100, 720) as app:
        _wait(lambda: app.window.select_card(CARD))
        screens = app.autopilot
        _wait(lambda: screens.status_label.text() == "Not kept alive automatically.")
        dialog = screens.open_dialog()
        assert dialog is not None
        _wait(lambda: dialog.enabled.isEnabled())
        dialog.enabled.setChecked(True)
        dialog.days.setValue(30)
        dialog.budget.setText("25")
        dialog.show()
        _save(dialog, out / "autopilot-dialog.png")
        dialog.save()
        _wait(lambda: "waits for your payment" in screens.status_label.text())
        _save(app.window, out / "autopilot-card.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
