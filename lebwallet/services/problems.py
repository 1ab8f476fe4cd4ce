"""What a provider's refusal is about, as plain values a screen can word for its user.

The provider's problem documents (RFC 9457, resources/openapi.yaml `Problem`) carry English
text meant for logs. A screen never shows it: it asks `describe_problem(error)` for the
stable `code` and the refused members (`FieldProblem`: the request member, what is wrong
with it, the length bound), and says each in the user's language next to the field it
concerns (`lebwallet.ui.problem_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lebwallet.provider.errors import (
    AuthenticationRequired,
    InvalidCredentials,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
    ValidationFailed,
)
from lebwallet.provider.wire import FieldErrorKind, field_error_kind


class FieldKind(StrEnum):
    """What is wrong with a member (the contract's `FieldErrorKind`)."""

    REQUIRED = FieldErrorKind.REQUIRED.value
    TOO_SHORT = FieldErrorKind.TOO_SHORT.value
    TOO_LONG = FieldErrorKind.TOO_LONG.value
    FORMAT = FieldErrorKind.FORMAT.value
    OUT_OF_RANGE = FieldErrorKind.OUT_OF_RANGE.value
    NOT_ALLOWED = FieldErrorKind.NOT_ALLOWED.value
    INVALID = FieldErrorKind.INVALID.value


class ProblemClass(StrEnum):
    """How the failure as a whole reads to a person."""

    UNREACHABLE = "unreachable"
    """Network, 5xx: nothing was decided, try again later."""
    SLOW_DOWN = "slow_down"
    WRONG_CREDENTIALS = "wrong_credentials"
    SIGNED_OUT = "signed_out"
    REFUSED = "refused"
    """The provider refused the request; `code` and `fields` say why."""
    UNEXPECTED = "unexpected"
    """Not a provider failure at all (a bug, a local error)."""


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One refused request member: `field` is its dotted name ("email", "amount.value")."""

    field: str
    kind: FieldKind
    limit: int | None = None

    @property
    def leaf(self) -> str:
        """The last part of the dotted name ("value" of "amount.value")."""
        return self.field.rsplit(".", 1)[-1]


@dataclass(frozen=True, slots=True)
class ProblemInfo:
    problem_class: ProblemClass
    code: str | None = None
    """The contract's stable `ErrorCode` value, when the provider sent one."""
    fields: tuple[FieldProblem, ...] = ()


def describe_problem(error: BaseException) -> ProblemInfo:
    """What `error` (raised by a wallet operation) is about; never its text."""
    if isinstance(error, RateLimited):
        return ProblemInfo(ProblemClass.SLOW_DOWN, _code(error))
    if isinstance(error, ProviderUnavailable):
        return ProblemInfo(ProblemClass.UNREACHABLE, _code(error))
    if isinstance(error, InvalidCredentials):
        return ProblemInfo(ProblemClass.WRONG_CREDENTIALS, _code(error))
    if isinstance(error, AuthenticationRequired):
        return ProblemInfo(ProblemClass.SIGNED_OUT, _code(error))
    if isinstance(error, ValidationFailed):
        fields = tuple(
            FieldProblem(e.field, FieldKind(field_error_kind(e).value), e.limit)
            for e in error.errors
        )
        return ProblemInfo(ProblemClass.REFUSED, _code(error), fields)
    if isinstance(error, ProviderError):
        return ProblemInfo(ProblemClass.REFUSED, _code(error))
    return ProblemInfo(ProblemClass.UNEXPECTED)


def _code(error: ProviderError) -> str | None:
    return None if error.code is None else error.code.value
