"""The wallet's icons: SVG files in ``resources/icons/`` loaded as `QIcon`.

One `IconName` per file; the helpers map domain states to their icon and colour so that every
screen shows an order status, a keep-alive state or the connection the same way:

    icon(IconName.APP)                      # window and tray
    order_status_icon(OrderStatus.CREDITED)
    keep_alive_icon(KeepAliveState.URGENT), keep_alive_color(KeepAliveState.URGENT)
    connection_icon(ConnectionState.SYNCING)

Icons are rendered by QtSvg at any size, so they stay crisp on high-DPI screens. A `QIcon`
needs a `QGuiApplication`; build icons only after it exists. Loaded icons are cached.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Final

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPainter

from lebwallet.domain.cards import KeepAliveState
from lebwallet.domain.orders import OrderStatus
from lebwallet.resources_path import ResourcesNotFound, resources_dir


class IconName(StrEnum):
    """An icon file: ``resources/icons/<value>.svg``."""

    APP = "lebwallet"
    TRAY = "tray"
    ONLINE = "online"
    OFFLINE = "offline"
    SYNCING = "syncing"
    ORDER_AWAITING_PAYMENT = "order_awaiting_payment"
    ORDER_REQUIRES_ACTION = "order_requires_action"
    ORDER_PAID = "order_paid"
    ORDER_CREDITING = "order_crediting"
    ORDER_CREDITED = "order_credited"
    ORDER_FAILED = "order_failed"
    ORDER_CANCELLED = "order_cancelled"
    ORDER_EXPIRED = "order_expired"
    KEEPALIVE_OK = "keepalive_ok"
    KEEPALIVE_DUE_SOON = "keepalive_due_soon"
    KEEPALIVE_URGENT = "keepalive_urgent"
    KEEPALIVE_LAPSED = "keepalive_lapsed"


class ConnectionState(StrEnum):
    """What the status bar and tray show about the provider connection."""

    ONLINE = "online"
    OFFLINE = "offline"
    SYNCING = "syncing"


_ORDER_ICONS: Final[dict[OrderStatus, IconName]] = {
    OrderStatus.AWAITING_PAYMENT: IconName.ORDER_AWAITING_PAYMENT,
    OrderStatus.REQUIRES_ACTION: IconName.ORDER_REQUIRES_ACTION,
    OrderStatus.PAID: IconName.ORDER_PAID,
    OrderStatus.CREDITING: IconName.ORDER_CREDITING,
    OrderStatus.CREDITED: IconName.ORDER_CREDITED,
    OrderStatus.FAILED: IconName.ORDER_FAILED,
    OrderStatus.CANCELLED: IconName.ORDER_CANCELLED,
    OrderStatus.EXPIRED: IconName.ORDER_EXPIRED,
}

_KEEP_ALIVE_ICONS: Final[dict[KeepAliveState, IconName]] = {
    KeepAliveState.OK: IconName.KEEPALIVE_OK,
    KeepAliveState.DUE_SOON: IconName.KEEPALIVE_DUE_SOON,
    KeepAliveState.URGENT: IconName.KEEPALIVE_URGENT,
    KeepAliveState.LAPSED: IconName.KEEPALIVE_LAPSED,
}

# The same colours as the badges in the SVG files, for text and cell backgrounds.
_KEEP_ALIVE_COLOURS: Final[dict[KeepAliveState, str]] = {
    KeepAliveState.OK: "#2e9d48",
    KeepAliveState.DUE_SOON: "#e0a100",
    KeepAliveState.URGENT: "#ef6c00",
    KeepAliveState.LAPSED: "#b71c1c",
}

_CONNECTION_ICONS: Final[dict[ConnectionState, IconName]] = {
    ConnectionState.ONLINE: IconName.ONLINE,
    ConnectionState.OFFLINE: IconName.OFFLINE,
    ConnectionState.SYNCING: IconName.SYNCING,
}

_cache: dict[IconName, QIcon] = {}


def icons_dir() -> Path:
    return resources_dir() / "icons"


def icon_path(name: IconName) -> Path:
    """The SVG file of `name`; raises `ResourcesNotFound` if it is missing."""
    path = icons_dir() / f"{IconName(name).value}.svg"
    if not path.is_file():
        raise ResourcesNotFound(f"icon {name.value!r} is missing ({path})")
    return path


def icon(name: IconName) -> QIcon:
    """The icon `name` (cached). Needs a QGuiApplication."""
    cached = _cache.get(name)
    if cached is None:
        cached = QIcon(str(icon_path(name)))
        if cached.isNull():
            raise ResourcesNotFound(f"icon {name.value!r} cannot be loaded; is QtSvg installed?")
        _cache[name] = cached
    return cached


def app_icon() -> QIcon:
    return icon(IconName.APP)


def tray_icon() -> QIcon:
    return icon(IconName.TRAY)


def order_status_icon(status: OrderStatus) -> QIcon:
    return icon(_ORDER_ICONS[status])


def keep_alive_icon(state: KeepAliveState) -> QIcon:
    return icon(_KEEP_ALIVE_ICONS[state])


def keep_alive_color(state: KeepAliveState) -> QColor:
    """The colour of `state` (green, amber, orange, red) for text or a cell's decoration."""
    return QColor(_KEEP_ALIVE_COLOURS[state])


def connection_icon(state: ConnectionState) -> QIcon:
    return icon(_CONNECTION_ICONS[state])


def render_icon(name: IconName, size: int) -> QImage:
    """`name` rendered into a square transparent image of `size` pixels (for tests, PDFs)."""
    from PySide6.QtSvg import QSvgRenderer  # QIcon draws SVG through Qt's plugin without it

    if size < 1:
        raise ValueError(f"an icon is at least 1 pixel, not {size}")
    renderer = QSvgRenderer(str(icon_path(name)))
    if not renderer.isValid():
        raise ResourcesNotFound(f"icon {name.value!r} is not a valid SVG")
    image = QImage(QSize(size, size), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    try:
        renderer.render(painter)
    finally:
        painter.end()
    return image
