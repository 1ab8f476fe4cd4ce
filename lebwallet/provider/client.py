"""The wallet's HTTP client of the provider API (resources/openapi.yaml).

    with ProviderClient(url, tokens=stored, on_tokens=save_tokens) as client:
        client.login("demo@sandbox.lebwallet.test", "…")         # -> wire.TokenPair
        cards = client.list_cards()                                # -> list[wire.Card]
        order = client.create_order(request, idempotency_key=key)  # -> wire.Order

This module owns the calls of each resource (auth, account, cards, recharge options,
orders and quotes, releases, support): the path, the body built from the arguments, the
status that means success, and the checks that the answer is the one asked for. The HTTP
side — sessions, retries, the call's deadline, the bearer token and its refresh, the
language, threads — is `lebwallet.provider.transport`; how a reply is read and turned into
a model or an error is `lebwallet.provider.replies`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Final, TypeVar

from pydantic import BaseModel, ValidationError

from lebwallet.provider import wire
from lebwallet.provider.errors import ProtocolError, ValidationFailed
from lebwallet.provider.origins import is_loopback_host
from lebwallet.provider.replies import error_of, parse_reply, validation_summary
from lebwallet.provider.transport import ProviderTransport, accept_language
from lebwallet.provider.wire import TokenPair

# `is_loopback_host` lives in lebwallet.provider.origins; it is named here as well because
# lebwallet.channels.reloadly.http imports it from this module.
__all__ = ["ProviderClient", "is_loopback_host"]

M = TypeVar("M", bound=BaseModel)

_ID_RE: Final = re.compile(wire.ID_PATTERN)
_KEY_RE: Final = re.compile(wire.IDEMPOTENCY_KEY_PATTERN)


def _rfc3339(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("updated_since must be a timezone-aware datetime")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not _ID_RE.fullmatch(value):
        raise ValueError(f"{what} {value!r} is not a provider id")
    return value


def _check_key(key: str) -> None:
    if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
        raise ValueError("an idempotency key is 8 to 255 visible ASCII characters")


def _build(model: type[M], fields: Mapping[str, object]) -> M:
    """A request body from keyword arguments; bad values are a client-side ValidationFailed."""
    try:
        return model.model_validate(dict(fields))
    except ValidationError as exc:
        errors = validation_summary(exc)
        text = "; ".join(f"{e.field}: {e.message}" for e in errors)
        raise ValidationFailed(f"the request is not valid: {text}", errors=errors) from None


class ProviderClient(ProviderTransport):
    """The provider API over HTTP: one method per operation. See `ProviderTransport` (and
    its module) for retries, the deadline, auth and threads."""

    # --- auth ---------------------------------------------------------------------------

    def register(
        self,
        *,
        password: str,
        name: str,
        email: str | None = None,
        phone: str | None = None,
    ) -> wire.PendingVerification:
        """Open an account (e-mail or E.164 phone); a code is sent: pass it to `verify`."""
        body = _build(
            wire.RegisterRequest,
            {"email": email, "phone": phone, "password": password, "name": name},
        )
        reply = self._send("POST", "/v1/auth/register", body=body, auth=False)
        return parse_reply(reply, wire.PendingVerification, (202,))

    def verify(self, verification_id: str, code: str) -> TokenPair:
        """Confirm a verification code; signs in (the tokens are kept and announced)."""
        body = _build(wire.VerifyRequest, {"verification_id": verification_id, "code": code})
        reply = self._send("POST", "/v1/auth/verify", body=body, auth=False)
        return self._signed_in(parse_reply(reply, TokenPair, (200,)))

    def login(self, login: str, password: str) -> TokenPair:
        """Sign in; `InvalidCredentials` on a wrong login or password,
        `VerificationRequired` for an unverified account."""
        body = _build(wire.LoginRequest, {"login": login, "password": password})
        reply = self._send("POST", "/v1/auth/login", body=body, auth=False)
        return self._signed_in(parse_reply(reply, TokenPair, (200,)))

    def account(self) -> wire.Account:
        return parse_reply(self._send("GET", "/v1/account"), wire.Account, (200,))

    def update_profile(
        self,
        *,
        name: str | None = None,
        default_payment_method: wire.PaymentMethodCode | str | None = None,
    ) -> wire.Account:
        """Change the name and/or the default payment method (at least one)."""
        body = _build(
            wire.ProfileUpdate, {"name": name, "default_payment_method": default_payment_method}
        )
        return parse_reply(self._send("PATCH", "/v1/account", body=body), wire.Account, (200,))

    # --- cards --------------------------------------------------------------------------

    def list_cards(self, *, page_size: int | None = None) -> list[wire.Card]:
        """Every card of the account (follows the cursor over all pages)."""
        return [card for page in self.card_pages(page_size=page_size) for card in page]

    def card_pages(self, *, page_size: int | None = None) -> Iterator[list[wire.Card]]:
        """The account's cards page by page, as the provider sends them (each page is asked
        for when the one before has been consumed)."""
        params: dict[str, str] = {} if page_size is None else {"limit": str(page_size)}
        seen: set[str] = set()
        while True:
            page = parse_reply(self._send("GET", "/v1/cards", params=params), wire.CardPage, (200,))
            yield list(page.items)
            if page.next_cursor is None:
                return
            if page.next_cursor in seen:
                raise ProtocolError("the card list repeats a cursor")
            seen.add(page.next_cursor)
            params = {**params, "cursor": page.next_cursor}

    def get_card(self, card_id: str) -> wire.Card:
        path = f"/v1/cards/{_check_id(card_id, 'card id')}"
        return parse_reply(self._send("GET", path), wire.Card, (200,))

    def bind_card(
        self, *, iccid: str | None = None, msisdn: str | None = None, label: str | None = None
    ) -> wire.Card:
        """Bind by ICCID or by phone number (exactly one)."""
        body = _build(wire.BindCardRequest, {"iccid": iccid, "msisdn": msisdn, "label": label})
        return parse_reply(self._send("POST", "/v1/cards", body=body), wire.Card, (201,))

    def update_card(self, card_id: str, label: str | None) -> wire.Card:
        """Set the label (None clears it)."""
        path = f"/v1/cards/{_check_id(card_id, 'card id')}"
        body = _build(wire.UpdateCardRequest, {"label": label})
        return parse_reply(self._send("PATCH", path, body=body), wire.Card, (200,))

    def unbind_card(self, card_id: str) -> None:
        reply = self._send("DELETE", f"/v1/cards/{_check_id(card_id, 'card id')}")
        if reply.status != 204:
            raise error_of(reply)

    def recharge_options(
        self, card_id: str, *, pay_currency: str | None = None
    ) -> wire.RechargeOptions:
        path = f"/v1/cards/{_check_id(card_id, 'card id')}/recharge-options"
        params = {} if pay_currency is None else {"pay_currency": pay_currency}
        options = parse_reply(self._send("GET", path, params=params), wire.RechargeOptions, (200,))
        if options.card_id != card_id:
            raise ProtocolError(f"asked for the options of {card_id}, got {options.card_id}")
        return options

    # --- orders -------------------------------------------------------------------------

    def create_order(self, request: wire.CreateOrderRequest, *, idempotency_key: str) -> wire.Order:
        """Create (or replay) the order for `idempotency_key`. Retried on connection
        errors, dropped responses, 429/502/503/504 with the same key, so the provider makes
        at most one order per key. Journal the key before calling."""
        if not isinstance(idempotency_key, str) or not _KEY_RE.fullmatch(idempotency_key):
            raise ValueError("an idempotency key is 8 to 255 visible ASCII characters")
        reply = self._send(
            "POST",
            "/v1/orders",
            body=request,
            headers={"Idempotency-Key": idempotency_key},
            retry_safe=True,
        )
        order = parse_reply(reply, wire.Order, (200, 201))
        if order.idempotency_key != idempotency_key:
            raise ProtocolError("the provider answered with the order of another key")
        return order

    def quote(self, request: wire.QuoteRequest) -> wire.PricedQuote:
        """The provider's exact price for an order with this body (nothing is created, so
        it is safe to retry)."""
        reply = self._send("POST", "/v1/quotes", body=request, retry_safe=True)
        priced = parse_reply(reply, wire.PricedQuote, (200,))
        if priced.card_id != request.card_id:
            raise ProtocolError(f"asked to price card {request.card_id}, got {priced.card_id}")
        return priced

    def get_order(self, order_id: str) -> wire.Order:
        path = f"/v1/orders/{_check_id(order_id, 'order id')}"
        order = parse_reply(self._send("GET", path), wire.Order, (200,))
        if order.id != order_id:
            raise ProtocolError(f"asked for order {order_id}, got {order.id}")
        return order

    def get_orders(self, ids: Sequence[str]) -> list[wire.Order]:
        """The orders with these ids, in the order asked (an id the provider does not know
        for this account is left out), in requests of at most `wire.MAX_BATCH_IDS` ids."""
        unique = list(dict.fromkeys(_check_id(i, "order id") for i in ids))
        found: dict[str, wire.Order] = {}
        for start in range(0, len(unique), wire.MAX_BATCH_IDS):
            chunk = unique[start : start + wire.MAX_BATCH_IDS]
            asked = set(chunk)
            reply = self._send("GET", "/v1/orders", params={"ids": ",".join(chunk)})
            page = parse_reply(reply, wire.OrderPage, (200,))
            if page.next_cursor is not None:
                raise ProtocolError("a batch by ids has no next page")
            for order in page.items:
                if order.id not in asked or order.id in found:
                    raise ProtocolError(f"the batch holds order {order.id} not asked for")
                found[order.id] = order
        return [found[i] for i in unique if i in found]

    def orders_updated_since(
        self, since: datetime | None, *, limit: int = 100
    ) -> Iterator[wire.Order]:
        """Every order changed at or after `since` (all orders for None), oldest change
        first, a page of `limit` per request, following the cursors lazily."""
        if not 1 <= limit <= 500:
            raise ValueError("limit is 1 to 500")
        params = {"limit": str(limit)}
        if since is not None:
            params["updated_since"] = _rfc3339(since)
        return self._order_pages(params)

    def _order_pages(self, params: dict[str, str]) -> Iterator[wire.Order]:
        seen: set[str] = set()
        while True:
            reply = self._send("GET", "/v1/orders", params=params)
            page = parse_reply(reply, wire.OrderPage, (200,))
            yield from page.items
            cursor = page.next_cursor
            if cursor is None:
                return
            if cursor in seen:
                raise ProtocolError("the order list repeats a cursor")
            seen.add(cursor)
            params = {"limit": params["limit"], "cursor": cursor}

    def cancel_order(self, order_id: str) -> wire.Order:
        """Cancel an unpaid order; `Conflict` (`order_not_cancellable`) once it is paid."""
        path = f"/v1/orders/{_check_id(order_id, 'order id')}/cancel"
        order = parse_reply(self._send("POST", path), wire.Order, (200,))
        if order.id != order_id:
            raise ProtocolError(f"cancelled order {order_id}, got {order.id}")
        return order

    # --- app ----------------------------------------------------------------------------

    def latest_release(self, platform: wire.Platform | str) -> wire.ReleaseManifest:
        """The newest release for `platform` (linux, windows, macos)."""
        try:
            name = wire.Platform(platform).value
        except ValueError:
            raise ValueError(f"platform is linux, windows or macos, not {platform!r}") from None
        reply = self._send("GET", "/v1/app/latest", params={"platform": name}, auth=False)
        manifest = parse_reply(reply, wire.ReleaseManifest, (200,))
        if manifest.platform.value != name:
            raise ProtocolError(f"asked for the {name} release, got {manifest.platform.value}")
        return manifest

    # --- support ------------------------------------------------------------------------

    def open_support_case(
        self,
        request: wire.OpenSupportCaseRequest,
        *,
        idempotency_key: str,
        language: str | None = None,
    ) -> wire.SupportCase:
        """Open (or replay) the support case for `idempotency_key`; the provider attaches the
        order's facts and answers the case in `language` (default: the client's). Retried
        like `create_order`, so the provider holds at most one case per key. Journal the key
        before calling."""
        _check_key(idempotency_key)
        headers = {"Idempotency-Key": idempotency_key}
        if language is not None:
            headers["Accept-Language"] = accept_language(language)
        reply = self._send(
            "POST", "/v1/support/cases", body=request, headers=headers, retry_safe=True
        )
        case = parse_reply(reply, wire.SupportCase, (200, 201))
        if case.idempotency_key != idempotency_key:
            raise ProtocolError("the provider answered with the support case of another key")
        return case

    def list_support_cases(self, *, page_size: int | None = None) -> list[wire.SupportCase]:
        """Every support case of the account, the most recently active first."""
        params: dict[str, str] = {} if page_size is None else {"limit": str(page_size)}
        cases: list[wire.SupportCase] = []
        seen: set[str] = set()
        while True:
            reply = self._send("GET", "/v1/support/cases", params=params)
            page = parse_reply(reply, wire.SupportCasePage, (200,))
            cases.extend(page.items)
            if page.next_cursor is None:
                return cases
            if page.next_cursor in seen:
                raise ProtocolError("the support case list repeats a cursor")
            seen.add(page.next_cursor)
            params = {**params, "cursor": page.next_cursor}

    def get_support_thread(self, case_id: str) -> wire.SupportThread:
        path = f"/v1/support/cases/{_check_id(case_id, 'support case id')}"
        found = parse_reply(self._send("GET", path), wire.SupportThread, (200,))
        if found.case.id != case_id:
            raise ProtocolError(f"asked for support case {case_id}, got {found.case.id}")
        return found

    def reply_to_support_case(
        self, case_id: str, message: str, *, idempotency_key: str
    ) -> wire.SupportMessage:
        """Add the customer's reply (or replay it for `idempotency_key`); `Conflict`
        (`support_case_closed`) when the case is closed."""
        _check_key(idempotency_key)
        path = f"/v1/support/cases/{_check_id(case_id, 'support case id')}/messages"
        body = _build(wire.SupportReplyRequest, {"message": message})
        reply = self._send(
            "POST", path, body=body, headers={"Idempotency-Key": idempotency_key}, retry_safe=True
        )
        sent = parse_reply(reply, wire.SupportMessage, (200, 201))
        if sent.case_id != case_id or sent.idempotency_key != idempotency_key:
            raise ProtocolError("the provider answered with another support message")
        return sent

    def close_support_case(self, case_id: str) -> wire.SupportCase:
        """Close a case (closing a closed case returns it; safe to retry)."""
        path = f"/v1/support/cases/{_check_id(case_id, 'support case id')}/close"
        case = parse_reply(self._send("POST", path, retry_safe=True), wire.SupportCase, (200,))
        if case.id != case_id:
            raise ProtocolError(f"closed support case {case_id}, got {case.id}")
        return case

    def mark_support_read(self, case_id: str, up_to_message_id: str) -> wire.SupportCase:
        """Mark the provider's messages read up to and including `up_to_message_id`."""
        path = f"/v1/support/cases/{_check_id(case_id, 'support case id')}/read"
        body = _build(wire.SupportReadRequest, {"up_to_message_id": up_to_message_id})
        reply = self._send("POST", path, body=body, retry_safe=True)
        case = parse_reply(reply, wire.SupportCase, (200,))
        if case.id != case_id:
            raise ProtocolError(f"marked support case {case_id} read, got {case.id}")
        return case
