"""Wire schemas of the provider API: one pydantic v2 model per schema of resources/openapi.yaml.

This module owns the JSON shapes that cross the wire, nothing else; domain types stay in
`lebwallet.domain` and are converted here, at the edge (`WireMoney.to_domain()`,
`WireMoney.from_domain()`, `order_status_to_domain()`, `order_status_from_domain()`).
`SCHEMAS` maps every component schema name of the spec to its Python type;
tests/provider/test_wire.py checks that both sides agree member by member.

Decisions
- Parse with `Model.model_validate_json(raw_bytes)`. Validation is strict: no number is
  accepted for a string, no string for a number or boolean, no float for an int, no Unix
  time for a timestamp. Enumerations also accept their text values in Python mode, so
  `model_validate(dict)` works for them; timestamps accept `datetime` or RFC 3339 text.
- Money values are `str` with the spec's pattern and at most the currency's minor units;
  `Decimal` appears only after `WireMoney.to_domain()`.
- Requests (`_Request`) refuse unknown members (`extra="forbid"`): a typo in a request is a
  422, not a silent no-op. Responses (`_Response`) ignore unknown members
  (`extra="ignore"`) so a provider may add members without breaking released wallets.
  `WireMoney` refuses unknown members in both directions: an extra member could change
  what an amount means. Enumerations are closed in both directions.
- Optional request members may be absent or null, with the same meaning. Response
  members are always present; those that can be empty are null.
- Timestamps are timezone-aware `datetime`s in UTC; they serialise as `...Z`.
- Every model is frozen. A malformed document raises `pydantic.ValidationError`, whose
  text names the member and what is wrong; the client turns it into its own error.
- Serialise with `model.model_dump_json()` (or `model_dump(mode="json")`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from lebwallet.domain.money import Money, MoneyError
from lebwallet.domain.orders import OrderStatus

# --- scalars ----------------------------------------------------------------------------------

_TIMESTAMP_PATTERN: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|\+00:00)$"
)
_TIMESTAMP_RE: Final = re.compile(_TIMESTAMP_PATTERN)
IDEMPOTENCY_KEY_PATTERN: Final = r"^[!-~]{8,255}$"
ID_PATTERN: Final = r"^[A-Za-z0-9_-]{1,64}$"
MAX_BATCH_IDS: Final = 100
MAX_BODY_BYTES: Final = 65536


def _timestamp_input(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        if _TIMESTAMP_RE.fullmatch(value):
            return value
        raise ValueError(
            f"{value[:40]!r} is not an RFC 3339 UTC timestamp like '2024-05-01T12:00:00Z'"
        )
    raise ValueError(f"a timestamp must be RFC 3339 text, not {type(value).__name__}")


def _in_utc(value: datetime) -> datetime:
    if value.utcoffset() != timedelta(0):
        raise ValueError(f"timestamp {value.isoformat()} is not in UTC")
    return value


Id = Annotated[str, StringConstraints(max_length=64, pattern=ID_PATTERN)]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
DecimalString = Annotated[
    str, StringConstraints(max_length=40, pattern=r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")
]
Percent = Annotated[
    str, StringConstraints(max_length=8, pattern=r"^(0|[1-9][0-9]{0,2})(\.[0-9]{1,4})?$")
]
Rate = Annotated[
    str,
    StringConstraints(max_length=40, pattern=r"^(0\.[0-9]*[1-9][0-9]*|[1-9][0-9]*(\.[0-9]+)?)$"),
]
Timestamp = Annotated[
    AwareDatetime,
    Strict(False),
    BeforeValidator(_timestamp_input),
    AfterValidator(_in_utc),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _TIMESTAMP_PATTERN}),
]
Email = Annotated[str, StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
Msisdn = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")]
Iccid = Annotated[str, StringConstraints(pattern=r"^89[0-9]{16,18}$")]
LpaActivationCode = Annotated[
    str, StringConstraints(max_length=255, pattern=r"^LPA:1\$[^$\s]+\$[^\s]*$")
]
WebUrl = Annotated[str, StringConstraints(max_length=2048, pattern=r"^https?://[^\s]+$")]
Cursor = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._~=-]{1,512}$")]
Version = Annotated[
    str,
    StringConstraints(max_length=64, pattern=r"^[0-9]+\.[0-9]+\.[0-9]+([.+-]?[0-9A-Za-z.]+)?$"),
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
VerificationCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
IdempotencyKey = Annotated[
    str, StringConstraints(min_length=8, max_length=255, pattern=IDEMPOTENCY_KEY_PATTERN)
]
Label = Annotated[str, StringConstraints(max_length=40)]


def _plain_text(value: str) -> str:
    # str.isprintable: no control character (NUL, line breaks) and no invisible formatting
    # one (U+202E and the other bidirectional overrides) — the domain's rule for a label.
    if not value.isprintable():
        raise ValueError("must be plain text: no control or invisible formatting characters")
    return value


PlainText = AfterValidator(_plain_text)
LabelInput = Annotated[Label, PlainText]
"""A label a client sends (a label the provider sends is `Label`: kept, and judged by the
wallet per card)."""
NameInput = Annotated[str, StringConstraints(min_length=1, max_length=100), PlainText]

# --- enumerations -----------------------------------------------------------------------------


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


class WireOrderStatus(StrEnum):
    """Order status on the wire; `order_status_to_domain()` gives the domain's OrderStatus."""

    AWAITING_PAYMENT = "awaiting_payment"
    REQUIRES_ACTION = "requires_action"
    PAID = "paid"
    CREDITING = "crediting"
    CREDITED = "credited"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class FailureCode(StrEnum):
    PAYMENT_DECLINED = "payment_declined"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    AUTHENTICATION_FAILED = "authentication_failed"
    CARRIER_REJECTED = "carrier_rejected"
    CREDITING_TIMEOUT = "crediting_timeout"
    INTERNAL_ERROR = "internal_error"


class PaymentMethodCode(StrEnum):
    BANK_CARD = "bank_card"
    PAYPAL = "paypal"
    ALIPAY = "alipay"
    WECHAT_PAY = "wechat_pay"


class PaymentFlow(StrEnum):
    REDIRECT = "redirect"
    QR = "qr"


class PromotionKind(StrEnum):
    BONUS = "bonus"
    DISCOUNT = "discount"


class CardStatus(StrEnum):
    PENDING_ACTIVATION = "pending_activation"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    RECYCLED = "recycled"


class NextActionType(StrEnum):
    AUTHENTICATE = "authenticate"


class VerificationChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Platform(StrEnum):
    LINUX = "linux"
    WINDOWS = "windows"
    MACOS = "macos"


class SupportTopic(StrEnum):
    NOT_CREDITED = "not_credited"
    WRONG_AMOUNT = "wrong_amount"
    CHARGED_BUT_FAILED = "charged_but_failed"
    REFUND = "refund"
    OTHER = "other"


class SupportCaseStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class SupportAuthor(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"


def order_status_to_domain(status: WireOrderStatus) -> OrderStatus:
    return OrderStatus(status.value)


def order_status_from_domain(status: OrderStatus) -> WireOrderStatus:
    return WireOrderStatus(status.value)


# An enumeration member that also accepts its text value in Python-mode validation.
_Lax = Strict(False)

# --- base classes -----------------------------------------------------------------------------


class _Request(BaseModel):
    """A body the wallet sends: unknown members are refused."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class _Response(BaseModel):
    """A body the provider sends: unknown members are ignored (forward compatible)."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


def _same_currency(currency: str, named: Mapping[str, WireMoney | None]) -> None:
    wrong = [
        f"{name} is in {money.currency}"
        for name, money in named.items()
        if money is not None and money.currency != currency
    ]
    if wrong:
        raise ValueError(f"expected amounts in {currency}, but " + ", ".join(wrong))


# --- common objects ---------------------------------------------------------------------------


class WireMoney(BaseModel):
    """`{"value": "10.00", "currency": "GBP"}`; the value fits the currency's minor units."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    value: DecimalString
    currency: CurrencyCode

    @model_validator(mode="after")
    def _exact_in_currency(self) -> WireMoney:
        try:
            Money.from_wire(self.value, self.currency)
        except MoneyError as exc:
            raise ValueError(str(exc)) from None
        return self

    def to_domain(self) -> Money:
        return Money.from_wire(self.value, self.currency)

    @classmethod
    def from_domain(cls, money: Money) -> WireMoney:
        return cls(value=money.to_wire(), currency=money.currency)


class FieldErrorKind(StrEnum):
    """What is wrong with a member (`FieldError.kind`); a client words it for its user."""

    REQUIRED = "required"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    FORMAT = "format"
    OUT_OF_RANGE = "out_of_range"
    NOT_ALLOWED = "not_allowed"
    INVALID = "invalid"


class FieldError(_Response):
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


class PendingVerification(_Response):
    verification_id: Id
    channel: Annotated[VerificationChannel, _Lax]
    destination: Annotated[str, StringConstraints(max_length=254)]
    expires_at: Timestamp
    sandbox_code: VerificationCode | None


class Problem(_Response):
    """RFC 9457 problem details (`application/problem+json`) with a stable `code`."""

    type: Annotated[str, StringConstraints(max_length=512)]
    title: Annotated[str, StringConstraints(max_length=200)]
    status: Annotated[int, Field(ge=400, le=599)]
    detail: Annotated[str, StringConstraints(max_length=2000)]
    code: Annotated[ErrorCode, _Lax]
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


# --- auth -------------------------------------------------------------------------------------


class RegisterRequest(_Request):
    email: Email | None = None
    phone: Msisdn | None = None
    password: Annotated[str, StringConstraints(min_length=8, max_length=128)]
    name: NameInput

    @model_validator(mode="after")
    def _has_contact(self) -> RegisterRequest:
        if self.email is None and self.phone is None:
            raise ValueError("give an e-mail address or a phone number")
        return self


class VerifyRequest(_Request):
    verification_id: Id
    code: VerificationCode


class LoginRequest(_Request):
    login: Annotated[str, StringConstraints(min_length=1, max_length=254)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class RefreshRequest(_Request):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=4096)]


class TokenPair(_Response):
    access_token: Annotated[str, StringConstraints(min_length=1, max_length=4096)]
    token_type: Literal["Bearer"]
    expires_in: Annotated[int, Field(ge=1, le=86400)]
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=4096)]
    refresh_expires_in: Annotated[int, Field(ge=1, le=31536000)]


# --- account ----------------------------------------------------------------------------------


class Profile(_Response):
    id: Id
    name: Annotated[str, StringConstraints(max_length=100)]
    email: Email | None
    phone: Msisdn | None
    default_payment_method: Annotated[PaymentMethodCode, _Lax] | None
    profile_complete: bool
    missing_fields: Annotated[
        list[Annotated[str, StringConstraints(max_length=64)]], Field(max_length=20)
    ]
    created_at: Timestamp


class ProfileUpdate(_Request):
    name: NameInput | None = None
    default_payment_method: Annotated[PaymentMethodCode, _Lax] | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> ProfileUpdate:
        if self.name is None and self.default_payment_method is None:
            raise ValueError("give a name or a default payment method to change")
        return self


class CurrencyLimit(_Response):
    currency: CurrencyCode
    daily_cap: WireMoney
    daily_used: WireMoney
    daily_left: WireMoney
    monthly_cap: WireMoney
    monthly_used: WireMoney
    monthly_left: WireMoney

    @model_validator(mode="after")
    def _one_currency(self) -> CurrencyLimit:
        _same_currency(
            self.currency,
            {
                "daily_cap": self.daily_cap,
                "daily_used": self.daily_used,
                "daily_left": self.daily_left,
                "monthly_cap": self.monthly_cap,
                "monthly_used": self.monthly_used,
                "monthly_left": self.monthly_left,
            },
        )
        return self


class AccountLimits(_Response):
    day_resets_at: Timestamp
    month_resets_at: Timestamp
    currencies: Annotated[list[CurrencyLimit], Field(max_length=200)]


class Account(_Response):
    profile: Profile
    limits: AccountLimits


# --- cards ------------------------------------------------------------------------------------


class KeepAlivePlan(_Response):
    minimum_topup: WireMoney
    period_days: Annotated[int, Field(ge=1, le=3650)]
    min_balance: WireMoney | None = None
    """Optional in the spec (absent means null), so a provider without it stays compatible."""

    @model_validator(mode="after")
    def _consistent(self) -> KeepAlivePlan:
        _same_currency(self.minimum_topup.currency, {"min_balance": self.min_balance})
        if self.min_balance is not None and self.min_balance.to_domain().is_negative:
            raise ValueError("min_balance cannot be negative")
        return self


class Card(_Response):
    id: Id
    label: Label | None
    iccid: Iccid | None
    msisdn: Msisdn | None
    carrier: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    currency: CurrencyCode
    balance: WireMoney
    is_esim: bool
    activation_code: LpaActivationCode | None
    keep_alive: KeepAlivePlan
    last_qualifying_topup_at: Timestamp | None
    deadline: Timestamp
    status: Annotated[CardStatus, _Lax]
    updated_at: Timestamp
    sandbox: bool

    @model_validator(mode="after")
    def _consistent(self) -> Card:
        if self.iccid is None and self.msisdn is None:
            raise ValueError("a card needs an iccid or an msisdn")
        if self.activation_code is not None and not self.is_esim:
            raise ValueError("only an eSIM card has an activation_code")
        _same_currency(
            self.currency,
            {
                "balance": self.balance,
                "keep_alive.minimum_topup": self.keep_alive.minimum_topup,
                "keep_alive.min_balance": self.keep_alive.min_balance,
            },
        )
        return self


class CardPage(_Response):
    items: Annotated[list[Card], Field(max_length=500)]
    next_cursor: Cursor | None


class BindCardRequest(_Request):
    iccid: Iccid | None = None
    msisdn: Msisdn | None = None
    label: LabelInput | None = None

    @model_validator(mode="after")
    def _exactly_one_number(self) -> BindCardRequest:
        if (self.iccid is None) == (self.msisdn is None):
            raise ValueError("give exactly one of iccid and msisdn")
        return self


class UpdateCardRequest(_Request):
    label: LabelInput | None


# --- recharge options -------------------------------------------------------------------------


class Promotion(_Response):
    id: Id
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    kind: Annotated[PromotionKind, _Lax]
    value: WireMoney | None
    percent: Percent | None
    code_required: bool
    min_amount: WireMoney | None
    valid_from: Timestamp
    valid_until: Timestamp | None

    @model_validator(mode="after")
    def _value_or_percent(self) -> Promotion:
        if (self.value is None) == (self.percent is None):
            raise ValueError("a promotion has exactly one of value and percent")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("a promotion's valid_until is before its valid_from")
        return self


class PaymentMethodOption(_Response):
    method: Annotated[PaymentMethodCode, _Lax]
    flow: Annotated[PaymentFlow, _Lax]
    available: bool
    fee_percent: Percent
    fee_fixed: WireMoney
    pay_currencies: Annotated[list[CurrencyCode], Field(max_length=200)]


class FxQuote(_Response):
    id: Id
    from_currency: CurrencyCode
    to_currency: CurrencyCode
    rate: Rate
    expires_at: Timestamp


class RechargeOptions(_Response):
    card_id: Id
    currency: CurrencyCode
    pay_currency: CurrencyCode
    presets: Annotated[list[WireMoney], Field(max_length=20)]
    minimum: WireMoney
    maximum: WireMoney
    step: WireMoney
    daily_cap: WireMoney
    daily_left: WireMoney
    monthly_cap: WireMoney
    monthly_left: WireMoney
    keep_alive: KeepAlivePlan
    minimum_qualifying_amount: WireMoney
    promotions: Annotated[list[Promotion], Field(max_length=50)]
    payment_methods: Annotated[list[PaymentMethodOption], Field(max_length=10)]
    fx_quote: FxQuote | None

    @model_validator(mode="after")
    def _consistent(self) -> RechargeOptions:
        named: dict[str, WireMoney | None] = {
            "minimum": self.minimum,
            "maximum": self.maximum,
            "step": self.step,
            "daily_cap": self.daily_cap,
            "daily_left": self.daily_left,
            "monthly_cap": self.monthly_cap,
            "monthly_left": self.monthly_left,
            "keep_alive.minimum_topup": self.keep_alive.minimum_topup,
            "keep_alive.min_balance": self.keep_alive.min_balance,
            "minimum_qualifying_amount": self.minimum_qualifying_amount,
        }
        named.update({f"presets[{i}]": preset for i, preset in enumerate(self.presets)})
        _same_currency(self.currency, named)
        for i, method in enumerate(self.payment_methods):
            _same_currency(self.pay_currency, {f"payment_methods[{i}].fee_fixed": method.fee_fixed})
        if self.minimum.to_domain() > self.maximum.to_domain():
            raise ValueError("minimum is above maximum")
        if not self.step.to_domain().is_positive:
            raise ValueError("step must be positive")
        if self.pay_currency == self.currency:
            if self.fx_quote is not None:
                raise ValueError("fx_quote must be null when pay_currency equals currency")
        elif self.fx_quote is None:
            raise ValueError(f"fx_quote is required to pay {self.currency} in {self.pay_currency}")
        elif (self.fx_quote.from_currency, self.fx_quote.to_currency) != (
            self.currency,
            self.pay_currency,
        ):
            raise ValueError(
                f"fx_quote converts {self.fx_quote.from_currency} to "
                f"{self.fx_quote.to_currency}, not {self.currency} to {self.pay_currency}"
            )
        return self


# --- orders -----------------------------------------------------------------------------------


class CreateOrderRequest(_Request):
    card_id: Id
    amount: WireMoney
    payment_method: Annotated[PaymentMethodCode, _Lax]
    pay_currency: CurrencyCode
    promo_code: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    fx_quote_id: Id | None = None
    return_url: WebUrl | None = None


class PriceBreakdown(_Response):
    amount: WireMoney
    discount: WireMoney
    bonus: WireMoney
    fx_rate: Rate | None
    fee: WireMoney
    total: WireMoney
    credited_amount: WireMoney

    @model_validator(mode="after")
    def _currencies(self) -> PriceBreakdown:
        _same_currency(
            self.amount.currency,
            {
                "discount": self.discount,
                "bonus": self.bonus,
                "credited_amount": self.credited_amount,
            },
        )
        _same_currency(self.total.currency, {"fee": self.fee})
        if self.fx_rate is None and self.total.currency != self.amount.currency:
            raise ValueError("fx_rate is required when total and amount differ in currency")
        return self


class QuoteRequest(_Request):
    """`POST /v1/quotes`: the body of a create-order request, priced without an order."""

    card_id: Id
    amount: WireMoney
    payment_method: Annotated[PaymentMethodCode, _Lax]
    pay_currency: CurrencyCode
    promo_code: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    fx_quote_id: Id | None = None


class PricedQuote(_Response):
    """The provider's price for a `QuoteRequest`: what the order would cost and credit."""

    card_id: Id
    payment_method: Annotated[PaymentMethodCode, _Lax]
    pay_currency: CurrencyCode
    price: PriceBreakdown
    promotion_id: Id | None
    promo_code: Annotated[str, StringConstraints(max_length=64)] | None
    expires_at: Timestamp | None

    @model_validator(mode="after")
    def _pay_currency(self) -> PricedQuote:
        if self.price.total.currency != self.pay_currency:
            raise ValueError("the total is not in pay_currency")
        return self


class NextAction(_Response):
    type: Annotated[NextActionType, _Lax]
    url: WebUrl


class Order(_Response):
    id: Id
    card_id: Id
    idempotency_key: IdempotencyKey
    status: Annotated[WireOrderStatus, _Lax]
    payment_method: Annotated[PaymentMethodCode, _Lax]
    payment_flow: Annotated[PaymentFlow, _Lax]
    price: PriceBreakdown
    promotion_id: Id | None
    promo_code: Annotated[str, StringConstraints(max_length=64)] | None
    checkout_url: WebUrl | None
    qr_payload: Annotated[str, StringConstraints(max_length=2048)] | None
    next_action: NextAction | None
    created_at: Timestamp
    updated_at: Timestamp
    expires_at: Timestamp
    paid_at: Timestamp | None
    credited_at: Timestamp | None
    failure_code: Annotated[FailureCode, _Lax] | None
    failure_reason: Annotated[str, StringConstraints(max_length=500)] | None

    @model_validator(mode="after")
    def _consistent(self) -> Order:
        waiting = self.status is WireOrderStatus.REQUIRES_ACTION
        if waiting != (self.next_action is not None):
            raise ValueError("next_action is set exactly while the status is requires_action")
        if self.status is WireOrderStatus.FAILED and self.failure_code is None:
            raise ValueError("a failed order needs a failure_code")
        return self

    @property
    def domain_status(self) -> OrderStatus:
        return order_status_to_domain(self.status)


class OrderPage(_Response):
    items: Annotated[list[Order], Field(max_length=500)]
    next_cursor: Cursor | None


# --- support ----------------------------------------------------------------------------------

SupportText = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
SupportLanguage = Literal["en", "zh-CN"]


class OpenSupportCaseRequest(_Request):
    order_id: Id
    topic: Annotated[SupportTopic, _Lax]
    message: SupportText


class SupportReplyRequest(_Request):
    message: SupportText


class SupportReadRequest(_Request):
    up_to_message_id: Id


class OrderStatusChange(_Response):
    status: Annotated[WireOrderStatus, _Lax]
    at: Timestamp


class OrderFacts(_Response):
    """The order as the provider saw it when the case opened (it attaches them itself)."""

    order_id: Id
    card_id: Id
    card_number: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    carrier: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    status: Annotated[WireOrderStatus, _Lax]
    timeline: Annotated[list[OrderStatusChange], Field(max_length=20)]
    payment_method: Annotated[PaymentMethodCode, _Lax]
    amount: WireMoney
    credited_amount: WireMoney
    total: WireMoney
    created_at: Timestamp
    updated_at: Timestamp
    paid_at: Timestamp | None
    credited_at: Timestamp | None
    failure_code: Annotated[FailureCode, _Lax] | None
    failure_reason: Annotated[str, StringConstraints(max_length=500)] | None

    @model_validator(mode="after")
    def _consistent(self) -> OrderFacts:
        _same_currency(self.amount.currency, {"credited_amount": self.credited_amount})
        return self


class SupportCase(_Response):
    id: Id
    order_id: Id
    topic: Annotated[SupportTopic, _Lax]
    status: Annotated[SupportCaseStatus, _Lax]
    language: SupportLanguage
    idempotency_key: IdempotencyKey
    facts: OrderFacts
    unread_count: Annotated[int, Field(ge=0, le=10000)]
    message_count: Annotated[int, Field(ge=1, le=10000)]
    created_at: Timestamp
    updated_at: Timestamp
    last_message_at: Timestamp
    closed_at: Timestamp | None

    @model_validator(mode="after")
    def _consistent(self) -> SupportCase:
        if self.facts.order_id != self.order_id:
            raise ValueError("the facts are of another order than the case's")
        if (self.status is SupportCaseStatus.CLOSED) != (self.closed_at is not None):
            raise ValueError("closed_at is set exactly when the case is closed")
        return self


class SupportCasePage(_Response):
    items: Annotated[list[SupportCase], Field(max_length=500)]
    next_cursor: Cursor | None


class SupportMessage(_Response):
    id: Id
    case_id: Id
    author: Annotated[SupportAuthor, _Lax]
    body: SupportText
    unread: bool
    idempotency_key: IdempotencyKey | None
    created_at: Timestamp

    @model_validator(mode="after")
    def _consistent(self) -> SupportMessage:
        if self.unread and self.author is SupportAuthor.CUSTOMER:
            raise ValueError("the customer's own message is never unread")
        return self


class SupportThread(_Response):
    case: SupportCase
    messages: Annotated[list[SupportMessage], Field(max_length=10000)]

    @model_validator(mode="after")
    def _consistent(self) -> SupportThread:
        if any(m.case_id != self.case.id for m in self.messages):
            raise ValueError("the thread holds a message of another case")
        return self


# --- releases ---------------------------------------------------------------------------------


class ReleaseNotes(_Response):
    en: Annotated[str, StringConstraints(max_length=10000)]
    zh_CN: Annotated[str, StringConstraints(max_length=10000)]  # noqa: N815 - wire name


class ReleaseManifest(_Response):
    platform: Annotated[Platform, _Lax]
    version: Version
    released_at: Timestamp
    notes: ReleaseNotes
    download_url: WebUrl
    sha256: Sha256
    minimum_supported_version: Version


# --- index ------------------------------------------------------------------------------------

SCHEMAS: Final[Mapping[str, Any]] = MappingProxyType(
    {
        # scalars
        "Id": Id,
        "CurrencyCode": CurrencyCode,
        "DecimalString": DecimalString,
        "Percent": Percent,
        "Rate": Rate,
        "Timestamp": Timestamp,
        "Email": Email,
        "Msisdn": Msisdn,
        "Iccid": Iccid,
        "LpaActivationCode": LpaActivationCode,
        "WebUrl": WebUrl,
        "Cursor": Cursor,
        "Version": Version,
        "Sha256": Sha256,
        "VerificationCode": VerificationCode,
        # enumerations
        "ErrorCode": ErrorCode,
        "OrderStatus": WireOrderStatus,
        "FailureCode": FailureCode,
        "PaymentMethodCode": PaymentMethodCode,
        "PaymentFlow": PaymentFlow,
        "PromotionKind": PromotionKind,
        "CardStatus": CardStatus,
        "NextActionType": NextActionType,
        "VerificationChannel": VerificationChannel,
        "Platform": Platform,
        "SupportTopic": SupportTopic,
        "SupportCaseStatus": SupportCaseStatus,
        "SupportAuthor": SupportAuthor,
        # objects
        "Money": WireMoney,
        "FieldError": FieldError,
        "FieldErrorKind": FieldErrorKind,
        "Problem": Problem,
        "RegisterRequest": RegisterRequest,
        "PendingVerification": PendingVerification,
        "VerifyRequest": VerifyRequest,
        "LoginRequest": LoginRequest,
        "RefreshRequest": RefreshRequest,
        "TokenPair": TokenPair,
        "Profile": Profile,
        "ProfileUpdate": ProfileUpdate,
        "CurrencyLimit": CurrencyLimit,
        "AccountLimits": AccountLimits,
        "Account": Account,
        "KeepAlivePlan": KeepAlivePlan,
        "Card": Card,
        "CardPage": CardPage,
        "BindCardRequest": BindCardRequest,
        "UpdateCardRequest": UpdateCardRequest,
        "Promotion": Promotion,
        "PaymentMethodOption": PaymentMethodOption,
        "FxQuote": FxQuote,
        "RechargeOptions": RechargeOptions,
        "CreateOrderRequest": CreateOrderRequest,
        "PriceBreakdown": PriceBreakdown,
        "QuoteRequest": QuoteRequest,
        "PricedQuote": PricedQuote,
        "NextAction": NextAction,
        "Order": Order,
        "OrderPage": OrderPage,
        "ReleaseNotes": ReleaseNotes,
        "ReleaseManifest": ReleaseManifest,
        # support
        "SupportText": SupportText,
        "OpenSupportCaseRequest": OpenSupportCaseRequest,
        "SupportReplyRequest": SupportReplyRequest,
        "SupportReadRequest": SupportReadRequest,
        "OrderStatusChange": OrderStatusChange,
        "OrderFacts": OrderFacts,
        "SupportCase": SupportCase,
        "SupportCasePage": SupportCasePage,
        "SupportMessage": SupportMessage,
        "SupportThread": SupportThread,
    }
)
"""Component schema name in resources/openapi.yaml -> the type that mirrors it here."""
