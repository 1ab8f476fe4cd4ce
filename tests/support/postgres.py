"""A throw-away PostgreSQL server for tests: `initdb` + `pg_ctl` in a temp dir.

`postgres_server` (session scope) starts one server listening only on a Unix socket in its
temp dir and stops it at the end; `postgres_database_url()` makes a fresh database on it per
test. Tests that need it skip with the reason when the binaries are missing (set
`LEBWALLET_PG_BIN` to a PostgreSQL `bin` directory to choose one). Running as root, the
server runs as the `postgres` user through `runuser`.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

_counter = itertools.count(1)


@dataclass(frozen=True)
class PostgresServer:
    socket_dir: Path
    port: int
    user: str

    def url(self, database: str = "postgres") -> str:
        return (
            f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"
        )

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user=self.user,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(sql.encode())


def find_bin_dir() -> Path | None:
    env = os.environ.get("LEBWALLET_PG_BIN")
    if env:
        return Path(env) if (Path(env) / "initdb").exists() else None
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    return Path(candidates[-1]).parent if candidates else None


def _runner() -> tuple[list[str], str | None]:
    """The command prefix to run server binaries, and the OS user to own the files."""
    if os.geteuid() != 0:
        return [], None
    if shutil.which("runuser") is None:
        raise RuntimeError("running as root without `runuser` to drop to the postgres user")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root and there is no `postgres` user") from None
    return ["runuser", "-u", "postgres", "--"], "postgres"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL binaries (initdb, pg_ctl) not found on PATH or in "
            "/usr/lib/postgresql/*/bin; install postgresql to run these tests"
        )
    try:
        prefix, owner = _runner()
    except RuntimeError as exc:
        pytest.skip(f"cannot start PostgreSQL: {exc}")
    base = Path(tempfile.mkdtemp(prefix="lebwallet-pg-"))
    if owner is not None:
        shutil.chown(base, owner)
    data, log = base / "data", base / "server.log"
    port = 5432
    try:
        subprocess.run(
            [
                *prefix,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = (
            f"-k {base} -p {port} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            [
                *prefix,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=90,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        server_log = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(
            f"PostgreSQL did not start: {exc}\n{detail.decode(errors='replace')}\n{server_log}"
        )
    try:
        yield PostgresServer(base, port, "postgres")
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


def postgres_database_url(server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on `server` for one test (dropped afterwards)."""
    name = f"t{os.getpid()}_{next(_counter)}"
    server.admin(f'CREATE DATABASE "{name}"')
    try:
        yield server.url(name)
    finally:
        server.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
