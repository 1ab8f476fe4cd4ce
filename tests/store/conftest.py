"""Store fixtures: every store test runs on a SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lebwallet.store import Store, default_sqlite_url, open_store
from tests.support.postgres import PostgresServer, postgres_database_url, postgres_server

__all__ = ["postgres_server"]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield default_sqlite_url(tmp_path / "data")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    yield from postgres_database_url(server)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.dispose()
