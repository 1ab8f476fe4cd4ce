"""Keep-alive rules: calendar months, qualifying actions, deadlines, stages, provider plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lebwallet.domain.cards import KeepAlivePlan, last_day_before
from lebwallet.domain.keepalive import (
    ActionKind,
    Confidence,
    KeepAliveAction,
    KeepAliveError,
    KeepAliveRule,
    Period,
    PeriodUnit,
    Stage,
    StageEffect,
    add_months,
    keep_alive_deadline,
    parse_amount,
    rule_from_plan,
)
from lebwallet.domain.money import Money
from tests.domain.builders import gbp

USE = frozenset({ActionKind.CALL, ActionKind.SMS, ActionKind.DATA, ActionKind.TOPUP})


def giffgaff() -> KeepAliveRule:
    return KeepAliveRule(
        actions=USE,
        period=Period.months(6),
        stages=(Stage(Period.days(0), StageEffect.RECYCLED),),
        source_url="https://community.giffgaff.com/t5/Help/Recycling-mobile-numbers/ta-p/1",
        checked_on=date(2026, 12, 1),
        confidence=Confidence.STATED,
    )


def asda() -> KeepAliveRule:
    return KeepAliveRule(
        actions=frozenset({ActionKind.TOPUP}),
        period=Period.days(180),
        minimum_topup=gbp("5"),
        stages=(
            Stage(Period.days(0), StageEffect.RESTRICTED),
            Stage(Period.days(90), StageEffect.RECYCLED),
        ),
    )


# --- calendar arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 10), 6, date(2026, 9, 10)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_add_months_is_calendar_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
    assert Period.months(months).after(start) == expected


def test_six_months_is_not_180_days() -> None:
    assert Period.months(6).after(date(2026, 3, 1)) == date(2026, 9, 1)
    assert Period.days(180).after(date(2026, 3, 1)) == date(2026, 8, 28)


@pytest.mark.parametrize("bad", [-1, 121, True, 1.5])
def test_month_period_bounds(bad: object) -> None:
    with pytest.raises(KeepAliveError):
        Period(bad, PeriodUnit.MONTHS)  # type: ignore[arg-type]


# --- rules and actions --------------------------------------------------------------------------


def test_any_chargeable_use_qualifies_for_giffgaff() -> None:
    rule = giffgaff()
    for kind in ActionKind:
        assert rule.qualifies(KeepAliveAction(kind, date(2026, 3, 10)))


def test_a_top_up_below_the_minimum_or_without_amount_does_not_qualify() -> None:
    rule = asda()
    assert rule.qualifies(KeepAliveAction(ActionKind.TOPUP, date(2026, 1, 1), gbp("5")))
    assert not rule.qualifies(KeepAliveAction(ActionKind.TOPUP, date(2026, 1, 1), gbp("4.99")))
    assert not rule.qualifies(KeepAliveAction(ActionKind.TOPUP, date(2026, 1, 1)))
    assert not rule.qualifies(KeepAliveAction(ActionKind.SMS, date(2026, 1, 1)))


def test_rule_refuses_what_is_inconsistent() -> None:
    with pytest.raises(KeepAliveError, match="at least one"):
        KeepAliveRule(actions=frozenset(), period=Period.days(30))
    with pytest.raises(KeepAliveError, match="at least one day"):
        KeepAliveRule(actions=USE, period=Period.days(0))
    with pytest.raises(KeepAliveError, match="needs top-ups"):
        KeepAliveRule(
            actions=frozenset({ActionKind.SMS}), period=Period.days(30), minimum_topup=gbp(1)
        )
    with pytest.raises(KeepAliveError, match="https"):
        KeepAliveRule(actions=USE, period=Period.days(30), source_url="http://example.com/x")


def test_action_refuses_what_is_inconsistent() -> None:
    with pytest.raises(KeepAliveError, match="only a top-up"):
        KeepAliveAction(ActionKind.SMS, date(2026, 1, 1), gbp(1))
    with pytest.raises(KeepAliveError, match="date"):
        KeepAliveAction(ActionKind.SMS, datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(KeepAliveError, match="future"):
        KeepAliveAction(ActionKind.SMS, date(2026, 1, 2)).check_not_future(date(2026, 1, 1))


# --- deadlines ----------------------------------------------------------------------------------


def test_deadline_from_latest_qualifying_action_of_any_kind_with_stages() -> None:
    actions = [
        KeepAliveAction(ActionKind.TOPUP, date(2026, 1, 5), gbp(10)),
        KeepAliveAction(ActionKind.SMS, date(2026, 8, 31)),
        KeepAliveAction(ActionKind.CALL, date(2026, 6, 1)),
    ]
    deadline = keep_alive_deadline(giffgaff(), actions)
    assert deadline is not None
    assert deadline.last_day == date(2027, 2, 28)
    assert deadline.last_action == actions[1]
    assert deadline.stages == ((date(2027, 3, 1), StageEffect.RECYCLED),)
    assert last_day_before(deadline.instant) == date(2027, 2, 28)
    assert deadline.days_left(date(2027, 2, 27)) == 1


def test_asda_stages_follow_each_other() -> None:
    deadline = keep_alive_deadline(
        asda(), [KeepAliveAction(ActionKind.TOPUP, date(2026, 1, 1), gbp(5))]
    )
    assert deadline is not None
    assert deadline.last_day == date(2026, 6, 30)
    assert deadline.stages == (
        (date(2026, 7, 1), StageEffect.RESTRICTED),
        (date(2026, 9, 29), StageEffect.RECYCLED),
    )


def test_no_qualifying_action_counts_from_since_or_gives_none() -> None:
    sms = [KeepAliveAction(ActionKind.SMS, date(2026, 1, 1))]
    assert keep_alive_deadline(asda(), sms) is None
    guess = keep_alive_deadline(asda(), sms, since=date(2026, 2, 1))
    assert guess is not None
    assert (guess.last_day, guess.last_action) == (date(2026, 7, 31), None)


def test_provider_plan_is_a_top_up_rule() -> None:
    rule = rule_from_plan(KeepAlivePlan(gbp(10), 180))
    assert rule.actions == {ActionKind.TOPUP}
    assert rule.period == Period.days(180)
    assert rule.minimum_topup == gbp(10)
    assert not rule.qualifies(KeepAliveAction(ActionKind.CALL, date(2026, 1, 1)))
    assert rule_from_plan(KeepAlivePlan(gbp(0), 30)).minimum_topup is None
    when = datetime(2026, 1, 1, tzinfo=UTC)
    deadline = keep_alive_deadline(rule, [KeepAliveAction(ActionKind.TOPUP, when.date(), gbp(10))])
    assert deadline is not None
    assert deadline.instant == KeepAlivePlan(gbp(10), 180).deadline_after(when) + timedelta(days=1)


_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
_actions = st.builds(
    KeepAliveAction,
    kind=st.sampled_from(list(ActionKind)),
    on=_days,
    amount=st.none(),
)
_topups = st.builds(
    KeepAliveAction,
    kind=st.just(ActionKind.TOPUP),
    on=_days,
    amount=st.integers(1, 5000).map(lambda minor: Money.of_minor_units(minor, "GBP")),
)
_rules = st.builds(
    KeepAliveRule,
    actions=st.frozensets(st.sampled_from(list(ActionKind)), min_size=1),
    period=st.one_of(st.integers(1, 3650).map(Period.days), st.integers(1, 120).map(Period.months)),
)
_topup_rules = st.builds(
    KeepAliveRule,
    actions=st.just(frozenset({ActionKind.TOPUP, ActionKind.SMS})),
    period=st.integers(1, 24).map(Period.months),
    minimum_topup=st.integers(0, 3000).map(lambda minor: Money.of_minor_units(minor, "GBP")),
)


@given(
    rule=st.one_of(_rules, _topup_rules),
    actions=st.lists(st.one_of(_actions, _topups), max_size=8),
    extra=st.one_of(_actions, _topups),
)
def test_adding_an_action_never_moves_the_deadline_backwards(
    rule: KeepAliveRule, actions: list[KeepAliveAction], extra: KeepAliveAction
) -> None:
    before = keep_alive_deadline(rule, actions)
    after = keep_alive_deadline(rule, [*actions, extra])
    if before is not None:
        assert after is not None
        assert after.last_day >= before.last_day
        assert after.last_day > (after.last_action.on if after.last_action else date.min)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10.00 GBP", gbp("10")), ("gbp 5", gbp("5")), ("300 HKD", Money.of("300", "HKD"))],
)
def test_parse_amount(text: str, expected: Money) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["ten pounds", "10", "10 XYZ", "1.234 GBP", "-1 GBP"])
def test_parse_amount_refuses(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - KeepAliveError or MoneyError
        parse_amount(text)
