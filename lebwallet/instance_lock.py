"""The cheap half of "one wallet per data directory": an OS file lock, taken before Qt's
network module is even imported.

    lock = try_instance_lock(data_dir)
    if lock is None: another wallet holds this data directory (ask it to come forward)

The lock (`fcntl.flock` on ``<data dir>/instance.lock``) lives as long as the process: the
OS drops it when the process ends, crash included, so it is never stale. Where `fcntl` does
not exist (Windows), the answer is always "not known" and the caller falls back to the
`QLocalServer` guard (`lebwallet.ui.single_instance`), which also carries the "come forward"
message in both cases.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from lebwallet.data_dir import DataDirError

LOCK_FILE: Final = "instance.lock"


class InstanceLock:
    """An open, locked file descriptor; `release()` (or process exit) unlocks it."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class NoLocking:
    """This platform has no `fcntl`: the QLocalServer guard decides alone."""

    def release(self) -> None:
        return None


def try_instance_lock(data_dir: Path) -> InstanceLock | NoLocking | None:
    """The lock of `data_dir`, `NoLocking` where files cannot be locked this way, or None
    when another process holds it. `DataDirError` when the lock file cannot be opened."""
    try:
        import fcntl
    except ImportError:
        return NoLocking()
    try:
        fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise DataDirError(data_dir, error) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return InstanceLock(fd)
