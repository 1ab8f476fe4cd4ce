"""Light and dark: the few colours the app sets itself, for either colour scheme (issue 19).

Everything else takes its colours from the palette. The app follows the desktop's colour
scheme (`QStyleHints.colorScheme`, Qt 6.5+): `follow_colour_scheme` applies a dark palette
when the desktop asks for dark and the platform's style does not switch by itself, and goes
back to the style's own palette for light. Each coloured text below keeps a contrast of at
least 4.5:1 (WCAG AA) on the background it is drawn on, in both schemes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Final

from PySide6.QtGui import QColor, QGuiApplication, QPalette

if TYPE_CHECKING:  # not at run time: the window frame paints before the domain loads
    from PySide6.QtCore import Qt

    from lebwallet.domain.cards import KeepAliveState


class Tone(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    SUCCESS = "success"
    BANNER_BACKGROUND = "banner_background"
    BANNER_TEXT = "banner_text"
    BANNER_BORDER = "banner_border"


# (light, dark)
_TONES: Final[dict[Tone, tuple[str, str]]] = {
    Tone.ERROR: ("#c62828", "#ff8a80"),
    Tone.WARNING: ("#8a4b00", "#ffcc80"),
    Tone.SUCCESS: ("#256428", "#a5d6a7"),
    Tone.BANNER_BACKGROUND: ("#fff3c4", "#4a3c00"),
    Tone.BANNER_TEXT: ("#5d4300", "#ffe9a6"),
    Tone.BANNER_BORDER: ("#e0c463", "#8a7420"),
}

# By `KeepAliveState` value (a StrEnum: its members find these keys).
_KEEP_ALIVE_TEXT: Final[dict[str, tuple[str, str]]] = {
    "due_soon": ("#8a5a00", "#ffd54f"),
    "urgent": ("#b34200", "#ffab40"),
    "lapsed": ("#b71c1c", "#ff8a80"),
}

# A notice's severity: (background, border, text) in light, then in dark.
NOTICE_COLOURS: Final[dict[str, tuple[tuple[str, str, str], tuple[str, str, str]]]] = {
    "success": (("#e6f4e7", "#2e7d32", "#1b4d1e"), ("#1d3320", "#66bb6a", "#c8e6c9")),
    "info": (("#e7f0fb", "#1565c0", "#0d3c73"), ("#172a40", "#64b5f6", "#bbdefb")),
    "warning": (("#fff4d6", "#a86b00", "#5d3b00"), ("#3d2e00", "#ffb300", "#ffe082")),
    "alarm": (("#fde2e1", "#b71c1c", "#6d1010"), ("#421414", "#ef5350", "#ffcdd2")),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether `palette` (the application's by default) draws light text on a dark window."""
    palette = palette if palette is not None else QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


def tone(name: Tone, palette: QPalette | None = None) -> str:
    light, dark = _TONES[name]
    return dark if is_dark(palette) else light


def keep_alive_text(state: KeepAliveState, palette: QPalette | None = None) -> QColor | None:
    """The text colour of a deadline in `state` (None: the palette's own text colour)."""
    pair = _KEEP_ALIVE_TEXT.get(state)
    if pair is None:
        return None
    return QColor(pair[1] if is_dark(palette) else pair[0])


def notice_colours(severity: str, palette: QPalette | None = None) -> tuple[str, str, str]:
    light, dark = NOTICE_COLOURS[severity]
    return dark if is_dark(palette) else light


def error_style(palette: QPalette | None = None) -> str:
    return f"color: {tone(Tone.ERROR, palette)};"


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (where the platform gives none)."""
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#2b2b2b",
        role.WindowText: "#e8e8e8",
        role.Base: "#1e1e1e",
        role.AlternateBase: "#262626",
        role.ToolTipBase: "#3a3a3a",
        role.ToolTipText: "#f0f0f0",
        role.PlaceholderText: "#9a9a9a",
        role.Text: "#e8e8e8",
        role.Button: "#353535",
        role.ButtonText: "#e8e8e8",
        role.BrightText: "#ff8a80",
        role.Light: "#4a4a4a",
        role.Midlight: "#3e3e3e",
        role.Mid: "#2f2f2f",
        role.Dark: "#1a1a1a",
        role.Shadow: "#000000",
        role.Highlight: "#2f65ca",
        role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8",
        role.LinkVisited: "#c58af9",
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QColor(value))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, colour_role, QColor("#7a7a7a"))
    return palette


def apply_colour_scheme(app: QGuiApplication, scheme: Qt.ColorScheme) -> None:
    """Dark palette for a dark desktop unless the platform already gives one; the style's
    own palette for light."""
    from PySide6.QtCore import Qt

    if scheme is Qt.ColorScheme.Dark:
        if not is_dark(app.palette()):
            app.setPalette(dark_palette())
    elif scheme is Qt.ColorScheme.Light and is_dark(app.palette()):
        app.setPalette(QPalette())  # back to the platform's and style's default


_FOLLOWED: Final = "lebwallet_follows_colour_scheme"
"""The application's property set once `follow_colour_scheme` has run."""


def follow_colour_scheme(app: QGuiApplication) -> None:
    """Follow the desktop's colour scheme now and whenever it changes (once per app: a second
    call does nothing).

    The start calls it just after the window's first paint: reading the scheme builds
    PySide6's `Qt` namespace (~20 ms of enums, issue 18). Where the platform's own palette
    follows the desktop, the first paint has its colours already; where only the dark
    palette of `apply_colour_scheme` does, it comes with the next paint."""
    if app.property(_FOLLOWED):
        return
    app.setProperty(_FOLLOWED, True)
    hints = app.styleHints()
    apply_colour_scheme(app, hints.colorScheme())
    hints.colorSchemeChanged.connect(lambda scheme: apply_colour_scheme(app, scheme))
