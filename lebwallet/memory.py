"""Hand the process's free heap back to the operating system (glibc's `malloc_trim`).

After a burst of work — a sync of 1,000 cards parses, validates and stores tens of MiB of
short-lived objects — glibc keeps the freed memory for reuse: the holes in the middle of its
heaps count in the resident set of an app that then idles for hours (~50 MiB of 260 in
`tests/benchmarks/bench_idle.py`; issue 18). `release_free_memory()` returns the free pages;
the GUI thread's collector calls it once work has calmed down (`lebwallet.ui.garbage`).
Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim  # glibc only (not musl)
    except (OSError, AttributeError):
        return None
    return trim


def release_free_memory() -> bool:
    """Return free heap pages to the OS; False where the C library cannot."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
