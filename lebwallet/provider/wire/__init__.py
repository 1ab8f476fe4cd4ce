"""Wire schemas of the provider API: one pydantic v2 model per schema of resources/openapi.yaml.

This package owns the JSON shapes that cross the wire, nothing else; domain types stay in
`lebwallet.domain` and are converted here, at the edge (`WireMoney.to_domain()`,
`WireMoney.from_domain()`, `order_status_to_domain()`, `order_status_from_domain()`).
`SCHEMAS` maps every component schema name of the spec to its Python type;
tests/provider/test_wire.py checks that both sides agree member by member.

Import the names from `lebwallet.provider.wire`, as the spec's schemas share one namespace;
the modules under it keep them by resource: `scalars`, `base` (the base classes and
`WireMoney`), `problems`, `auth`, `account`, `cards`, `recharge` (options and quotes),
`orders`, `support` and `releases`.

Decisions
- Parse with `Model.model_validate_json(raw_bytes)`. Validation is strict: no number is
  accepted for a string, no string for a number or boolean, no float for an int, no Unix
  time for a timestamp. Enumerations also accept their text values in Python mode, so
  `model_validate(dict)` works for them; timestamps accept `datetime` or RFC 3339 text.
- Money values are `str` with the spec's pattern and at most the currency's minor units;
  `Decimal` appears only after `WireMoney.to_domain()`.
- Requests (`WireRequest`) refuse unknown members (`extra="forbid"`): a typo in a request is a
  422, not a silent no-op. Responses (`WireResponse`) ignore unknown members
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

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from lebwallet.provider.wire.account import (
    Account,
    AccountLimits,
    CurrencyLimit,
    Profile,
    ProfileUpdate,
)
from lebwallet.provider.wire.auth import (
    LoginRequest,
    PendingVerification,
    RefreshRequest,
    RegisterRequest,
    TokenPair,
    VerificationChannel,
    VerifyRequest,
)
from lebwallet.provider.wire.base import (
    WireMoney,
)
from lebwallet.provider.wire.cards import (
    BindCardRequest,
    Card,
    CardPage,
    CardStatus,
    KeepAlivePlan,
    UpdateCardRequest,
)
from lebwallet.provider.wire.orders import (
    CreateOrderRequest,
    FailureCode,
    NextAction,
    NextActionType,
    Order,
    OrderPage,
    WireOrderStatus,
    order_status_from_domain,
    order_status_to_domain,
)
from lebwallet.provider.wire.problems import (
    ERROR_STATUS,
    ErrorCode,
    FieldError,
    FieldErrorKind,
    Problem,
    field_error_kind,
    field_errors_of,
)
from lebwallet.provider.wire.recharge import (
    FxQuote,
    PaymentFlow,
    PaymentMethodCode,
    PaymentMethodOption,
    PriceBreakdown,
    PricedQuote,
    Promotion,
    PromotionKind,
    QuoteRequest,
    RechargeOptions,
)
from lebwallet.provider.wire.releases import (
    Platform,
    ReleaseManifest,
    ReleaseNotes,
)
from lebwallet.provider.wire.scalars import (
    ID_PATTERN,
    IDEMPOTENCY_KEY_PATTERN,
    MAX_BATCH_IDS,
    MAX_BODY_BYTES,
    CurrencyCode,
    Cursor,
    DecimalString,
    Email,
    Iccid,
    Id,
    IdempotencyKey,
    Label,
    LabelInput,
    LpaActivationCode,
    Msisdn,
    NameInput,
    Percent,
    PlainText,
    Rate,
    Sha256,
    Timestamp,
    VerificationCode,
    Version,
    WebUrl,
)
from lebwallet.provider.wire.support import (
    OpenSupportCaseRequest,
    OrderFacts,
    OrderStatusChange,
    SupportAuthor,
    SupportCase,
    SupportCasePage,
    SupportCaseStatus,
    SupportLanguage,
    SupportMessage,
    SupportReadRequest,
    SupportReplyRequest,
    SupportText,
    SupportThread,
    SupportTopic,
)

__all__ = [
    "ERROR_STATUS",
    "IDEMPOTENCY_KEY_PATTERN",
    "ID_PATTERN",
    "MAX_BATCH_IDS",
    "MAX_BODY_BYTES",
    "SCHEMAS",
    "Account",
    "AccountLimits",
    "BindCardRequest",
    "Card",
    "CardPage",
    "CardStatus",
    "CreateOrderRequest",
    "CurrencyCode",
    "CurrencyLimit",
    "Cursor",
    "DecimalString",
    "Email",
    "ErrorCode",
    "FailureCode",
    "FieldError",
    "FieldErrorKind",
    "FxQuote",
    "Iccid",
    "Id",
    "IdempotencyKey",
    "KeepAlivePlan",
    "Label",
    "LabelInput",
    "LoginRequest",
    "LpaActivationCode",
    "Msisdn",
    "NameInput",
    "NextAction",
    "NextActionType",
    "OpenSupportCaseRequest",
    "Order",
    "OrderFacts",
    "OrderPage",
    "OrderStatusChange",
    "PaymentFlow",
    "PaymentMethodCode",
    "PaymentMethodOption",
    "PendingVerification",
    "Percent",
    "PlainText",
    "Platform",
    "PriceBreakdown",
    "PricedQuote",
    "Problem",
    "Profile",
    "ProfileUpdate",
    "Promotion",
    "PromotionKind",
    "QuoteRequest",
    "Rate",
    "RechargeOptions",
    "RefreshRequest",
    "RegisterRequest",
    "ReleaseManifest",
    "ReleaseNotes",
    "Sha256",
    "SupportAuthor",
    "SupportCase",
    "SupportCasePage",
    "SupportCaseStatus",
    "SupportLanguage",
    "SupportMessage",
    "SupportReadRequest",
    "SupportReplyRequest",
    "SupportText",
    "SupportThread",
    "SupportTopic",
    "Timestamp",
    "TokenPair",
    "UpdateCardRequest",
    "VerificationChannel",
    "VerificationCode",
    "VerifyRequest",
    "Version",
    "WebUrl",
    "WireMoney",
    "WireOrderStatus",
    "field_error_kind",
    "field_errors_of",
    "order_status_from_domain",
    "order_status_to_domain",
]

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
