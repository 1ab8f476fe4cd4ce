"""Screenshots of the Reloadly channel for the README: the account dialog after "Test
connection", and the recharge wizard topping up a UK number of the user's own through
Reloadly (the amount page with the operator detected, then the credited result).

    .venv/bin/python -m tests.support.reloadly_screenshots resources/screenshots

Real widgets against the Reloadly double over loopback, an in-memory keyring, a temporary
data directory, offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from lebwallet.cli import main as cli
from lebwallet.services.channel_accounts import add_reloadly
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.keepalive import KeepAliveService
from lebwallet.services.recharge_routes import RoutedRechargeBackend
from lebwallet.services.reloadly_recharge import ReloadlyRechargeBackend
from lebwallet.services.reloadly_topup import ReloadlyTopUps
from lebwallet.services.settings import ReloadlyAccount, load_settings
from lebwallet.store import default_sqlite_url, open_store
from lebwallet.ui.recharge_wizard import NO_CHECKOUT, RechargeWizard
from lebwallet.ui.reloadly_account_dialog import ReloadlyAccountDialog
from lebwallet.ui.tasks import TaskRunner
from tests.doubles.reloadly import ReloadlyDouble
from tests.support.keyrings import MemoryKeyring
from tests.support.main_window_screenshots import _save, _wait


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication([])
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    runner = TaskRunner()
    with tempfile.TemporaryDirectory() as tmp, ReloadlyDouble(processing_seconds=0.3) as double:
        data_dir = Path(tmp)
        sys.stdin = io.StringIO("")
        cli(["--data-dir", tmp, "cards", "add", "--msisdn", "+447400123456",
             "--label", "UK giffgaff", "--carrier", "giffgaff-gb"])  # fmt: skip
        credentials = CredentialStore(MemoryKeyring())
        account = ReloadlyAccountDialog(runner, data_dir, credentials)
        account.client_id.setText(double.client_id)
        account.secret.setText(double.client_secret)
        account.advanced.setChecked(True)
        account.auth_url.setText(double.url)
        account.api_url.setText(double.url)
        account.show()
        account.test_button.click()
        _wait(lambda: "balance is" in account.connection.text())
        _save(account, out / "reloadly-account.png")
        account.close()
        add_reloadly(
            data_dir,
            credentials,
            ReloadlyAccount(client_id=double.client_id, auth_url=double.url, api_url=double.url),
            double.client_secret,
        )
        store = open_store(default_sqlite_url(data_dir), backup_dir=data_dir / "backups")
        topups = ReloadlyTopUps(load_settings(data_dir).settings, credentials, lambda: store)
        try:
            card = KeepAliveService(store, data_dir=data_dir).find_card("UK giffgaff").card
            backend = RoutedRechargeBackend(store, [ReloadlyRechargeBackend(topups, store)])
            wizard = RechargeWizard(backend, runner, NO_CHECKOUT, card_id=card.id)
            wizard.resize(640, 700)
            wizard.show()
            next_button = wizard.button(wizard.WizardButton.NextButton)
            _wait(next_button.isEnabled)
            wizard.next()
            _wait(lambda: wizard.flow.options is not None)
            wizard.amount_page.amount_edit.setText("7.90")
            _wait(wizard.amount_page.isComplete)
            _save(wizard, out / "reloadly-topup.png")
            wizard.next()
            _wait(wizard.confirm_page.isComplete)
            wizard.next()
            wizard.pay_page.pay_button.click()
            _wait(lambda: wizard.order is not None and wizard.order.status.is_final)
            _wait(lambda: "credited" in wizard.result_page.headline.text())
            _save(wizard, out / "reloadly-result.png")
            wizard.close()
        finally:
            runner.shutdown()
            topups.close()
            store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
