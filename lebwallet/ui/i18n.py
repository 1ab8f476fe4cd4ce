"""The wallet's languages: English (the source strings) and 简体中文, switchable at run time.

- Sources: ``resources/translations/lebwallet_<code>.ts`` (Qt Linguist XML). The English file
  holds only the plural forms ("in %n day(s)" -> "in 1 day" / "in 5 days").
- A frozen build ships the compiled ``.qm`` files in ``resources/translations/``; otherwise
  `ensure_compiled(cache_dir)` compiles them once into the app's cache directory (with
  `lebwallet.ui.i18n_tools.compile_translations`, PySide6's ``lrelease``).
- `install_language(app, code, qm_dir)` swaps the application's QTranslators (the wallet's
  and Qt's own ``qtbase`` ones), sets the default QLocale, and Qt sends every widget a
  ``LanguageChange`` event: widgets re-set their texts in ``changeEvent``.
- Maintainers' commands (update, check, compile) are in `lebwallet.ui.i18n_tools`.

Only what the running app needs is here: it is imported at every start, right after the
window's first paint (the tools' subprocess and XML modules are not).
"""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path
from typing import Final

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from lebwallet.resources_path import resources_dir

_log = logging.getLogger(__name__)

_TRANSLATOR_NAME: Final = "lebwallet-i18n"
_LANGUAGE_PROPERTY: Final = "lebwallet_language"


class TranslationError(RuntimeError):
    """A translation file could not be compiled, loaded or checked."""


class TranslationToolMissing(TranslationError):
    """PySide6's lrelease / lupdate cannot be found."""


class UnknownLanguage(ValueError):
    """The code does not name a language the wallet speaks."""


class Language(StrEnum):
    """A language of the user interface; the value is its translation file's code."""

    EN = "en"
    ZH_CN = "zh_CN"

    @property
    def native_name(self) -> str:
        """The language's name in itself, as a language menu shows it."""
        return _NATIVE_NAMES[self]

    @property
    def is_source(self) -> bool:
        """True for English, the language of the strings in the code."""
        return self is Language.EN

    @classmethod
    def from_code(cls, code: str) -> Language:
        """``"en"``, ``"zh_CN"`` (also ``"zh-CN"``, ``"en_GB"``, ``"zh"``) -> a Language."""
        normalised = code.strip().replace("-", "_") if isinstance(code, str) else ""
        for language in cls:
            if normalised.casefold() == language.value.casefold():
                return language
        base = normalised.partition("_")[0].casefold()
        if base == "en":
            return cls.EN
        if base == "zh" and normalised.casefold() in ("zh", "zh_cn", "zh_hans", "zh_hans_cn"):
            return cls.ZH_CN
        supported = ", ".join(f"{lang.value} ({lang.native_name})" for lang in cls)
        raise UnknownLanguage(f"{code!r} is not a language LEB Wallet speaks; use {supported}")

    @classmethod
    def for_locale(cls, locale: QLocale) -> Language:
        """The best language for a system locale: 简体中文 for Simplified Chinese, else English."""
        if locale.language() == QLocale.Language.Chinese and locale.script() in (
            QLocale.Script.SimplifiedHanScript,
            QLocale.Script.AnyScript,
        ):
            return cls.ZH_CN
        return cls.EN

    def qt_locale(self) -> QLocale:
        """The locale for formatting: the system's own if it is in this language."""
        system = QLocale.system()
        if self is Language.EN:
            if system.language() == QLocale.Language.English:
                return system
            return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
        if Language.for_locale(system) is Language.ZH_CN:
            return system
        return QLocale(
            QLocale.Language.Chinese, QLocale.Script.SimplifiedHanScript, QLocale.Country.China
        )


_NATIVE_NAMES: Final[dict[Language, str]] = {Language.EN: "English", Language.ZH_CN: "简体中文"}


def translations_source_dir() -> Path:
    """The directory of the ``.ts`` sources (and of shipped ``.qm`` files in a build)."""
    return resources_dir() / "translations"


def ts_path(language: Language, ts_dir: Path | None = None) -> Path:
    return (ts_dir or translations_source_dir()) / f"lebwallet_{language.value}.ts"


def qm_name(language: Language) -> str:
    return f"lebwallet_{language.value}.qm"


# --- compiling and installing ----------------------------------------------------------------


def _is_fresh(qm: Path, ts: Path) -> bool:
    return qm.is_file() and (not ts.is_file() or qm.stat().st_mtime >= ts.stat().st_mtime)


def ensure_compiled(cache_dir: Path) -> Path:
    """The directory of up-to-date ``.qm`` files: the shipped ones, or freshly compiled ones.

    A build ships ``.qm`` files next to the ``.ts`` sources; without them (a source checkout or
    a wheel), they are compiled into `cache_dir` when missing or older than their sources.
    """
    shipped = translations_source_dir()
    if all(_is_fresh(shipped / qm_name(lang), ts_path(lang)) for lang in Language):
        return shipped
    if not all(_is_fresh(cache_dir / qm_name(lang), ts_path(lang)) for lang in Language):
        from lebwallet.ui.i18n_tools import compile_translations

        compile_translations(cache_dir)
    return cache_dir


def default_cache_dir() -> Path:
    """Where the app compiles translations when none are shipped."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("lebwallet", appauthor=False)) / "translations"


def current_language(app: QCoreApplication) -> Language | None:
    """The language `install_language` last installed on `app`, if any."""
    value = app.property(_LANGUAGE_PROPERTY)
    try:
        return Language(value)
    except ValueError:
        return None


def install_language(
    app: QCoreApplication, language: Language | str, qm_dir: Path | None = None
) -> Language:
    """Make `language` the language of `app`: translators, default QLocale, LanguageChange.

    `qm_dir` holds the compiled ``.qm`` files (`lebwallet.ui.i18n_tools.compile_translations`);
    by default they are found or compiled by `ensure_compiled(default_cache_dir())`. If the
    wallet's translation cannot be loaded, `TranslationError` is raised and nothing changes.
    """
    chosen = language if isinstance(language, Language) else Language.from_code(language)
    directory = qm_dir if qm_dir is not None else ensure_compiled(default_cache_dir())
    translators = [_load(app, directory / qm_name(chosen))]
    if not chosen.is_source:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qtbase = QTranslator(app)
        if qtbase.load(f"qtbase_{chosen.value}", qt_dir):
            qtbase.setObjectName(_TRANSLATOR_NAME)
            translators.append(qtbase)
        else:
            _log.info("Qt's own %s translation not found in %s", chosen.value, qt_dir)
            qtbase.setParent(None)

    QLocale.setDefault(chosen.qt_locale())
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        if old not in translators:
            app.removeTranslator(old)
            old.setObjectName("")
            old.deleteLater()
    app.setProperty(_LANGUAGE_PROPERTY, chosen.value)
    for translator in translators:
        app.installTranslator(translator)
    return chosen


def _load(app: QCoreApplication, qm: Path) -> QTranslator:
    translator = QTranslator(app)
    if not translator.load(str(qm)):
        translator.setParent(None)
        raise TranslationError(f"cannot load the translation {qm}; is it compiled?")
    translator.setObjectName(_TRANSLATOR_NAME)
    return translator


def install_language_in(app: QCoreApplication, data_dir: Path, code: str) -> str:
    """Install the translation of `code` for the wallet whose data lives in `data_dir` (the
    compiled `.qm` files are cached there), unless it is installed already. Returns the
    language in use: English when `code` cannot be loaded (logged, never fatal)."""
    current = current_language(app)
    if current is not None and current.value == code:
        return code
    try:
        return install_language(
            app, code, ensure_compiled(data_dir / "cache" / "translations")
        ).value
    except (TranslationError, ValueError) as error:
        logging.getLogger(__name__).warning("language %s not available: %s", code, error)
        return "en"
