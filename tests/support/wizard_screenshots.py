"""Screenshots of the recharge wizard's amount, confirm and pay pages for the README.

    .venv/bin/python -m tests.support.wizard_screenshots resources/screenshots

Runs the real wizard against a temporary sandbox (offscreen unless QT_QPA_PLATFORM is set)
and writes recharge-amount.png, recharge-confirm.png and recharge-pay.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lebwallet.domain.flow_values import Step
from lebwallet.domain.recharge import PaymentMethod
from tests.support.wizard_driver import (
    enter_amount,
    pay,
    to_amount,
    to_confirm,
    wait_step,
    wizard_env,
)


class _Bot:
    """The few QtBot methods the wizard driver uses, outside pytest."""

    def __init__(self) -> None:
        self.widgets: list[QWidget] = []

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802 (QtBot's name)
        self.widgets.append(widget)

    def waitUntil(self, callback: Callable[[], object], timeout: int = 5000) -> None:  # noqa: N802
        deadline = time.monotonic() + timeout / 1000
        while not callback():
            if time.monotonic() > deadline:
                raise TimeoutError("the wizard did not get there in time")
            QApplication.processEvents()
            time.sleep(0.01)

    def mouseClick(self, widget: QWidget, button: Qt.MouseButton) -> None:  # noqa: N802
        QTest.mouseClick(widget, button)


def _save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    qtbot = cast(QtBot, _Bot())
    with tempfile.TemporaryDirectory() as tmp:
        for env in wizard_env(Path(tmp), qtbot, credit_delay=30.0):
            wizard = env.wizard(qtbot)
            wizard.resize(640, 720)
            to_amount(qtbot, wizard)
            enter_amount(qtbot, wizard, "20", PaymentMethod.BANK_CARD, promo="")
            _save(wizard, out / "recharge-amount.png")
            to_confirm(qtbot, wizard)  # the provider has priced the order
            _save(wizard, out / "recharge-confirm.png")
            wizard.next()
            wait_step(qtbot, wizard, Step.PAY)
            pay(qtbot, wizard)
            _save(wizard, out / "recharge-pay.png")
            wizard.reject()
            wizard.deleteLater()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
