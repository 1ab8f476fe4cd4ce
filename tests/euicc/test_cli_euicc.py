"""`lebwallet euicc`: the eSIM cards in the readers, their profiles and the wallet's cards,
over a real pcscd with a virtual eUICC."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lebwallet.cli import main
from lebwallet.store import open_store
from lebwallet.store.engine import default_sqlite_url
from lebwallet.store.writes import upsert_cards
from tests.doubles.virtual_euicc import VirtualEuicc, make_eid
from tests.euicc.conftest import HK_ICCID, UK_ICCID, US_ICCID
from tests.store.factories import T0, card_rows, wire_card
from tests.support.pcscd import Pcscd, PcscdDaemon

_NO_QT_RUN = """
import sys
from lebwallet.cli import main
code = main(sys.argv[1:])
qt = sorted(name for name in sys.modules if name.startswith("PySide6"))
assert not qt, f"Qt imported: {qt}"
sys.exit(code)
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A wallet whose store has the UK card (by ICCID) and one card not on the eSIM card."""
    directory = tmp_path / "data"
    store = open_store(default_sqlite_url(directory))
    try:
        with store.session() as session:
            cards = [
                wire_card("c1", label="UK giffgaff", iccid=UK_ICCID),
                wire_card("c2", label="Elsewhere"),
            ]
            upsert_cards(session, card_rows(*cards), synced_at=T0)
    finally:
        store.dispose()
    return directory


def test_json_lists_readers_profiles_and_matched_cards_without_qt(
    card: VirtualEuicc, pcscd: Pcscd, data_dir: Path
) -> None:
    run = subprocess.run(
        [sys.executable, "-c", _NO_QT_RUN, "--data-dir", str(data_dir), "euicc", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    first, second = out["readers"]
    assert first["reader"] == pcscd.readers[0]
    assert first["eid"].startswith("8904 ")
    assert make_eid() not in run.stdout
    profiles = {p["iccid"]: p for p in first["profiles"]}
    assert profiles[UK_ICCID]["state"] == "enabled"
    assert profiles[UK_ICCID]["card"]["label"] == "UK giffgaff"
    assert profiles[UK_ICCID]["new_card"] is False
    assert profiles[HK_ICCID]["card"] is None
    assert profiles[HK_ICCID]["new_card"] is True
    assert profiles[US_ICCID]["nickname"] == "US"
    assert second == {
        "reader": pcscd.readers[1],
        "error": {
            "kind": "NoCard",
            "message": f"there is no card in {pcscd.readers[1]} (or it does not answer)",
        },
    }
    assert out["wallet_cards_read"] is True


def test_text_shows_state_card_and_notifications(
    card: VirtualEuicc, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card.profile(UK_ICCID).enabled = False
    card.profile(HK_ICCID).enabled = True
    from tests.doubles.virtual_euicc import StoredNotification

    card.notifications.append(StoredNotification(7, "enable", "smdp.example.com", HK_ICCID))

    assert main(["--data-dir", str(data_dir), "euicc"]) == 0

    out = capsys.readouterr().out
    lines = out.splitlines()
    uk = next(line for line in lines if "giffgaff" in line and "card:" in line)
    assert "disabled" in uk
    assert "card: UK giffgaff" in uk
    hk = next(line for line in lines if "CMHK" in line)
    assert hk.lstrip().startswith("* enabled")
    assert "not in the wallet" in hk
    assert "notification #7: The profile was enabled" in out
    assert "there is no card in" in out


def test_an_unknown_reader_is_bad_input(
    pcscd: Pcscd, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "euicc", "--reader", "Nope 00 00"]) == 2

    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "no reader named 'Nope 00 00'" in err


def test_no_pcsc_service_is_one_line_and_exit_1(
    pcscd_daemon: PcscdDaemon, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pcscd_daemon.stop()

    assert main(["--data-dir", str(data_dir), "euicc", "--json"]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == (
        "lebwallet euicc: the smart card service is not running (start pcscd, or plug in a reader)"
    )
