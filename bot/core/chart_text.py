"""Text on the chart: fonts sized in pixels, and a title that fits its width and draws
without glyphs the font lacks (matplotlib warns about each missing one)."""

from __future__ import annotations

import functools
import unicodedata

from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

DPI = 100
FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib and has ✓ and ✗
MAX_TITLE_CHARS = 100  # far more than fits; bounds the fitting loop


def font(px: float, *, bold: bool = False) -> FontProperties:
    """A font `px` pixels tall in the PNG (matplotlib sizes fonts in points)."""
    return FontProperties(
        family=FONT_FAMILY, size=px * 72 / DPI, weight="bold" if bold else "normal"
    )


def fit(text: Text, content: str, max_px: float) -> None:
    """Set `content` on `text`, cut with an ellipsis where it would be wider than `max_px`."""

    def show(kept: int) -> None:
        text.set_text(content if kept == len(content) else content[:kept].rstrip() + "…")

    kept = min(len(content), MAX_TITLE_CHARS)
    show(kept)
    while kept > 0 and (width := text.get_window_extent().width) > max_px:
        kept = min(kept - 1, int(kept * max_px / width) + 1)  # leap close, then step
        show(kept)
    if kept == 0:
        text.set_text("")


@functools.cache
def _glyphs(*, bold: bool) -> frozenset[int]:
    """The code points the font can draw (bold and regular DejaVu Sans differ slightly)."""
    path = font_manager.findfont(font(12, bold=bold), fallback_to_default=False)
    return frozenset(font_manager.get_font(path).get_charmap())


def printable(title: str, *, bold: bool) -> str:
    """`title` on one line without glyphs the font lacks (matplotlib warns about each).

    Missing emoji and joiners vanish; a missing letter (e.g. CJK) becomes a box so that a
    name is not silently dropped.
    """
    glyphs = _glyphs(bold=bold)
    kept: list[str] = []
    for char in " ".join(title.split()):
        if ord(char) in glyphs:
            kept.append(char)
        elif unicodedata.category(char)[0] in "LN":
            kept.append("□")
    return " ".join("".join(kept).split())
