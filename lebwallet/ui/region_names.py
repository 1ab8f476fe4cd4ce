"""Regions (ISO 3166-1 alpha-2 and the few non-ISO ones phone numbers use) named in the UI's
language, for the add-card form's region picker: ``GB`` -> ``英国`` / ``United Kingdom``.

Qt names territories in English only (`QLocale.territoryToString`), so the names in other
languages come from phonenumbers' locale data (CLDR's), which the wallet already ships. Reading
that data takes a fraction of a second the first time: call `region_names` on the task runner,
not on the GUI thread. The result is cached per language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from typing import Final

from PySide6.QtCore import QLocale, QObject

from lebwallet.ui.i18n_text import is_chinese
from lebwallet.ui.tasks import TaskRunner

_log = logging.getLogger(__name__)

_MISSING: Final = {
    # Regions phonenumbers dials but has no names for, in the languages the wallet speaks.
    "zh": {"AC": "阿森松岛", "TA": "特里斯坦-达库尼亚群岛", "XK": "科索沃", "WS": "萨摩亚"},
    "en": {"AC": "Ascension Island", "TA": "Tristan da Cunha", "XK": "Kosovo"},
}


def region_codes() -> tuple[str, ...]:
    """The regions a national phone number can be read for, by code."""
    import phonenumbers

    return tuple(sorted(phonenumbers.SUPPORTED_REGIONS))


@cache
def region_names(language: str) -> dict[str, str]:
    """Every region of `region_codes` named in `language` (``"zh"`` or ``"en"``); a region
    with no known name keeps its code. Slow the first time (see the module docstring)."""
    from phonenumbers.geodata.locale import LOCALE_DATA

    names: dict[str, str] = {}
    for code in region_codes():
        by_language = LOCALE_DATA.get(code, {})
        name = by_language.get(language, "")
        for _hop in range(3):  # "*xx": the name is the one in language xx
            if name.startswith("*"):
                name = by_language.get(name[1:], "")
        if name.startswith("*"):  # a reference to itself (Samoa's "zh": "*zh")
            name = ""
        if not name:
            name = _MISSING.get(language, {}).get(code, "")
        if language == "zh":  # "博奈尔岛, 圣尤斯特歇斯岛…": Chinese lists take 、
            name = name.replace(", ", "、")
        if not name and language == "en":
            territory = QLocale.codeToTerritory(code)
            if territory != QLocale.Country.AnyTerritory:
                name = QLocale.territoryToString(territory)
        names[code] = name or code
    return names


def load_region_names(
    runner: TaskRunner, owner: QObject, deliver: Callable[[dict[str, str]], None]
) -> None:
    """Read the names in the UI's language on `runner` and hand them to `deliver` (on the GUI
    thread, while `owner` lives); nothing when the runner is shut down (the app quits)."""
    if runner.is_shut_down:
        return
    language = "zh" if is_chinese() else "en"
    runner.run(
        owner,
        lambda: region_names(language),
        deliver,
        lambda error: _log.warning("region names not read: %s", error),
        description="region names",
    )
