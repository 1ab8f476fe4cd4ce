"""QrCodeWidget: paints exactly segno's matrix, with a quiet zone, at any size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from lebwallet.ui.qr_widget import QUIET_ZONE, QrCodeWidget, QrPayloadError, qr_matrix

LPA = "LPA:1$smdp.example.com$ABCD-1234-EFGH-5678"


def _is_dark(image: QImage, x: float, y: float) -> bool:
    return QColor(image.pixel(int(x), int(y))).lightness() < 128


def _read_back(image: QImage, widget: QrCodeWidget) -> list[list[bool]]:
    """Sample the centre of every module of the code painted into `image`."""
    rect = widget.code_rect(QRect(0, 0, image.width(), image.height()))
    count = widget.module_count()
    module = rect.width() / count
    return [
        [
            _is_dark(image, rect.x() + (col + 0.5) * module, rect.y() + (row + 0.5) * module)
            for col in range(count)
        ]
        for row in range(count)
    ]


def _expected(payload: str) -> list[list[bool]]:
    matrix = qr_matrix(payload)
    side = len(matrix) + 2 * QUIET_ZONE
    blank = [False] * side
    rows = [list(blank) for _ in range(QUIET_ZONE)]
    for row in matrix:
        rows.append([False] * QUIET_ZONE + list(row) + [False] * QUIET_ZONE)
    rows.extend(list(blank) for _ in range(QUIET_ZONE))
    return rows


@pytest.fixture
def widget(qtbot: QtBot) -> QrCodeWidget:
    qr = QrCodeWidget()
    qtbot.addWidget(qr)
    return qr


def test_matrix_is_square_with_finder_patterns() -> None:
    matrix = qr_matrix(LPA)
    assert len(matrix) >= 21
    assert all(len(row) == len(matrix) for row in matrix)
    assert all(matrix[0][:7])
    assert all(matrix[6][:7])


@pytest.mark.parametrize("side", [120, 200, 333, 512])
def test_painted_image_matches_the_matrix(widget: QrCodeWidget, side: int) -> None:
    widget.payload = LPA
    image = widget.to_image(side)
    assert image.width() == image.height() == side
    assert _read_back(image, widget) == _expected(LPA)


def test_modules_are_whole_pixels_when_they_fit(widget: QrCodeWidget) -> None:
    widget.payload = LPA
    count = widget.module_count()
    rect = widget.code_rect(QRect(0, 0, count * 5 + 3, count * 5 + 3))
    assert rect.width() == count * 5
    assert rect.x() == int(rect.x())
    image = widget.to_image(count * 5)
    for x in range(count * 5):  # the quiet zone row is white all along
        assert not _is_dark(image, x, 1)
    # Every pixel is pure black or pure white: no blurred module edges.
    colours = {image.pixel(x, y) for x in range(0, count * 5, 3) for y in range(0, count * 5, 3)}
    assert colours <= {QColor("black").rgb(), QColor("white").rgb()}


def test_widget_paints_the_code_on_screen(widget: QrCodeWidget, qtbot: QtBot) -> None:
    widget.payload = LPA
    widget.resize(300, 260)
    widget.show()
    qtbot.wait_exposed(widget)
    image = widget.grab().toImage()
    rect = widget.code_rect()
    assert rect.width() <= 260
    assert rect.center().x() == pytest.approx(150, abs=1)
    assert _read_back(image, widget) == _expected(LPA)


def test_payload_property_and_signal(widget: QrCodeWidget, qtbot: QtBot) -> None:
    assert widget.payload == ""
    assert widget.module_count() == 0
    with qtbot.wait_signal(widget.payload_changed, timeout=1000) as blocker:
        widget.set_payload("hello")
    assert blocker.args == ["hello"]
    assert widget.payload == "hello"
    with qtbot.assert_not_emitted(widget.payload_changed):
        widget.payload = "hello"
    widget.clear()
    assert widget.payload == ""
    assert widget.module_count() == 0


def test_too_long_a_payload_is_refused_and_changes_nothing(widget: QrCodeWidget) -> None:
    widget.payload = LPA
    with pytest.raises(QrPayloadError, match="too many"):
        widget.payload = "x" * 5000
    assert widget.payload == LPA
    with pytest.raises(TypeError):
        widget.set_payload(42)  # type: ignore[arg-type]


def test_empty_widget_paints_its_message(widget: QrCodeWidget, qtbot: QtBot) -> None:
    widget.resize(200, 200)
    widget.show()
    qtbot.wait_exposed(widget)
    assert not widget.grab().isNull()
    with pytest.raises(ValueError, match="no QR code"):
        widget.to_image(100)


def test_size_hints_keep_it_square(widget: QrCodeWidget) -> None:
    widget.payload = LPA
    assert widget.hasHeightForWidth()
    assert widget.heightForWidth(250) == 250
    hint = widget.sizeHint()
    assert hint.width() == hint.height() >= widget.module_count() * 2
    assert widget.minimumSizeHint().width() >= widget.module_count() * 2
