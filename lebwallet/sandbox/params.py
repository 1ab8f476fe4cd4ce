"""The parts of a sandbox API request that every route reads alike: an id in the path, the
page size and cursor, `updated_since`, and the `Idempotency-Key` header. Each is checked
here and refused with the problem the spec gives (nothing is changed by a refused request).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from flask import request
from pydantic import TypeAdapter, ValidationError

from lebwallet.provider import wire
from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox.problems import ApiError, from_validation_error, invalid

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "check_id",
    "cursor_param",
    "idempotency_key",
    "limit_param",
    "updated_since_param",
]

_ID_RE: Final = re.compile(wire.ID_PATTERN)
_KEY_RE: Final = re.compile(wire.IDEMPOTENCY_KEY_PATTERN)
_CURSOR_RE: Final = re.compile(r"[A-Za-z0-9._~=-]{1,512}")
_TIMESTAMP: Final = TypeAdapter(wire.Timestamp)
DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 500


def check_id(value: str, what: str) -> str:
    """`value` when it can be an id; otherwise 404: no `what` can have it."""
    if not _ID_RE.fullmatch(value):
        raise ApiError(ErrorCode.NOT_FOUND, f"no {what} {value[:64]!r}")
    return value


def limit_param() -> int:
    """The page size asked for (`limit`), `DEFAULT_LIMIT` when absent."""
    raw = request.args.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise invalid("limit", f"limit is a whole number from 1 to {MAX_LIMIT}, not {raw[:20]!r}")
    return int(raw)


def cursor_param() -> str | None:
    """The `cursor` of the next page, as sent (the list decodes it)."""
    raw = request.args.get("cursor")
    if raw is not None and not _CURSOR_RE.fullmatch(raw):
        raise invalid("cursor", "not a cursor from this list; start again without one")
    return raw


def updated_since_param() -> datetime | None:
    """`updated_since` as an RFC 3339 UTC timestamp, None when absent."""
    raw = request.args.get("updated_since")
    if raw is None:
        return None
    try:
        moment: datetime = _TIMESTAMP.validate_python(raw)
    except ValidationError as exc:
        raise from_validation_error(exc, prefix="updated_since.") from None
    return moment


def idempotency_key(missing: str) -> str:
    """The request's `Idempotency-Key`; `missing` (a whole sentence, translated by the
    sandbox's language) is the detail of the problem when it is absent or malformed."""
    key = request.headers.get("Idempotency-Key")
    if key is None or not _KEY_RE.fullmatch(key):
        raise ApiError(
            ErrorCode.IDEMPOTENCY_KEY_REQUIRED,
            missing,
            errors=[wire.FieldError(field="Idempotency-Key", message="missing or malformed")],
        )
    return key
