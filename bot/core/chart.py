"""The weekly chart behind /chart: grouped bars per stage against the ask target, as PNG bytes.

Built on a bare `Figure` with the Agg canvas, never pyplot, and without touching the global
rcParams, so renders share no state and may run in worker threads (`asyncio.to_thread`).
Fonts are given per call in pixels so the chart stays legible when a phone shrinks it.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from bot.core.chart_text import DPI, FONT_FAMILY, fit, font, printable
from bot.core.domain import WeekPoint

CHART_SIZE_PX = (1200, 900)
"""Width and height of the rendered PNG in pixels."""

_MARGIN_PX = 16
_TITLE_PX = 44
_LEGEND_PX = 29
_TICK_PX = 32
_MARK_PX = 28
_MAX_X_LABELS = 8
_MIN_SLOTS = 3
_MAX_ANNOTATED_WEEKS = 12  # beyond this the per-week answer marks would collide

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


def weeks_between(first_monday: dt.date, last_monday: dt.date) -> list[dt.date]:
    """Every Monday from `first_monday` to `last_monday`, both included (empty if reversed)."""
    weeks = (last_monday - first_monday).days // 7
    return [first_monday + dt.timedelta(weeks=i) for i in range(weeks + 1)]


def render_weeks(
    points: Sequence[WeekPoint],
    weekly_ask_target: int,
    title: str,
    so_far: tuple[int, int] | None = None,
) -> bytes:
    """PNG of `points` (at least one, oldest first) against `weekly_ask_target` (0: no line).
    `so_far`: (index, target to date) of the unfinished week, labelled "so far" and held
    to its pro-rated target; weeks after it are the weeks to come."""
    if not points:
        raise ValueError("render_weeks needs at least one week")
    width, height = CHART_SIZE_PX
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)  # attaches itself: text is measured and drawn by Agg
    ax = fig.add_subplot()

    # One collection per stage: a Rectangle per bar makes long ranges several times slower.
    for (offset, bar_width), colour, values in (
        (_LEAD_BAR, _LEAD_COLOUR, [p.leads for p in points]),
        (_NURTURE_BAR, _NURTURE_COLOUR, [p.nurtures for p in points]),
        (_ASK_BAR, _ASK_COLOUR, [p.asks for p in points]),
    ):
        ax.add_collection(_bars(offset, bar_width, values, colour), autolim=False)

    peak = max(max(p.asks, p.leads, p.nurtures) for p in points)
    annotate = len(points) <= _MAX_ANNOTATED_WEEKS
    ax.set_ylim(0, max(peak, weekly_ask_target, 4) * (1.2 if annotate else 1.08))
    spare = max(_MIN_SLOTS - len(points), 0) / 2  # a lone week stays a modest group
    ax.set_xlim(-0.6 - spare, len(points) - 0.4 + spare)
    if weekly_ask_target > 0:
        _target_line(ax, len(points), weekly_ask_target, so_far)
    if annotate:
        _mark_answers(ax, points)
    if peak == 0:
        ax.text(
            0.5,
            0.5,
            "nothing logged in these weeks",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontproperties=font(_TICK_PX),
            color="#666666",
            bbox={"boxstyle": "square,pad=0.3", "facecolor": "white", "edgecolor": "none"},
        )
    _style_axes(ax, points, None if so_far is None else so_far[0])

    _header(fig, title, _legend_handles(points, weekly_ask_target, annotate, so_far))

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _header(fig: Figure, title: str, handles: list[Patch | Line2D]) -> None:
    """Title and legend sit in a fixed header; tight_layout fits the axes into the rest."""
    width, height = CHART_SIZE_PX
    title_text = fig.text(
        _MARGIN_PX / width,
        1 - _MARGIN_PX / height,
        "",
        ha="left",
        va="top",
        fontproperties=font(_TITLE_PX, bold=True),
        color=_TEXT_COLOUR,
        parse_math=False,
    )
    fit(title_text, printable(title, bold=True), width - 2 * _MARGIN_PX)
    legend_top = _MARGIN_PX + _TITLE_PX * 1.3
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(_MARGIN_PX / width, 1 - legend_top / height),
        ncols=3,
        frameon=False,
        borderaxespad=0,
        borderpad=0,
        prop=font(_LEGEND_PX),
        handlelength=1.4,
        columnspacing=1.4,
        labelcolor=_TEXT_COLOUR,
    )
    header = legend_top + _LEGEND_PX * 2.7 + _MARGIN_PX / 2
    fig.tight_layout(pad=1.0, rect=(0, 0, 1, 1 - header / height))


def _bars(offset: float, width: float, heights: Sequence[int], colour: str) -> PolyCollection:
    """Bars of `heights` at week positions 0, 1, … shifted by `offset`."""
    left = offset - width / 2
    return PolyCollection(
        [
            [(x + left, 0), (x + left, h), (x + left + width, h), (x + left + width, 0)]
            for x, h in enumerate(heights)
        ],
        facecolors=colour,
        edgecolors="none",
        linewidths=0,
        zorder=2,
    )


def _target_line(ax: Axes, weeks: int, target: int, so_far: tuple[int, int] | None) -> None:
    """The weekly target across the chart; the unfinished week's piece at its target to date."""
    if so_far is None:
        ax.axhline(target, color=_TARGET_COLOUR, linewidth=3, dashes=(6, 3), zorder=3)
        return
    levels = [so_far[1] if week == so_far[0] else target for week in range(weeks)]
    ax.hlines(
        levels,
        [week - 0.5 for week in range(weeks)],
        [week + 0.5 for week in range(weeks)],
        colors=_TARGET_COLOUR,
        linewidth=3,
        linestyles=(0, (6, 3)),
        zorder=3,
    )


def _style_axes(ax: Axes, points: Sequence[WeekPoint], current: int | None) -> None:
    positions = _label_positions(len(points))
    labels = _week_labels(points, positions)
    if current is not None and current in positions:
        labels[positions.index(current)] += "\nso far"
    ax.set_xticks(positions, labels, fontproperties=font(_TICK_PX))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.tick_params(
        labelsize=_TICK_PX * 72 / DPI,
        labelfontfamily=FONT_FAMILY,
        labelcolor=_TEXT_COLOUR,
        length=0,
        pad=8,
    )
    ax.set_ylabel("per week", fontproperties=font(_TICK_PX), color=_TEXT_COLOUR, labelpad=12)
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
                xytext=(0, 6 + row * _MARK_PX * 72 / DPI * 1.15),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontproperties=font(_MARK_PX, bold=True),
                color=colour,
                annotation_clip=False,
                zorder=4,
                bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"},
            )


def _legend_handles(
    points: Sequence[WeekPoint],
    weekly_ask_target: int,
    annotated: bool,
    so_far: tuple[int, int] | None,
) -> list[Patch | Line2D]:
    """Row one: the three stages; row two: the target and how answers are shown."""
    stages = [
        Patch(color=_LEAD_COLOUR, label="leads"),
        Patch(color=_NURTURE_COLOUR, label="nurture touches"),
        Patch(color=_ASK_COLOUR, label="asks"),
    ]
    extras: list[Patch | Line2D] = []
    if weekly_ask_target > 0:
        label = f"ask target {weekly_ask_target}/week"
        label += f" ({so_far[1]} so far)" if so_far else ""
        extras.append(
            Line2D([], [], color=_TARGET_COLOUR, linewidth=3, dashes=(3, 1.5), label=label)
        )
    if annotated:
        answers = "answers: ✓ yes, ✗ no"
    else:
        answers = f"answers: {sum(p.yeses for p in points)} ✓, {sum(p.nos for p in points)} ✗"
    extras.append(Line2D([], [], linestyle="none", label=answers))
    # Legends fill column by column; interleave so that each row reads left to right.
    handles: list[Patch | Line2D] = []
    for index, stage in enumerate(stages):
        handles.append(stage)
        if index < len(extras):
            handles.append(extras[index])
    return handles


def _label_positions(count: int) -> list[int]:
    """At most `_MAX_X_LABELS` evenly spaced week indexes, always including the latest week."""
    step = max(1, math.ceil(count / _MAX_X_LABELS))
    return list(range(count - 1, -1, -step))[::-1]


def _week_labels(points: Sequence[WeekPoint], positions: Sequence[int]) -> list[str]:
    """'23 Nov' per position; the year goes underneath where the chart spans years."""
    days = [points[i].week_start for i in positions]
    spans_years = points[0].week_start.year != points[-1].week_start.year
    labels: list[str] = []
    previous_year: int | None = None
    for day in days:
        label = f"{day.day} {day.strftime('%b')}"
        if spans_years and day.year != previous_year:
            label += f"\n{day.year}"
        labels.append(label)
        previous_year = day.year
    return labels
