"""`lebwallet cards|carriers|calendar` as real subprocesses on a real data directory."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from lebwallet.domain.keepalive import add_months


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lebwallet", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _cards(data_dir: Path) -> list[dict[str, object]]:
    result = run_cli(data_dir, "cards", "--json")
    assert result.returncode == 0, result.stderr
    cards: list[dict[str, object]] = json.loads(result.stdout)
    return cards


def test_giffgaff_by_phone_with_an_sms_shows_six_calendar_months_in_json_and_calendar(
    tmp_path: Path,
) -> None:
    added = run_cli(
        tmp_path, "cards", "add", "--msisdn", "07400 123456", "--region", "GB",
        "--label", "UK giffgaff", "--carrier", "giffgaff-gb",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    sms_day = date(2026, 8, 31)
    logged = run_cli(tmp_path, "cards", "log", "UK giffgaff", "sms", "--on", sms_day.isoformat())
    assert logged.returncode == 0, logged.stderr
    assert logged.stderr == ""
    (card,) = _cards(tmp_path)
    expected = add_months(sms_day, 6)
    assert card["deadline"] == expected.isoformat() == "2027-02-28"
    assert card["last_action"] == {"kind": "sms", "on": "2026-08-31"}
    assert card["source"] == "local"
    assert card["carrier"] == "giffgaff"
    assert card["masked"] == "+44 •••• •••456"
    assert card["state"] in {"ok", "due_soon", "urgent", "lapsed"}
    assert isinstance(card["days_left"], int)

    output = tmp_path / "out" / "deadlines.ics"
    exported = run_cli(tmp_path, "calendar", "--output", str(output))
    assert exported.returncode == 0, exported.stderr
    for path in (output, tmp_path / "deadlines.ics"):  # the exported and the kept file
        calendar = Calendar.from_ical(path.read_bytes())
        (event,) = calendar.walk("VEVENT")
        assert event.decoded("dtstart") == expected
        assert str(event["uid"]) == f"keep-alive-{card['id']}@lebwallet.invalid"
        triggers = sorted(-a.decoded("trigger").days for a in event.walk("VALARM"))
        assert triggers == [1, 7, 30]
        assert "7400 123456" not in path.read_text(encoding="utf-8").replace("\r\n ", "")


def test_a_custom_rule_and_an_action_it_does_not_count(tmp_path: Path) -> None:
    added = run_cli(
        tmp_path, "cards", "add", "--iccid", "8944110068256270054", "--label", "Own",
        "--every", "90", "--minimum", "5.00 GBP",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    topup = run_cli(tmp_path, "cards", "log", "Own", "topup", "--on", "2026-01-10",
                    "--amount", "5.00 GBP")  # fmt: skip
    assert topup.returncode == 0, topup.stderr
    call = run_cli(tmp_path, "cards", "log", "Own", "call", "--on", "2026-02-01")
    assert call.returncode == 0
    assert "does not move the deadline" in call.stderr
    (card,) = _cards(tmp_path)
    assert card["deadline"] == "2026-04-10"
    assert card["last_action"] == {"kind": "topup", "on": "2026-01-10"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cards", "add", "--msisdn", "+44123", "--label", "x", "--carrier", "giffgaff-gb"),
         "number"),
        (("cards", "add", "--msisdn", "+447400123456", "--label", "x", "--carrier", "nope"),
         "unknown carrier"),
        (("cards", "log", "nobody", "sms"), "unknown card"),
        (("cards", "log", "UK", "sms", "--on", "2999-01-01"), "future"),
        (("cards", "log", "UK", "sms", "--on", "yesterday"), "not a date"),
        (("cards", "log", "UK", "topup", "--amount", "ten pounds"), "not an amount"),
        (("cards", "log", "UK", "topup", "--amount", "1.234 GBP"), "decimal places"),
        (("cards", "log", "UK", "walk"), "topup, call, sms, data"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line_and_changes_nothing(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    added = run_cli(
        tmp_path, "cards", "add", "--msisdn", "+447400123456", "--label", "UK",
        "--carrier", "giffgaff-gb",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    before = _cards(tmp_path)
    result = run_cli(tmp_path, *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert _cards(tmp_path) == before


def test_carriers_json_lists_the_catalogue_with_each_rules_fields(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "carriers", "--json")
    assert result.returncode == 0, result.stderr
    entries = {e["id"]: e for e in json.loads(result.stdout)}
    giffgaff = entries["giffgaff-gb"]
    assert giffgaff["period"] == {"count": 6, "unit": "months"}
    assert giffgaff["actions"] == ["call", "data", "sms", "topup"]
    assert giffgaff["confidence"] == "stated"
    assert giffgaff["source"].startswith("https://")
    assert giffgaff["checked"] == "2026-12-05"
    assert entries["o2-payg-gb"]["confidence"] == "reported"


def test_the_card_commands_import_no_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from lebwallet.cli import main; "
        f"main(['--data-dir', {str(tmp_path)!r}, 'cards', '--json']); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_works_while_the_window_holds_the_store_open(tmp_path: Path) -> None:
    from sqlalchemy import text

    from lebwallet.store import default_sqlite_url, open_store

    added = run_cli(
        tmp_path, "cards", "add", "--msisdn", "+447400123456", "--label", "UK",
        "--carrier", "giffgaff-gb",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    with open_store(default_sqlite_url(tmp_path)) as store, store.session(readonly=True) as s:
        s.execute(text("SELECT count(*) FROM cards")).one()  # a read transaction stays open
        logged = run_cli(tmp_path, "cards", "log", "UK", "data", "--on", "2026-10-01")
        assert logged.returncode == 0, logged.stderr
    (card,) = _cards(tmp_path)
    assert card["last_action"] == {"kind": "data", "on": "2026-10-01"}
