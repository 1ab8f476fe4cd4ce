"""Errors on the wire: the error codes with their HTTP status, the problem document
(RFC 9457) and the refused members it lists."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Final

from pydantic import Field, StringConstraints, ValidationError

from lebwallet.provider.wire.auth import PendingVerification
from lebwallet.provider.wire.base import Lax, WireResponse


class ErrorCode(StrEnum):
    VALIDATION_ERROR = "validation_error"
    MALFORMED_JSON = "malformed_json"
    BODY_TOO_LARGE = "body_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    UNAUTHORIZED = "unauthorized"
    TOKEN_EXPIRED = "token_expired"
    INVALID_CREDENTIALS = "invalid_credentials"
    VERIFICATION_REQUIRED = "verification_required"
    INVALID_VERIFICATION_CODE = "invalid_verification_code"
    ACCOUNT_EXISTS = "account_exists"
    PROFILE_INCOMPLETE = "profile_incomplete"
    NOT_FOUND = "not_found"
    CARD_ALREADY_BOUND = "card_already_bound"
    CARD_NOT_RECHARGEABLE = "card_not_rechargeable"
    AMOUNT_BELOW_MINIMUM = "amount_below_minimum"
    AMOUNT_ABOVE_MAXIMUM = "amount_above_maximum"
    AMOUNT_NOT_ON_STEP = "amount_not_on_step"
    DAILY_CAP_EXCEEDED = "daily_cap_exceeded"
    MONTHLY_CAP_EXCEEDED = "monthly_cap_exceeded"
    UNKNOWN_PROMO_CODE = "unknown_promo_code"
    PROMOTION_NOT_APPLICABLE = "promotion_not_applicable"
    FX_QUOTE_EXPIRED = "fx_quote_expired"
    UNSUPPORTED_CURRENCY = "unsupported_currency"
    PAYMENT_METHOD_UNAVAILABLE = "payment_method_unavailable"
    IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
    IDEMPOTENCY_MISMATCH = "idempotency_mismatch"
    ORDER_NOT_CANCELLABLE = "order_not_cancellable"
    SUPPORT_CASE_CLOSED = "support_case_closed"
    RATE_LIMITED = "rate_limited"
    INTERNAL_ERROR = "internal_error"
    SERVICE_UNAVAILABLE = "service_unavailable"


_ERRORS: Final[dict[ErrorCode, tuple[int, str]]] = {
    ErrorCode.VALIDATION_ERROR: (422, "The request is not valid"),
    ErrorCode.MALFORMED_JSON: (400, "The body is not valid JSON"),
    ErrorCode.BODY_TOO_LARGE: (413, "The body is too large"),
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: (415, "The body must be application/json"),
    ErrorCode.METHOD_NOT_ALLOWED: (405, "Method not allowed"),
    ErrorCode.UNAUTHORIZED: (401, "Authentication required"),
    ErrorCode.TOKEN_EXPIRED: (401, "The access token has expired"),
    ErrorCode.INVALID_CREDENTIALS: (401, "Wrong login or password"),
    ErrorCode.VERIFICATION_REQUIRED: (403, "The account is not verified"),
    ErrorCode.INVALID_VERIFICATION_CODE: (422, "Wrong or expired verification code"),
    ErrorCode.ACCOUNT_EXISTS: (409, "An account with this login exists"),
    ErrorCode.PROFILE_INCOMPLETE: (422, "Complete the profile first"),
    ErrorCode.NOT_FOUND: (404, "Not found"),
    ErrorCode.CARD_ALREADY_BOUND: (409, "The card is already bound"),
    ErrorCode.CARD_NOT_RECHARGEABLE: (422, "The card cannot be recharged"),
    ErrorCode.AMOUNT_BELOW_MINIMUM: (422, "The amount is below the minimum"),
    ErrorCode.AMOUNT_ABOVE_MAXIMUM: (422, "The amount is above the maximum"),
    ErrorCode.AMOUNT_NOT_ON_STEP: (422, "The amount is not on the step"),
    ErrorCode.DAILY_CAP_EXCEEDED: (422, "The daily cap would be exceeded"),
    ErrorCode.MONTHLY_CAP_EXCEEDED: (422, "The monthly cap would be exceeded"),
    ErrorCode.UNKNOWN_PROMO_CODE: (422, "Unknown promotion code"),
    ErrorCode.PROMOTION_NOT_APPLICABLE: (422, "The promotion does not apply"),
    ErrorCode.FX_QUOTE_EXPIRED: (422, "The exchange-rate quote has expired"),
    ErrorCode.UNSUPPORTED_CURRENCY: (422, "Currency not supported"),
    ErrorCode.PAYMENT_METHOD_UNAVAILABLE: (422, "Payment method unavailable"),
    ErrorCode.IDEMPOTENCY_KEY_REQUIRED: (400, "A valid Idempotency-Key header is required"),
    ErrorCode.IDEMPOTENCY_MISMATCH: (409, "The Idempotency-Key was used with another body"),
    ErrorCode.ORDER_NOT_CANCELLABLE: (409, "The order can no longer be cancelled"),
    ErrorCode.SUPPORT_CASE_CLOSED: (409, "The support case is closed"),
    ErrorCode.RATE_LIMITED: (429, "Too many requests"),
    ErrorCode.INTERNAL_ERROR: (500, "Internal error"),
    ErrorCode.SERVICE_UNAVAILABLE: (503, "Service unavailable"),
}

ERROR_STATUS: Final[Mapping[ErrorCode, int]] = MappingProxyType(
    {code: status for code, (status, _title) in _ERRORS.items()}
)
"""The HTTP status each error code is sent with (the table in the spec's ErrorCode)."""


class FieldErrorKind(StrEnum):
    """What is wrong with a member (`FieldError.kind`); a client words it for its user."""

    REQUIRED = "required"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    FORMAT = "format"
    OUT_OF_RANGE = "out_of_range"
    NOT_ALLOWED = "not_allowed"
    INVALID = "invalid"


class FieldError(WireResponse):
    """One refused member. `message` is the provider's English text, for logs only; `kind`
    (text, so a newer provider's kind does not break the problem: read it with
    `field_error_kind`) and `limit` let a client say what is wrong in its user's language."""

    field: Annotated[str, StringConstraints(max_length=200)]
    message: Annotated[str, StringConstraints(max_length=500)]
    kind: Annotated[str, StringConstraints(max_length=32)] | None = None
    limit: Annotated[int, Field(ge=0)] | None = None


def field_error_kind(error: FieldError) -> FieldErrorKind:
    """The error's kind; absent or unknown kinds are `FieldErrorKind.INVALID`."""
    try:
        return FieldErrorKind(error.kind or FieldErrorKind.INVALID)
    except ValueError:
        return FieldErrorKind.INVALID


_PYDANTIC_KINDS: Final[dict[str, FieldErrorKind]] = {
    "missing": FieldErrorKind.REQUIRED,
    "string_too_short": FieldErrorKind.TOO_SHORT,
    "too_short": FieldErrorKind.TOO_SHORT,
    "string_too_long": FieldErrorKind.TOO_LONG,
    "too_long": FieldErrorKind.TOO_LONG,
    "string_pattern_mismatch": FieldErrorKind.FORMAT,
    "greater_than": FieldErrorKind.OUT_OF_RANGE,
    "greater_than_equal": FieldErrorKind.OUT_OF_RANGE,
    "less_than": FieldErrorKind.OUT_OF_RANGE,
    "less_than_equal": FieldErrorKind.OUT_OF_RANGE,
    "enum": FieldErrorKind.NOT_ALLOWED,
    "literal_error": FieldErrorKind.NOT_ALLOWED,
    "extra_forbidden": FieldErrorKind.NOT_ALLOWED,
}


def field_errors_of(
    exc: ValidationError, *, prefix: str = "", limit: int = 100
) -> list[FieldError]:
    """pydantic's findings as `FieldError`s (dotted member, kind, length bound), without the
    input values (they may be secrets)."""
    found = []
    for item in exc.errors(include_url=False, include_input=False)[:limit]:
        path = ".".join(str(part) for part in item["loc"])
        path = prefix + path if path else prefix.rstrip(".") or "body"
        kind = _PYDANTIC_KINDS.get(item["type"], FieldErrorKind.INVALID)
        context = item.get("ctx") or {}
        bound = context.get("min_length", context.get("max_length"))
        if kind is FieldErrorKind.TOO_SHORT and bound == 1:
            kind, bound = FieldErrorKind.REQUIRED, None
        found.append(
            FieldError(
                field=path[:200],
                message=str(item["msg"])[:500],
                kind=kind.value,
                limit=bound if isinstance(bound, int) and bound >= 0 else None,
            )
        )
    return found


class Problem(WireResponse):
    """RFC 9457 problem details (`application/problem+json`) with a stable `code`."""

    type: Annotated[str, StringConstraints(max_length=512)]
    title: Annotated[str, StringConstraints(max_length=200)]
    status: Annotated[int, Field(ge=400, le=599)]
    detail: Annotated[str, StringConstraints(max_length=2000)]
    code: Annotated[ErrorCode, Lax]
    instance: Annotated[str, StringConstraints(max_length=512)] | None = None
    errors: Annotated[list[FieldError], Field(max_length=100)] | None = None
    verification: PendingVerification | None = None

    @classmethod
    def of(
        cls,
        code: ErrorCode,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        verification: PendingVerification | None = None,
        instance: str | None = None,
    ) -> Problem:
        """The problem for `code`, with its standard type, title and HTTP status."""
        status, title = _ERRORS[code]
        return cls(
            type=f"urn:lebwallet:problem:{code.value}",
            title=title,
            status=status,
            detail=detail,
            code=code,
            instance=instance,
            errors=errors,
            verification=verification,
        )
