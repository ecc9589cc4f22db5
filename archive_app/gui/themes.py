"""Light, dark and sepia: one palette for the widgets and one style sheet for the reading pane."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from archive_app.gui.i18n import _

__all__ = ["THEMES", "Theme", "theme_label", "theme_palette"]


@dataclass(frozen=True)
class Theme:
    key: str
    window: str
    base: str
    text: str
    muted: str
    accent: str
    banner: str
    banner_text: str
    hit: str
    hit_soft: str
    find: str
    find_current: str
    button: str
    highlight: str


THEMES: dict[str, Theme] = {
    "light": Theme(
        key="light",
        window="#eef0f2",
        base="#ffffff",
        text="#1d1f21",
        muted="#6b7076",
        accent="#8a1c1c",
        banner="#fff4d6",
        banner_text="#5b4300",
        hit="#ffe38a",
        hit_soft="#fff6cf",
        find="#fde68a",
        find_current="#f59e0b",
        button="#e4e7ea",
        highlight="#2f6fb3",
    ),
    "dark": Theme(
        key="dark",
        window="#202327",
        base="#15171a",
        text="#e3e5e8",
        muted="#9aa1a9",
        accent="#f08a7e",
        banner="#3b3320",
        banner_text="#f4dc9b",
        hit="#5c4a12",
        hit_soft="#3a3218",
        find="#6b5a1a",
        find_current="#b7791f",
        button="#2c3036",
        highlight="#3d7cc9",
    ),
    "sepia": Theme(
        key="sepia",
        window="#ece0c8",
        base="#f6eedb",
        text="#3b2f22",
        muted="#7a6a55",
        accent="#8b3a1a",
        banner="#efdcae",
        banner_text="#4d3a12",
        hit="#f0cf7a",
        hit_soft="#f3e2b0",
        find="#ebc76a",
        find_current="#d08a2a",
        button="#e3d4b5",
        highlight="#9a6b3c",
    ),
}


def theme_label(key: str) -> str:
    labels = {"light": _("Light"), "dark": _("Dark"), "sepia": _("Sepia")}
    return labels[key]


def theme_palette(theme: Theme) -> QPalette:
    """A complete palette, so every widget (lists, menus, the reading pane) follows the theme."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.button,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Highlight: theme.highlight,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: theme.accent,
        QPalette.ColorRole.BrightText: "#ffffff",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.muted))
    return palette


def reading_css(theme: Theme, *, zh_family: str, base_families: list[str]) -> str:
    """The reading pane's default style sheet: what each class of the rendered HTML looks like."""
    zh = ", ".join(f"'{f}'" for f in [zh_family, *base_families] if f)
    return f"""
body {{ color: {theme.text}; }}
h1 {{ font-size: x-large; font-weight: 600; color: {theme.text}; margin-bottom: 2px; }}
p.meta {{ color: {theme.muted}; margin-top: 0px; }}
p.en {{ line-height: 140%; margin-bottom: 10px; white-space: pre-wrap; }}
p.zh {{ font-family: {zh}; line-height: 135%; margin-bottom: 10px; white-space: pre-wrap; }}
.zhfont {{ font-family: {zh}; }}
span.num {{ color: {theme.muted}; font-size: small; }}
p.missing {{ color: {theme.muted}; font-style: italic; }}
p.converted {{ background-color: {theme.banner}; color: {theme.banner_text}; }}
p.closing {{ font-weight: 600; font-size: large; color: {theme.accent}; margin-top: 16px; }}
h3 {{ color: {theme.muted}; font-size: medium; font-weight: 600; margin-top: 14px; }}
li.signatory {{ margin-bottom: 2px; }}
p.note {{ color: {theme.muted}; font-size: small; }}
th {{ color: {theme.muted}; font-weight: 600; text-align: left; }}
.hit {{ background-color: {theme.hit}; }}
.aligned {{ background-color: {theme.hit_soft}; }}
"""
