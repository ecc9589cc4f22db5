"""Light, dark and sepia: one palette for the widgets and one style sheet for the reading pane."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor, QPalette

from archive_app.gui.i18n import _

__all__ = ["THEMES", "Theme", "theme_label", "theme_palette"]


class Theme(NamedTuple):
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
    find: str  # find in page: every match (a hue of its own, never the search hits' yellow)
    find_current: str  # find in page: the current match
    button: str
    highlight: str
    hit_span: str  # the words a search matched, inside the hit paragraph
    disabled: str  # text of a control that cannot be used now: clearly fainter than ``text``


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
        find="#a5d8ff",
        find_current="#4dabf7",
        button="#e4e7ea",
        highlight="#2f6fb3",
        disabled="#9ea3a8",
        hit_span="#f59e0b",
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
        find="#8fc7f2",
        find_current="#4ba3e8",
        button="#2c3036",
        highlight="#3d7cc9",
        disabled="#676d75",
        hit_span="#b7791f",
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
        find="#9cc6e4",
        find_current="#5dade2",
        button="#e3d4b5",
        highlight="#9a6b3c",
        disabled="#a99a82",
        hit_span="#d08a2a",
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
    # A control that cannot be used must look so in every theme: its text (buttons included)
    # fainter, its face flat against the window, its selection grey.
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.HighlightedText,
        QPalette.ColorRole.PlaceholderText,
    ):
        palette.setColor(disabled, role, QColor(theme.disabled))
    palette.setColor(disabled, QPalette.ColorRole.Button, QColor(theme.window))
    palette.setColor(disabled, QPalette.ColorRole.Base, QColor(theme.window))
    palette.setColor(disabled, QPalette.ColorRole.Highlight, QColor(theme.muted))
    return palette


def reading_css(
    theme: Theme,
    *,
    zh_family: str,
    base_families: list[str],
    line_spacing: int = 140,
    stored_family: str | None = None,
) -> str:
    """The reading pane's default style sheet: what each class of the rendered HTML looks like.

    ``line_spacing`` is the English line height in percent (Chinese is set 5 points tighter);
    ``stored_family`` is the face of a stored-Chinese column shown beside a conversion."""
    zh = ", ".join(f"'{f}'" for f in [zh_family, *base_families] if f)
    stored = ", ".join(f"'{f}'" for f in [stored_family or zh_family, *base_families] if f)
    spacing = max(100, min(250, int(line_spacing)))
    zh_spacing = spacing - 5
    return f"""
body {{ color: {theme.text}; }}
h1 {{ font-size: x-large; font-weight: 600; color: {theme.text}; margin-bottom: 2px; }}
p.meta {{ color: {theme.muted}; margin-top: 0px; }}
p.en {{ line-height: {spacing}%; margin-bottom: 10px; white-space: pre-wrap; }}
p.zh {{ font-family: {zh}; line-height: {zh_spacing}%; margin-bottom: 10px;
    white-space: pre-wrap; }}
p.stored {{ font-family: {stored}; }}
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
