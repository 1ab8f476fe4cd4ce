"""Without pyscard (the optional `euicc` extra) the wallet says what to install."""

from __future__ import annotations

import sys

import pytest

from lebwallet.euicc.errors import PcscUnavailable
from lebwallet.euicc.pcsc import list_readers


def test_without_pyscard_the_reader_list_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [m for m in sys.modules if m == "smartcard" or m.startswith("smartcard.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "smartcard", None)  # as if it were not installed
    with pytest.raises(PcscUnavailable, match=r"lebwallet\[euicc\]"):
        list_readers()
