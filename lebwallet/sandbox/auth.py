"""Accounts of the sandbox: password hashes, verification codes, access and refresh tokens.

- Passwords are stored as scrypt hashes (`hash_password` / `check_password`), never as text.
- Tokens are random; only their SHA-256 is stored. Access tokens live
  `SandboxConfig.access_token_ttl` (then 401 `token_expired`); refresh tokens rotate: using
  one marks it used, and a used or expired refresh token is 401 `unauthorized`.
- A verification code (6 digits) lives `verification_ttl` and allows 5 wrong tries; the
  sandbox returns it in `sandbox_code` and logs it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import secrets
import sqlite3
from datetime import datetime
from typing import Final

from lebwallet.domain.identifiers import InvalidIdentifier, parse_msisdn
from lebwallet.provider import wire
from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox.config import SandboxConfig
from lebwallet.sandbox.db import from_us, to_us
from lebwallet.sandbox.problems import ApiError, invalid

log = logging.getLogger("lebwallet.sandbox")

_SCRYPT_N: Final = 2**14
_SCRYPT_R: Final = 8
_SCRYPT_P: Final = 1
MAX_CODE_ATTEMPTS: Final = 5


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash` (base64 parts)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=32,
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not the password of anyone")


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(12).replace('-', 'x').replace('_', 'y')}"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_phone(phone: str) -> str:
    return phone[:3] + "•" * max(0, len(phone) - 6) + phone[-3:]


# --- tokens -----------------------------------------------------------------------------------


def issue_tokens(
    conn: sqlite3.Connection, account_id: str, now: datetime, config: SandboxConfig
) -> wire.TokenPair:
    access = "sbx_at_" + secrets.token_urlsafe(32)
    refresh = "sbx_rt_" + secrets.token_urlsafe(32)
    conn.executemany(
        "INSERT INTO tokens (token_hash, account_id, kind, expires_at) VALUES (?, ?, ?, ?)",
        [
            (_token_hash(access), account_id, "access", to_us(now + config.access_token_ttl)),
            (_token_hash(refresh), account_id, "refresh", to_us(now + config.refresh_token_ttl)),
        ],
    )
    return wire.TokenPair(
        access_token=access,
        token_type="Bearer",
        expires_in=int(config.access_token_ttl.total_seconds()),
        refresh_token=refresh,
        refresh_expires_in=int(config.refresh_token_ttl.total_seconds()),
    )


def authenticate(conn: sqlite3.Connection, authorization: str | None, now: datetime) -> str:
    """The account id of a valid `Authorization: Bearer` access token, or 401."""
    if not authorization:
        raise ApiError(ErrorCode.UNAUTHORIZED, "send Authorization: Bearer <access token>")
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(ErrorCode.UNAUTHORIZED, "the Authorization header must be 'Bearer <token>'")
    row = conn.execute(
        "SELECT account_id, expires_at FROM tokens WHERE token_hash = ? AND kind = 'access'",
        (_token_hash(token),),
    ).fetchone()
    if row is None:
        raise ApiError(ErrorCode.UNAUTHORIZED, "the access token is not valid")
    if to_us(now) >= row["expires_at"]:
        raise ApiError(
            ErrorCode.TOKEN_EXPIRED,
            f"the access token expired at {from_us(row['expires_at']):%Y-%m-%d %H:%M:%S} UTC; "
            "refresh it",
        )
    return str(row["account_id"])


def refresh_tokens(
    conn: sqlite3.Connection, refresh_token: str, now: datetime, config: SandboxConfig
) -> wire.TokenPair:
    row = conn.execute(
        "SELECT account_id, expires_at, used FROM tokens WHERE token_hash = ? AND kind = 'refresh'",
        (_token_hash(refresh_token),),
    ).fetchone()
    if row is None:
        raise ApiError(ErrorCode.UNAUTHORIZED, "the refresh token is not valid")
    if row["used"]:
        raise ApiError(ErrorCode.UNAUTHORIZED, "the refresh token was used already; sign in again")
    if to_us(now) >= row["expires_at"]:
        raise ApiError(ErrorCode.UNAUTHORIZED, "the refresh token has expired; sign in again")
    conn.execute("UPDATE tokens SET used = 1 WHERE token_hash = ?", (_token_hash(refresh_token),))
    return issue_tokens(conn, str(row["account_id"]), now, config)


# --- registration and verification ------------------------------------------------------------


def new_code() -> str:
    """A six-digit one-time code (verification, the authentication step)."""
    return f"{secrets.randbelow(1_000_000):06d}"


def start_verification(
    conn: sqlite3.Connection,
    account_id: str,
    email: str | None,
    phone: str | None,
    now: datetime,
    config: SandboxConfig,
) -> wire.PendingVerification:
    if email is not None:
        channel, destination = wire.VerificationChannel.EMAIL, mask_email(email)
    else:
        assert phone is not None
        channel, destination = wire.VerificationChannel.SMS, mask_phone(phone)
    verification_id = new_id("ver")
    code = new_code()
    expires_at = now + config.verification_ttl
    conn.execute(
        "INSERT INTO verifications (id, account_id, channel, destination, code, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (verification_id, account_id, channel.value, destination, code, to_us(expires_at)),
    )
    log.info("sandbox verification code for %s: %s", destination, code)
    return wire.PendingVerification(
        verification_id=verification_id,
        channel=channel,
        destination=destination,
        expires_at=expires_at,
        sandbox_code=code,
    )


def register(
    conn: sqlite3.Connection, body: wire.RegisterRequest, now: datetime, config: SandboxConfig
) -> wire.PendingVerification:
    email = body.email.lower() if body.email is not None else None
    phone = body.phone
    if phone is not None:
        try:
            phone = parse_msisdn(phone).e164
        except InvalidIdentifier as exc:
            raise invalid("phone", str(exc), wire.FieldErrorKind.FORMAT) from None
    taken = conn.execute(
        "SELECT id FROM accounts WHERE email = ? OR phone = ?", (email, phone)
    ).fetchone()
    if taken is not None:
        # Answered like a new registration, so the answer does not tell that the login is
        # taken; a real provider sends its owner "someone tried to register with your
        # address; sign in instead" rather than a code. The verification cannot succeed.
        log.info("sandbox: a registration for a login that is taken; its owner is told")
        pending = start_verification(conn, str(taken["id"]), email, phone, now, config)
        conn.execute("UPDATE verifications SET used = 1 WHERE id = ?", (pending.verification_id,))
        return pending
    account_id = new_id("acct")
    conn.execute(
        "INSERT INTO accounts (id, email, phone, password_hash, name, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (account_id, email, phone, hash_password(body.password), body.name.strip(), to_us(now)),
    )
    return start_verification(conn, account_id, email, phone, now, config)


def verify(
    conn: sqlite3.Connection, body: wire.VerifyRequest, now: datetime, config: SandboxConfig
) -> wire.TokenPair:
    row = conn.execute(
        "SELECT account_id, code, expires_at, attempts, used FROM verifications WHERE id = ?",
        (body.verification_id,),
    ).fetchone()
    if row is None:
        raise ApiError(ErrorCode.NOT_FOUND, "no such verification; register or sign in again")
    if row["used"] or row["attempts"] >= MAX_CODE_ATTEMPTS or to_us(now) >= row["expires_at"]:
        raise ApiError(
            ErrorCode.INVALID_VERIFICATION_CODE,
            "this code can no longer be used; register or sign in again to get a new one",
        )
    if not hmac.compare_digest(row["code"], body.code):
        # The failed attempt must count even though the request is refused: record it in
        # its own statement before raising (the caller commits ApiErrors of this kind).
        conn.execute(
            "UPDATE verifications SET attempts = attempts + 1 WHERE id = ?",
            (body.verification_id,),
        )
        raise WrongCode(
            ErrorCode.INVALID_VERIFICATION_CODE, "the verification code is wrong; try again"
        )
    conn.execute("UPDATE verifications SET used = 1 WHERE id = ?", (body.verification_id,))
    conn.execute("UPDATE accounts SET verified = 1 WHERE id = ?", (row["account_id"],))
    return issue_tokens(conn, str(row["account_id"]), now, config)


class WrongCode(ApiError):
    """A wrong verification code: refused, but the attempt is recorded (committed)."""


def _normalise_login(login: str) -> tuple[str | None, str | None]:
    login = login.strip()
    if "@" in login:
        return login.lower(), None
    try:
        return None, parse_msisdn(login).e164
    except InvalidIdentifier:
        return None, None


def login(
    conn: sqlite3.Connection, body: wire.LoginRequest, now: datetime, config: SandboxConfig
) -> wire.TokenPair:
    email, phone = _normalise_login(body.login)
    row = None
    if email is not None or phone is not None:
        row = conn.execute(
            "SELECT id, email, phone, password_hash, verified FROM accounts "
            "WHERE email = ? OR phone = ?",
            (email, phone),
        ).fetchone()
    stored = row["password_hash"] if row is not None else _dummy_hash()
    if not check_password(body.password, stored) or row is None:
        raise ApiError(ErrorCode.INVALID_CREDENTIALS, "the login or the password is wrong")
    if not row["verified"]:
        pending = start_verification(conn, row["id"], row["email"], row["phone"], now, config)
        raise NeedsVerification(
            ErrorCode.VERIFICATION_REQUIRED,
            f"verify the account first: a new code was sent to {pending.destination}",
            verification=pending,
        )
    return issue_tokens(conn, str(row["id"]), now, config)


class NeedsVerification(ApiError):
    """Login of an unverified account: refused, but the new code is kept (committed)."""
