"""Reloadly's error bodies as typed errors (the table of `errors.error_from_reply`)."""

from __future__ import annotations

import json

import pytest

from lebwallet.channels.reloadly import errors
from lebwallet.channels.reloadly.errors import error_from_reply
from lebwallet.provider import errors as kinds


def _body(code: str | None, message: str = "Something happened") -> bytes:
    return json.dumps(
        {
            "timeStamp": "2022-01-06 18:37:10",
            "message": message,
            "path": "/topups-async",
            "errorCode": code,
            "infoLink": None,
            "details": [],
        }
    ).encode()


@pytest.mark.parametrize(
    ("status", "code", "kind", "family"),
    [
        (500, "FX_RATE_NOT_AVAILABLE", errors.FxRateNotAvailable, kinds.ProviderUnavailable),
        (401, "INVALID_CREDENTIALS", errors.ReloadlyInvalidCredentials, kinds.InvalidCredentials),
        (401, "INVALID_TOKEN", errors.ReloadlyAuthenticationRequired, kinds.AuthenticationRequired),
        (403, None, errors.ReloadlyAuthenticationRequired, kinds.AuthenticationRequired),
        (404, "COULD_NOT_AUTO_DETECT_OPERATOR", errors.OperatorNotDetected, kinds.NotFound),
        (404, None, errors.ReloadlyNotFound, kinds.NotFound),
        (400, "CUSTOM_IDENTIFIER_ALREADY_USED", errors.IdentifierAlreadyUsed, kinds.Conflict),
        (400, "INSUFFICIENT_BALANCE", errors.InsufficientBalance, kinds.RuleViolation),
        (400, "INVALID_AMOUNT_FOR_OPERATOR", errors.InvalidAmountForOperator, kinds.RuleViolation),
        (400, "PHONE_RECENTLY_RECHARGED", errors.PhoneRecentlyRecharged, kinds.RuleViolation),
        (400, "INVALID_RECIPIENT_PHONE", errors.ReloadlyValidationFailed, kinds.ValidationFailed),
        (400, "INVALID_AMOUNT", errors.ReloadlyValidationFailed, kinds.ValidationFailed),
        (400, "OPERATOR_NOT_IN_SERVICE", errors.ReloadlyRuleViolation, kinds.RuleViolation),
        (400, "SOMETHING_NEW", errors.ReloadlyRuleViolation, kinds.RuleViolation),
        (
            400,
            "TRANSACTION_CANNOT_BE_PROCESSED_AT_THE_MOMENT",
            errors.ReloadlyUnavailable,
            kinds.ProviderUnavailable,
        ),
        (503, None, errors.ReloadlyUnavailable, kinds.ProviderUnavailable),
        (429, None, errors.ReloadlyRateLimited, kinds.RateLimited),
    ],
)
def test_each_error_has_its_kind(
    status: int, code: str | None, kind: type[Exception], family: type[Exception]
) -> None:
    error = error_from_reply("POST /topups-async", status, _body(code))
    assert type(error) is kind
    assert isinstance(error, family)
    assert isinstance(error, errors.ReloadlyFailure)
    assert error.reloadly_code == code
    assert error.code is None
    assert error.status == status
    assert error.detail == "POST /topups-async: Something happened"
    assert (code or "HTTP") in str(error)


def test_retryable_only_where_a_retry_can_help() -> None:
    assert error_from_reply("x", 503, b"").retryable
    assert error_from_reply("x", 500, _body("FX_RATE_NOT_AVAILABLE")).retryable
    assert not error_from_reply("x", 400, _body("INSUFFICIENT_BALANCE")).retryable
    assert not error_from_reply("x", 404, _body("COULD_NOT_AUTO_DETECT_OPERATOR")).retryable


def test_retry_after_is_kept() -> None:
    error = error_from_reply("x", 429, b"{}", {"Retry-After": "7"})
    assert isinstance(error, errors.ReloadlyRateLimited)
    assert error.retry_after == 7.0


@pytest.mark.parametrize(("status", "body"), [(400, b"<html>"), (418, b""), (302, _body(None))])
def test_an_answer_without_an_error_body_is_a_protocol_error(status: int, body: bytes) -> None:
    error = error_from_reply("GET /accounts/balance", status, body)
    assert isinstance(error, errors.ReloadlyProtocolError)
    assert isinstance(error, kinds.ProtocolError)


def test_server_text_is_cleaned() -> None:
    hostile = "line one\nline two\x1b[31m\u202eevil" + "x" * 1000
    error = error_from_reply("x", 400, _body("INSUFFICIENT_BALANCE", hostile))
    assert "\n" not in error.detail
    assert "\x1b" not in error.detail
    assert "\u202e" not in error.detail
    assert len(error.detail) < 320
