"""`ApiError`: a refusal the sandbox answers with an RFC 9457 problem (`wire.Problem`)."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from lebwallet.provider import wire
from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox.language import ENGLISH, problem_title, translate_detail


class ApiError(Exception):
    """Raised anywhere while handling a request; becomes a problem+json response.

    Raised inside `Database.write()` it also rolls the transaction back: nothing changes.
    """

    def __init__(
        self,
        code: ErrorCode,
        detail: str,
        *,
        errors: list[wire.FieldError] | None = None,
        verification: wire.PendingVerification | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.errors = errors
        self.verification = verification
        self.headers = dict(headers or {})

    @property
    def status(self) -> int:
        return wire.ERROR_STATUS[self.code]

    def problem(self, instance: str | None = None, language: str = ENGLISH) -> wire.Problem:
        """The problem, its title, detail and field messages in `language`."""
        errors = self.errors
        if errors is not None and language != ENGLISH:
            errors = [field_error(e.field, translate_detail(e.message, language)) for e in errors]
        problem = wire.Problem.of(
            self.code,
            translate_detail(self.detail, language)[:2000],
            errors=errors,
            verification=self.verification,
            instance=instance[:512] if instance else None,
        )
        title = problem_title(self.code, problem.title, language)
        return problem.model_copy(update={"title": title[:200]})


def field_error(
    field: str, message: str, kind: wire.FieldErrorKind = wire.FieldErrorKind.INVALID
) -> wire.FieldError:
    return wire.FieldError(field=field[:200], message=message[:500], kind=kind.value)


def invalid(
    field: str, message: str, kind: wire.FieldErrorKind = wire.FieldErrorKind.INVALID
) -> ApiError:
    """A 422 `validation_error` about one member."""
    return ApiError(
        ErrorCode.VALIDATION_ERROR,
        f"{field}: {message}",
        errors=[field_error(field, message, kind)],
    )


def from_validation_error(exc: ValidationError, prefix: str = "") -> ApiError:
    """A 422 `validation_error` listing pydantic's findings, member by member."""
    errors = wire.field_errors_of(exc, prefix=prefix)
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5]) or "the request is not valid"
    return ApiError(ErrorCode.VALIDATION_ERROR, detail, errors=errors)
