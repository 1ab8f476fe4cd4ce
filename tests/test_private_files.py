"""Data files are private to the user: the wallet's database with its WAL and SHM files, the
backups taken before a migration, the logs and the sandbox's database are 0600 in 0700
directories — new ones, and ones an older version left readable."""

from __future__ import annotations

import logging
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

from sqlalchemy import text

from lebwallet.sandbox.db import Database
from lebwallet.services.logs import configure_logging, log_path
from lebwallet.store import open_store
from lebwallet.store.engine import DB_FILENAME


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_store_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    db = tmp_path / DB_FILENAME
    with open_store(f"sqlite:///{db}") as store:
        with store.session() as session:
            session.execute(text("SELECT 1"))
        with store.engine.connect() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x)")
            assert {p.name for p in tmp_path.iterdir()} >= {
                DB_FILENAME,
                f"{DB_FILENAME}-wal",
                f"{DB_FILENAME}-shm",
            }
            for name in (DB_FILENAME, f"{DB_FILENAME}-wal", f"{DB_FILENAME}-shm"):
                assert mode(tmp_path / name) == 0o600, name


def test_a_readable_store_of_an_older_version_is_made_private(tmp_path: Path) -> None:
    db = tmp_path / DB_FILENAME
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("CREATE TABLE old (x)")
    db.chmod(0o644)
    backups = tmp_path / "backups"
    with open_store(f"sqlite:///{db}", backup_dir=backups) as store:
        assert store.backup_path is not None
        assert mode(store.backup_path) == 0o600
        assert mode(backups) == 0o700
    assert mode(db) == 0o600


def test_logs_are_private(tmp_path: Path) -> None:
    handler = configure_logging(tmp_path)
    try:
        logging.getLogger("lebwallet.test").warning("hello")
        handler.flush()
        assert mode(log_path(tmp_path)) == 0o600
        assert mode(log_path(tmp_path).parent) == 0o700
    finally:
        logging.getLogger("lebwallet").removeHandler(handler)
        handler.close()


def test_the_sandbox_database_is_private(tmp_path: Path) -> None:
    database = Database.in_dir(tmp_path / "sandbox")
    try:
        assert mode(database.path) == 0o600
        assert mode(database.path.parent) == 0o700
    finally:
        database.close()
