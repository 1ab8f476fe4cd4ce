"""Typed errors of the Reloadly client: the LEB channel's kinds, with Reloadly's own code.

Choice: subclass, no new code enum. Every error here is a `ReloadlyFailure`, which is a
`lebwallet.provider.errors.ProviderError`, *and* an instance of the provider class of its
kind (`ProviderUnavailable`, `AuthenticationRequired`, `InvalidCredentials`, `NotFound`,
`Conflict`, `ValidationFailed`, `RuleViolation`, `ProtocolError`, `RateLimited`). Code above
the channel keeps catching the kinds it knows (`except ProviderUnavailable`, `.retryable`)
and needs no Reloadly import. `ProviderError.code` is the LEB contract's `wire.ErrorCode`;
Reloadly's codes are not the LEB contract's, so a Reloadly error leaves `code` None and
carries Reloadly's `errorCode` string in `reloadly_code` (and the parsed body in `body`).
Mapping Reloadly's codes onto LEB's enum would have lied about their meaning (there is no
"insufficient balance" in the LEB contract), and widening `code` to a channel-neutral type
would have changed every caller of the provider client at once; the port refactor can do
that in one step by moving `ProviderError` to a channel-neutral module.

    ReloadlyFailure (ProviderError)      .reloadly_code, .body, .status
    ├── ReloadlyUnavailable              network, timeout, deadline, 5xx (ProviderUnavailable)
    │   ├── FxRateNotAvailable           500 FX_RATE_NOT_AVAILABLE ("try again later")
    │   └── TopUpOutcomeUnknown          a top-up's answer was lost and the lookup by its
    │                                    customIdentifier failed too: NOT known unsent —
    │                                    look it up later, never send it again blindly
    ├── ReloadlyRateLimited              429 (RateLimited)
    ├── ReloadlyAuthenticationRequired   401 after one renewal, 403 (AuthenticationRequired)
    │   └── ReloadlyInvalidCredentials   INVALID_CREDENTIALS: wrong client id or secret
    ├── ReloadlyNotFound                 404 (NotFound)
    │   └── OperatorNotDetected          COULD_NOT_AUTO_DETECT_OPERATOR
    ├── IdentifierAlreadyUsed            CUSTOM_IDENTIFIER_ALREADY_USED (Conflict)
    ├── ReloadlyValidationFailed         the request is not valid: INVALID_RECIPIENT_PHONE,
    │                                    INVALID_PHONE_NUMBER, INVALID_AMOUNT … (ValidationFailed)
    ├── ReloadlyRuleViolation            any other refusal with an error body (RuleViolation)
    │   ├── InsufficientBalance          INSUFFICIENT_BALANCE: the account cannot pay
    │   ├── InvalidAmountForOperator     INVALID_AMOUNT_FOR_OPERATOR
    │   └── PhoneRecentlyRecharged       PHONE_RECENTLY_RECHARGED: wait 2 minutes
    └── ReloadlyProtocolError            the answer breaks the description (ProtocolError)

Codes from the description's examples and the "Error Codes" table of Reloadly's API
reference; `CUSTOM_IDENTIFIER_ALREADY_USED` is the code integrators report (the description
only says an identifier "cannot be reused").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from urllib3.exceptions import InvalidHeader
from urllib3.util.retry import Retry

from lebwallet.channels.reloadly import wire
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
)

__all__ = [
    "FxRateNotAvailable",
    "IdentifierAlreadyUsed",
    "InsufficientBalance",
    "InvalidAmountForOperator",
    "OperatorNotDetected",
    "PhoneRecentlyRecharged",
    "ReloadlyAuthenticationRequired",
    "ReloadlyFailure",
    "ReloadlyInvalidCredentials",
    "ReloadlyNotFound",
    "ReloadlyProtocolError",
    "ReloadlyRateLimited",
    "ReloadlyRuleViolation",
    "ReloadlyUnavailable",
    "ReloadlyValidationFailed",
    "TopUpOutcomeUnknown",
    "error_from_reply",
]

_UNSAFE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
_MAX_DETAIL: Final = 300


class ReloadlyFailure(ProviderError):
    """A Reloadly call failed. `reloadly_code` is Reloadly's `errorCode` (None: none sent)."""

    reloadly_code: str | None = None
    body: wire.ErrorBody | None = None

    def __str__(self) -> str:
        parts = [self.detail]
        if self.reloadly_code is not None:
            parts.append(f"[{self.reloadly_code}]")
        if self.status is not None:
            parts.append(f"(HTTP {self.status})")
        return " ".join(parts)


class ReloadlyUnavailable(ReloadlyFailure, ProviderUnavailable):
    """Reloadly could not be reached, did not answer in time, or failed (5xx)."""


class FxRateNotAvailable(ReloadlyUnavailable):
    """No FX rate for this operator at the moment (Reloadly: try again later)."""


class TopUpOutcomeUnknown(ReloadlyUnavailable):
    """A top-up may or may not have been accepted: its answer was lost and looking it up by
    `custom_identifier` failed as well. Follow it up by the identifier; do not resend it
    under another one."""

    custom_identifier: str = ""


class ReloadlyRateLimited(ReloadlyFailure, RateLimited):
    """429 after the retries."""


class ReloadlyAuthenticationRequired(ReloadlyFailure, AuthenticationRequired):
    """The access token was refused even after one renewal, or access is forbidden."""


class ReloadlyInvalidCredentials(ReloadlyAuthenticationRequired, InvalidCredentials):
    """The client id or the client secret is wrong (or for the other environment)."""


class ReloadlyNotFound(ReloadlyFailure, NotFound):
    """404: no such transaction, or a path the server does not know."""


class OperatorNotDetected(ReloadlyNotFound):
    """Reloadly cannot tell which operator serves this number."""


class IdentifierAlreadyUsed(ReloadlyFailure, Conflict):
    """A top-up with this customIdentifier exists already."""


class ReloadlyValidationFailed(ReloadlyFailure, ValidationFailed):
    """The request is not valid (a bad phone number, an amount that is not a number …)."""


class ReloadlyRuleViolation(ReloadlyFailure, RuleViolation):
    """Reloadly refused the operation for a business reason (see `reloadly_code`)."""


class InsufficientBalance(ReloadlyRuleViolation):
    """The Reloadly account balance is too low for this top-up."""


class InvalidAmountForOperator(ReloadlyRuleViolation):
    """The operator does not take this amount."""


class PhoneRecentlyRecharged(ReloadlyRuleViolation):
    """The number was topped up moments ago; Reloadly asks to wait 2 minutes."""


class ReloadlyProtocolError(ReloadlyFailure, ProtocolError):
    """Reloadly's answer does not match the description; nothing of it is used."""


_BY_CODE: Final[Mapping[str, type[ReloadlyFailure]]] = {
    "FX_RATE_NOT_AVAILABLE": FxRateNotAvailable,
    "INVALID_CREDENTIALS": ReloadlyInvalidCredentials,
    "COULD_NOT_AUTO_DETECT_OPERATOR": OperatorNotDetected,
    "CUSTOM_IDENTIFIER_ALREADY_USED": IdentifierAlreadyUsed,
    "INSUFFICIENT_BALANCE": InsufficientBalance,
    "INVALID_AMOUNT_FOR_OPERATOR": InvalidAmountForOperator,
    "PHONE_RECENTLY_RECHARGED": PhoneRecentlyRecharged,
    "INVALID_RECIPIENT_PHONE": ReloadlyValidationFailed,
    "INVALID_SENDER_PHONE": ReloadlyValidationFailed,
    "INVALID_PHONE_NUMBER": ReloadlyValidationFailed,
    "INVALID_AMOUNT": ReloadlyValidationFailed,
    "TRANSACTION_CANNOT_BE_PROCESSED_AT_THE_MOMENT": ReloadlyUnavailable,
}


def clean_text(text: str) -> str:
    """Server text fit for a log line or a message: no control or direction characters,
    at most a few hundred characters."""
    cleaned = _UNSAFE.sub(" ", text).strip()
    return cleaned[:_MAX_DETAIL] + ("…" if len(cleaned) > _MAX_DETAIL else "")


def make(
    kind: type[ReloadlyFailure],
    detail: str,
    *,
    status: int | None = None,
    body: wire.ErrorBody | None = None,
    retry_after: float | None = None,
) -> ReloadlyFailure:
    """One error of `kind`, with Reloadly's code and body attached."""
    error: ReloadlyFailure
    if issubclass(kind, ReloadlyRateLimited):
        error = kind(detail, retry_after=retry_after, status=status, code=None)
    elif issubclass(kind, ReloadlyValidationFailed):
        error = kind(detail, status=status, code=None)
    else:
        error = kind(detail, status=status)
    error.body = body
    error.reloadly_code = body.error_code if body is not None else None
    return error


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return Retry().parse_retry_after(value)
    except InvalidHeader:
        return None


def error_from_reply(
    what: str, status: int, body: bytes, headers: Mapping[str, str] | None = None
) -> ReloadlyFailure:
    """The typed error of an answer that is not the expected success."""
    parsed: wire.ErrorBody | None
    try:
        parsed = wire.parse(wire.ErrorBody, body)
    except wire.WireError:
        parsed = None
    code = parsed.error_code if parsed is not None else None
    said = clean_text(parsed.message) if parsed is not None and parsed.message else ""
    detail = f"{what}: {said or f'HTTP {status}'}"
    kind = _BY_CODE.get(code) if code is not None else None
    if kind is None:
        if status == 429:
            kind = ReloadlyRateLimited
        elif status >= 500:
            kind = ReloadlyUnavailable
        elif parsed is None:
            return make(
                ReloadlyProtocolError, f"{what}: HTTP {status} without an error body", status=status
            )
        elif status in (401, 403):
            kind = ReloadlyAuthenticationRequired
        elif status == 404:
            kind = ReloadlyNotFound
        elif status == 409:
            kind = IdentifierAlreadyUsed
        elif 400 <= status < 500:
            kind = ReloadlyRuleViolation
        else:
            return make(
                ReloadlyProtocolError,
                f"{what}: unexpected HTTP {status}",
                status=status,
                body=parsed,
            )
    retry_after = _retry_after((headers or {}).get("Retry-After")) if status == 429 else None
    return make(kind, detail, status=status, body=parsed, retry_after=retry_after)
