"""The log file never holds a card number, a phone number, a token or a password."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from lebwallet.services.logs import configure_logging, log_path, mask_text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("bound ICCID 8944 1100 0000 0000 1234", "1100 0000 0000"),
        ("bound ICCID 89441100000000001234", "441100000000001"),
        ("EID 89049032123451234512345678901235", "0490321234512345123456789012"),
        ("card 4242424242424242 used", "424242424242"),
        ("phone +447700900123 bound", "7700900"),
        ("Authorization: Bearer abc.def.ghi", "abc.def.ghi"),
        ('{"refresh_token": "r-123", "x": 1}', "r-123"),
        ("login password=hunter2&user=a", "hunter2"),
        ("bound 8944 1100 0000 0000 174 now", "1100 0000 0000"),
        ("national 07400 100201 bound", "400 100"),
        ("US (202) 555-0143 bound", "555-01"),
    ],
)
def test_mask_text_hides_secrets(text: str, secret: str) -> None:
    masked = mask_text(text)
    assert secret not in masked
    assert "•••" in masked


@pytest.mark.parametrize(
    "text",
    [
        "order 12 credited 10.00 GBP at 2026-11-25T10:00:00Z",
        "main window first paint (t=1764100000.123)",
        "1,000 cards in 1234567.5 ms on 2026-11-25",
        "card_demo_uk order 5 of 250",
    ],
)
def test_amounts_times_and_ids_are_left_alone(text: str) -> None:
    assert mask_text(text) == text


def test_log_file_is_masked(tmp_path: Path) -> None:
    handler = configure_logging(tmp_path)
    try:
        logging.getLogger("lebwallet.test").info(
            "bound %s for %s", "89441100000000001234", "+447700900123"
        )
        try:
            raise ValueError("token=s3cr3t")
        except ValueError:
            logging.getLogger("lebwallet.test").exception("failed")
        handler.flush()
    finally:
        logging.getLogger("lebwallet").removeHandler(handler)
        handler.close()
    content = log_path(tmp_path).read_text(encoding="utf-8")
    assert "bound" in content
    assert "89441100000000001234" not in content
    assert "+447700900123" not in content
    assert "s3cr3t" not in content


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_log_that_cannot_be_written_is_reported_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk (/dev/full answers every write with ENOSPC): one line on stderr for the
    whole run, not a "--- Logging error ---" traceback per record."""
    log_path(tmp_path).parent.mkdir(parents=True)
    log_path(tmp_path).symlink_to("/dev/full")
    handler = configure_logging(tmp_path)
    try:
        for number in range(20):
            logging.getLogger("lebwallet.test").warning("record %d", number)
    finally:
        logging.getLogger("lebwallet").removeHandler(handler)
        handler.close()
    err = capsys.readouterr().err
    assert "Logging error" not in err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert str(log_path(tmp_path)) in lines[0]
    assert "No space left" in lines[0]
