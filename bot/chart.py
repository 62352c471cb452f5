"""The weekly chart behind /chart: grouped bars per stage against the ask target, as PNG bytes.

Built on a bare `Figure` with the Agg canvas, never pyplot, and without touching the global
rcParams, so renders share no state and may run in worker threads (`asyncio.to_thread`).
Fonts are given per call in pixels so the chart stays legible when a phone shrinks it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator


@dataclass(frozen=True)
class WeekPoint:
    """One week's counts; `week_start` is its Monday."""

    week_start: dt.date
    asks: int
    leads: int
    nurtures: int
    yeses: int
    nos: int


CHART_SIZE_PX = (1200, 900)
"""Width and height of the rendered PNG in pixels."""

_DPI = 100
_FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib and has ✓ and ✗
_MAX_TITLE = 60
_MAX_X_LABELS = 8
_MAX_ANNOTATED_WEEKS = 16  # beyond this the per-week answer marks would collide

# Okabe–Ito, safe for the common colour-vision deficiencies. The supporting stages are the
# light colours; asks, the point of the bot, are the dark, wide bar.
_LEAD_COLOUR = "#E69F00"  # orange
_NURTURE_COLOUR = "#56B4E9"  # sky blue
_ASK_COLOUR = "#0072B2"  # blue
_YES_COLOUR = "#009E73"  # bluish green
_NO_COLOUR = "#D55E00"  # vermillion
_TARGET_COLOUR = "#000000"
_TEXT_COLOUR = "#222222"

# (offset of the bar's centre from the week's position, bar width); the group spans 0.8.
_LEAD_BAR = (-0.29, 0.22)
_NURTURE_BAR = (-0.07, 0.22)
_ASK_BAR = (0.22, 0.36)


def _font(px: float, *, bold: bool = False) -> FontProperties:
    """A font `px` pixels tall in the PNG (matplotlib sizes fonts in points)."""
    return FontProperties(
        family=_FONT_FAMILY, size=px * 72 / _DPI, weight="bold" if bold else "normal"
    )


def weeks_between(first_monday: dt.date, last_monday: dt.date) -> list[dt.date]:
    """Every Monday from `first_monday` to `last_monday`, both included (empty if reversed)."""
    weeks = (last_monday - first_monday).days // 7
    return [first_monday + dt.timedelta(weeks=i) for i in range(weeks + 1)]


def render_weeks(points: Sequence[WeekPoint], weekly_ask_target: int, title: str) -> bytes:
    """PNG of `points` (at least one, oldest first) against `weekly_ask_target` (0: no line)."""
    width, height = CHART_SIZE_PX
    fig = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()

    xs = range(len(points))
    for (offset, bar_width), colour, values in (
        (_LEAD_BAR, _LEAD_COLOUR, [p.leads for p in points]),
        (_NURTURE_BAR, _NURTURE_COLOUR, [p.nurtures for p in points]),
        (_ASK_BAR, _ASK_COLOUR, [p.asks for p in points]),
    ):
        ax.bar([x + offset for x in xs], values, width=bar_width, color=colour, zorder=2)

    peak = max(max(p.asks, p.leads, p.nurtures) for p in points)
    annotate = len(points) <= _MAX_ANNOTATED_WEEKS
    ax.set_ylim(0, max(peak, weekly_ask_target, 4) * (1.2 if annotate else 1.1))
    ax.set_xlim(-0.6, len(points) - 0.4)
    if weekly_ask_target > 0:
        ax.axhline(
            weekly_ask_target, color=_TARGET_COLOUR, linewidth=3, linestyle=(0, (6, 3)), zorder=3
        )
    if annotate:
        _mark_answers(ax, points)

    _style_axes(ax, points)
    ax.legend(
        handles=_legend_handles(points, weekly_ask_target, annotate),
        loc="lower left",
        bbox_to_anchor=(0.0, 1.01),
        ncols=3,
        frameon=False,
        prop=_font(29),
        handlelength=1.4,
        columnspacing=1.2,
        labelcolor=_TEXT_COLOUR,
    )
    fig.suptitle(
        _printable(title),
        x=0.02,
        ha="left",
        fontproperties=_font(44, bold=True),
        color=_TEXT_COLOUR,
        parse_math=False,
    )
    fig.tight_layout(pad=0.8)

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _style_axes(ax: Axes, points: Sequence[WeekPoint]) -> None:
    positions = _label_positions(len(points))
    ax.set_xticks(
        positions,
        [_week_label(points, i, first=i == positions[0]) for i in positions],
        fontproperties=_font(32),
    )
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.tick_params(
        labelsize=32 * 72 / _DPI,
        labelfontfamily=_FONT_FAMILY,
        labelcolor=_TEXT_COLOUR,
        length=0,
        pad=8,
    )
    ax.set_ylabel("per week", fontproperties=_font(32), color=_TEXT_COLOUR, labelpad=12)
    ax.grid(axis="y", color="#DDDDDD", linewidth=1.5, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color("#888888")
    ax.spines["bottom"].set_linewidth(2)


def _mark_answers(ax: Axes, points: Sequence[WeekPoint]) -> None:
    """'3✓' over '5✗' above each week's tallest bar, centred on the ask bar; zeros left out."""
    offset = _ASK_BAR[0]
    for x, point in enumerate(points):
        top = max(point.asks, point.leads, point.nurtures)
        marks = [(point.nos, "✗", _NO_COLOUR), (point.yeses, "✓", _YES_COLOUR)]
        shown = [(f"{count}{sign}", colour) for count, sign, colour in marks if count]
        for row, (text, colour) in enumerate(shown):
            ax.annotate(
                text,
                xy=(x + offset, top),
                xytext=(0, 6 + row * 28 * 72 / _DPI * 1.15),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontproperties=_font(28, bold=True),
                color=colour,
                annotation_clip=False,
                zorder=4,
                bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"},
            )


def _legend_handles(
    points: Sequence[WeekPoint], weekly_ask_target: int, annotated: bool
) -> list[Patch | Line2D]:
    handles: list[Patch | Line2D] = [
        Patch(color=_LEAD_COLOUR, label="leads"),
        Patch(color=_NURTURE_COLOUR, label="nurture touches"),
        Patch(color=_ASK_COLOUR, label="asks"),
    ]
    if weekly_ask_target > 0:
        handles.append(
            Line2D(
                [],
                [],
                color=_TARGET_COLOUR,
                linewidth=3,
                linestyle=(0, (3, 1.5)),
                label=f"ask target {weekly_ask_target}/week",
            )
        )
    yeses = sum(p.yeses for p in points)
    nos = sum(p.nos for p in points)
    answers = f"answers: ✓ yes, ✗ no" if annotated else f"answers: {yeses} ✓ yes, {nos} ✗ no"
    handles.append(Line2D([], [], linestyle="none", label=answers))
    return handles


def _label_positions(count: int) -> list[int]:
    """At most `_MAX_X_LABELS` evenly spaced week indexes, always including the latest week."""
    step = max(1, math.ceil(count / _MAX_X_LABELS))
    return list(range(count - 1, -1, -step))[::-1]


def _week_label(points: Sequence[WeekPoint], index: int, *, first: bool) -> str:
    """'23 Nov'; with the year under it where the chart spans years and the year changes."""
    day = points[index].week_start
    label = f"{day.day} {day.strftime('%b')}"
    spans_years = points[0].week_start.year != points[-1].week_start.year
    year_changed = index > 0 and points[index - 1].week_start.year != day.year
    if spans_years and (first or year_changed):
        label += f"\n{day.year}"
    return label


@functools.cache
def _glyphs() -> frozenset[int]:
    path = font_manager.findfont(FontProperties(family=_FONT_FAMILY), fallback_to_default=False)
    return frozenset(font_manager.get_font(path).get_charmap())


def _printable(title: str) -> str:
    """`title` on one line, shortened, without glyphs the font lacks (matplotlib warns on them).

    Missing emoji and joiners vanish; a missing letter (e.g. CJK) becomes a box so that a
    name is not silently dropped.
    """
    glyphs = _glyphs()
    kept: list[str] = []
    for char in " ".join(title.split()):
        if ord(char) in glyphs:
            kept.append(char)
        elif unicodedata.category(char)[0] in "LN":
            kept.append("□")
    text = "".join(kept).strip()
    return text if len(text) <= _MAX_TITLE else text[: _MAX_TITLE - 1].rstrip() + "…"
