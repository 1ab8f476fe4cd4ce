"""icons: every SVG exists, loads, renders, and every state has its icon."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QImage

from lebwallet.domain.cards import KeepAliveState
from lebwallet.domain.orders import OrderStatus
from lebwallet.resources_path import ResourcesNotFound
from lebwallet.ui import icons
from lebwallet.ui.icons import (
    ConnectionState,
    IconName,
    app_icon,
    connection_icon,
    icon,
    icon_path,
    keep_alive_color,
    keep_alive_icon,
    order_status_icon,
    render_icon,
    tray_icon,
)


def _opaque_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    )


def test_every_icon_file_is_in_resources() -> None:
    names = {path.stem for path in icons.icons_dir().glob("*.svg")}
    assert {name.value for name in IconName} <= names


@pytest.mark.parametrize("name", list(IconName))
def test_every_icon_loads_and_renders(qapp: QGuiApplication, name: IconName) -> None:
    qicon = icon(name)
    assert not qicon.isNull()
    assert not qicon.pixmap(QSize(32, 32)).isNull()
    image = render_icon(name, 32)
    assert image.size() == QSize(32, 32)
    assert _opaque_pixels(image) > 32 * 32 // 4  # something is drawn
    assert image.pixelColor(0, 0).alpha() == 0  # corners stay transparent


def test_icons_are_cached(qapp: QGuiApplication) -> None:
    assert icon(IconName.APP).cacheKey() == app_icon().cacheKey()
    assert tray_icon().cacheKey() == icon(IconName.TRAY).cacheKey()


@pytest.mark.parametrize("status", list(OrderStatus))
def test_every_order_status_has_an_icon(qapp: QGuiApplication, status: OrderStatus) -> None:
    assert not order_status_icon(status).isNull()


def test_order_status_icons_are_distinct_files() -> None:
    paths = {icon_path(icons._ORDER_ICONS[status]) for status in OrderStatus}
    assert len(paths) == len(OrderStatus)


@pytest.mark.parametrize("state", list(KeepAliveState))
def test_every_keep_alive_state_has_an_icon_and_colour(
    qapp: QGuiApplication, state: KeepAliveState
) -> None:
    assert not keep_alive_icon(state).isNull()
    assert keep_alive_color(state).isValid()


def test_keep_alive_colours_differ() -> None:
    colours = {keep_alive_color(state).name() for state in KeepAliveState}
    assert len(colours) == len(KeepAliveState)


def test_keep_alive_colour_matches_its_badge() -> None:
    for state in KeepAliveState:
        image = render_icon(icons._KEEP_ALIVE_ICONS[state], 32)
        edge = image.pixelColor(16, 2)  # the badge's fill, above the glyph
        assert edge.name() == keep_alive_color(state).name()


@pytest.mark.parametrize("state", list(ConnectionState))
def test_every_connection_state_has_an_icon(qapp: QGuiApplication, state: ConnectionState) -> None:
    assert not connection_icon(state).isNull()


def test_app_icon_scales_crisply(qapp: QGuiApplication) -> None:
    for side in (16, 32, 64, 256):
        assert render_icon(IconName.APP, side).size() == QSize(side, side)


def test_bad_requests_are_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1 pixel"):
        render_icon(IconName.APP, 0)
    monkeypatch.setattr(icons, "icons_dir", lambda: tmp_path)
    with pytest.raises(ResourcesNotFound, match="missing"):
        icon_path(IconName.APP)
