"""A card the provider sends that the wallet cannot keep (here a label with a NUL, as an
older provider let through) is not silently dropped: the sync reports it, so the window can
tell the user."""

from __future__ import annotations

from pathlib import Path

from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import Settings
from lebwallet.services.wallet import Wallet, WalletConfig
from tests.support.keyrings import MemoryKeyring
from tests.support.sandbox import running_sandbox


def test_a_refused_card_is_in_the_sync_report(tmp_path: Path) -> None:
    with running_sandbox(tmp_path / "sandbox") as sandbox:
        db = sandbox.server.db
        assert db is not None
        with db.write() as conn:
            conn.execute("UPDATE cards SET label = ? WHERE id = 'card_demo_uk'", ("bad\x00label",))
        wallet = Wallet(
            WalletConfig(tmp_path / "wallet", Settings(provider_url=sandbox.url)),
            CredentialStore(MemoryKeyring()),
        )
        try:
            wallet.sign_in(sandbox.email, sandbox.password)
            report = wallet.sync()
        finally:
            wallet.close()
    assert [card_id for card_id, _why in report.rejected_cards] == ["card_demo_uk"]
    assert "control characters" in report.rejected_cards[0][1]
    assert "card_demo_uk" not in {card.id for card in report.cards}
