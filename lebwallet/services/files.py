"""Small files the wallet keeps next to its store (settings, told notices, update checks)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Final

MAX_SETTINGS_BYTES: Final = 1024 * 1024
"""The most of a settings file that is read: real ones are a few hundred bytes."""


class UnreadableFile(ValueError):
    """A small file's content cannot be used; the message says why (after "the file …")."""


def write_atomically(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` so that a crash leaves the old file or the new one,
    never a part: a flushed and synced temporary file (``.<stem>-*.tmp``, same directory)
    replaces it. Creates the directory; raises `OSError` and leaves no temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def read_small_text(path: Path, max_bytes: int) -> str:
    """The UTF-8 text of `path`, reading at most `max_bytes` + 1 bytes of it.
    `FileNotFoundError` when absent, `OSError` when unreadable, `UnreadableFile` when larger
    than `max_bytes` or not UTF-8."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnreadableFile(f"it is too large (more than {max_bytes // 1024} KB)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"it is not UTF-8 text (byte {error.start})") from None


def parse_json(text: str) -> object:
    """JSON text as Python values; `UnreadableFile` for anything that is not JSON the
    standard library can hold (broken, nested too deeply, a number too long)."""
    import json  # only with a file to read (~1 ms; keeps the first paint lean)

    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"not valid JSON (line {error.lineno}): {error.msg}") from None
    except RecursionError:
        raise UnreadableFile("its JSON is nested too deeply") from None
    except ValueError as error:  # int() of more digits than Python converts
        raise UnreadableFile(f"it holds a number too long to read ({error})") from None
