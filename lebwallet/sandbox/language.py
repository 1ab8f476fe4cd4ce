"""The sandbox's two languages: English and Simplified Chinese (`Accept-Language`).

- `negotiate(header)` picks `en` or `zh-CN` from an `Accept-Language` header (RFC 9110
  weights; `zh`, `zh-CN`, `zh-Hans`, `zh-SG` are Simplified Chinese; Traditional Chinese,
  another language or no header give English).
- `text(msgid, language, **values)` is one whole sentence of the pages or of the API in the
  language, with `{name}` placeholders filled in afterwards.
- `translate_detail(detail, language)` gives an API problem's English `detail` (or a field
  error's message) in the language: each message the sandbox and the domain rules send is a
  template in `texts_zh`, matched whole, and its values (amounts, ids, promotion titles) are put in
  the Chinese sentence; a value that is itself a known message is translated too.
  A message no template matches stays English.

The English texts stay where they are raised; their Chinese is in `texts_zh`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Final

from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox.texts_zh import ZH_DETAILS, ZH_TEXT, ZH_TITLES

ENGLISH: Final = "en"
CHINESE: Final = "zh-CN"
LANGUAGES: Final = (ENGLISH, CHINESE)
LANG_PARAM: Final = "lang"
"""A checkout page's query parameter naming its language (before `Accept-Language`)."""

_TAG: Final = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$|^\*$")
_TRADITIONAL: Final = frozenset({"hant", "tw", "hk", "mo"})


def language_of_tag(tag: str) -> str | None:
    """`en`, `zh-CN` or None (a language the sandbox does not speak) for one language tag."""
    parts = tag.strip().lower().split("-")
    if parts[0] == "en" or parts[0] == "*":
        return ENGLISH
    if parts[0] == "zh" and not _TRADITIONAL.intersection(parts[1:]):
        return CHINESE
    return None


def negotiate(header: str | None) -> str:
    """The language to answer in for an `Accept-Language` header (English by default)."""
    if not header:
        return ENGLISH
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")[:32]):
        tag, _, params = item.strip().partition(";")
        tag = tag.strip()
        if not _TAG.match(tag):
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0:
            ranked.append((-weight, position, tag))
    for _weight, _position, tag in sorted(ranked):
        language = language_of_tag(tag)
        if language is not None:
            return language
    return ENGLISH


# --- whole sentences: pages, titles, reasons ----------------------------------------------------


def problem_title(code: ErrorCode, english: str, language: str) -> str:
    """A problem's title (`english` is the contract's) in `language`."""
    if language == CHINESE:
        return ZH_TITLES.get(code, english)
    return english


def text(msgid: str, language: str, **values: object) -> str:
    """The sentence `msgid` in `language`, with its `{name}` placeholders filled in."""
    template = ZH_TEXT.get(msgid, msgid) if language == CHINESE else msgid
    if not values:
        return template
    return template.format_map({name: str(value) for name, value in values.items()})


# --- API messages: English templates matched whole --------------------------------------------


_PLACEHOLDER: Final = re.compile(r"\{(\w+)\}")


@cache
def _detail_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    patterns = []
    # The most specific first: "no order {order} on this account" before "no {what} {value}".
    by_literal = sorted(ZH_DETAILS, key=lambda pair: -len(_PLACEHOLDER.sub("", pair[0])))
    for english, chinese in by_literal:
        pieces = _PLACEHOLDER.split(english)
        regex = "".join(
            f"(?P<{piece}>.+?)" if odd else re.escape(piece)
            for odd, piece in ((i % 2 == 1, piece) for i, piece in enumerate(pieces))
        )
        patterns.append((re.compile(f"^{regex}$", re.DOTALL), chinese))
    return tuple(patterns)


_CODE_LIST: Final = re.compile(r"^[A-Z]{3}(, [A-Z]{3})+$")
_ALTERNATIVES: Final = re.compile(r"^(\S+) or (\S+)$")
_FIELD_PREFIX: Final = re.compile(r"^([A-Za-z_][\w.\-]*): (.+)$", re.DOTALL)


def _value(value: str) -> str:
    """A value inside a message: a known phrase (a promotion title) is translated too, and a
    list of codes or two alternatives are joined the Chinese way."""
    quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
    inner = value[1:-1] if quoted else value
    if inner in ZH_TEXT:
        return ZH_TEXT[inner]
    if _CODE_LIST.match(inner):
        return inner.replace(", ", "、")
    alternatives = _ALTERNATIVES.match(inner)
    if alternatives is not None:
        return f"{alternatives[1]} 或 {alternatives[2]}"
    return inner if quoted else value


def translate_detail(detail: str, language: str) -> str:
    """An API message in `language` (English when it is not known; see the module docstring)."""
    if language != CHINESE:
        return detail
    if detail in ZH_TEXT:
        return ZH_TEXT[detail]
    for pattern, chinese in _detail_patterns():
        match = pattern.match(detail)
        if match is not None:
            values: Mapping[str, str] = {k: _value(v) for k, v in match.groupdict().items()}
            return chinese.format_map(values)
    prefixed = _FIELD_PREFIX.match(detail)  # "field: message" of a 422 about one member
    if prefixed is not None:
        message = translate_detail(prefixed[2], language)
        if message != prefixed[2]:
            return f"{prefixed[1]}：{message}"
    return detail
