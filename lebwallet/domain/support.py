"""Support about an order: topics, states, the order's facts and the mail draft for a channel
without a support API. Pure values, no I/O.

A request made through a channel with a support API travels as a case: the wallet sends the
order id, the topic and the user's words, and the provider attaches the order's facts. A
channel without one gets a `mailto:` draft (`mail_draft`) that carries the same facts in
plain text, addressed to the channel's support team (so in English, the user's words as
written).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final
from urllib.parse import quote

from lebwallet.domain.money import Money
from lebwallet.domain.orders import Charge, OrderStatus, charge_of

MAX_MESSAGE_CHARS: Final = 4000
_CONTROL: Final = frozenset(chr(c) for c in range(32)) - {"\n", "\r", "\t"}


class SupportTopic(StrEnum):
    NOT_CREDITED = "not_credited"
    WRONG_AMOUNT = "wrong_amount"
    CHARGED_BUT_FAILED = "charged_but_failed"
    REFUND = "refund"
    OTHER = "other"


_TOPIC_TITLES: Final[dict[SupportTopic, str]] = {
    SupportTopic.NOT_CREDITED: "top-up not credited",
    SupportTopic.WRONG_AMOUNT: "wrong amount",
    SupportTopic.CHARGED_BUT_FAILED: "charged but the order failed",
    SupportTopic.REFUND: "refund",
    SupportTopic.OTHER: "other",
}


class SupportState(StrEnum):
    """Where a support request is: written but not sent yet (offline), waiting for the
    provider, answered by it (it wrote last), or closed."""

    WAITING_TO_SEND = "waiting_to_send"
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


class SupportAuthor(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"


class SupportMessageError(ValueError):
    """The user's words cannot be sent (empty, too long, control characters)."""


def check_message(words: str) -> str:
    """The words as they will be sent; `SupportMessageError` when they cannot be."""
    if not words.strip():
        raise SupportMessageError("the message is empty")
    if len(words) > MAX_MESSAGE_CHARS:
        raise SupportMessageError(f"the message is longer than {MAX_MESSAGE_CHARS} characters")
    if any(ch in _CONTROL for ch in words):
        raise SupportMessageError("the message contains control characters")
    return words


@dataclass(frozen=True, slots=True)
class StatusChange:
    status: OrderStatus
    at: datetime


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """An order as support sees it: amounts in the card's currency, `total` in the pay
    currency, the card's number masked."""

    order_id: str
    card_id: str
    card_number: str
    carrier: str
    status: OrderStatus
    timeline: tuple[StatusChange, ...]
    payment_method: str
    amount: Money
    credited: Money
    total: Money
    created_at: datetime
    updated_at: datetime
    paid_at: datetime | None
    credited_at: datetime | None
    failure_code: str | None
    failure_reason: str | None


@dataclass(frozen=True, slots=True)
class MailDraft:
    """A mail to a channel's support team; the UI opens `url` with the desktop's mail program
    (`QDesktopServices.openUrl`) and says that it did."""

    to: str
    subject: str
    body: str

    @property
    def url(self) -> str:
        return (
            f"mailto:{quote(self.to, safe='@')}?subject={quote(self.subject, safe='')}"
            f"&body={quote(self.body.replace(chr(10), chr(13) + chr(10)), safe='')}"
        )


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "-"


def _credited_line(facts: OrderFacts, charge: Charge) -> str:
    if charge is Charge.CREDITED:
        return f"Credited: {facts.credited.to_wire()} {facts.credited.currency}"
    if charge in (Charge.TO_PAY, Charge.PAID):
        return "Credited: not yet"
    return "Credited: nothing"


def _charged_line(facts: OrderFacts, charge: Charge) -> str:
    total = f"{facts.total.to_wire()} {facts.total.currency} ({facts.payment_method})"
    if charge is Charge.TO_PAY:
        return f"To pay: {total}, nothing charged yet"
    if charge is Charge.REFUNDED:
        return f"Charged: {total}, refunded"
    if charge is Charge.NOT_CHARGED:
        return f"Charged: nothing ({total} was never paid)"
    return f"Charged: {total}"


def facts_text(facts: OrderFacts) -> str:
    """The facts as plain English lines, for a support team; the money words follow
    `charge_of` (nothing paid is never called charged, nothing credited never credited)."""
    charge = charge_of(facts.status, paid_at=facts.paid_at, failure_code=facts.failure_code)
    lines = [
        f"Order: {facts.order_id}",
        f"Card: {facts.card_number} ({facts.carrier})",
        f"Status: {facts.status.value}",
        f"Amount: {facts.amount.to_wire()} {facts.amount.currency}",
        _credited_line(facts, charge),
        _charged_line(facts, charge),
        f"Created: {_when(facts.created_at)}",
        f"Paid: {_when(facts.paid_at)}",
        f"Credited at: {_when(facts.credited_at)}",
    ]
    if facts.failure_code or facts.failure_reason:
        lines.append(f"Failure: {facts.failure_code or '-'}: {facts.failure_reason or '-'}")
    lines.append("Timeline:")
    lines.extend(f"  {_when(step.at)}  {step.status.value}" for step in facts.timeline)
    return "\n".join(lines)


def mail_draft(to: str, facts: OrderFacts, topic: SupportTopic, words: str) -> MailDraft:
    """The mail about `facts` for a channel without a support API."""
    subject = f"Order {facts.order_id}: {_TOPIC_TITLES[topic]}"
    body = f"{check_message(words).strip()}\n\n-- \n{facts_text(facts)}\n"
    return MailDraft(to=to, subject=subject, body=body)
