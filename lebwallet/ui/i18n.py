"""The wallet's languages: English (the source strings) and 简体中文, switchable at run time.

- Sources: ``resources/translations/lebwallet_<code>.ts`` (Qt Linguist XML). The English file
  holds only the plural forms ("in %n day(s)" -> "in 1 day" / "in 5 days").
- `compile_translations(out_dir)` turns them into ``.qm`` files with PySide6's ``lrelease``;
  the build, the tests and the app all use it. A frozen build ships the ``.qm`` files in
  ``resources/translations/``; otherwise `ensure_compiled(cache_dir)` compiles them once into
  the app's cache directory.
- `install_language(app, code, qm_dir)` swaps the application's QTranslators (the wallet's
  and Qt's own ``qtbase`` ones), sets the default QLocale, and Qt sends every widget a
  ``LanguageChange`` event: widgets re-set their texts in ``changeEvent``.
- Maintainers: ``python -m lebwallet.ui.i18n update`` refreshes the .ts files from the code
  (pyside6-lupdate over lebwallet/ui and lebwallet/app.py); ``python -m lebwallet.ui.i18n
  check`` fails if a message in either .ts is missing or unfinished.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from lebwallet.resources_path import resources_dir

_log = logging.getLogger(__name__)

_TRANSLATOR_NAME: Final = "lebwallet-i18n"
_LANGUAGE_PROPERTY: Final = "lebwallet_language"
_TOOL_TIMEOUT_S: Final = 120
_PACKAGE_DIR: Final = Path(__file__).resolve().parents[1]


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


# --- tools -----------------------------------------------------------------------------------


def find_qt_tool(name: str) -> list[str]:
    """The command that runs PySide6's ``lrelease`` or ``lupdate``.

    Looks for the binary in PySide6's package directory, then for the ``pyside6-<name>``
    script next to the Python interpreter, then on PATH.
    """
    if name not in ("lrelease", "lupdate"):
        raise ValueError(f"unknown Qt translation tool {name!r}")
    exe = ".exe" if sys.platform == "win32" else ""
    pyside_dir = Path(PySide6.__file__).resolve().parent
    interpreter_dir = Path(sys.executable).parent
    candidates = [
        pyside_dir / f"{name}{exe}",
        interpreter_dir / f"pyside6-{name}{exe}",
        interpreter_dir / "Scripts" / f"pyside6-{name}{exe}",
    ]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    on_path = shutil.which(f"pyside6-{name}")
    if on_path:
        return [on_path]
    tried = ", ".join(str(c) for c in candidates)
    raise TranslationToolMissing(
        f"PySide6's {name} was not found (looked in {tried} and on PATH); "
        "install PySide6-Essentials"
    )


def _run_tool(command: list[str]) -> str:
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=_TOOL_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise TranslationError(f"{Path(command[0]).name} could not run: {error}") from error
    if completed.returncode != 0:
        output = (completed.stderr or completed.stdout).strip()
        raise TranslationError(
            f"{Path(command[0]).name} failed with exit code {completed.returncode}: {output}"
        )
    return completed.stdout


# --- compiling and installing ----------------------------------------------------------------


def compile_translations(out_dir: Path, ts_dir: Path | None = None) -> list[Path]:
    """Compile every language's ``.ts`` into ``out_dir/lebwallet_<code>.qm``; return the paths."""
    lrelease = find_qt_tool("lrelease")
    out_dir.mkdir(parents=True, exist_ok=True)
    compiled: list[Path] = []
    for language in Language:
        source = ts_path(language, ts_dir)
        if not source.is_file():
            raise TranslationError(f"translation source {source} is missing")
        target = out_dir / qm_name(language)
        _run_tool([*lrelease, "-silent", str(source), "-qm", str(target)])
        if not target.is_file():
            raise TranslationError(f"lrelease did not write {target}")
        compiled.append(target)
    return compiled


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

    `qm_dir` holds the compiled ``.qm`` files (see `compile_translations`); by default they are
    found or compiled by `ensure_compiled(default_cache_dir())`. If the wallet's translation
    cannot be loaded, `TranslationError` is raised and nothing changes.
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


# --- maintainers' commands: update and check -------------------------------------------------


@dataclass(frozen=True, slots=True)
class TranslationProblem:
    """A message that a .ts file lacks or has not finished translating."""

    language: Language
    context: str
    source: str
    kind: str  # "missing" (in the code, not in the .ts) or "unfinished"

    def __str__(self) -> str:
        return f"{self.language.value}: [{self.context}] {self.source!r} is {self.kind}"


def translatable_sources(package_dir: Path = _PACKAGE_DIR) -> list[Path]:
    """The Python files whose ``tr()`` strings are translated: lebwallet/ui and app.py."""
    sources = sorted((package_dir / "ui").rglob("*.py"))
    app_py = package_dir / "app.py"
    if app_py.is_file():
        sources.append(app_py)
    return sources


def update_ts(
    ts_dir: Path | None = None, sources: Sequence[Path] | None = None, *, quiet: bool = False
) -> None:
    """Run lupdate over `sources` into every language's .ts (obsolete messages dropped)."""
    lupdate = find_qt_tool("lupdate")
    files = [str(p) for p in (sources if sources is not None else translatable_sources())]
    if not files:
        raise TranslationError("no source files to scan for translatable strings")
    for language in Language:
        target = ts_path(language, ts_dir)
        command = [*lupdate, *files, "-locations", "none", "-no-obsolete"]
        command += ["-source-language", "en", "-target-language", language.value]
        if language.is_source:
            command.append("-pluralonly")
        if quiet:
            command.append("-silent")
        command += ["-ts", str(target)]
        output = _run_tool(command)
        if output and not quiet:
            print(output, end="")


def _messages(ts: Path) -> dict[tuple[str, str], ElementTree.Element]:
    try:
        root = ElementTree.parse(ts).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise TranslationError(f"cannot read {ts}: {error}") from error
    messages: dict[tuple[str, str], ElementTree.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            messages[(name, message.findtext("source", default=""))] = message
    return messages


def _is_finished(message: ElementTree.Element) -> bool:
    translation = message.find("translation")
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return False
    if message.get("numerus") == "yes":
        forms = translation.findall("numerusform")
        return bool(forms) and all((form.text or "").strip() for form in forms)
    return bool((translation.text or "").strip())


def check_translations(
    ts_dir: Path | None = None, sources: Sequence[Path] | None = None
) -> list[TranslationProblem]:
    """Every message the code uses that a .ts lacks or leaves unfinished; empty when complete.

    Works on copies: lupdate merges the code's current strings into a copy of each .ts, and a
    message counts as finished only if it has a translation (every plural form filled in).
    """
    problems: list[TranslationProblem] = []
    with tempfile.TemporaryDirectory(prefix="lebwallet-i18n-") as scratch:
        scratch_dir = Path(scratch)
        for language in Language:
            original = ts_path(language, ts_dir)
            if not original.is_file():
                raise TranslationError(f"translation source {original} is missing")
            shutil.copy2(original, scratch_dir / original.name)
        update_ts(scratch_dir, sources, quiet=True)
        for language in Language:
            known = _messages(ts_path(language, ts_dir))
            for key, message in _messages(ts_path(language, scratch_dir)).items():
                if key not in known:
                    problems.append(TranslationProblem(language, *key, "missing"))
                elif not _is_finished(message):
                    problems.append(TranslationProblem(language, *key, "unfinished"))
    return problems


Translation = str | Sequence[str]
"""A message's text, or its plural forms (Chinese has one, English two)."""


def unfinished_messages(language: Language, ts_dir: Path | None = None) -> list[tuple[str, str]]:
    """(context, source) of every message in `language`'s .ts that still needs a translation."""
    messages = _messages(ts_path(language, ts_dir))
    return [key for key, message in messages.items() if not _is_finished(message)]


def set_translations(
    language: Language,
    translations: Mapping[tuple[str, str], Translation],
    ts_dir: Path | None = None,
) -> int:
    """Write translations, keyed by (context, source), into messages already in the .ts.

    Run `update_ts` first so that the messages exist. A plural message takes a sequence of
    forms, any other a string. Returns how many messages were set; raises `TranslationError`
    (and writes nothing) for a key the .ts does not have or a wrong kind of translation.
    """
    ts = ts_path(language, ts_dir)
    try:
        tree = ElementTree.parse(ts)
    except (OSError, ElementTree.ParseError) as error:
        raise TranslationError(f"cannot read {ts}: {error}") from error
    found: dict[tuple[str, str], ElementTree.Element] = {}
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            found[(name, message.findtext("source", default=""))] = message
    for key, text in translations.items():
        target = found.get(key)
        if target is None:
            raise TranslationError(f"{ts.name} has no message {key[1]!r} in context {key[0]!r}")
        plural = target.get("numerus") == "yes"
        if plural == isinstance(text, str) or not all(text):
            kind = "plural forms" if plural else "one text"
            raise TranslationError(f"{key[1]!r} needs {kind}, not {text!r}")
        existing = target.find("translation")
        translation = (
            existing if existing is not None else ElementTree.SubElement(target, "translation")
        )
        translation.attrib.pop("type", None)
        for child in list(translation):
            translation.remove(child)
        if isinstance(text, str):
            translation.text = text
        else:
            translation.text = None
            for form in text:
                ElementTree.SubElement(translation, "numerusform").text = form
    ElementTree.indent(tree, space="    ")
    body = ElementTree.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return len(translations)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lebwallet.ui.i18n", description="Maintain LEB Wallet's translations."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="refresh the .ts files from the code (pyside6-lupdate)")
    commands.add_parser("check", help="fail if a message is missing or unfinished in a .ts")
    compile_cmd = commands.add_parser("compile", help="compile the .ts files into .qm files")
    compile_cmd.add_argument("out_dir", type=Path, help="where to write the .qm files")
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            update_ts()
            return 0
        if args.command == "compile":
            for path in compile_translations(args.out_dir):
                print(path)
            return 0
        problems = check_translations()
    except TranslationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} translation problem(s); see above", file=sys.stderr)
        return 1
    print("translations complete: " + ", ".join(lang.native_name for lang in Language))
    return 0


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


if __name__ == "__main__":
    raise SystemExit(main())
