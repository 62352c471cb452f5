"""The /chart PNG: exact pixel size, any number of weeks, empty weeks, no target, threads."""

from __future__ import annotations

import datetime as dt
import struct
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.core.chart import CHART_SIZE_PX, render_weeks, weeks_between
from bot.core.domain import WeekPoint

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LAST_MONDAY = dt.date(2026, 11, 23)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which must come first."""
    assert png[:8] == PNG_SIGNATURE
    length, chunk_type = struct.unpack(">I4s", png[8:16])
    assert (length, chunk_type) == (13, b"IHDR")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def weeks(count: int, *, empty: bool = False) -> list[WeekPoint]:
    first = LAST_MONDAY - dt.timedelta(weeks=count - 1)
    return [
        WeekPoint(
            week_start=monday,
            asks=0 if empty else 10 + i % 7 * 3,
            leads=0 if empty else i % 5 * 2,
            nurtures=0 if empty else 5 + i % 4 * 6,
            yeses=0 if empty else i % 3,
            nos=0 if empty else 4 + i % 6,
        )
        for i, monday in enumerate(weeks_between(first, LAST_MONDAY))
    ]


@pytest.mark.parametrize("count", [1, 8, 104])
def test_any_number_of_weeks_renders_at_exact_size(count: int) -> None:
    png = render_weeks(weeks(count), weekly_ask_target=25, title="Asks, leads, touches")

    assert png_size(png) == CHART_SIZE_PX


@pytest.mark.parametrize("count", [1, 8])
def test_all_zero_weeks_and_no_target(count: int) -> None:
    png = render_weeks(weeks(count, empty=True), weekly_ask_target=0, title="Nothing yet")

    assert png_size(png) == CHART_SIZE_PX


def test_all_zero_weeks_with_a_target() -> None:
    png = render_weeks(weeks(3, empty=True), weekly_ask_target=25, title="Quiet weeks")

    assert png_size(png) == CHART_SIZE_PX


def test_target_zero_draws_no_line_but_renders() -> None:
    with_target = render_weeks(weeks(8), weekly_ask_target=25, title="t")
    without = render_weeks(weeks(8), weekly_ask_target=0, title="t")

    assert png_size(without) == CHART_SIZE_PX
    assert with_target != without


@pytest.mark.parametrize(
    "title",
    [
        "",
        "Anna 🤝🚀 — 中文 name",  # glyphs DejaVu lacks: no warning (warnings are errors here)
        "$x^2$ and 100% of {braces} \\ no mathtext",
        "a very long title " * 40,
        "שלום عربي\nsecond line\tand a tab",
    ],
)
def test_user_text_in_the_title_never_warns_or_breaks_the_size(title: str) -> None:
    png = render_weeks(weeks(4), weekly_ask_target=10, title=title)

    assert png_size(png) == CHART_SIZE_PX


def test_weeks_spanning_a_new_year() -> None:
    points = [
        WeekPoint(monday, 12, 3, 8, 1, 5)
        for monday in weeks_between(dt.date(2025, 12, 1), dt.date(2026, 1, 19))
    ]

    assert png_size(render_weeks(points, 20, "Over new year")) == CHART_SIZE_PX


def test_renders_in_threads_match_a_render_on_the_main_thread() -> None:
    points = weeks(8)
    expected = render_weeks(points, 25, "same")

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: render_weeks(points, 25, "same"), range(3)))

    assert results == [expected] * 3


def test_no_weeks_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="at least one week"):
        render_weeks([], 25, "empty")


def test_weeks_between_lists_every_monday_inclusive() -> None:
    mondays = weeks_between(dt.date(2026, 10, 26), dt.date(2026, 11, 23))

    assert mondays == [dt.date(2026, 10, 26) + dt.timedelta(weeks=i) for i in range(5)]
    assert weeks_between(LAST_MONDAY, LAST_MONDAY) == [LAST_MONDAY]
    assert weeks_between(LAST_MONDAY, LAST_MONDAY - dt.timedelta(weeks=1)) == []


@pytest.mark.parametrize("current", [0, 3])
def test_the_unfinished_week_is_held_to_its_target_to_date(current: int) -> None:
    points = weeks(4)
    plain = render_weeks(points, weekly_ask_target=25, title="t")

    so_far = render_weeks(points, weekly_ask_target=25, title="t", so_far=(current, 15))

    assert png_size(so_far) == CHART_SIZE_PX
    assert so_far != plain
