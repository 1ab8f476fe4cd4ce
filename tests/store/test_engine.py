"""Opening the store: URL, connection settings, sessions, aware timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from lebwallet.data_dir import default_data_dir
from lebwallet.store import Store, default_sqlite_url, open_store
from lebwallet.store.engine import DB_FILENAME
from lebwallet.store.models import SyncStateRow
from lebwallet.store.writes import set_last_synced_at


def test_default_url_is_a_file_in_the_data_dir(tmp_path: Path) -> None:
    url = default_sqlite_url(tmp_path / "new" / "dir")
    assert url == f"sqlite:///{(tmp_path / 'new' / 'dir' / DB_FILENAME).resolve()}"
    assert (tmp_path / "new" / "dir").is_dir()
    assert default_data_dir().name


def test_sqlite_pragmas_are_set_on_every_connection(tmp_path: Path) -> None:
    with open_store(default_sqlite_url(tmp_path)) as store:
        for _ in range(2):
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    assert (tmp_path / DB_FILENAME).exists()


def test_session_commits_on_exit_and_rolls_back_on_error(store: Store) -> None:
    at = datetime(2024, 1, 1, tzinfo=UTC)
    with store.session() as session:
        set_last_synced_at(session, at, "a")

    def fail() -> None:
        with store.session() as session:
            set_last_synced_at(session, at, "b")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail()
    with store.session(readonly=True) as session:
        keys = session.scalars(select(SyncStateRow.key)).all()
    assert keys == ["a"]


def test_timestamps_come_back_aware_utc_and_naive_ones_are_refused(store: Store) -> None:
    plus8 = timezone(timedelta(hours=8))
    with store.session() as session:
        set_last_synced_at(session, datetime(2024, 1, 1, 20, 0, tzinfo=plus8), "x")
    with store.session() as session:
        row = session.get(SyncStateRow, "x")
        assert row is not None
        assert row.synced_at == datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
        assert row.synced_at.utcoffset() == timedelta(0)
    with pytest.raises(StatementError, match="naive"), store.session() as session:
        set_last_synced_at(session, datetime(2024, 1, 1), "y")


def test_readonly_sessions_do_not_block_a_writer(tmp_path: Path) -> None:
    url = default_sqlite_url(tmp_path)
    with open_store(url) as store, store.session(readonly=True) as reader:
        reader.execute(text("SELECT count(*) FROM orders")).scalar()
        with store.session() as writer:
            set_last_synced_at(writer, datetime(2024, 1, 1, tzinfo=UTC))
