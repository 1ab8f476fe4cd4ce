"""Opening a store that is up to date asks its revision with one query and never imports
Alembic (~190 ms of the start, issue 18); a store behind still migrates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from lebwallet.store import default_sqlite_url, open_store
from lebwallet.store.engine import MIGRATIONS_DIR, alembic_config, create_store_engine, upgrade
from lebwallet.store.revision import shipped_head


def _imports_after(script: str) -> list[str]:
    """The heavy modules a fresh interpreter has loaded after `script`."""
    probe = (
        f"{script}\n"
        "import sys\n"
        "print(sorted({'alembic', 'mako', 'requests', 'flask', 'lebwallet.provider.wire',\n"
        "              'lebwallet.provider.client'} & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout.strip().splitlines()[-1:]


def test_the_shipped_head_is_alembics_head() -> None:
    assert shipped_head() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_a_branching_or_unreadable_history_leaves_the_head_to_alembic(tmp_path: Path) -> None:
    for name, text in {
        "a.py": 'revision = "a"\ndown_revision = None\n',
        "b.py": 'revision: str = "b"\ndown_revision: str | None = "a"\n',
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert shipped_head(tmp_path) == "b"
    (tmp_path / "c.py").write_text('revision = "c"\ndown_revision = "a"\n', encoding="utf-8")
    assert shipped_head(tmp_path) is None  # two heads
    (tmp_path / "c.py").write_text('revision = "c"\ndown_revision = ("a", "b")\n', "utf-8")
    assert shipped_head(tmp_path) is None  # a merge: not read here
    assert shipped_head(tmp_path / "nowhere") is None
    assert shipped_head(MIGRATIONS_DIR / "versions") is not None


def test_an_up_to_date_store_opens_without_alembic(tmp_path: Path) -> None:
    url = default_sqlite_url(tmp_path)
    open_store(url).dispose()  # migrated here
    script = f"from lebwallet.store import open_store\nopen_store({url!r}).dispose()"
    assert _imports_after(script) == ["[]"]


def test_a_store_behind_is_still_migrated(tmp_path: Path) -> None:
    url = default_sqlite_url(tmp_path)
    engine = create_store_engine(url, foreign_keys=False)
    try:
        with engine.begin() as connection:
            upgrade(connection, "0001")
    finally:
        engine.dispose()
    with open_store(url, backup_dir=tmp_path / "backups") as store:
        assert store.backup_path is not None
        with store.engine.connect() as connection:
            version = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert version.scalar_one() == shipped_head()


def test_the_stored_cards_load_without_the_provider_client(tmp_path: Path) -> None:
    """`Wallet.load_cards` (the window's store read at start) needs the store alone: no
    requests, no provider wire schemas, no Alembic."""
    from tests.benchmarks.bench_startup import seed_cards

    seed_cards(tmp_path, 3)
    script = (
        "from pathlib import Path\n"
        "from lebwallet.services.settings import load_settings\n"
        "from lebwallet.services.wallet import Wallet, WalletConfig\n"
        f"data = Path({str(tmp_path)!r})\n"
        "wallet = Wallet(WalletConfig(data, load_settings(data).settings, 5.0), None)\n"
        "assert len(wallet.load_cards().cards) == 3\n"
        "wallet.close()"
    )
    assert _imports_after(script) == ["[]"]
