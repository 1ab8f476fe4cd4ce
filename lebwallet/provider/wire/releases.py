"""The release manifest the update check reads."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import StringConstraints

from lebwallet.provider.wire.base import Lax, WireResponse
from lebwallet.provider.wire.scalars import Sha256, Timestamp, Version, WebUrl


class Platform(StrEnum):
    LINUX = "linux"
    WINDOWS = "windows"
    MACOS = "macos"


class ReleaseNotes(WireResponse):
    en: Annotated[str, StringConstraints(max_length=10000)]
    zh_CN: Annotated[str, StringConstraints(max_length=10000)]  # noqa: N815 - wire name


class ReleaseManifest(WireResponse):
    platform: Annotated[Platform, Lax]
    version: Version
    released_at: Timestamp
    notes: ReleaseNotes
    download_url: WebUrl
    sha256: Sha256
    minimum_supported_version: Version
