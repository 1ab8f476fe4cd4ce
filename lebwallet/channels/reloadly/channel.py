"""`ReloadlyChannel`: the Reloadly client behind the top-up port.

- A card can be topped up when it has a phone number. Its operator is detected from the
  number once and cached per card (`forget_operator` re-detects on demand).
- The journal keeps what the top-up request names beyond the quote (`request_detail`):
  the operator, whether the amount is local, and the number — so a re-send after a crash
  is the same request with the same `customIdentifier` (= the journal's idempotency key),
  which Reloadly never tops up twice (`ReloadlyClient.send_topup`).
- Status: `GET /topups/{id}/status` per order (Reloadly has no batch read); PROCESSING is
  crediting, SUCCESSFUL credited, FAILED failed, REFUNDED failed with the money returned.
- The journal's price stays the order's price: Reloadly reports what the account paid
  after its commission, which is the account's business, not the card's.
- A Reloadly top-up cannot be cancelled: `cancel` answers the order as it stands.
- The provider id of a Reloadly order is `reloadly-<transactionId>`, never an LEB id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Final

from lebwallet.channels.reloadly import convert, wire
from lebwallet.channels.reloadly.client import ReloadlyClient
from lebwallet.channels.reloadly.errors import InsufficientBalance, make
from lebwallet.clock import utc_now
from lebwallet.domain.cards import Card
from lebwallet.domain.channel_orders import ChannelOrder
from lebwallet.domain.identifiers import Msisdn, parse_msisdn
from lebwallet.domain.money import Money
from lebwallet.domain.offer_quotes import OfferQuote, offer_quote
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import Quote
from lebwallet.domain.topup_offers import OperatorOffer
from lebwallet.services.channels import RELOADLY, PaymentKind
from lebwallet.store.queries import OrderRecord

ID_PREFIX: Final = "reloadly-"
FLOW: Final = "account_balance"


def provider_id(transaction_id: int) -> str:
    return f"{ID_PREFIX}{transaction_id}"


def transaction_id(record: OrderRecord) -> int | None:
    pid = record.provider_id
    if pid is None or not pid.startswith(ID_PREFIX) or not pid[len(ID_PREFIX) :].isdigit():
        return None
    return int(pid[len(ID_PREFIX) :])


def request_detail(operator_id: str, *, local: bool, phone: Msisdn) -> str:
    """What the journal keeps of a top-up request beyond its quote."""
    return json.dumps({"operator": int(operator_id), "local": local, "phone": phone.e164})


def _parse_detail(record: OrderRecord) -> tuple[int, bool, Msisdn]:
    if record.channel_detail is None:
        raise ValueError(f"order {record.local_id} has no Reloadly request in the journal")
    data = json.loads(record.channel_detail)
    return int(data["operator"]), bool(data["local"]), parse_msisdn(str(data["phone"]))


class ReloadlyChannel:
    """Top-ups through one Reloadly account. One instance per thread."""

    def __init__(self, client: ReloadlyClient, *, now: Callable[[], datetime] = utc_now) -> None:
        self._client = client
        self._now = now
        self._operators: dict[str, OperatorOffer] = {}

    @property
    def client(self) -> ReloadlyClient:
        return self._client

    @property
    def name(self) -> str:
        return RELOADLY

    @property
    def payment(self) -> PaymentKind:
        return PaymentKind.ACCOUNT_BALANCE

    def can_top_up(self, card: Card) -> bool:
        return card.msisdn is not None

    def _phone(self, card: Card) -> Msisdn:
        if card.msisdn is None:
            raise ValueError(f"card {card.id} has no phone number")
        return card.msisdn

    def recharge_options(self, card: Card) -> OperatorOffer:
        """The card's operator (detected once per card) and what it offers."""
        cached = self._operators.get(card.id)
        if cached is None:
            cached = convert.operator_offer(self._client.detect_operator(self._phone(card)))
            self._operators[card.id] = cached
        return cached

    def forget_operator(self, card_id: str) -> None:
        """Detect the card's operator again next time (e.g. the number was ported)."""
        self._operators.pop(card_id, None)

    def quote(self, card: Card, amount: Money, *, keeps_alive: bool | None = None) -> OfferQuote:
        """`amount` (card currency) priced at the card's operator."""
        return offer_quote(self.recharge_options(card), amount, keeps_alive=keeps_alive)

    def detail(self, card: Card, priced: OfferQuote) -> str:
        """The journal's record of the request `priced` stands for."""
        offer = self.recharge_options(card)
        return request_detail(offer.operator_id, local=priced.local, phone=self._phone(card))

    def price(self, card: Card, quote: Quote) -> Quote:
        """The quote again at the operator's current offer, checked against the balance
        (too low: `InsufficientBalance`, nothing sent)."""
        priced = self.quote(card, quote.amount, keeps_alive=quote.keeps_alive).quote
        self.check_balance(priced.total)
        return priced

    def check_balance(self, total: Money) -> None:
        balance = self.account_balance()
        if balance.currency != total.currency or balance < total:
            error = make(
                InsufficientBalance,
                f"the Reloadly balance {balance.display()} does not cover {total.display()}",
            )
            raise error

    def create(self, record: OrderRecord) -> ChannelOrder:
        operator, local, phone = _parse_detail(record)
        accepted = self._client.send_topup(
            operator_id=operator,
            amount=record.amount.amount if local else record.total.amount,
            phone=phone,
            custom_identifier=record.idempotency_key,
            use_local_amount=local,
        )
        status = self._client.transaction_status(accepted.transaction_id)
        return self._order(record, status)

    def orders(self, records: Sequence[OrderRecord]) -> list[ChannelOrder]:
        found = []
        for record in records:
            tid = transaction_id(record)
            if tid is not None:
                found.append(self._order(record, self._client.transaction_status(tid)))
        return found

    def find(self, record: OrderRecord) -> ChannelOrder | None:
        transaction = self._client.find_transaction(record.idempotency_key)
        return None if transaction is None else self._order(record, transaction)

    def cancel(self, record: OrderRecord) -> ChannelOrder:
        current = self.orders([record])
        if current:
            return current[0]
        found = self.find(record)
        if found is None:
            raise LookupError(f"order {record.local_id} is not at Reloadly")
        return found

    def account_balance(self) -> Money:
        return convert.balance(self._client.account_balance())

    def _order(self, record: OrderRecord, transaction: wire.Transaction) -> ChannelOrder:
        progress = convert.progress(transaction)
        at = self._now()
        return ChannelOrder(
            provider_id=provider_id(transaction.transaction_id),
            card_id=record.card_id,
            idempotency_key=transaction.custom_identifier or "",
            status=progress.status,
            payment_method=record.payment_method,
            payment_flow=FLOW,
            amount=record.amount,
            discount=record.discount,
            bonus=record.bonus,
            credited=record.credited,
            fee=record.fee,
            total=record.total,
            fx_rate=record.fx_rate,
            created_at=record.created_at,
            updated_at=at,
            paid_at=record.paid_at or at,
            credited_at=at if progress.status is OrderStatus.CREDITED else None,
            failure_code="refunded" if progress.refunded else None,
            failure_reason=(
                "Reloadly refunded the top-up"
                if progress.refunded
                else "Reloadly could not top up the number"
                if progress.status is OrderStatus.FAILED
                else None
            ),
            refunded=progress.refunded,
        )
