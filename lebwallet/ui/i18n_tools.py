"""Maintainers' translation tools: compile, update and check the ``.ts`` files.

    python -m lebwallet.ui.i18n_tools update    # refresh the .ts files from the code
    python -m lebwallet.ui.i18n_tools check     # fail if a message is missing or unfinished
    python -m lebwallet.ui.i18n_tools compile DIR

- `compile_translations(out_dir)` turns the ``.ts`` files into ``.qm`` files with PySide6's
  ``lrelease``; the build, the tests and the app (`lebwallet.ui.i18n.ensure_compiled`, when
  no compiled files are shipped) use it.
- `update_ts` runs ``pyside6-lupdate`` over lebwallet/ui and lebwallet/app.py;
  `check_translations` lists what a ``.ts`` lacks; `set_translations` writes translations
  into a ``.ts`` by (context, source).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import PySide6

from lebwallet.ui.i18n import (
    Language,
    TranslationError,
    TranslationToolMissing,
    qm_name,
    ts_path,
)

_TOOL_TIMEOUT_S: Final = 120
_PACKAGE_DIR: Final = Path(__file__).resolve().parents[1]


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


# --- update and check -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TranslationProblem:
    """A message that a .ts file lacks or has not finished translating."""

    language: Language
    context: str
    source: str
    kind: str  # "missing" (in the code, not in the .ts), "unfinished" or "set badly (…)"

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
    chinese = _messages(ts_path(Language.ZH_CN, ts_dir))
    for key, message in chinese.items():
        for text in _translation_texts(message):
            for problem in chinese_typography_problems(text):
                problems.append(TranslationProblem(Language.ZH_CN, *key, f"set badly ({problem})"))
    return problems


def _translation_texts(message: ElementTree.Element) -> list[str]:
    translation = message.find("translation")
    if translation is None:
        return []
    forms = translation.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [translation.text or ""]


_HANZI: Final = "\u3400-\u4dbf\u4e00-\u9fff"
_CJK: Final = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u201c\u201d"
_TYPOGRAPHY_RULES: Final = (
    (re.compile(f"[{_CJK}] +[{_CJK}]"), "an ASCII space between two Chinese characters"),
    (
        re.compile(" +[，。：；！？、（）“”]|[，。：；！？、（）“”] +"),
        "an ASCII space next to full-width punctuation",
    ),
    (re.compile(f"[{_HANZI}] ?[:;!?,]"), "half-width punctuation after a Chinese character"),
    (re.compile(f"\\([^)]*[{_CJK}][^)]*\\)"), "half-width brackets around Chinese text"),
    (re.compile("\\d %(?![\\dnL])"), "a space between a number and %"),
)


def chinese_typography_problems(text: str) -> list[str]:
    """What breaks Chinese typography in `text`: an ASCII space next to a Chinese character
    or full-width punctuation where Chinese puts none, half-width ``:`` ``,`` or brackets
    after or around Chinese text, ``3.4 %``. A space between Chinese and Latin letters,
    digits or a placeholder (``还剩 %n 天``) is Chinese usage and passes."""
    problems = []
    for pattern, what in _TYPOGRAPHY_RULES:
        found = pattern.search(text)
        if found:
            problems.append(f"{what}: {found.group(0)!r} in {text!r}")
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
        prog="python -m lebwallet.ui.i18n_tools", description="Maintain LEB Wallet's translations."
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


if __name__ == "__main__":
    raise SystemExit(main())
