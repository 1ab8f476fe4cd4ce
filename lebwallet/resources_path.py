"""Where LEB Wallet's data files (icons, translations, styles, openapi.yaml) live on disk.

One function, `resources_dir()`, answers for every way the wallet runs:

- frozen by PyInstaller: ``sys._MEIPASS/resources`` (build.spec bundles ``resources/`` there);
- installed from a wheel: ``lebwallet/resources/`` inside the installed package (the wheel
  carries the repository's ``resources/`` there through the ``lebwallet/resources`` symlink
  and ``package-data`` in pyproject.toml);
- from a source checkout or an editable install: the repository's ``resources/``.

This module imports no Qt, so the CLI, the sandbox and the services can use it too.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


class ResourcesNotFound(FileNotFoundError):
    """No resources directory exists where the wallet looks for one."""


def _candidates() -> list[Path]:
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass is not None:
        return [Path(meipass) / "resources"]
    return [_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"]


def resources_dir() -> Path:
    """The directory that holds ``icons/``, ``translations/``, ``styles/`` and the like."""
    candidates = _candidates()
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise ResourcesNotFound(f"LEB Wallet's resources directory is missing (looked in {tried})")


def resource_path(*parts: str) -> Path:
    """A path under `resources_dir()`; raises `ResourcesNotFound` if the file does not exist."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise ResourcesNotFound(f"resource {'/'.join(parts)!r} is missing ({path})")
    return path
