"""A damaged store is recognised (``PRAGMA quick_check``), kept aside, and replaced by the
newest sound backup or a fresh store — never left failing on every start."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lebwallet.services.credentials import CredentialStore
from lebwallet.services.settings import Settings
from lebwallet.services.store_repair import DamagedStore
from lebwallet.services.sync import CARDS_KEY
from lebwallet.services.wallet import Wallet, WalletConfig
from lebwallet.store import default_sqlite_url, open_store
from lebwallet.store.engine import DB_FILENAME
from lebwallet.store.writes import set_last_synced_at
from tests.support.keyrings import MemoryKeyring

SYNCED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
GARBAGE = b"this is not a database " * 500


@pytest.fixture
def wallet(tmp_path: Path) -> Iterator[Wallet]:
    wallet = Wallet(WalletConfig(tmp_path, Settings()), CredentialStore(MemoryKeyring()))
    yield wallet
    wallet.close()


def _store_with_a_sync(data_dir: Path) -> Path:
    with open_store(default_sqlite_url(data_dir)) as store, store.session() as session:
        set_last_synced_at(session, SYNCED, CARDS_KEY)
    return data_dir / DB_FILENAME


def _back_up(db: Path, data_dir: Path) -> Path:
    backups = data_dir / "backups"
    backups.mkdir()
    target = backups / "wallet-20260101T000000000000Z-0002-to-0003.sqlite3"
    with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return target


def test_a_damaged_store_is_told_and_a_fresh_one_replaces_it(
    wallet: Wallet, tmp_path: Path
) -> None:
    db = tmp_path / DB_FILENAME
    db.write_bytes(GARBAGE)
    with pytest.raises(DamagedStore) as caught:
        wallet.load_cards()
    damage = caught.value
    assert damage.path == db
    assert damage.backup is None
    replaced = wallet.replace_damaged_store(damage, restore=False)
    assert replaced.restored is None
    assert replaced.kept.read_bytes() == GARBAGE
    assert wallet.load_cards().cards == ()


def test_the_newest_sound_backup_is_offered_and_restored(wallet: Wallet, tmp_path: Path) -> None:
    db = _store_with_a_sync(tmp_path)
    backup = _back_up(db, tmp_path)
    for companion in tmp_path.glob(f"{DB_FILENAME}-*"):
        companion.unlink()
    db.write_bytes(GARBAGE)
    with pytest.raises(DamagedStore) as caught:
        wallet.load_cards()
    assert caught.value.backup == backup
    replaced = wallet.replace_damaged_store(caught.value, restore=True)
    assert replaced.restored == backup
    assert replaced.kept.read_bytes() == GARBAGE
    assert wallet.load_cards().last_synced_at == SYNCED
