"""The scalar types of the wire: ids, codes, amounts, timestamps and texts, each with the
pattern and bounds of its schema in resources/openapi.yaml."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Annotated, Final

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Strict,
    StringConstraints,
    WithJsonSchema,
)

_TIMESTAMP_PATTERN: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|\+00:00)$"
)
_TIMESTAMP_RE: Final = re.compile(_TIMESTAMP_PATTERN)
IDEMPOTENCY_KEY_PATTERN: Final = r"^[!-~]{8,255}$"
ID_PATTERN: Final = r"^[A-Za-z0-9_-]{1,64}$"
MAX_BATCH_IDS: Final = 100
MAX_BODY_BYTES: Final = 65536


def _timestamp_input(value: object) -> object:
    """Text must match the pattern, whose offsets (`Z`, `+00:00`) are UTC; a datetime must
    be in UTC (a naive one is left to `AwareDatetime` to refuse). One check before
    pydantic's own parsing, none after: a card page holds 30,000 timestamps."""
    if isinstance(value, str):
        if _TIMESTAMP_RE.fullmatch(value):
            return value
        raise ValueError(
            f"{value[:40]!r} is not an RFC 3339 UTC timestamp like '2024-05-01T12:00:00Z'"
        )
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is not None and offset != timedelta(0):
            raise ValueError(f"timestamp {value.isoformat()} is not in UTC")
        return value
    raise ValueError(f"a timestamp must be RFC 3339 text, not {type(value).__name__}")


Id = Annotated[str, StringConstraints(max_length=64, pattern=ID_PATTERN)]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
DecimalString = Annotated[
    str, StringConstraints(max_length=40, pattern=r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")
]
Percent = Annotated[
    str, StringConstraints(max_length=8, pattern=r"^(0|[1-9][0-9]{0,2})(\.[0-9]{1,4})?$")
]
Rate = Annotated[
    str,
    StringConstraints(max_length=40, pattern=r"^(0\.[0-9]*[1-9][0-9]*|[1-9][0-9]*(\.[0-9]+)?)$"),
]
Timestamp = Annotated[
    AwareDatetime,
    Strict(False),
    BeforeValidator(_timestamp_input),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _TIMESTAMP_PATTERN}),
]
Email = Annotated[str, StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Msisdn = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")]
Iccid = Annotated[str, StringConstraints(pattern=r"^89[0-9]{16,18}$")]
LpaActivationCode = Annotated[
    str, StringConstraints(max_length=255, pattern=r"^LPA:1\$[^$\s]+\$[^\s]*$")
]
WebUrl = Annotated[str, StringConstraints(max_length=2048, pattern=r"^https?://[^\s]+$")]
Cursor = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._~=-]{1,512}$")]
Version = Annotated[
    str,
    StringConstraints(max_length=64, pattern=r"^[0-9]+\.[0-9]+\.[0-9]+([.+-]?[0-9A-Za-z.]+)?$"),
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
VerificationCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
IdempotencyKey = Annotated[
    str, StringConstraints(min_length=8, max_length=255, pattern=IDEMPOTENCY_KEY_PATTERN)
]
Label = Annotated[str, StringConstraints(max_length=40)]


def _plain_text(value: str) -> str:
    # str.isprintable: no control character (NUL, line breaks) and no invisible formatting
    # one (U+202E and the other bidirectional overrides) — the domain's rule for a label.
    if not value.isprintable():
        raise ValueError("must be plain text: no control or invisible formatting characters")
    return value


PlainText = AfterValidator(_plain_text)
LabelInput = Annotated[Label, PlainText]
"""A label a client sends (a label the provider sends is `Label`: kept, and judged by the
wallet per card)."""
NameInput = Annotated[str, StringConstraints(min_length=1, max_length=100), PlainText]
