"""The events already told, kept in ``notices.json`` in the data directory, so a restart
does not repeat a notice (`lebwallet.services.notifications` decides what to tell).

Written atomically (temporary file, flush, fsync, ``os.replace``); entries older than
`KEEP_FOR` are dropped when it is written. Thread-safe.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from lebwallet.clock import utc_now
from lebwallet.services.files import write_atomically

__all__ = ["KEEP_FOR", "NOTICES_FILE", "NoticeLog"]

log = logging.getLogger(__name__)

NOTICES_FILE: Final = "notices.json"
KEEP_FOR: Final = timedelta(days=800)
"""Entries older than this are dropped from the log when it is written."""
_FORMAT_VERSION: Final = 1


class NoticeLog:
    """The set of events already told, kept in a small JSON file (see the module docstring).

    A missing or unreadable file starts an empty log (logged; the broken file is replaced
    on the next write). Writes: temporary file, flush, fsync, ``os.replace``.
    """

    def __init__(self, path: Path, *, now: Callable[[], datetime] = utc_now) -> None:
        self.path = path
        self._now = now
        self._lock = threading.Lock()
        self._told: dict[str, datetime] = self._load()

    @classmethod
    def in_dir(cls, data_dir: Path, **kwargs: Callable[[], datetime]) -> NoticeLog:
        return cls(data_dir / NOTICES_FILE, **kwargs)

    def _load(self) -> dict[str, datetime]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            log.warning("notice log %s not used (%s); starting afresh", self.path, error)
            return {}
        told = raw.get("told") if isinstance(raw, dict) else None
        if not isinstance(told, dict):
            log.warning("notice log %s has no 'told' object; starting afresh", self.path)
            return {}
        found: dict[str, datetime] = {}
        for key, value in told.items():
            try:
                at = datetime.fromisoformat(value)
            except (TypeError, ValueError):
                continue
            if isinstance(key, str) and at.tzinfo is not None:
                found[key] = at
        return found

    def told(self, key: str) -> bool:
        with self._lock:
            return key in self._told

    def keys(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._told)

    def claim(self, keys: Iterable[str]) -> list[str]:
        """Record `keys` as told; returns those that were not told before (in order)."""
        with self._lock:
            fresh = [k for k in dict.fromkeys(keys) if k not in self._told]
            if fresh:
                at = self._now()
                for key in fresh:
                    self._told[key] = at
                self._write()
            return fresh

    def forget(self, keys: Iterable[str]) -> None:
        with self._lock:
            gone = [k for k in keys if self._told.pop(k, None) is not None]
            if gone:
                self._write()

    def _write(self) -> None:
        cutoff = self._now() - KEEP_FOR
        self._told = {k: at for k, at in self._told.items() if at >= cutoff}
        payload = json.dumps(
            {
                "version": _FORMAT_VERSION,
                "told": {k: at.isoformat() for k, at in sorted(self._told.items())},
            },
            indent=1,
        )
        try:
            write_atomically(self.path, payload)
        except OSError as error:  # keep working in memory; worst case a notice repeats
            log.warning("notice log %s could not be written: %s", self.path, error)
