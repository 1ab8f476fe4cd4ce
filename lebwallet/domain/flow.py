"""The recharge wizard's flow as a plain state machine (the Qt QWizard only drives it).

    card → amount → confirm → pay → result

`NAVIGATION` maps each step to the next one; a back stack records the steps taken, so
`back()` returns to where the user came from. Guards keep the user from moving on with
incomplete input; a refused move raises a `FlowError` and changes nothing.

Rules
- *card → amount* needs a chosen card that can be recharged.
- *amount → confirm* needs the card's recharge options and a valid quote for the chosen
  amount (`set_amount`). An amount the rules refuse leaves no amount chosen, so Next stays
  blocked.
- A quote that has expired (FX rate or promotion ran out) sends the user back to *amount*
  with a `FlowNotice`; no order is made with a stale price.
- With `provider_prices` (the wallet's wizard), *confirm → pay* also needs the provider's
  own price of the order (`confirm_price`): the confirm page shows what the provider will
  charge and credit, never a local estimate.
- *confirm → pay* issues the idempotency key of the order (journal it before sending the
  create-order request). If the user comes back later with **unchanged** order details,
  the same key is reused, so a retry after a network fault can never make a second order;
  changed details get a new key (`details_changed`).
- Once an order exists, *pay* cannot go back; only *result* (and from there back to *pay*
  to see the order again) is left. A definitive refusal of the create request
  (`order_rejected`, a 4xx: the provider stored nothing) frees the key and returns to
  *amount*.
- `cancel()` before any create request may have been sent discards everything
  (`CancelOutcome.DISCARDED`). Afterwards it only closes the wizard: the order (or the
  request whose outcome is unknown) goes on and is followed by the refresher
  (`CancelOutcome.ORDER_CONTINUES`).
- Duplicate warning: the same card and the same amount ordered within the last
  `DUPLICATE_WINDOW` (10 minutes) sets `duplicate_of` — a warning, not a block. Orders that
  ended without taking money (failed, cancelled, expired) do not count.

Nothing here reads the clock or makes ids: `now` and the key factory are passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from lebwallet.domain.cards import Card, CardStatus
from lebwallet.domain.flow_values import (
    IDEMPOTENCY_KEY_PATTERN,
    NAVIGATION,
    CancelOutcome,
    CannotGoBack,
    FlowClosed,
    FlowError,
    FlowNotice,
    NoticeKind,
    OrderDetails,
    RecentOrder,
    Step,
    StepNotReady,
    WrongStep,
    details_changed,
    find_duplicate,
)
from lebwallet.domain.money import Money
from lebwallet.domain.recharge import PaymentMethod, Quote, RechargeOptions, RechargeRuleError


class RechargeFlow:
    """One run of the recharge wizard. See the module docstring for the rules.

    `new_idempotency_key` makes a fresh key (a UUID4 in the app, a counter in tests).
    """

    def __init__(
        self, new_idempotency_key: Callable[[], str], *, provider_prices: bool = False
    ) -> None:
        self._new_key = new_idempotency_key
        self._provider_prices = provider_prices
        self._step = Step.CARD
        self._stack: list[Step] = []
        self._card: Card | None = None
        self._options: RechargeOptions | None = None
        self._quote: Quote | None = None
        self._duplicate: RecentOrder | None = None
        self._issued: tuple[OrderDetails, str] | None = None
        self._order_id: str | None = None
        self._notice: FlowNotice | None = None
        self._closed = False

    # --- state --------------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self._step

    @property
    def history(self) -> tuple[Step, ...]:
        """The back stack: the steps `back()` returns to, oldest first."""
        return tuple(self._stack)

    @property
    def card(self) -> Card | None:
        return self._card

    @property
    def options(self) -> RechargeOptions | None:
        return self._options

    @property
    def quote(self) -> Quote | None:
        """The valid quote for the chosen amount (None until one is set)."""
        return self._quote

    @property
    def amount(self) -> Money | None:
        return self._quote.amount if self._quote is not None else None

    @property
    def payment_method(self) -> PaymentMethod | None:
        return self._quote.payment_method if self._quote is not None else None

    @property
    def promo_code(self) -> str | None:
        return self._quote.promo_code if self._quote is not None else None

    @property
    def duplicate_of(self) -> RecentOrder | None:
        """A recent order for the same card and amount: warn before paying again."""
        return self._duplicate

    @property
    def order_details(self) -> OrderDetails | None:
        if self._card is None or self._quote is None:
            return None
        return OrderDetails.of(self._card.id, self._quote)

    @property
    def idempotency_key(self) -> str | None:
        """The key issued for the order being paid (set from *confirm → pay* on)."""
        return self._issued[1] if self._issued is not None else None

    @property
    def order_id(self) -> str | None:
        return self._order_id

    @property
    def notice(self) -> FlowNotice | None:
        """Why the flow last moved the user back, until the next successful action."""
        return self._notice

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def can_go_back(self) -> bool:
        if self._closed or not self._stack:
            return False
        return not (self._step is Step.PAY and self._order_id is not None)

    @property
    def can_go_next(self) -> bool:
        """True when the current step is complete (for QWizardPage.isComplete). An expired
        quote still counts: `next()` then takes the user back to the amount step."""
        if self._closed:
            return False
        match self._step:
            case Step.CARD:
                return self._card is not None
            case Step.AMOUNT:
                return self._quote is not None
            case Step.CONFIRM:
                return self._quote is not None and (
                    self._quote.provider_priced or not self._provider_prices
                )
            case Step.PAY:
                return self._order_id is not None
            case Step.RESULT:
                return False

    # --- input --------------------------------------------------------------------------------

    def select_card(self, card: Card) -> None:
        """Choose the card to top up (card step). A different card forgets the options and
        the amount chosen for the previous one."""
        self._require_open()
        self._require_step(Step.CARD, "choose the card")
        if card.status is CardStatus.RECYCLED:
            raise StepNotReady(f"{card.display_name} is recycled and cannot be topped up")
        if self._card is None or self._card.id != card.id:
            self._options = None
            self._quote = None
            self._duplicate = None
        self._card = card
        self._notice = None

    def set_options(self, options: RechargeOptions) -> None:
        """The chosen card's recharge options, once loaded (amount step). Any quote is
        dropped: price the amount again with `set_amount`."""
        self._require_open()
        self._require_step(Step.AMOUNT, "load recharge options")
        assert self._card is not None  # the card step guarantees it
        if options.card_id != self._card.id:
            raise FlowError(
                f"these recharge options are for card {options.card_id}, not {self._card.id}"
            )
        self._options = options
        self._quote = None
        self._duplicate = None

    def set_amount(
        self,
        amount: Money,
        method: PaymentMethod,
        *,
        now: datetime,
        promo_code: str | None = None,
        recent_orders: Iterable[RecentOrder] = (),
    ) -> Quote:
        """Price `amount` paid with `method` (amount step) and keep the quote.

        A `RechargeRuleError` (below minimum, cap exceeded, unknown code …) is raised as
        it is, and leaves no amount chosen, so the user cannot move on with the last
        valid one by mistake.
        """
        self._require_open()
        self._require_step(Step.AMOUNT, "choose the amount")
        if self._options is None:
            raise StepNotReady("the recharge options of this card are not loaded yet")
        assert self._card is not None
        try:
            quote = self._options.quote(amount, method, now=now, promo_code=promo_code)
        except RechargeRuleError:
            self._quote = None
            self._duplicate = None
            raise
        self._quote = quote
        self._duplicate = find_duplicate(self._card.id, amount, recent_orders, now)
        self._notice = None
        return quote

    def confirm_price(self, quote: Quote) -> None:
        """The provider's price of the chosen top-up (confirm step): it replaces the local
        quote, so the page shows, and the order is made from, what the provider charges.
        Refused (`FlowError`) when it prices other order details."""
        self._require_open()
        self._require_step(Step.CONFIRM, "take the provider's price")
        if self._card is None or self._quote is None:
            raise StepNotReady("choose an amount first")
        local = OrderDetails.of(self._card.id, self._quote)
        priced = OrderDetails.of(self._card.id, quote)
        if details_changed(local, priced):
            raise FlowError("the provider priced other order details than the ones chosen")
        self._quote = quote

    # --- navigation ---------------------------------------------------------------------------

    def next(self, now: datetime) -> Step:
        """Move forward if the current step is complete; return the step now shown.

        An expired quote returns the user to the amount step with a notice instead.
        """
        self._require_open()
        target = NAVIGATION[self._step]
        if target is None:
            raise StepNotReady("the recharge is finished; close the wizard")
        match self._step:
            case Step.CARD:
                if self._card is None:
                    raise StepNotReady("choose a card first")
            case Step.AMOUNT:
                if self._quote is None:
                    raise StepNotReady("enter a valid amount first")
                if self._quote.is_expired(now):
                    return self._expire_quote()
            case Step.CONFIRM:
                if self._quote is None or self._quote.is_expired(now):
                    return self._expire_quote()
                if self._provider_prices and not self._quote.provider_priced:
                    raise StepNotReady("the provider has not priced this order yet")
                self._issue_key()
            case Step.PAY:
                if self._order_id is None:
                    raise StepNotReady("the order has not been created yet")
        self._stack.append(self._step)
        self._step = target
        self._notice = None
        return self._step

    def back(self) -> Step:
        """Return to the previous step; refused on the first step and once an order exists
        (except *result → pay*, to see the order again)."""
        self._require_open()
        if not self._stack:
            raise CannotGoBack("this is the first step")
        if self._step is Step.PAY and self._order_id is not None:
            raise CannotGoBack("the order exists; it can be followed, not changed")
        self._step = self._stack.pop()
        self._notice = None
        return self._step

    def cancel(self) -> CancelOutcome:
        """Leave the wizard. Before any create-order request may have been sent, nothing is
        left; afterwards the order goes on (it is only the wizard that closes)."""
        self._require_open()
        self._closed = True
        if self._order_id is not None or self._issued is not None:
            return CancelOutcome.ORDER_CONTINUES
        self._card = None
        self._options = None
        self._quote = None
        self._duplicate = None
        self._stack.clear()
        return CancelOutcome.DISCARDED

    # --- the order ----------------------------------------------------------------------------

    def order_created(self, order_id: str) -> None:
        """The provider made (or replayed) the order for `idempotency_key` (pay step)."""
        self._require_open()
        self._require_step(Step.PAY, "record the order")
        if not order_id:
            raise FlowError("an order id cannot be empty")
        if self._order_id is not None and self._order_id != order_id:
            raise FlowError(
                f"this payment already has order {self._order_id}; it cannot become {order_id}"
            )
        self._order_id = order_id

    def order_rejected(self, message: str) -> Step:
        """The provider refused the create request for good (a 4xx: it stored nothing under
        the key). The key is dropped and the user goes back to the amount step."""
        self._require_open()
        self._require_step(Step.PAY, "record a refusal")
        if self._order_id is not None:
            raise FlowError("the order exists; it cannot be rejected now")
        self._issued = None
        return self._back_to_amount(FlowNotice(NoticeKind.ORDER_REJECTED, message))

    def price_changed(self, message: str) -> Step:
        """The provider's order did not charge or credit what was confirmed, so it was
        cancelled (nothing is charged). The key is dropped and the user goes back to the
        amount step to see the price again."""
        self._require_open()
        self._require_step(Step.PAY, "record a changed price")
        self._issued = None
        self._order_id = None
        return self._back_to_amount(FlowNotice(NoticeKind.PRICE_CHANGED, message))

    def key_for(self, details: OrderDetails) -> str | None:
        """The key already issued for exactly these details, or None."""
        if self._issued is None or details_changed(self._issued[0], details):
            return None
        return self._issued[1]

    # --- internals ----------------------------------------------------------------------------

    def _issue_key(self) -> None:
        details = self.order_details
        assert details is not None  # a quote and a card exist on the confirm step
        if self.key_for(details) is not None:
            return
        key = self._new_key()
        if not isinstance(key, str) or not IDEMPOTENCY_KEY_PATTERN.fullmatch(key):
            raise FlowError("an idempotency key is 8 to 255 visible ASCII characters")
        self._issued = (details, key)

    def _expire_quote(self) -> Step:
        return self._back_to_amount(
            FlowNotice(
                NoticeKind.QUOTE_EXPIRED,
                "the price has expired (exchange rate or promotion); check the new price",
            )
        )

    def _back_to_amount(self, notice: FlowNotice) -> Step:
        """Drop the price and go back to the amount step, telling why."""
        self._quote = None
        self._duplicate = None
        while self._stack and self._step is not Step.AMOUNT:
            self._step = self._stack.pop()
        self._notice = notice
        return self._step

    def _require_open(self) -> None:
        if self._closed:
            raise FlowClosed("this recharge wizard was closed")

    def _require_step(self, step: Step, action: str) -> None:
        if self._step is not step:
            raise WrongStep(f"{action} on the {step.value} step, not the {self._step.value} step")
