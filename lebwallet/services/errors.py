"""The typed errors of every top-up channel, as the views handle them.

The LEB provider's client raises these; the Reloadly channel's errors subclass them
(`lebwallet.channels.reloadly.errors`). Views import them from here, never from a channel
or the provider package (the import-linter contracts in pyproject.toml).
"""

from __future__ import annotations

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
