"""Screenshots of the eSIM card panel in English and 简体中文 for the README.

    sudo .venv/bin/python -m tests.support.euicc_screenshots resources/screenshots

Runs a private pcscd with vpcd's virtual reader (as the tests do: root, pcscd and
vsmartcard-vpcd installed), plugs in the virtual eUICC with three profiles and a pending
notification, shows `EuiccPanel` (offscreen unless QT_QPA_PLATFORM is set) beside a wallet
with one of those numbers, and writes euicc-panel.png and euicc-panel-zh_CN.png.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QWidget

from lebwallet.domain.identifiers import Iccid
from lebwallet.euicc.service import EuiccService
from lebwallet.ui.euicc_panel import EuiccPanel
from lebwallet.ui.i18n import install_language
from lebwallet.ui.tasks import TaskRunner
from tests.domain.builders import card as wallet_card
from tests.doubles.virtual_euicc import StoredNotification, VirtualEuicc
from tests.euicc.conftest import HK_ICCID, UK_ICCID, stock_profiles
from tests.support.pcscd import PcscdDaemon, wait_for_card, why_unavailable


def _wait(until: Callable[[], object], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the panel did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def _save(widget: QWidget, path: Path) -> None:
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)


def main(argv: list[str]) -> int:
    reason = why_unavailable()
    if reason is not None:
        print(f"euicc_screenshots: {reason}", file=sys.stderr)
        return 1
    out = Path(argv[0] if argv else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    with tempfile.TemporaryDirectory() as tmp:
        daemon = PcscdDaemon(Path(tmp))
        runner = TaskRunner()
        try:
            pcscd = daemon.fresh()
            card = VirtualEuicc(profiles=stock_profiles())
            card.notifications.append(
                StoredNotification(3, "install", "rsp.example-operator.com", HK_ICCID)
            )
            card.plug_in(pcscd.port)
            wait_for_card(pcscd.readers[0], present=True)
            panel = EuiccPanel(runner, EuiccService())
            uk = dataclasses.replace(wallet_card(label="UK giffgaff"), iccid=Iccid(UK_ICCID))
            panel.set_wallet_cards([uk])
            panel.resize(900, 420)
            panel.show()
            panel.refresh()
            _wait(lambda: panel.table.rowCount() == 3)
            panel.select_profile(HK_ICCID)
            _save(panel, out / "euicc-panel.png")
            install_language(app, "zh_CN")
            _save(panel, out / "euicc-panel-zh_CN.png")
            card.pull_out()
        finally:
            runner.shutdown()
            daemon.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
