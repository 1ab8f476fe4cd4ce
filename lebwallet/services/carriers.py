"""The shipped carrier catalogue (resources/carriers.toml), read with the standard library.

`shipped_catalogue()` reads and checks it once per process; a broken file raises
`CatalogueError` naming the entry (a test keeps the shipped one valid).
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Final

from lebwallet.domain.catalogue import CarrierEntry, CatalogueError, parse_catalogue
from lebwallet.resources_path import resource_path

CATALOGUE_FILE: Final = "carriers.toml"


def read_catalogue(path: Path) -> tuple[CarrierEntry, ...]:
    """The entries of the catalogue file at `path` (raises `CatalogueError`)."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogueError(f"{path.name}: {error}") from None
    return parse_catalogue(data)


@functools.cache
def shipped_catalogue() -> tuple[CarrierEntry, ...]:
    """The catalogue that ships with the wallet, sorted by country then name."""
    return read_catalogue(resource_path(CATALOGUE_FILE))
