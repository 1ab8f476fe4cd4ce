"""What the provider answered: the body, read within the size limit and the call's deadline;
then either the wire model it must match, or the typed error (`lebwallet.provider.errors`) of
the problem document it sent. Nothing of a reply that breaks the contract is used."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from lebwallet.provider.deadline import Cutoff
from lebwallet.provider.errors import (
    AuthenticationRequired,
    Conflict,
    InvalidCredentials,
    NotFound,
    ProtocolError,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
    RuleViolation,
    ValidationFailed,
    VerificationRequired,
)
from lebwallet.provider.retry import retry_after
from lebwallet.provider.wire import ErrorCode, FieldError, Problem, field_errors_of

__all__ = [
    "MAX_RESPONSE_BYTES",
    "Reply",
    "error_of",
    "parse_reply",
    "read_reply",
    "validation_summary",
]

M = TypeVar("M", bound=BaseModel)

MAX_RESPONSE_BYTES: Final = 8 * 1024 * 1024
_JSON_TYPES: Final = frozenset({"application/json"})
_PROBLEM_TYPES: Final = frozenset({"application/json", "application/problem+json"})
_CHUNK: Final = 64 * 1024


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    content_type: str
    headers: Mapping[str, str]
    body: bytes


def validation_summary(exc: ValidationError) -> list[FieldError]:
    """Field errors of a pydantic error, without the input values (they may be secrets)."""
    return field_errors_of(exc, limit=20)


def read_reply(response: requests.Response, until: float, what: str) -> Reply:
    """The whole of `response` (closed after), at most `MAX_RESPONSE_BYTES`, cut off at
    `until` (a monotonic time); `what` names the call in errors."""
    with response, Cutoff(response, until) as cutoff:
        declared = response.headers.get("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
            raise ProtocolError(f"{what}: the response is too large", status=response.status_code)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(_CHUNK):
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise ProtocolError(
                        f"{what}: the response is too large", status=response.status_code
                    )
                chunks.append(chunk)
        except requests.RequestException as exc:
            if cutoff.fired.is_set():
                raise ProviderUnavailable(f"{what}: the provider did not answer in time") from exc
            raise ProviderUnavailable(f"{what}: the response was cut off ({exc})") from exc
        if cutoff.fired.is_set():
            raise ProviderUnavailable(f"{what}: the provider did not answer in time")
        content_type = response.headers.get("Content-Type", "")
        mimetype = content_type.split(";", 1)[0].strip().lower()
        return Reply(response.status_code, mimetype, dict(response.headers), b"".join(chunks))


def parse_reply(reply: Reply, model: type[M], ok: Collection[int]) -> M:
    """The body of `reply` as `model`, when its status is one of `ok`."""
    if reply.status not in ok:
        raise error_of(reply)
    if reply.content_type not in _JSON_TYPES:
        raise ProtocolError(
            f"expected application/json, got {reply.content_type or 'no content type'}",
            status=reply.status,
        )
    try:
        return model.model_validate_json(reply.body)
    except ValidationError as exc:
        errors = validation_summary(exc)
        text = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
        raise ProtocolError(
            f"the provider's {model.__name__} does not match the contract: {text}",
            status=reply.status,
        ) from None


def error_of(reply: Reply) -> ProviderError:
    """The typed error of a response that is not the expected success."""
    status = reply.status
    problem: Problem | None = None
    if reply.content_type in _PROBLEM_TYPES:
        try:
            problem = Problem.model_validate_json(reply.body)
        except ValidationError:
            problem = None
    code = problem.code if problem is not None else None
    detail = problem.detail or problem.title if problem is not None else f"HTTP {status}"
    kw: dict[str, Any] = {"status": status, "code": code, "problem": problem}
    if status == 429:
        return RateLimited(
            f"too many requests: {detail}",
            retry_after=retry_after(reply.headers.get("Retry-After")),
            **kw,
        )
    if status >= 500:
        return ProviderUnavailable(f"the provider failed: {detail}", **kw)
    if problem is None:
        return ProtocolError(f"unexpected HTTP {status} without a problem document", **kw)
    if status == 401:
        if code is ErrorCode.INVALID_CREDENTIALS:
            return InvalidCredentials(detail, **kw)
        return AuthenticationRequired(detail, **kw)
    if status == 403 and code is ErrorCode.VERIFICATION_REQUIRED:
        return VerificationRequired(detail, verification=problem.verification, **kw)
    if status == 404:
        return NotFound(detail, **kw)
    if status == 409:
        return Conflict(detail, **kw)
    if status == 422 and code is not ErrorCode.VALIDATION_ERROR:
        return RuleViolation(detail, **kw)
    if status in (400, 405, 413, 415, 422):
        return ValidationFailed(detail, errors=problem.errors or (), **kw)
    return ProviderError(detail, **kw)
