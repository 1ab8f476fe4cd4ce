"""Typed errors of the provider client (`lebwallet.provider.client.ProviderClient`).

Every failure of a provider call is a `ProviderError`; nothing else escapes the client
(except `ValueError` for arguments that cannot be sent at all, e.g. a malformed id).

    ProviderError                 .status (HTTP status or None), .code (wire.ErrorCode or None),
    │                             .detail (text for logs / a message), .retryable, .problem
    ├── ProviderUnavailable       connection refused / reset / timeout, 5xx — after the retries
    │   └── RateLimited           429 after the retries; .retry_after seconds (or None)
    ├── AuthenticationRequired    401 after one refresh attempt: sign in again
    │   └── InvalidCredentials    401 `invalid_credentials` at login: wrong login or password
    ├── VerificationRequired      403 `verification_required`; .verification: where a code went
    ├── NotFound                  404 `not_found`
    ├── Conflict                  409 `account_exists`, `card_already_bound`,
    │                             `idempotency_mismatch`, `order_not_cancellable`
    ├── ValidationFailed          the request itself is not valid: 422 `validation_error`,
    │                             400/405/413/415; also raised before sending when the client
    │                             cannot build the request body; .errors: field errors
    ├── RuleViolation             422 business rule (amount limits, caps, promotions, FX quote
    │                             expired, profile incomplete, wrong verification code …);
    │                             .code says which
    └── ProtocolError             the response breaks the contract (bad JSON, wrong schema,
                                  wrong content type, unexpected status): never trusted

`code` is the problem's stable `wire.ErrorCode` when the provider sent a valid problem
document; `ProtocolError`, `ProviderUnavailable` from a network failure and client-side
`ValidationFailed` may have `code = None`.
"""

from __future__ import annotations

from collections.abc import Sequence

from lebwallet.provider.wire import ErrorCode, FieldError, PendingVerification, Problem

__all__ = [
    "AuthenticationRequired",
    "Conflict",
    "InvalidCredentials",
    "NotFound",
    "ProtocolError",
    "ProviderError",
    "ProviderUnavailable",
    "RateLimited",
    "RuleViolation",
    "ValidationFailed",
    "VerificationRequired",
]


class ProviderError(Exception):
    """A provider call failed. `str(error)` is a one-line explanation (no secrets)."""

    retryable: bool = False
    """True when the same call may succeed later unchanged (network, 5xx, 429)."""

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        code: ErrorCode | None = None,
        problem: Problem | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.code = code
        self.problem = problem

    def __str__(self) -> str:
        parts = [self.detail]
        if self.code is not None:
            parts.append(f"[{self.code.value}]")
        if self.status is not None:
            parts.append(f"(HTTP {self.status})")
        return " ".join(parts)


class ProviderUnavailable(ProviderError):
    """The provider could not be reached or failed (5xx), even after the retries."""

    retryable = True


class RateLimited(ProviderUnavailable):
    """429 `rate_limited` after the retries; wait `retry_after` seconds (None: unknown)."""

    def __init__(
        self,
        detail: str,
        *,
        retry_after: float | None,
        status: int | None = 429,
        code: ErrorCode | None = ErrorCode.RATE_LIMITED,
        problem: Problem | None = None,
    ) -> None:
        super().__init__(detail, status=status, code=code, problem=problem)
        self.retry_after = retry_after


class AuthenticationRequired(ProviderError):
    """No valid session: the access token was refused and refreshing it failed (or there
    are no tokens). The user must sign in again."""


class InvalidCredentials(AuthenticationRequired):
    """401 `invalid_credentials`: the login or the password is wrong."""


class VerificationRequired(ProviderError):
    """403 `verification_required`: the account is not verified; `verification` says where
    a new code was sent (pass its `verification_id` to `ProviderClient.verify`)."""

    def __init__(
        self,
        detail: str,
        *,
        verification: PendingVerification | None,
        status: int | None = 403,
        code: ErrorCode | None = ErrorCode.VERIFICATION_REQUIRED,
        problem: Problem | None = None,
    ) -> None:
        super().__init__(detail, status=status, code=code, problem=problem)
        self.verification = verification


class NotFound(ProviderError):
    """404 `not_found`."""


class Conflict(ProviderError):
    """409: `account_exists`, `card_already_bound`, `idempotency_mismatch`,
    `order_not_cancellable` (see `.code`)."""


class ValidationFailed(ProviderError):
    """The request is not valid; `errors` lists the fields (may be empty)."""

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[FieldError] = (),
        status: int | None = None,
        code: ErrorCode | None = ErrorCode.VALIDATION_ERROR,
        problem: Problem | None = None,
    ) -> None:
        super().__init__(detail, status=status, code=code, problem=problem)
        self.errors: tuple[FieldError, ...] = tuple(errors)


class RuleViolation(ProviderError):
    """422 for a business rule; `.code` is the contract's code (e.g.
    `ErrorCode.AMOUNT_NOT_ON_STEP`, `ErrorCode.FX_QUOTE_EXPIRED`)."""


class ProtocolError(ProviderError):
    """The provider's response does not match resources/openapi.yaml; nothing of it is used."""
