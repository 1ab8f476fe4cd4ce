"""The running app end to end: sign in, open the wizard from the window, follow a paid order
to credited in the background and say so, and resume open orders after a restart."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lebwallet.domain.money import Money
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import PaymentMethod
from lebwallet.provider.convert import options_to_domain
from lebwallet.services.credentials import CredentialStore
from lebwallet.services.notifications import NoticeKind
from lebwallet.services.recharge import RechargeService
from lebwallet.services.settings import load_settings, save_settings
from lebwallet.store.queries import OrderRecord, order_by_id
from lebwallet.ui.notices_panel import NoticeRow
from lebwallet.ui.tray import ShownNotice
from lebwallet.ui.wallet_app import WalletApp
from tests.support.keyrings import MemoryKeyring
from tests.support.wizard_driver import pay_by_card
from tests.ui.wallet_support import DEMO_PASSWORD, app_with_unreachable_provider, english  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

TIMEOUT_MS = 20_000
TEST_CARD_OK = "4242424242424242"


def _app(data_dir: Path, keyring: MemoryKeyring) -> WalletApp:
    data_dir.mkdir(parents=True, exist_ok=True)
    loaded = load_settings(data_dir)
    # Not asked in tests: the update question would only pop up.
    save_settings(data_dir, loaded.settings.model_copy(update={"check_updates": False}))
    return WalletApp(
        data_dir,
        load_settings(data_dir),
        credentials=CredentialStore(keyring),
        sandbox_credit_delay=0.2,
    )


def _sign_in(qtbot: QtBot, app: WalletApp) -> None:
    app.start()
    qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
    welcome = app.welcome
    assert welcome is not None
    welcome.password.setText(DEMO_PASSWORD)
    welcome.sign_in_button.click()
    qtbot.wait_until(lambda: app.refresher is not None, timeout=TIMEOUT_MS)
    qtbot.wait_until(lambda: app.window.cards_model.rowCount() == 3, timeout=TIMEOUT_MS)


def _order(app: WalletApp, amount: str = "10.00") -> OrderRecord:
    """An order made the way the wizard makes it (journal first), awaiting payment."""
    parts = app.wallet.open_parts()
    assert parts is not None
    _client, store = parts
    with app.wallet.new_client() as client:
        options = options_to_domain(client.recharge_options("card_demo_uk"))
        quote = options.quote(
            Money.of(amount, "GBP"), PaymentMethod.BANK_CARD, now=datetime.now(UTC)
        )
        return RechargeService(client, store).submit(
            "card_demo_uk", quote, f"key-app-{datetime.now(UTC).timestamp():.6f}"
        )


def _status(app: WalletApp, local_id: int) -> OrderStatus:
    parts = app.wallet.open_parts()
    assert parts is not None
    with parts[1].session(readonly=True) as session:
        record = order_by_id(session, local_id)
    assert record is not None
    return record.status


def test_keep_alive_opens_the_wizard_at_the_qualifying_amount(qtbot, tmp_path):
    app = _app(tmp_path, MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        _sign_in(qtbot, app)
        app.window.recharge_requested.emit("card_demo_uk", True)
        wizard = app.wizard
        assert wizard is not None
        assert app.open_recharge("card_demo_uk") is wizard  # one wizard at a time
        qtbot.wait_until(wizard.card_page.isComplete, timeout=TIMEOUT_MS)  # preselected
        wizard.next()
        qtbot.wait_until(
            lambda: wizard.amount_page.amount_edit.text() == "10.00", timeout=TIMEOUT_MS
        )
        wizard.reject()
        qtbot.wait_until(lambda: app.wizard is None, timeout=TIMEOUT_MS)
    finally:
        app.shutdown()


def test_a_paid_order_is_followed_to_credited_and_the_user_is_told(qtbot, tmp_path):
    app = _app(tmp_path, MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        _sign_in(qtbot, app)
        shown: list[ShownNotice] = []
        app.tray.in_window_notice.connect(shown.append)
        record = _order(app)
        assert record.checkout_url is not None
        pay_by_card(record.checkout_url, TEST_CARD_OK)

        def credited() -> bool:
            app.refresh_now()
            return _status(app, record.local_id) is OrderStatus.CREDITED

        qtbot.wait_until(credited, timeout=TIMEOUT_MS)
        # No tray offscreen: the notice shows in the window (once, whatever else is told).
        qtbot.wait_until(
            lambda: NoticeKind.CREDITED in [n.notice.kind for n in shown], timeout=TIMEOUT_MS
        )
        assert [n.notice.kind for n in shown].count(NoticeKind.CREDITED) == 1

        # ... and stays in the window's list, in the success style, naming the card
        def credited_rows() -> list[NoticeRow]:
            rows = app.notices.panel.rows
            return [r for r in rows if r.entry.notice.kind is NoticeKind.CREDITED]

        qtbot.wait_until(lambda: bool(credited_rows()), timeout=TIMEOUT_MS)
        assert app.notices.panel.isVisibleTo(app.window)
        [row] = credited_rows()
        assert row.objectName() == "notice_success"
        assert row.severity_label.text() == "Done"
        assert "was credited to UK number." in row.text_label.text()
    finally:
        app.shutdown()
    assert app.refresher is not None
    assert not app.refresher.running


def test_open_orders_are_resumed_after_a_restart(qtbot, tmp_path):
    keyring = MemoryKeyring()
    first = _app(tmp_path, keyring)
    try:
        qtbot.addWidget(first.window)
        _sign_in(qtbot, first)
        record = _order(first, "20.00")
        assert record.confirmed
    finally:
        first.shutdown()
    # Paid while the wallet was closed.
    assert record.checkout_url is not None
    # The embedded sandbox stopped with the app; the next start brings it back on a new
    # port, so pay through the new app's provider once it is up.
    again = _app(tmp_path, keyring)
    try:
        qtbot.addWidget(again.window)
        again.start()
        qtbot.wait_until(lambda: again.refresher is not None, timeout=TIMEOUT_MS)
        assert again.welcome is None  # the session came back from the keyring
        parts = again.wallet.open_parts()
        assert parts is not None
        checkout = f"{parts[0].base_url}/checkout/{record.provider_id}"
        pay_by_card(checkout, TEST_CARD_OK)

        def credited() -> bool:
            again.refresh_now()
            return _status(again, record.local_id) is OrderStatus.CREDITED

        qtbot.wait_until(credited, timeout=TIMEOUT_MS)
    finally:
        again.shutdown()


# --- credentials and connection --------------------------------------------------------------


def test_remembered_password_signs_in_when_the_token_is_gone(tmp_path: Path) -> None:
    from lebwallet.services.credentials import SecretKind
    from tests.ui.wallet_support import DEMO_EMAIL, real_wallet

    keyring = MemoryKeyring()
    with real_wallet(tmp_path, keyring=keyring) as (wallet, _sandbox):
        wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD, remember=True)
        assert any(key[1].endswith("#" + SecretKind.PASSWORD.value) for key in keyring.secrets)
        for key in [k for k in keyring.secrets if k[1].endswith("#refresh-token")]:
            del keyring.secrets[key]
        assert wallet.restore_session() is not None
        # Not remembered: the password leaves the keyring.
        wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
        assert not any(k[1].endswith("#" + SecretKind.PASSWORD.value) for k in keyring.secrets)


def test_an_unusable_keyring_is_reported_at_sign_in(tmp_path: Path) -> None:
    from keyring.backends.fail import Keyring as FailKeyring

    from lebwallet.services.settings import Settings
    from lebwallet.services.wallet import Wallet, WalletConfig
    from tests.support.sandbox import running_sandbox
    from tests.ui.wallet_support import DEMO_EMAIL

    with running_sandbox(tmp_path / "sandbox") as sandbox:
        wallet = Wallet(
            WalletConfig(tmp_path / "wallet", Settings(provider_url=sandbox.url)),
            CredentialStore(FailKeyring()),
        )
        try:
            account = wallet.sign_in(DEMO_EMAIL, DEMO_PASSWORD)
        finally:
            wallet.close()
    assert account.keyring_problem
    assert "keyring" in account.keyring_problem.lower()


def test_an_unreachable_provider_at_start_is_tried_again(qtbot: QtBot, tmp_path: Path) -> None:

    app = app_with_unreachable_provider(tmp_path)
    try:
        qtbot.addWidget(app.window)
        app.start()
        qtbot.wait_until(lambda: app.session.reconnect_timer.isActive(), timeout=TIMEOUT_MS)
        assert app.welcome is None  # the stored cards stay usable; no sign-in asked
        assert app.session.reconnects == 1
    finally:
        app.shutdown()


def test_switching_provider_stops_the_old_refresher_and_signs_in_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from tests.support.sandbox import running_sandbox

    app = _app(tmp_path / "wallet", MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        _sign_in(qtbot, app)
        old = app.refresher
        assert old is not None
        with running_sandbox(tmp_path / "remote") as remote:
            app.update_settings(app.settings.model_copy(update={"provider_url": remote.url}))
            assert app.refresher is None
            assert not old.running
            qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
    finally:
        app.shutdown()


def test_an_incomplete_profile_links_to_the_profile_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    from lebwallet.services.wallet_api import AccountInfo

    app = _app(tmp_path, MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        _sign_in(qtbot, app)
        incomplete = AccountInfo("Demo", "demo", False, ("default_payment_method",))
        app.session.account = incomplete
        app.window.set_account(incomplete)
        assert "a default payment method" in app.window.profile_notice.text()
        assert "default_payment_method" not in app.window.profile_notice.text()
        app.window.profile_notice.linkActivated.emit("profile")
        dialog = app.session.profile_dialog
        assert dialog is not None
        assert dialog.isVisible()
        assert app.open_recharge("card_demo_uk") is None  # no wizard before the profile
    finally:
        app.shutdown()


def test_notices_in_the_window_follow_a_language_switch(qtbot: QtBot, tmp_path: Path) -> None:
    from lebwallet.services.notifications import Notice

    app = _app(tmp_path, MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        app.start(connect=False)
        notice = Notice(
            NoticeKind.CREDITED,
            "credited:1",
            card_id="card_demo_uk",
            order_id=1,
            card_name="UK number",
            amount=Money.of("10.00", "GBP"),
        )
        app.live.on_notice(notice)
        qtbot.wait_until(lambda: bool(app.notices.panel.rows), timeout=TIMEOUT_MS)

        def text() -> str:
            return app.notices.panel.rows[0].text_label.text()

        english_text = text()
        assert "UK number" in english_text
        app.update_settings(app.settings.model_copy(update={"language": "zh_CN"}))
        qtbot.wait_until(lambda: text() != english_text, timeout=TIMEOUT_MS)
        assert "UK number" in text()
        assert "已充入 UK number" in text()
    finally:
        app.shutdown()


def test_sign_out_forgets_the_session_and_asks_again(qtbot: QtBot, tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    app = _app(tmp_path, keyring)
    try:
        qtbot.addWidget(app.window)
        _sign_in(qtbot, app)
        assert keyring.secrets
        qtbot.wait_until(lambda: app.welcome is None, timeout=TIMEOUT_MS)
        app.window.sign_out_action.trigger()
        qtbot.wait_until(lambda: app.welcome is not None, timeout=TIMEOUT_MS)
        assert app.refresher is None
        assert not keyring.secrets
        assert app.window.cards_model.rowCount() == 3  # the stored cards stay
    finally:
        app.shutdown()


def test_history_opens_an_orders_details_in_the_app(qtbot: QtBot, tmp_path: Path) -> None:
    app = _app(tmp_path, MemoryKeyring())
    try:
        qtbot.addWidget(app.window)
        _sign_in(qtbot, app)
        record = _order(app)
        app.window.history.order_details_requested.emit(record.local_id)
        dialog = app.orders.dialogs.get(record.local_id)
        assert dialog is not None
        assert dialog.isVisible()
        qtbot.wait_until(lambda: dialog.record is not None, timeout=TIMEOUT_MS)
        assert dialog.payment.open_button.isVisible()
        # asking again shows the same dialog
        app.window.history.order_details_requested.emit(record.local_id)
        assert app.orders.dialogs[record.local_id] is dialog
        dialog.close()
        qtbot.wait_until(lambda: record.local_id not in app.orders.dialogs, timeout=TIMEOUT_MS)
    finally:
        app.shutdown()
