"""BalanceChart: one currency, time order, locale labels, a painted line and an empty state."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from lebwallet.domain.money import CurrencyMismatch, Money
from lebwallet.ui.balance_chart import BalanceChart, BalancePoint
from lebwallet.ui.money_format import format_date

pytestmark = pytest.mark.usefixtures("british_locale")

START = datetime(2026, 1, 10, 12, tzinfo=UTC)


def gbp(amount: str) -> Money:
    return Money.of(amount, "GBP")


@pytest.fixture
def chart(qtbot: QtBot) -> BalanceChart:
    widget = BalanceChart()
    qtbot.addWidget(widget)
    widget.resize(360, 160)
    return widget


def _count_line_pixels(image: QImage) -> int:
    line = QColor("#1e88e5")
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if abs(QColor(image.pixel(x, y)).hue() - line.hue()) <= 6
        and QColor(image.pixel(x, y)).saturation() > 120
    )


def test_points_are_kept_in_time_order(chart: BalanceChart) -> None:
    later = START + timedelta(days=30)
    chart.set_points([(later, gbp("3")), (START, gbp("10"))])
    assert chart.points == (BalancePoint(START, gbp("10")), BalancePoint(later, gbp("3")))


def test_labels_use_the_locale(chart: BalanceChart) -> None:
    chart.set_points([(START, gbp("5")), (START + timedelta(days=40), gbp("1234.5"))])
    vertical, horizontal = chart.axis_labels()
    assert vertical == ["£5.00", "£1,234.50"]
    assert horizontal == [
        format_date(START.astimezone().date()),
        format_date((START + timedelta(days=40)).astimezone().date()),
    ]
    assert format_date(date(2026, 1, 10)) == "10/01/2026"


def test_zero_is_labelled_when_the_balance_goes_negative(chart: BalanceChart) -> None:
    chart.set_points([(START, gbp("-2")), (START + timedelta(days=1), gbp("8"))])
    assert chart.axis_labels()[0] == ["-£2.00", "£0.00", "£8.00"]


def test_flat_balance_has_one_label(chart: BalanceChart) -> None:
    chart.set_points([(START, gbp("7")), (START + timedelta(hours=2), gbp("7"))])
    assert chart.axis_labels() == (["£7.00"], [format_date(START.astimezone().date())])


def test_bad_points_are_refused_and_change_nothing(chart: BalanceChart) -> None:
    chart.set_points([(START, gbp("1"))])
    with pytest.raises(CurrencyMismatch, match="one currency"):
        chart.set_points([(START, gbp("1")), (START, Money.of("1", "USD"))])
    with pytest.raises(ValueError, match="aware"):
        chart.set_points([(datetime(2026, 1, 1), gbp("1"))])
    with pytest.raises(TypeError):
        chart.set_points([(START, 1)])  # type: ignore[list-item]
    assert chart.points == (BalancePoint(START, gbp("1")),)


def test_the_line_is_painted(chart: BalanceChart, qtbot: QtBot) -> None:
    chart.show()
    qtbot.wait_exposed(chart)
    assert _count_line_pixels(chart.grab().toImage()) == 0
    chart.set_points(
        [
            (START, gbp("5")),
            (START + timedelta(days=30), gbp("15")),
            (START + timedelta(days=90), gbp("2")),
        ]
    )
    assert _count_line_pixels(chart.grab().toImage()) > 200


@pytest.mark.parametrize("count", [1, 2])
def test_one_or_two_points_paint(chart: BalanceChart, qtbot: QtBot, count: int) -> None:
    chart.set_points([(START + timedelta(days=i), gbp(str(i + 1))) for i in range(count)])
    chart.show()
    qtbot.wait_exposed(chart)
    assert _count_line_pixels(chart.grab().toImage()) > 20


def test_tiny_chart_does_not_fail(chart: BalanceChart, qtbot: QtBot) -> None:
    chart.set_points([(START, gbp("5")), (START + timedelta(days=3), gbp("9"))])
    chart.resize(10, 10)
    chart.show()
    qtbot.wait_exposed(chart)
    assert not chart.grab().isNull()


def test_empty_and_clear(chart: BalanceChart) -> None:
    assert chart.axis_labels() == ([], [])
    chart.set_points([(START, gbp("5"))])
    chart.clear()
    assert chart.points == ()
    assert chart.accessibleName() == "Balance over time"
