"""Backup and restore of the wallet's data on real SQLite files (no provider needed)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from lebwallet.clock import utc_now
from lebwallet.services.backup import (
    BackupUnavailable,
    NotAWallet,
    WalletFileProblem,
    WalletInUse,
    back_up,
    restore,
)
from lebwallet.services.settings import Settings
from lebwallet.services.wallet import Wallet, WalletConfig
from lebwallet.store.backup import check_wallet_file
from lebwallet.store.engine import create_store_engine, current_revision, head_revision, upgrade
from lebwallet.store.models import SyncStateRow


@pytest.fixture
def wallet(tmp_path: Path) -> Iterator[Wallet]:
    opened = Wallet(WalletConfig(tmp_path / "data", Settings()))
    try:
        yield opened
    finally:
        opened.close()


def _mark(wallet: Wallet, key: str) -> None:
    with wallet.store().session() as session:
        session.add(SyncStateRow(key=key, synced_at=utc_now()))


def _marks(wallet: Wallet) -> set[str]:
    with wallet.store().session(readonly=True) as session:
        return {row.key for row in session.query(SyncStateRow).all()}


def test_backup_then_restore_brings_the_data_back(wallet: Wallet, tmp_path: Path) -> None:
    _mark(wallet, "before-backup")
    done = back_up(wallet, tmp_path / "picked" / "wallet.lebwallet-backup")
    assert done.path.is_file()
    assert done.size > 0
    assert done.path.stat().st_mode & 0o077 == 0  # private to the user, like the data
    _mark(wallet, "after-backup")  # the wallet ran on while the copy was taken

    result = restore(wallet, done.path)

    assert _marks(wallet) == {"before-backup"}
    assert result.revision == head_revision()
    assert result.kept_aside is not None
    assert result.kept_aside.parent == tmp_path / "data" / "backups"
    # The wallet as it was is kept aside, whole.
    with closing(sqlite3.connect(result.kept_aside)) as kept:
        keys = {row[0] for row in kept.execute("SELECT key FROM sync_state")}
    assert keys == {"before-backup", "after-backup"}


def test_restore_takes_effect_in_a_store_opened_again(wallet: Wallet, tmp_path: Path) -> None:
    _mark(wallet, "old")
    store_before = wallet.store()
    backup = back_up(wallet, tmp_path / "b.sqlite3").path
    _mark(wallet, "new")
    restore(wallet, backup)
    assert wallet.store() is not store_before
    _mark(wallet, "written-after-restore")  # the reopened store is writable and migrated
    assert _marks(wallet) == {"old", "written-after-restore"}


def _expect_refusal(wallet: Wallet, source: Path, problem: WalletFileProblem) -> None:
    _mark(wallet, "kept")
    before = _marks(wallet)
    with pytest.raises(NotAWallet) as refused:
        restore(wallet, source)
    assert refused.value.problem is problem
    assert _marks(wallet) == before  # nothing changed
    assert not (wallet.data_dir / "backups").exists() or not any(
        (wallet.data_dir / "backups").glob("*before-restore*")
    )


def test_restore_refuses_a_file_that_is_not_sqlite(wallet: Wallet, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("not a database", encoding="utf-8")
    _expect_refusal(wallet, source, WalletFileProblem.NOT_SQLITE)


def test_restore_refuses_a_missing_file(wallet: Wallet, tmp_path: Path) -> None:
    _expect_refusal(wallet, tmp_path / "nope.sqlite3", WalletFileProblem.MISSING)


def test_restore_refuses_another_sqlite_database(wallet: Wallet, tmp_path: Path) -> None:
    source = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(source)) as other:
        other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
        other.commit()
    _expect_refusal(wallet, source, WalletFileProblem.NOT_A_WALLET)


def test_restore_refuses_a_wallet_of_a_newer_version(wallet: Wallet, tmp_path: Path) -> None:
    source = back_up(wallet, tmp_path / "newer.sqlite3").path
    with closing(sqlite3.connect(source)) as newer:
        newer.execute("UPDATE alembic_version SET version_num = 'r9999_from_the_future'")
        newer.commit()
    _expect_refusal(wallet, source, WalletFileProblem.NEWER_VERSION)


def test_restore_refuses_a_damaged_wallet(wallet: Wallet, tmp_path: Path) -> None:
    _mark(wallet, "x")
    source = back_up(wallet, tmp_path / "damaged.sqlite3").path
    data = bytearray(source.read_bytes())
    page = 4096
    for offset in range(page * 2, len(data)):  # keep the header, ruin the pages after it
        data[offset] = 0xA5
    source.write_bytes(bytes(data))
    _expect_refusal(wallet, source, WalletFileProblem.DAMAGED)


def test_backup_and_restore_need_a_sqlite_store(tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    wallet = Wallet(WalletConfig(tmp_path / "data", Settings(database_url=url)))
    try:
        with pytest.raises(BackupUnavailable):
            back_up(wallet, tmp_path / "b.sqlite3")
        with pytest.raises(BackupUnavailable):
            restore(wallet, tmp_path / "b.sqlite3")
    finally:
        wallet.close()


def test_restore_migrates_a_wallet_of_an_older_version(wallet: Wallet, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    engine = create_store_engine(f"sqlite:///{old}", foreign_keys=False)
    try:
        with engine.connect() as connection, connection.begin():
            upgrade(connection, "0001")
    finally:
        engine.dispose()
    assert check_wallet_file(old) == "0001"
    restore(wallet, old)
    with wallet.store().session(readonly=True) as session:
        assert current_revision(session.connection()) == head_revision()


def test_restore_while_another_connection_holds_the_wallet_changes_nothing(
    wallet: Wallet, tmp_path: Path
) -> None:
    _mark(wallet, "old")
    backup = back_up(wallet, tmp_path / "b.sqlite3").path
    _mark(wallet, "new")
    path = wallet.store_file()
    assert path is not None
    with closing(sqlite3.connect(path)) as other:  # another desktop reading the wallet
        other.execute("BEGIN")
        other.execute("SELECT * FROM sync_state").fetchall()
        with pytest.raises(WalletInUse):
            restore(wallet, backup)
    assert _marks(wallet) == {"old", "new"}
