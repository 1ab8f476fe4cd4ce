"""The recharge wizard's flow, without Qt: navigation, guards, keys, cancel, duplicates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lebwallet.domain.cards import CardStatus
from lebwallet.domain.flow import RechargeFlow
from lebwallet.domain.flow_values import (
    DUPLICATE_WINDOW,
    NAVIGATION,
    CancelOutcome,
    CannotGoBack,
    FlowClosed,
    FlowError,
    NoticeKind,
    OrderDetails,
    RecentOrder,
    Step,
    StepNotReady,
    WrongStep,
    details_changed,
    find_duplicate,
)
from lebwallet.domain.orders import OrderStatus
from lebwallet.domain.recharge import BelowMinimum, FxQuoteExpired, PaymentMethod
from tests.domain.builders import NOW, card, fx_quote, gbp, key_factory, options, promotion

CARD = PaymentMethod.BANK_CARD


def flow_at_amount() -> tuple[RechargeFlow, list[str]]:
    issued, new_key = key_factory()
    flow = RechargeFlow(new_key)
    flow.select_card(card())
    assert flow.next(NOW) is Step.AMOUNT
    flow.set_options(options())
    return flow, issued


def flow_at_pay() -> tuple[RechargeFlow, list[str]]:
    flow, issued = flow_at_amount()
    flow.set_amount(gbp(20), CARD, now=NOW)
    flow.next(NOW)
    assert flow.next(NOW) is Step.PAY
    return flow, issued


# Read through functions: mypy would keep a property narrowed across the calls that change it.
def can_go_next(flow: RechargeFlow) -> bool:
    return flow.can_go_next


def can_go_back(flow: RechargeFlow) -> bool:
    return flow.can_go_back


def has_quote(flow: RechargeFlow) -> bool:
    return flow.quote is not None


def test_navigation_map() -> None:
    assert list(NAVIGATION.items()) == [
        (Step.CARD, Step.AMOUNT),
        (Step.AMOUNT, Step.CONFIRM),
        (Step.CONFIRM, Step.PAY),
        (Step.PAY, Step.RESULT),
        (Step.RESULT, None),
    ]


def test_the_happy_path() -> None:
    issued, new_key = key_factory()
    flow = RechargeFlow(new_key)
    assert flow.step is Step.CARD
    assert not can_go_next(flow)
    assert not can_go_back(flow)
    flow.select_card(card())
    assert can_go_next(flow)
    assert flow.next(NOW) is Step.AMOUNT
    flow.set_options(options())
    quote = flow.set_amount(gbp(20), CARD, now=NOW)
    assert flow.quote == quote
    assert flow.amount == gbp(20)
    assert flow.payment_method is CARD
    assert flow.next(NOW) is Step.CONFIRM
    assert issued == []
    assert flow.next(NOW) is Step.PAY
    assert flow.idempotency_key == "idem-key-0001"
    assert issued == ["idem-key-0001"]
    assert flow.order_details == OrderDetails("card-1", gbp(20), CARD, "GBP", None, None)
    assert not can_go_next(flow)
    flow.order_created("order-1")
    assert flow.next(NOW) is Step.RESULT
    assert flow.order_id == "order-1"
    assert flow.history == (Step.CARD, Step.AMOUNT, Step.CONFIRM, Step.PAY)
    with pytest.raises(StepNotReady, match="the recharge is finished"):
        flow.next(NOW)


# --- guards -------------------------------------------------------------------------------------


def test_no_card_no_amount_step() -> None:
    flow = RechargeFlow(key_factory()[1])
    with pytest.raises(StepNotReady, match="choose a card first"):
        flow.next(NOW)
    assert flow.step is Step.CARD


def test_a_recycled_card_cannot_be_chosen() -> None:
    flow = RechargeFlow(key_factory()[1])
    with pytest.raises(StepNotReady, match="UK giffgaff is recycled"):
        flow.select_card(card(status=CardStatus.RECYCLED))
    assert flow.card is None


def test_no_confirm_without_a_valid_quote() -> None:
    flow, _ = flow_at_amount()
    with pytest.raises(StepNotReady, match="enter a valid amount first"):
        flow.next(NOW)
    assert flow.step is Step.AMOUNT


def test_a_refused_amount_leaves_no_amount_chosen() -> None:
    flow, _ = flow_at_amount()
    flow.set_amount(gbp(20), CARD, now=NOW)
    with pytest.raises(BelowMinimum, match=r"the minimum is £10\.00"):
        flow.set_amount(gbp(5), CARD, now=NOW)
    assert flow.quote is None
    assert flow.amount is None
    assert not flow.can_go_next
    with pytest.raises(StepNotReady):
        flow.next(NOW)


def test_amount_needs_the_options_first_and_options_must_be_for_the_card() -> None:
    _issued, new_key = key_factory()
    flow = RechargeFlow(new_key)
    flow.select_card(card())
    flow.next(NOW)
    with pytest.raises(StepNotReady, match="options of this card are not loaded"):
        flow.set_amount(gbp(20), CARD, now=NOW)
    with pytest.raises(FlowError, match="options are for card other, not card-1"):
        flow.set_options(options(card_id="other"))


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda f: f.select_card(card()), "choose the card on the card step, not the amount step"),
        (lambda f: f.order_created("o"), "record the order on the pay step"),
        (lambda f: f.order_rejected("no"), "record a refusal on the pay step"),
    ],
)
def test_actions_belong_to_their_step(
    action: Callable[[RechargeFlow], object], message: str
) -> None:
    flow, _ = flow_at_amount()
    with pytest.raises(WrongStep, match=message):
        action(flow)


def test_set_amount_and_options_belong_to_the_amount_step() -> None:
    flow = RechargeFlow(key_factory()[1])
    with pytest.raises(WrongStep, match="choose the amount on the amount step"):
        flow.set_amount(gbp(20), CARD, now=NOW)
    with pytest.raises(WrongStep, match="load recharge options"):
        flow.set_options(options())


def test_choosing_another_card_forgets_the_old_amount() -> None:
    flow, _ = flow_at_amount()
    flow.set_amount(gbp(20), CARD, now=NOW)
    flow.back()
    flow.select_card(card())  # same card: nothing lost
    assert has_quote(flow)
    flow.select_card(card(card_id="card-2"))
    assert not has_quote(flow)
    assert flow.options is None


# --- expiry -------------------------------------------------------------------------------------


def test_an_expired_quote_on_confirm_goes_back_to_amount_with_a_notice() -> None:
    issued, new_key = key_factory()
    flow = RechargeFlow(new_key)
    flow.select_card(card())
    flow.next(NOW)
    flow.set_options(
        options(pay_currency="USD", fx=fx_quote(expires_at=NOW + timedelta(minutes=5)))
    )
    flow.set_amount(gbp(20), CARD, now=NOW)
    flow.next(NOW)
    assert flow.step is Step.CONFIRM
    assert flow.next(NOW + timedelta(minutes=5)) is Step.AMOUNT
    assert flow.notice is not None
    assert flow.notice.kind is NoticeKind.QUOTE_EXPIRED
    assert "expired" in flow.notice.message
    assert flow.quote is None
    assert issued == []
    assert flow.history == (Step.CARD,)
    # The stale options cannot price again; new ones (a new FX quote) can.
    with pytest.raises(FxQuoteExpired):
        flow.set_amount(gbp(20), CARD, now=NOW + timedelta(minutes=5))
    flow.set_options(
        options(
            pay_currency="USD", fx=fx_quote(quote_id="fx-2", expires_at=NOW + timedelta(hours=1))
        )
    )
    flow.set_amount(gbp(20), CARD, now=NOW + timedelta(minutes=5))
    assert flow.notice is None


def test_an_expired_quote_on_the_amount_step_stays_there_with_a_notice() -> None:
    flow, _ = flow_at_amount()
    flow.set_options(
        options(promotions=(promotion(value="1", valid_until=NOW + timedelta(minutes=1)),))
    )
    flow.set_amount(gbp(20), CARD, now=NOW)
    assert flow.can_go_next
    assert flow.next(NOW + timedelta(minutes=1)) is Step.AMOUNT
    assert flow.notice is not None
    assert flow.notice.kind is NoticeKind.QUOTE_EXPIRED


# --- back ---------------------------------------------------------------------------------------


def test_back_follows_the_stack_and_stops_at_the_first_step() -> None:
    flow, _ = flow_at_pay()
    assert flow.back() is Step.CONFIRM
    assert flow.back() is Step.AMOUNT
    assert flow.back() is Step.CARD
    with pytest.raises(CannotGoBack, match="first step"):
        flow.back()


def test_no_way_back_from_pay_once_the_order_exists_but_result_can_show_it_again() -> None:
    flow, _ = flow_at_pay()
    flow.order_created("order-1")
    assert not can_go_back(flow)
    with pytest.raises(CannotGoBack, match="the order exists"):
        flow.back()
    assert flow.step is Step.PAY
    flow.next(NOW)
    assert can_go_back(flow)
    assert flow.back() is Step.PAY
    assert flow.next(NOW) is Step.RESULT


def test_an_order_id_is_set_once() -> None:
    flow, _ = flow_at_pay()
    flow.order_created("order-1")
    flow.order_created("order-1")  # a replay of the same order is fine
    with pytest.raises(FlowError, match="already has order order-1"):
        flow.order_created("order-2")
    other, _ = flow_at_pay()
    with pytest.raises(FlowError, match="cannot be empty"):
        other.order_created("")


# --- idempotency keys ---------------------------------------------------------------------------


def test_unchanged_details_reuse_the_key() -> None:
    flow, issued = flow_at_pay()
    key = flow.idempotency_key
    flow.back()  # e.g. the create request timed out; the user looks at the price again
    flow.back()
    flow.set_amount(gbp(20), CARD, now=NOW)  # the same details again
    flow.next(NOW)
    flow.next(NOW)
    assert flow.idempotency_key == key
    assert issued == [key]


@pytest.mark.parametrize(
    "change",
    [
        {"amount": gbp(25)},
        {"method": PaymentMethod.PAYPAL},
        {"promo_code": "SPRING"},
    ],
)
def test_changed_details_get_a_new_key(change: dict[str, Any]) -> None:
    flow, issued = flow_at_pay()
    flow.back()
    flow.back()
    flow.set_options(options(promotions=(promotion(value="1", code_required=True, code="SPRING"),)))
    args = {"amount": gbp(20), "method": CARD, "promo_code": None, **change}
    flow.set_amount(args["amount"], args["method"], now=NOW, promo_code=args["promo_code"])
    flow.next(NOW)
    flow.next(NOW)
    assert issued == ["idem-key-0001", "idem-key-0002"]
    assert flow.idempotency_key == "idem-key-0002"


def test_a_new_fx_quote_changes_the_details() -> None:
    issued, new_key = key_factory()
    flow = RechargeFlow(new_key)
    flow.select_card(card())
    flow.next(NOW)
    flow.set_options(options(pay_currency="USD", fx=fx_quote()))
    flow.set_amount(gbp(20), CARD, now=NOW)
    flow.next(NOW)
    flow.next(NOW)
    first = flow.order_details
    flow.back()
    flow.back()
    flow.set_options(options(pay_currency="USD", fx=fx_quote(quote_id="fx-2")))
    flow.set_amount(gbp(20), CARD, now=NOW)
    flow.next(NOW)
    flow.next(NOW)
    assert first is not None
    assert flow.order_details is not None
    assert details_changed(first, flow.order_details)
    assert len(issued) == 2
    assert flow.key_for(first) is None
    assert flow.key_for(flow.order_details) == "idem-key-0002"


def test_details_changed() -> None:
    details = OrderDetails("card-1", gbp(20), CARD, "GBP", None, None)
    assert not details_changed(
        details, OrderDetails("card-1", gbp("20.00"), CARD, "GBP", None, None)
    )
    assert details_changed(None, details)
    assert details_changed(details, OrderDetails("card-1", gbp(20), CARD, "GBP", "X", None))


def test_a_rejected_create_request_frees_the_key_and_returns_to_amount() -> None:
    flow, issued = flow_at_pay()
    assert flow.order_rejected("the daily cap would be exceeded") is Step.AMOUNT
    assert flow.notice is not None
    assert flow.notice.kind is NoticeKind.ORDER_REJECTED
    assert flow.notice.message == "the daily cap would be exceeded"
    assert flow.idempotency_key is None
    assert flow.quote is None
    flow.set_amount(gbp(20), CARD, now=NOW)
    flow.next(NOW)
    flow.next(NOW)
    assert issued == ["idem-key-0001", "idem-key-0002"]


def test_a_rejection_after_the_order_exists_is_refused() -> None:
    flow, _ = flow_at_pay()
    flow.order_created("order-1")
    with pytest.raises(FlowError, match="the order exists"):
        flow.order_rejected("no")


def test_a_malformed_key_from_the_factory_is_refused_and_nothing_moves() -> None:
    flow = RechargeFlow(lambda: "short")
    flow.select_card(card())
    flow.next(NOW)
    flow.set_options(options())
    flow.set_amount(gbp(20), CARD, now=NOW)
    flow.next(NOW)
    with pytest.raises(FlowError, match="8 to 255 visible ASCII"):
        flow.next(NOW)
    assert flow.step is Step.CONFIRM
    assert flow.idempotency_key is None


# --- cancel -------------------------------------------------------------------------------------


@pytest.mark.parametrize("steps_forward", [0, 1, 2])
def test_cancel_before_pay_leaves_nothing_behind(steps_forward: int) -> None:
    flow, issued = flow_at_amount()
    flow.set_amount(gbp(20), CARD, now=NOW)
    for _ in range(steps_forward - 1):
        flow.next(NOW)
    if steps_forward == 0:
        flow.back()
    assert flow.cancel() is CancelOutcome.DISCARDED
    assert flow.closed
    assert issued == []
    assert flow.card is None
    assert flow.quote is None
    assert flow.history == ()


def test_cancel_once_a_request_may_have_been_sent_closes_and_the_order_continues() -> None:
    flow, _ = flow_at_pay()
    assert flow.cancel() is CancelOutcome.ORDER_CONTINUES  # outcome of the request unknown
    assert flow.idempotency_key == "idem-key-0001"  # kept for the journal / reconcile
    flow, _ = flow_at_pay()
    flow.order_created("order-1")
    flow.next(NOW)
    assert flow.cancel() is CancelOutcome.ORDER_CONTINUES
    assert flow.order_id == "order-1"


def test_going_back_after_a_send_does_not_make_cancel_discard() -> None:
    flow, _ = flow_at_pay()
    flow.back()
    flow.back()
    assert flow.cancel() is CancelOutcome.ORDER_CONTINUES


def test_cancel_after_a_rejection_discards() -> None:
    flow, _ = flow_at_pay()
    flow.order_rejected("refused")
    assert flow.cancel() is CancelOutcome.DISCARDED


def test_a_closed_flow_refuses_everything() -> None:
    flow, _ = flow_at_amount()
    flow.cancel()
    assert not flow.can_go_next
    assert not flow.can_go_back
    for action in (
        lambda: flow.next(NOW),
        flow.back,
        flow.cancel,
        lambda: flow.set_amount(gbp(20), CARD, now=NOW),
    ):
        with pytest.raises(FlowClosed, match="was closed"):
            action()


# --- duplicates ---------------------------------------------------------------------------------


def recent(
    minutes_ago: float,
    *,
    card_id: str = "card-1",
    amount: str = "20",
    status: OrderStatus = OrderStatus.CREDITED,
    order_id: str = "o-1",
) -> RecentOrder:
    return RecentOrder(order_id, card_id, gbp(amount), NOW - timedelta(minutes=minutes_ago), status)


@pytest.mark.parametrize(
    ("order", "duplicate"),
    [
        (recent(1), True),
        (recent(10), True),  # the window includes its start
        (recent(10.01), False),
        (recent(1, card_id="card-2"), False),
        (recent(1, amount="25"), False),
        (recent(1, status=OrderStatus.AWAITING_PAYMENT), True),
        (recent(1, status=OrderStatus.FAILED), False),
        (recent(1, status=OrderStatus.CANCELLED), False),
        (recent(1, status=OrderStatus.EXPIRED), False),
        (recent(-1), False),  # from the future: a clock problem, not a duplicate
    ],
)
def test_duplicate_rule(order: RecentOrder, duplicate: bool) -> None:
    found = find_duplicate("card-1", gbp(20), [order], NOW)
    assert (found is not None) is duplicate
    assert timedelta(minutes=10) == DUPLICATE_WINDOW


def test_the_flow_warns_but_does_not_block_a_duplicate() -> None:
    flow, _ = flow_at_amount()
    older, newer = recent(8, order_id="o-old"), recent(2, order_id="o-new")
    flow.set_amount(gbp(20), CARD, now=NOW, recent_orders=[older, newer])
    assert flow.duplicate_of == newer
    assert flow.next(NOW) is Step.CONFIRM
    flow.back()
    flow.set_amount(gbp(25), CARD, now=NOW, recent_orders=[older, newer])
    assert flow.duplicate_of is None


# --- properties ---------------------------------------------------------------------------------

ACTIONS = st.lists(
    st.sampled_from(["next", "back", "amount20", "amount25", "bad", "created", "rejected"]),
    max_size=25,
)


@settings(max_examples=150)
@given(actions=ACTIONS)
def test_random_walks_keep_the_flow_rules(actions: list[str]) -> None:
    issued, new_key = key_factory()
    flow = RechargeFlow(new_key)
    flow.select_card(card())
    keys_by_details: dict[OrderDetails, str] = {}
    for action in actions:
        step_before = flow.step
        try:
            if action == "next":
                flow.next(NOW)
            elif action == "back":
                flow.back()
            elif action in ("amount20", "amount25"):
                if flow.step is Step.AMOUNT and flow.options is None:
                    flow.set_options(options())
                flow.set_amount(gbp(action[-2:]), CARD, now=NOW)
            elif action == "bad":
                flow.set_amount(gbp(5), CARD, now=NOW)
            elif action == "created":
                flow.order_created("order-1")
            elif action == "rejected":
                flow.order_rejected("refused")
                keys_by_details.clear()  # the provider stored nothing: the key is dropped
        except (FlowError, BelowMinimum):
            if action != "bad":
                assert flow.step is step_before  # a refused move changes no step
        # One key per order details, and a key is never issued twice.
        if flow.idempotency_key is not None and flow.order_details is not None:
            details = flow.order_details
            if flow.step in (Step.PAY, Step.RESULT):
                assert keys_by_details.setdefault(details, flow.idempotency_key) == (
                    flow.idempotency_key
                )
        assert len(set(issued)) == len(issued)
        # Once an order exists the flow never shows a step before pay again.
        if flow.order_id is not None:
            assert flow.step in (Step.PAY, Step.RESULT)
        # Past the amount step there is always a quote.
        if flow.step in (Step.CONFIRM, Step.PAY, Step.RESULT):
            assert flow.quote is not None
    outcome = flow.cancel()
    assert (outcome is CancelOutcome.DISCARDED) == (flow.idempotency_key is None)
