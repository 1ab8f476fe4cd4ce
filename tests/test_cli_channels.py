"""`lebwallet channels` and `lebwallet topup` against the Reloadly double, in-process (the
keyring is a real in-memory backend; the secret goes through standard input)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import keyring
import pytest

from lebwallet import cli_channels
from lebwallet.cli import main
from tests.doubles.reloadly import ReloadlyDouble
from tests.support.keyrings import MemoryKeyring


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def run(monkeypatch: pytest.MonkeyPatch, data_dir: Path, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--data-dir", str(data_dir), *args])


@pytest.fixture
def wallet(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    double: ReloadlyDouble,
) -> Path:
    """A data directory with a Reloadly account on the double and a UK card by number."""
    monkeypatch.setattr(cli_channels, "POLL_SECONDS", 0.05)
    added = run(
        monkeypatch, tmp_path, "channels", "add", "reloadly", "--client-id", double.client_id,
        "--sandbox", "--auth-url", double.url, "--api-url", double.url,
        stdin=double.client_secret + "\n",
    )  # fmt: skip
    assert added == 0
    card = run(
        monkeypatch, tmp_path, "cards", "add", "--msisdn", "+447400123456",
        "--label", "UK number", "--carrier", "giffgaff-gb",
    )  # fmt: skip
    assert card == 0
    return tmp_path


def test_channels_lists_both_and_keeps_the_secret_in_the_keyring_only(
    wallet: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
    double: ReloadlyDouble,
) -> None:
    capsys.readouterr()
    assert run(monkeypatch, wallet, "channels", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["name"], c["payment"], c["mode"]) for c in listed] == [
        ("leb", "hosted", "sandbox"),
        ("reloadly", "account_balance", "sandbox"),
    ]
    assert listed[1]["endpoint"] == double.url
    assert double.client_secret in memory_keyring.secrets.values()
    assert double.client_secret not in (wallet / "settings.json").read_text(encoding="utf-8")


def test_channels_add_without_a_secret_changes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    code = run(monkeypatch, tmp_path, "channels", "add", "reloadly", "--client-id", "x", "--live")
    assert code == 2
    assert "secret" in capsys.readouterr().err
    assert memory_keyring.secrets == {}
    assert not (tmp_path / "settings.json").exists()


@pytest.mark.parametrize(("outcome", "code"), [("SUCCESSFUL", 0), ("REFUNDED", 1)])
def test_topup_follows_the_order_to_its_end(
    wallet: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    double: ReloadlyDouble,
    outcome: str,
    code: int,
) -> None:
    double.set_outcome("447400123456", outcome)
    capsys.readouterr()
    assert run(monkeypatch, wallet, "topup", "UK number", "7.90 GBP", "--yes") == code
    out = capsys.readouterr().out
    assert "10.00" in out  # USD paid from the balance at the double's rate
    assert "crediting" in out
    assert ("credited" if code == 0 else "failed") in out.splitlines()[-2 if code else -1]
    assert double.topups_sent() == 1


def test_topup_asks_and_sends_nothing_unless_confirmed(
    wallet: Path, monkeypatch: pytest.MonkeyPatch, double: ReloadlyDouble
) -> None:
    assert run(monkeypatch, wallet, "topup", "UK number", "7.90", stdin="n\n") == 2
    assert double.requests[("POST", "/topups-async")] == 0
    assert run(monkeypatch, wallet, "topup", "UK number", "7.90", stdin="y\n") == 0
    assert double.topups_sent() == 1


@pytest.mark.parametrize(
    ("args", "balance"),
    [
        (("UK number", "7.90 USD"), "100"),  # not the card's currency
        (("UK number", "99.00 GBP"), "100"),  # beyond the operator's range
        (("UK number", "seven"), "100"),
        (("nobody", "7.90"), "100"),
        (("UK number", "7.90", "--channel", "nowhere"), "100"),
        (("UK number", "7.90", "--method", "paypal"), "100"),
        (("UK number", "7.90"), "5.00"),  # too low a balance
    ],
)
def test_bad_input_exits_2_and_sends_nothing(
    wallet: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    double: ReloadlyDouble,
    args: tuple[str, ...],
    balance: str,
) -> None:
    from decimal import Decimal

    double.set_balance(Decimal(balance))
    capsys.readouterr()
    assert run(monkeypatch, wallet, "topup", *args, "--yes") == 2
    err = capsys.readouterr().err
    assert err.startswith("lebwallet: error: ")
    assert len(err.strip().splitlines()) == 1
    assert double.requests[("POST", "/topups-async")] == 0


def test_an_interrupted_topup_exits_3_and_stays_in_the_journal(
    wallet: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    double: ReloadlyDouble,
) -> None:
    def interrupted(_seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_channels, "time", SimpleNamespace(sleep=interrupted))
    assert run(monkeypatch, wallet, "topup", "UK number", "7.90", "--yes") == 3
    assert "still crediting" in capsys.readouterr().out
    assert double.topups_sent() == 1


@pytest.mark.parametrize("amount", ["abc", "ten pounds"])
def test_an_amount_that_is_not_one_is_told_in_the_words_of_every_command(
    wallet: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], amount: str
) -> None:
    capsys.readouterr()
    assert run(monkeypatch, wallet, "topup", "UK number", amount, "--yes") == 2
    err = capsys.readouterr().err
    assert err == f'lebwallet: error: {amount!r} is not an amount like "10.00 GBP"\n'
