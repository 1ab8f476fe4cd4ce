"""Screenshots of support about an order for the README (issue 17): the form opened from a
failed order's details, with the order's facts filled in, and the Support view with the
sandbox agent's answer.

    .venv/bin/python -m tests.support.support_screenshots resources/screenshots

Real widgets against a sandbox over loopback that answers at once, a real SQLite store in a
temporary directory, offscreen unless QT_QPA_PLATFORM is set.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from lebwallet.domain.support import SupportTopic
from lebwallet.provider.client import ProviderClient
from lebwallet.sandbox.config import SandboxConfig
from lebwallet.services.support_backend import ServiceSupportBackend
from lebwallet.services.sync import SyncService
from lebwallet.store import default_sqlite_url, open_store
from lebwallet.store.queries import order_by_provider_id
from lebwallet.ui.support_screens import SupportScreens
from lebwallet.ui.tasks import TaskRunner
from tests.support.main_window_screenshots import _save, _wait
from tests.support.sandbox import running_sandbox

FAILED_ORDER = "ord_seed_acct_demo_0000005"


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication([])
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    runner = TaskRunner()
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_sandbox(Path(tmp) / "sandbox", config=SandboxConfig(support_delay=0)) as sandbox,
    ):
        store = open_store(default_sqlite_url(Path(tmp) / "data"))
        login = ProviderClient(sandbox.url)
        tokens = login.login(sandbox.email, sandbox.password)
        login.close()

        def new_client() -> ProviderClient:
            return ProviderClient(sandbox.url, tokens=tokens)

        try:
            SyncService(new_client(), store).sync_all()
            with store.session(readonly=True) as session:
                record = order_by_provider_id(session, FAILED_ORDER)
            assert record is not None
            window = QMainWindow()
            backend = ServiceSupportBackend(new_client, store)
            screens = SupportScreens(lambda: backend, runner, window, QMenu(window), poll_ms=0)
            form = screens.open_form(record.local_id)
            assert form is not None
            _wait(lambda: FAILED_ORDER in form.facts_label.text())
            form.topic.setCurrentIndex(form.topic.findData(SupportTopic.CHARGED_BUT_FAILED.value))
            form.words.setPlainText("I was charged but the top-up failed. Please refund me.")
            _save(form, out / "support-form.png")
            form.send()
            _wait(lambda: "Sent" in form.message_label.text())
            form.close()
            screens.poll_now()
            view = screens.open_view()
            assert view is not None
            view.resize(820, 520)
            _wait(lambda: view.requests.count() == 1)
            view.requests.setCurrentRow(0)
            _wait(lambda: "Support" in view.thread_view.toPlainText())
            _save(view, out / "support-view.png")
            view.close()
        finally:
            runner.shutdown()
            store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
