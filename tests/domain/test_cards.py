"""Cards and keep-alive plans: deadlines in UTC days, states, qualifying top-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lebwallet.domain.cards import (
    DUE_SOON_DAYS,
    URGENT_DAYS,
    Card,
    CardError,
    CardNotRechargeable,
    CardStatus,
    KeepAlivePlan,
    KeepAliveState,
    LabelError,
    keep_alive_state,
    last_day_before,
    normalize_label,
)
from lebwallet.domain.identifiers import Iccid, parse_activation_code
from lebwallet.domain.money import Money
from tests.domain.builders import NOW, card, gbp, plan, usd

# --- plan ---------------------------------------------------------------------------------------


def test_plan_rule_data_and_description() -> None:
    rule = plan("10", 180)
    assert (rule.minimum_topup, rule.period_days, rule.min_balance) == (gbp(10), 180, None)
    assert rule.currency == "GBP"
    assert rule.period == timedelta(days=180)
    assert rule.describe() == "top up at least £10.00 every 180 days"
    assert (
        plan("10", 90, min_balance="1").describe()
        == "top up at least £10.00 every 90 days and keep at least £1.00 on the balance"
    )


@pytest.mark.parametrize(
    ("amount", "qualifies"),
    [("9.99", False), ("10.00", True), ("10.01", True), ("0", False)],
)
def test_only_a_top_up_of_at_least_the_minimum_qualifies(amount: str, qualifies: bool) -> None:
    assert plan("10").qualifies(gbp(amount)) is qualifies


def test_a_zero_minimum_means_any_positive_top_up_qualifies() -> None:
    rule = plan("0")
    assert rule.qualifies(gbp("0.01"))
    assert not rule.qualifies(gbp("0"))


def test_qualifies_refuses_another_currency() -> None:
    with pytest.raises(CardError, match="a USD top-up cannot count for a plan in GBP"):
        plan().qualifies(usd(10))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"minimum_topup": gbp(-1), "period_days": 30}, "cannot be negative"),
        ({"minimum_topup": gbp(1), "period_days": 0}, "1 to 3650 days, not 0"),
        ({"minimum_topup": gbp(1), "period_days": 3651}, "1 to 3650 days, not 3651"),
        ({"minimum_topup": gbp(1), "period_days": True}, "1 to 3650 days, not True"),
        ({"minimum_topup": gbp(1), "period_days": 30.0}, "1 to 3650 days, not 30.0"),
        ({"minimum_topup": gbp(1), "period_days": 30, "min_balance": usd(1)}, "amount in GBP"),
        ({"minimum_topup": gbp(1), "period_days": 30, "min_balance": gbp(-1)}, "non-negative"),
        ({"minimum_topup": "10", "period_days": 30}, "must be Money"),
    ],
)
def test_invalid_plans_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(CardError, match=message):
        KeepAlivePlan(**kwargs)


def test_deadline_after_adds_the_period_in_utc() -> None:
    local = datetime(2024, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    assert plan(period_days=30).deadline_after(local) == datetime(2024, 1, 31, 0, 0, tzinfo=UTC)
    with pytest.raises(CardError, match="timezone-aware"):
        plan().deadline_after(datetime(2024, 1, 1))


# --- states and days ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "state"),
    [
        (365, KeepAliveState.OK),
        (DUE_SOON_DAYS + 1, KeepAliveState.OK),
        (DUE_SOON_DAYS, KeepAliveState.DUE_SOON),
        (URGENT_DAYS + 1, KeepAliveState.DUE_SOON),
        (URGENT_DAYS, KeepAliveState.URGENT),
        (1, KeepAliveState.URGENT),
        (0, KeepAliveState.URGENT),
        (-1, KeepAliveState.LAPSED),
        (-400, KeepAliveState.LAPSED),
    ],
)
def test_state_thresholds(days: int, state: KeepAliveState) -> None:
    assert keep_alive_state(days, 180) is state
    assert state.value in {"ok", "due_soon", "urgent", "lapsed"}


@pytest.mark.parametrize(
    ("period", "due_soon", "urgent"),
    [(365, 30, 7), (180, 30, 7), (90, 30, 7), (30, 10, 7), (14, 4, 3), (7, 2, 1), (1, 0, 0)],
)
def test_thresholds_are_relative_to_the_plans_period(
    period: int, due_soon: int, urgent: int
) -> None:
    assert keep_alive_state(due_soon + 1, period) is KeepAliveState.OK
    assert keep_alive_state(due_soon, period) in {KeepAliveState.DUE_SOON, KeepAliveState.URGENT}
    assert keep_alive_state(urgent + 1, period) is not KeepAliveState.URGENT
    assert keep_alive_state(urgent, period) is KeepAliveState.URGENT
    assert keep_alive_state(-1, period) is KeepAliveState.LAPSED


def test_a_thirty_day_plan_topped_up_today_is_not_due_soon() -> None:
    """The issue: "Deadline soon (30 days left)" right after a top-up on a 30-day plan."""
    topped_up = card(keep_alive=plan(period_days=30), last_topup=NOW)
    assert topped_up.days_left(NOW.date()) == 30
    assert topped_up.keep_alive_state(NOW.date()) is KeepAliveState.OK
    assert not topped_up.is_due_soon(NOW.date())
    assert topped_up.keep_alive_state(NOW.date() + timedelta(days=20)) is KeepAliveState.DUE_SOON
    assert topped_up.is_due_soon(NOW.date() + timedelta(days=20))
    assert topped_up.keep_alive_state(NOW.date() + timedelta(days=23)) is KeepAliveState.URGENT


@settings(max_examples=200, deadline=None)
@given(
    period=st.integers(min_value=2, max_value=3650),
    seconds=st.integers(min_value=0, max_value=24 * 3600 - 1),
)
def test_a_card_topped_up_today_is_never_due_soon(period: int, seconds: int) -> None:
    at = datetime(2024, 5, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    topped_up = card(keep_alive=plan(period_days=period), last_topup=at)
    assert topped_up.keep_alive_state(at.date()) is KeepAliveState.OK


def test_deadline_is_computed_from_the_last_qualifying_top_up() -> None:
    c = card(last_topup=datetime(2024, 1, 10, 15, 30, tzinfo=UTC))
    assert c.keep_alive_deadline == datetime(2024, 7, 8, 15, 30, tzinfo=UTC)  # + 180 days
    assert c.last_day == date(2024, 7, 8)
    assert c.days_left(date(2024, 7, 8)) == 0
    assert c.keep_alive_state(date(2024, 7, 8)) is KeepAliveState.URGENT
    assert c.days_left(date(2024, 7, 9)) == -1
    assert c.keep_alive_state(date(2024, 7, 9)) is KeepAliveState.LAPSED
    assert c.days_left(date(2024, 6, 8)) == 30
    assert c.keep_alive_state(date(2024, 6, 8)) is KeepAliveState.DUE_SOON
    assert c.keep_alive_state(date(2024, 6, 7)) is KeepAliveState.OK


def test_a_deadline_at_midnight_makes_the_day_before_the_last_day() -> None:
    deadline = datetime(2024, 7, 1, 0, 0, tzinfo=UTC)
    c = card(deadline=deadline)
    assert c.last_day == date(2024, 6, 30) == last_day_before(deadline)
    assert c.days_left(date(2024, 6, 30)) == 0
    assert c.keep_alive_state(date(2024, 7, 1)) is KeepAliveState.LAPSED


def test_the_exact_instant_is_available_too() -> None:
    c = card(deadline=datetime(2024, 7, 1, 12, 0, tzinfo=UTC))
    assert not c.is_past_deadline(datetime(2024, 7, 1, 11, 59, tzinfo=UTC))
    assert c.is_past_deadline(datetime(2024, 7, 1, 12, 0, tzinfo=UTC))
    # 20:00 in UTC+8 is 12:00 UTC.
    assert c.is_past_deadline(datetime(2024, 7, 1, 20, 0, tzinfo=timezone(timedelta(hours=8))))


def test_the_providers_deadline_wins_and_timestamps_are_stored_in_utc() -> None:
    provider = datetime(2024, 9, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    c = card(last_topup=datetime(2024, 1, 1, tzinfo=UTC), deadline=provider)
    assert c.deadline == datetime(2024, 9, 1, 0, 0, tzinfo=UTC)
    assert c.deadline.tzinfo is UTC
    assert c.last_day == date(2024, 8, 31)


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(CardError, match="last_qualifying_topup must be timezone-aware"):
        card(last_topup=datetime(2024, 1, 1))
    with pytest.raises(CardError, match="now must be timezone-aware"):
        card().is_past_deadline(datetime(2024, 1, 1))


@settings(max_examples=60)
@given(
    last=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    period=st.integers(min_value=1, max_value=3650),
    offset=st.integers(min_value=-400, max_value=4000),
)
def test_days_left_falls_by_one_each_utc_day_and_the_state_only_worsens(
    last: datetime, period: int, offset: int
) -> None:
    c = card(last_topup=last, keep_alive=plan(period_days=period))
    today = last.date() + timedelta(days=offset)
    assert c.days_left(today) - c.days_left(today + timedelta(days=1)) == 1
    order = list(KeepAliveState)
    assert order.index(c.keep_alive_state(today + timedelta(days=1))) >= order.index(
        c.keep_alive_state(today)
    )
    # Topping up on the last day is always in time.
    assert not c.is_past_deadline(datetime.combine(c.last_day, datetime.min.time(), UTC))


# --- top-ups ------------------------------------------------------------------------------------


def test_a_qualifying_top_up_moves_the_deadline_and_adds_the_credit() -> None:
    c = card(last_topup=NOW - timedelta(days=100), balance="5.00")
    after = c.with_topup(gbp(10), gbp(12), NOW)
    assert after.balance == gbp("17.00")
    assert after.last_qualifying_topup == NOW
    assert after.keep_alive_deadline == NOW + timedelta(days=180)
    assert c.balance == gbp("5.00")  # the original is unchanged


def test_a_top_up_below_the_minimum_does_not_move_the_deadline() -> None:
    c = card(last_topup=NOW - timedelta(days=100))
    after = c.with_topup(gbp("9.99"), gbp("9.99"), NOW)
    assert after.balance == c.balance + gbp("9.99")
    assert after.last_qualifying_topup == c.last_qualifying_topup
    assert after.keep_alive_deadline == c.keep_alive_deadline


def test_the_bonus_does_not_make_a_top_up_qualify() -> None:
    c = card()
    after = c.with_topup(gbp(5), gbp(10), NOW)
    assert after.keep_alive_deadline == c.keep_alive_deadline


def test_an_older_top_up_reported_late_never_moves_the_deadline_back() -> None:
    c = card(last_topup=NOW)
    after = c.with_topup(gbp(10), gbp(10), NOW - timedelta(days=50))
    assert after.last_qualifying_topup == NOW
    assert after.keep_alive_deadline == c.keep_alive_deadline


def test_a_qualifying_top_up_restores_a_suspended_card_but_a_recycled_one_is_lost() -> None:
    suspended = card(last_topup=NOW - timedelta(days=200), status=CardStatus.SUSPENDED)
    assert suspended.with_topup(gbp(10), gbp(10), NOW).status is CardStatus.ACTIVE
    assert suspended.with_topup(gbp(5), gbp(5), NOW).status is CardStatus.SUSPENDED
    recycled = card(status=CardStatus.RECYCLED)
    assert not recycled.is_rechargeable
    with pytest.raises(CardNotRechargeable, match="card card-1 is recycled"):
        recycled.with_topup(gbp(10), gbp(10), NOW)


@pytest.mark.parametrize(
    ("amount", "credited", "message"),
    [
        (usd(10), usd(10), "must be in GBP"),
        (gbp(0), gbp(0), "positive"),
        (gbp(10), gbp(9), "credits at least its amount"),
    ],
)
def test_invalid_top_ups_are_refused(amount: Money, credited: Money, message: str) -> None:
    with pytest.raises(CardError, match=message):
        card().with_topup(amount, credited, NOW)


# --- the card itself ----------------------------------------------------------------------------


def test_display_name_and_masked_number() -> None:
    assert card().masked_number == "+44 •••• •••456"
    assert card(with_msisdn=False).masked_number == "8944 •••• •••• •••0 054"
    assert card(label=None).display_name == "+44 •••• •••456"
    assert card(label="  UK main  ").label == "UK main"
    assert card(label="   ").label is None
    assert card().display_name == "UK giffgaff"
    assert card().minimum_topup == gbp(10)


def test_low_balance_needs_a_plan_minimum_balance() -> None:
    assert not card(balance="0.00").balance_low
    assert card(balance="0.50", keep_alive=plan(min_balance="1")).balance_low
    assert not card(balance="1.00", keep_alive=plan(min_balance="1")).balance_low


def test_esim_with_activation_code() -> None:
    code = parse_activation_code("LPA:1$SMDP.GSMA.COM$04386-AGYFT-A74Y8-3F815")
    c = card(is_esim=True, activation_code=code)
    assert c.activation_code == code
    with pytest.raises(CardError, match="only an eSIM card has an activation code"):
        card(is_esim=False, activation_code=code)


def _card_kwargs(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "card-1",
        "label": None,
        "iccid": Iccid("8944110068256270054"),
        "msisdn": None,
        "carrier": "giffgaff",
        "region": "GB",
        "currency": "GBP",
        "balance": gbp(1),
        "is_esim": False,
        "activation_code": None,
        "plan": plan(),
        "last_qualifying_topup": NOW,
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": ""}, "a card id is 1 to 64"),
        ({"id": "card/1"}, "a card id is 1 to 64"),
        ({"label": "x" * 41}, "at most 40 characters"),
        ({"label": "a\nb"}, "control characters"),
        ({"iccid": None}, "needs an ICCID or a phone number"),
        ({"carrier": " "}, "carrier name has 1 to 100"),
        ({"region": "gb"}, "ISO 3166 alpha-2 code like GB, not 'gb'"),
        ({"region": "GBR"}, "ISO 3166 alpha-2"),
        ({"currency": "XYZ"}, "'XYZ' is not an ISO 4217"),
        ({"balance": usd(1)}, "balance is in USD but the card is in GBP"),
        ({"currency": "USD", "balance": usd(1)}, "plan is in GBP but the card is in USD"),
        ({"last_qualifying_topup": None}, "needs a deadline or the time of its last"),
    ],
)
def test_inconsistent_cards_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(CardError, match=message):
        Card(**_card_kwargs(**changes))  # type: ignore[arg-type]


def test_status_values_match_the_contract() -> None:
    assert [s.value for s in CardStatus] == [
        "pending_activation",
        "active",
        "suspended",
        "recycled",
    ]


# --- labels as typed ----------------------------------------------------------------------------


def test_a_typed_label_is_normalised_and_stripped() -> None:
    assert normalize_label("  ＵＫ 旅行卡 ") == "UK 旅行卡"
    assert normalize_label("\u3000") is None


def test_a_label_too_long_is_refused_with_its_length_never_cut() -> None:
    with pytest.raises(LabelError) as caught:
        normalize_label("x" * 41)
    assert caught.value.length == 41
    assert normalize_label("x" * 40) == "x" * 40


def test_a_label_with_control_characters_is_refused_naming_them() -> None:
    with pytest.raises(LabelError) as caught:
        normalize_label("UK\tcard\n")
    assert caught.value.refused == "\t"
