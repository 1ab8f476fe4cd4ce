"""Reloadly Airtime wire bodies: exactly the parts the wallet uses.

Built from the public description in `Reloadly/reloadly-api-documentation`
(`openapi/paths/*.yaml`, `openapi/components/schemas/{authentication,airtime}/...`):
`AccessTokenRequest`/`AccessTokenResponse200`, `AccountsBalanceResponse200`,
`AutoDetectAnOperatorResponse200` (with its promotions), `FxRateRequest`/`FxRateResponse200`,
`TopUpsAsyncRequest`/`TopUpsAsyncResponse200`, `TopUpsStatusResponse200`,
`GetAllTransactionsResponse200`, and the error body `{timeStamp, message, path, errorCode,
infoLink, details}`.

Rules
- `parse(model, body)` is the only way in: JSON numbers are read as `Decimal` (never float),
  `NaN`/`Infinity` are refused, and the result is validated strictly; anything else raises
  `WireError` (the client turns it into a `ProtocolError`).
- Unknown members are ignored (Reloadly adds fields); members the wallet does not use are
  not modelled. Python names are snake_case; the wire names are camelCase (the token
  endpoint's are snake_case on the wire too).
- `dump(model)` writes a request body; a `Decimal` goes out as a JSON number written from
  its exact digits, or as a string where the description types it so (`amount` of a top-up).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

TOPUPS_MEDIA_TYPE: Final = "application/com.reloadly.topups-v1+json"
"""The media type the described Airtime operations answer with."""

MAX_TEXT: Final = 4096
MAX_ITEMS: Final = 1000


class WireError(ValueError):
    """A body is not what the description says (not JSON, wrong types, missing members)."""


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    raise ValueError("expected a finite number")


def _items(value: object) -> object:
    """A JSON array as a tuple; `null` as an empty one."""
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else value


def _digits_text(value: object) -> object:
    """`recipientPhone` is a string, but the description's example writes it as a number."""
    return str(value) if type(value) is int else value


WireDecimal = Annotated[Decimal, BeforeValidator(_decimal)]
"""A JSON number, read exactly."""
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
CountryIso = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Amounts = Annotated[tuple[WireDecimal, ...], BeforeValidator(_items), Field(max_length=200)]


class _Response(BaseModel):
    model_config = ConfigDict(
        strict=True, extra="ignore", frozen=True, alias_generator=to_camel, populate_by_name=True
    )


class _Request(BaseModel):
    model_config = ConfigDict(
        strict=True, extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True
    )


# --- errors ---------------------------------------------------------------------------------


class ErrorBody(_Response):
    """`{timeStamp, message, path, errorCode, infoLink, details}`; `errorCode` may be null
    (the described 404 for a bad country code), and Spring's own 404 body has none."""

    time_stamp: Text | None = None
    message: Text | None = None
    path: Text | None = None
    error_code: Annotated[str, Field(pattern=r"^[A-Z0-9_]{1,80}$")] | None = None
    info_link: Text | None = None


# --- authentication -------------------------------------------------------------------------


class TokenRequest(BaseModel):
    """`AccessTokenRequest` (snake_case on the wire)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    client_id: str
    client_secret: str
    grant_type: Literal["client_credentials"] = "client_credentials"
    audience: str

    def __repr__(self) -> str:  # never show the secret
        return f"TokenRequest(client_id={self.client_id!r}, audience={self.audience!r})"


class AccessToken(BaseModel):
    """`AccessTokenResponse200`."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    access_token: Annotated[str, Field(min_length=1, max_length=MAX_TEXT, pattern=r"^[!-~]+$")]
    expires_in: Annotated[int, Field(gt=0)]
    token_type: Annotated[str, Field(pattern=r"^(?i:bearer)$")]
    scope: Text | None = None

    def __repr__(self) -> str:
        return f"AccessToken(expires_in={self.expires_in}, scope={self.scope!r})"


# --- account --------------------------------------------------------------------------------


class AccountBalance(_Response):
    """`AccountsBalanceResponse200`: the prepaid balance that pays for top-ups."""

    balance: WireDecimal
    currency_code: Currency
    currency_name: Text | None = None
    updated_at: Text | None = None


# --- operators ------------------------------------------------------------------------------


class OperatorCountry(_Response):
    iso_name: CountryIso
    name: Text | None = None


class OperatorFx(_Response):
    rate: WireDecimal
    currency_code: Currency


class OperatorPromotion(_Response):
    promotion_id: int | None = None
    title: Text | None = None
    title2: Text | None = None
    description: Text | None = None
    start_date: Text | None = None
    end_date: Text | None = None


class Operator(_Response):
    """`AutoDetectAnOperatorResponse200` (the parts the amount page needs)."""

    operator_id: int
    name: Text
    denomination_type: Literal["FIXED", "RANGE"]
    sender_currency_code: Currency
    destination_currency_code: Currency
    supports_local_amounts: bool = False
    international_discount: WireDecimal | None = None
    min_amount: WireDecimal | None = None
    max_amount: WireDecimal | None = None
    local_min_amount: WireDecimal | None = None
    local_max_amount: WireDecimal | None = None
    fixed_amounts: Amounts = ()
    local_fixed_amounts: Amounts = ()
    country: OperatorCountry | None = None
    fx: OperatorFx | None = None
    promotions: Annotated[
        tuple[OperatorPromotion, ...], BeforeValidator(_items), Field(max_length=100)
    ] = ()


class FxRateRequest(_Request):
    """`FxRateRequest`: `operatorId` integer, `amount` number."""

    operator_id: int
    amount: Decimal


class FxRate(_Response):
    """`FxRateResponse200`: `fxRate` is the destination amount for the requested amount."""

    id: int | None = None
    name: Text | None = None
    fx_rate: WireDecimal
    currency_code: Currency


# --- top-ups --------------------------------------------------------------------------------


class Phone(_Request):
    country_code: CountryIso
    number: Annotated[str, Field(pattern=r"^[0-9]{4,17}$")]


class TopUpRequest(_Request):
    """`TopUpsAsyncRequest`: `operatorId` and `amount` are strings in the description."""

    operator_id: Annotated[str, Field(pattern=r"^[0-9]{1,18}$")]
    amount: Annotated[str, Field(pattern=r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,4})?$")]
    use_local_amount: bool = False
    custom_identifier: Annotated[str, Field(min_length=1, max_length=255)]
    recipient_phone: Phone


class TopUpAccepted(_Response):
    """`TopUpsAsyncResponse200`."""

    transaction_id: Annotated[int, Field(gt=0)]


TransactionStatus = Literal["SUCCESSFUL", "PROCESSING", "REFUNDED", "FAILED"]


class BalanceInfo(_Response):
    old_balance: WireDecimal | None = None
    new_balance: WireDecimal | None = None
    currency_code: Currency | None = None


class Transaction(_Response):
    """`TopUpsStatusResponse200`, also each row of `GetAllTransactionsResponse200`."""

    transaction_id: Annotated[int, Field(gt=0)]
    status: TransactionStatus
    custom_identifier: Text | None = None
    recipient_phone: Annotated[str, BeforeValidator(_digits_text), Field(max_length=32)]
    country_code: CountryIso | None = None
    operator_id: int | None = None
    operator_name: Text | None = None
    discount: WireDecimal | None = None
    discount_currency_code: Currency | None = None
    requested_amount: WireDecimal
    requested_amount_currency_code: Currency
    delivered_amount: WireDecimal | None = None
    delivered_amount_currency_code: Currency | None = None
    transaction_date: Text | None = None
    balance_info: BalanceInfo | None = None


class TransactionPage(_Response):
    """`GetAllTransactionsResponse200` (a Spring page; only `content` is used)."""

    content: Annotated[
        tuple[Transaction, ...], BeforeValidator(_items), Field(max_length=MAX_ITEMS)
    ]


# --- reading and writing ----------------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def parse(model: type[M], body: bytes) -> M:
    """`body` as `model`, numbers read as Decimal; `WireError` for anything else."""
    try:
        data: Any = json.loads(body, parse_float=Decimal, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise WireError(f"not JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise WireError(f"expected a JSON object, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[:3]
        where = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(body)'}: {e['msg']}" for e in first
        )
        raise WireError(f"{model.__name__} does not match the description: {where}") from None
    except RecursionError:
        raise WireError("the body is nested too deeply") from None


def _encode(value: object) -> str:
    if value is None or isinstance(value, (bool, str, int)):
        return json.dumps(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} cannot be sent")
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_encode(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot send {type(value).__name__}")


def dump(model: BaseModel) -> bytes:
    """The JSON body of a request model, by its wire names, Decimals as exact numbers."""
    return _encode(model.model_dump(by_alias=True)).encode("utf-8")
