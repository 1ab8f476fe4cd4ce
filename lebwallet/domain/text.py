"""Text a person typed: what an input method gives, folded to what the rules read.

A Chinese or Japanese input method types full-width forms (``１０``, ``＋４４``, ``ＵＫ``),
an ideographic space and the ideographic full stop; Unicode's compatibility normalisation
(NFKC) folds all but the full stop to their plain forms. `normalize_typed` applies it to
every field a rule reads (amounts, identifiers, codes, labels), never to a password.
`refused_characters` names what is still not allowed, so the user is told exactly what.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable


def normalize_typed(text: str) -> str:
    """`text` in NFKC, without surrounding whitespace."""
    return unicodedata.normalize("NFKC", text).strip()


def refused_characters(text: str, allowed: Callable[[str], bool]) -> str:
    """The characters of `text` that `allowed` refuses, each once, in order of appearance."""
    refused: dict[str, None] = {}
    for char in text:
        if not allowed(char):
            refused[char] = None
    return "".join(refused)
