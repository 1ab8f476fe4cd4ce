"""A small chart of a card's balance over time, painted with QPainter.

    chart = BalanceChart()
    chart.set_points([(when, Money.of("12.50", "GBP")), ...])   # any order; one currency

A balance holds until it changes, so the line is drawn as steps, with a dot at each change.
The vertical axis is labelled with the lowest and highest balance (and zero when the range
crosses it), the horizontal axis with the first and last date, all in the current locale
(`lebwallet.ui.money_format`). With no points the chart says so. Amounts stay `Decimal`;
only pixel positions are floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Final

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from lebwallet.domain.money import CurrencyMismatch, Money
from lebwallet.ui.money_format import format_date, format_money

_PADDING: Final = 6.0
_DOT_RADIUS: Final = 2.5
_LINE_COLOUR: Final = "#1e88e5"


@dataclass(frozen=True, slots=True)
class BalancePoint:
    """The balance of a card from `at` until the next point."""

    at: datetime
    balance: Money


def _points(values: Sequence[tuple[datetime, Money]]) -> tuple[BalancePoint, ...]:
    points: list[BalancePoint] = []
    for at, balance in values:
        if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(f"a balance point needs an aware datetime, not {at!r}")
        if not isinstance(balance, Money):
            raise TypeError(f"a balance is Money, not {type(balance).__name__}")
        points.append(BalancePoint(at, balance))
    currencies = {p.balance.currency for p in points}
    if len(currencies) > 1:
        raise CurrencyMismatch(
            "a balance chart shows one currency, not " + ", ".join(sorted(currencies))
        )
    points.sort(key=lambda p: p.at)
    return tuple(points)


class BalanceChart(QWidget):
    """A step chart of balance over time; `set_points` replaces the data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: tuple[BalancePoint, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._retranslate()

    # --- data ----------------------------------------------------------------------------

    @property
    def points(self) -> tuple[BalancePoint, ...]:
        """The points in time order."""
        return self._points

    def set_points(self, values: Sequence[tuple[datetime, Money]]) -> None:
        """Show `values` (aware datetimes, one currency); raises and changes nothing if bad."""
        self._points = _points(values)
        self.update()

    def clear(self) -> None:
        self._points = ()
        self.update()

    def axis_labels(self) -> tuple[list[str], list[str]]:
        """The (vertical, horizontal) axis labels as painted, lowest amount and first date first."""
        if not self._points:
            return [], []
        vertical = [self._money_label(amount) for amount in self._axis_amounts()]
        first = self._points[0].at.astimezone().date()
        last = self._points[-1].at.astimezone().date()
        dates = [format_date(first)]
        if last != first:
            dates.append(format_date(last))
        return vertical, dates

    def _range(self) -> tuple[Decimal, Decimal]:
        amounts = [p.balance.amount for p in self._points]
        return min(amounts), max(amounts)

    def _axis_amounts(self) -> list[Decimal]:
        """Lowest, zero when the range crosses it, highest; one amount when flat."""
        low, high = self._range()
        if low == high:
            return [low]
        if low < 0 < high:
            return [low, Decimal(0), high]
        return [low, high]

    def _money_label(self, amount: Decimal) -> str:
        # The default QLocale: the one install_language set for the chosen language.
        return format_money(Money(amount, self._points[0].balance.currency))

    # --- geometry and painting -------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(320, 140)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(160, 80)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            if not self._points:
                painter.setPen(self.palette().placeholderText().color())
                painter.drawText(
                    self.rect(),
                    Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                    self._empty_text,
                )
                return
            self._paint_chart(painter)
        finally:
            painter.end()

    def _paint_chart(self, painter: QPainter) -> None:
        vertical, dates = self.axis_labels()
        metrics = self.fontMetrics()
        text_height = metrics.height()
        label_width = max(metrics.horizontalAdvance(label) for label in vertical)
        plot = QRectF(self.rect()).adjusted(
            _PADDING + label_width + _PADDING,
            _PADDING + text_height / 2,
            -_PADDING,
            -(_PADDING + text_height + 2),
        )
        if plot.width() < 2 or plot.height() < 2:
            return
        low, high = self._range()
        span = high - low
        first_at, last_at = self._points[0].at, self._points[-1].at
        seconds = (last_at - first_at).total_seconds()

        def y_of(amount: Decimal) -> float:
            if span == 0:
                return plot.center().y()
            return plot.bottom() - float((amount - low) / span) * plot.height()

        def x_of(at: datetime) -> float:
            if seconds == 0:
                return plot.center().x()
            return plot.left() + (at - first_at).total_seconds() / seconds * plot.width()

        text_colour = self.palette().text().color()
        grid = QColor(text_colour)
        grid.setAlpha(50)
        painter.setPen(QPen(grid, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        # Vertical labels: lowest, zero when crossed, highest (one label when flat).
        painter.setPen(text_colour)
        for amount, label in zip(self._axis_amounts(), vertical, strict=True):
            y = y_of(amount)
            box = QRectF(_PADDING, y - text_height / 2, label_width, text_height)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            if amount == 0 and span:
                painter.save()
                painter.setPen(QPen(grid, 1, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                painter.restore()

        # Horizontal labels: first date on the left, last on the right.
        date_top = plot.bottom() + 2
        if len(dates) == 1:
            box = QRectF(plot.left(), date_top, plot.width(), text_height)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, dates[0]
            )
        else:
            box = QRectF(plot.left(), date_top, plot.width(), text_height)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, dates[0])
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, dates[1])

        # The balance as steps: it holds until the next change.
        line = QColor(_LINE_COLOUR)
        path = QPainterPath()
        first = self._points[0]
        path.moveTo(x_of(first.at), y_of(first.balance.amount))
        for point in self._points[1:]:
            x = x_of(point.at)
            path.lineTo(x, path.currentPosition().y())
            path.lineTo(x, y_of(point.balance.amount))
        if seconds == 0:
            path.lineTo(plot.right(), path.currentPosition().y())
        painter.setPen(
            QPen(line, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(line)
        for point in self._points:
            painter.drawEllipse(
                QPointF(x_of(point.at), y_of(point.balance.amount)), _DOT_RADIUS, _DOT_RADIUS
            )

    # --- language ------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.LocaleChange):
            self._retranslate()
            self.update()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._empty_text = self.tr("No balance history yet")
        self.setAccessibleName(self.tr("Balance over time"))
