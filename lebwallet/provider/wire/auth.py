"""Signing up and in: registration, verification, login and the token pair."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from lebwallet.provider.wire.base import Lax, WireRequest, WireResponse
from lebwallet.provider.wire.scalars import (
    Email,
    Id,
    Msisdn,
    NameInput,
    Timestamp,
    VerificationCode,
)


class VerificationChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class PendingVerification(WireResponse):
    verification_id: Id
    channel: Annotated[VerificationChannel, Lax]
    destination: Annotated[str, StringConstraints(max_length=254)]
    expires_at: Timestamp
    sandbox_code: VerificationCode | None


class RegisterRequest(WireRequest):
    email: Email | None = None
    phone: Msisdn | None = None
    password: Annotated[str, StringConstraints(min_length=8, max_length=128)]
    name: NameInput

    @model_validator(mode="after")
    def _has_contact(self) -> RegisterRequest:
        if self.email is None and self.phone is None:
            raise ValueError("give an e-mail address or a phone number")
        return self


class VerifyRequest(WireRequest):
    verification_id: Id
    code: VerificationCode


class LoginRequest(WireRequest):
    login: Annotated[str, StringConstraints(min_length=1, max_length=254)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class RefreshRequest(WireRequest):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=4096)]


class TokenPair(WireResponse):
    access_token: Annotated[str, StringConstraints(min_length=1, max_length=4096)]
    token_type: Literal["Bearer"]
    expires_in: Annotated[int, Field(ge=1, le=86400)]
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=4096)]
    refresh_expires_in: Annotated[int, Field(ge=1, le=31536000)]
