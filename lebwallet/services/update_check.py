"""Is there a newer LEB Wallet? Asks the provider's release manifest, never installs.

    checker = UpdateChecker(client, data_dir)
    if should_check(settings) and checker.due():
        info = checker.check()          # UpdateInfo | None (None: up to date)

`GET /v1/app/latest?platform=…` through the `ProviderClient`; versions are compared with
`packaging.version` against `lebwallet.__version__`. The time of the last successful check
is kept in ``update_check.json`` in the data directory, so "daily" holds across restarts.
Provider failures are raised as `ProviderError` (the caller retries on its next tick); a
manifest whose version cannot be read is ignored (logged), never trusted.
Blocking: call it off the GUI thread.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from packaging.version import InvalidVersion, Version

from lebwallet import __version__
from lebwallet.clock import utc_now
from lebwallet.provider import wire
from lebwallet.provider.client import ProviderClient
from lebwallet.services.files import write_atomically
from lebwallet.services.settings import Settings

log = logging.getLogger(__name__)

STATE_FILE: Final = "update_check.json"
CHECK_EVERY: Final = timedelta(days=1)


def current_platform() -> wire.Platform:
    if sys.platform.startswith("win"):
        return wire.Platform.WINDOWS
    if sys.platform == "darwin":
        return wire.Platform.MACOS
    return wire.Platform.LINUX


def should_check(settings: Settings) -> bool | None:
    """True/False as the user chose; None when not asked yet (the first start asks)."""
    return settings.check_updates


@dataclass(frozen=True, slots=True)
class UpdateInfo:
    """A release newer than the running one."""

    current: str
    version: str
    released_at: datetime
    notes_en: str
    notes_zh_cn: str
    download_url: str
    sha256: str
    required: bool
    """The running version is below the provider's minimum supported version."""

    def notes(self, language: str) -> str:
        """Release notes in the UI language ("en" or "zh_CN"), English as fallback."""
        return self.notes_zh_cn if language == "zh_CN" and self.notes_zh_cn else self.notes_en


def compare(current: str, manifest: wire.ReleaseManifest) -> UpdateInfo | None:
    """The update the manifest offers over `current`, or None (same, older or unreadable)."""
    try:
        running = Version(current)
        offered = Version(str(manifest.version))
        minimum = Version(str(manifest.minimum_supported_version))
    except InvalidVersion as error:
        log.warning("release manifest ignored: %s", error)
        return None
    if offered <= running:
        return None
    return UpdateInfo(
        current=current,
        version=str(offered),
        released_at=manifest.released_at,
        notes_en=manifest.notes.en,
        notes_zh_cn=manifest.notes.zh_CN,
        download_url=str(manifest.download_url),
        sha256=manifest.sha256,
        required=running < minimum,
    )


class UpdateChecker:
    """Checks at most once per `interval` (state in the data directory). One per thread."""

    def __init__(
        self,
        client: ProviderClient,
        data_dir: Path,
        *,
        current_version: str = __version__,
        platform: wire.Platform | None = None,
        now: Callable[[], datetime] = utc_now,
        interval: timedelta = CHECK_EVERY,
    ) -> None:
        self._client = client
        self._path = data_dir / STATE_FILE
        self._current = current_version
        self._platform = platform if platform is not None else current_platform()
        self._now = now
        self._interval = interval

    @property
    def last_checked(self) -> datetime | None:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            value = datetime.fromisoformat(raw["last_checked"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError) as error:
            log.warning("update check state %s not used: %s", self._path, error)
            return None
        return value if value.tzinfo is not None else None

    def due(self) -> bool:
        last = self.last_checked
        now = self._now()
        # a clock set back (last in the future) counts as due rather than never again
        return last is None or last > now or now - last >= self._interval

    def check(self) -> UpdateInfo | None:
        """Ask now (ProviderError on failure); records the time of a successful check."""
        manifest = self._client.latest_release(self._platform)
        self._record(self._now())
        return compare(self._current, manifest)

    def check_if_due(self) -> UpdateInfo | None:
        """`check()` when `due()`, else None without a request."""
        return self.check() if self.due() else None

    def _record(self, at: datetime) -> None:
        payload = json.dumps({"last_checked": at.isoformat()})
        try:
            write_atomically(self._path, payload)
        except OSError as error:
            log.warning("update check state %s not written: %s", self._path, error)
