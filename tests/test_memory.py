"""Free heap goes back to the OS after a burst (issue 18: RSS of the idle app)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lebwallet.memory import release_free_memory

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc, /proc")


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_free_heap_in_the_middle_is_handed_back() -> None:
    # Blocks malloc keeps (larger than pymalloc's), every 64th one kept: the freed ones
    # are holes glibc does not give back by itself.
    blocks = [bytes(1024) + bytes([i % 256]) for i in range(120_000)]
    kept = blocks[::64]
    del blocks
    before = _rss_mib()
    assert release_free_memory()
    after = _rss_mib()
    assert before - after > 60, (before, after)
    assert len(kept) > 0
