"""A widget that shows a QR code: an eSIM activation code (LPA string) or a payment QR.

The matrix comes from segno; the widget paints it with QPainter, one filled rectangle per
dark module, on a light square with the standard quiet zone of four modules. Modules are
whole device pixels whenever the widget is big enough, so the code stays sharp and scannable
at any size; the code is centred and keeps its aspect ratio.

    qr = QrCodeWidget()
    qr.payload = "LPA:1$smdp.example.com$MATCHING-ID"   # or qr.set_payload(...)
    qr.payload_changed.connect(...)

An empty payload shows a short message instead of a code. A payload too long for any QR
version raises `QrPayloadError` and leaves the widget unchanged.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE: Final = 4
"""Light modules around the code, as ISO/IEC 18004 asks."""

_MIN_MODULE_PX: Final = 2
_PREFERRED_MODULE_PX: Final = 4


class QrPayloadError(ValueError):
    """The text cannot be encoded as a QR code (too long)."""


def qr_matrix(payload: str, error: str = "m") -> tuple[tuple[bool, ...], ...]:
    """The QR code of `payload` as rows of dark (True) / light modules, without quiet zone."""
    # Imported on first use: segno brings urllib, http.client and ssl (~35 ms at the start,
    # when most cards have no QR code to show; issue 18).
    import segno

    try:
        code = segno.make_qr(payload, error=error, boost_error=True)
    except segno.DataOverflowError as exc:
        raise QrPayloadError(f"{len(payload)} characters are too many for a QR code") from exc
    return tuple(tuple(bool(cell) for cell in row) for row in code.matrix)


class QrCodeWidget(QWidget):
    """Paints the QR code of its `payload`.

    Signals:
        payload_changed(str): the payload was set to a different text.
    """

    payload_changed = Signal(str)

    def __init__(self, payload: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._payload = ""
        self._matrix: tuple[tuple[bool, ...], ...] = ()
        self._dark = QColor(Qt.GlobalColor.black)
        self._light = QColor(Qt.GlobalColor.white)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._retranslate()
        if payload:
            self.set_payload(payload)

    # --- payload -------------------------------------------------------------------------

    @property
    def payload(self) -> str:
        """The encoded text; "" shows no code."""
        return self._payload

    @payload.setter
    def payload(self, value: str) -> None:
        self.set_payload(value)

    def set_payload(self, payload: str) -> None:
        """Encode `payload` and repaint; raises `QrPayloadError` if it does not fit."""
        if not isinstance(payload, str):
            raise TypeError(f"a QR payload is text, not {type(payload).__name__}")
        if payload == self._payload:
            return
        matrix = qr_matrix(payload) if payload else ()
        self._payload = payload
        self._matrix = matrix
        self.updateGeometry()
        self.update()
        self.payload_changed.emit(payload)

    def clear(self) -> None:
        self.set_payload("")

    def module_count(self) -> int:
        """Modules per side including the quiet zone; 0 without a payload."""
        return len(self._matrix) + 2 * QUIET_ZONE if self._matrix else 0

    # --- geometry ------------------------------------------------------------------------

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        side = max(self.module_count(), 29 + 2 * QUIET_ZONE) * _PREFERRED_MODULE_PX
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        side = max(self.module_count(), 21 + 2 * QUIET_ZONE) * _MIN_MODULE_PX
        return QSize(side, side)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return width

    def code_rect(self, area: QRect | None = None) -> QRectF:
        """Where the code (quiet zone included) is painted inside `area` (default: the widget).

        Whole pixels per module when at least one fits, centred in the area.
        """
        rect = self.rect() if area is None else area
        count = self.module_count()
        if count == 0:
            return QRectF()
        side = min(rect.width(), rect.height())
        module = side // count if side >= count else side / count
        size = module * count
        left = rect.x() + (rect.width() - size) / 2
        top = rect.y() + (rect.height() - size) / 2
        return QRectF(round(left), round(top), size, size)

    # --- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        try:
            if not self._matrix:
                painter.setPen(self.palette().placeholderText().color())
                painter.drawText(
                    self.rect(),
                    Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                    self._empty_text,
                )
                return
            self._paint_code(painter, self.code_rect())
        finally:
            painter.end()

    def _paint_code(self, painter: QPainter, target: QRectF) -> None:
        count = self.module_count()
        module = target.width() / count
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(target, self._light)
        origin_x = target.x() + QUIET_ZONE * module
        origin_y = target.y() + QUIET_ZONE * module
        for row_index, row in enumerate(self._matrix):
            y = origin_y + row_index * module
            column = 0
            width = len(row)
            while column < width:
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < width and row[column]:
                    column += 1
                # One rectangle per run of dark modules: fewer calls, no hairline seams.
                painter.fillRect(
                    QRectF(origin_x + start * module, y, (column - start) * module, module),
                    self._dark,
                )

    def to_image(self, side: int) -> QImage:
        """The code alone as a `side` x `side` image (for saving or a test); needs a payload."""
        if not self._matrix:
            raise ValueError("there is no QR code to render; set a payload first")
        if side < 1:
            raise ValueError(f"an image is at least 1 pixel, not {side}")
        image = QImage(side, side, QImage.Format.Format_RGB32)
        image.fill(self._light)
        painter = QPainter(image)
        try:
            self._paint_code(painter, self.code_rect(QRect(0, 0, side, side)))
        finally:
            painter.end()
        return image

    # --- language ------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.update()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._empty_text = self.tr("No QR code to show")
        self.setAccessibleName(self.tr("QR code"))
