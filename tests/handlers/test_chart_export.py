"""/chart and /export end to end: what the file holds, what the caption says, which weeks
the chart shows and how it treats the unfinished week."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import struct

from bot.core.chart import CHART_SIZE_PX
from bot.core.domain import Sender
from bot.runtime.fake_telegram import ApiCall
from bot.usecases.history import ChartData, chart_weeks
from tests.harness import START, BotHarness

ANN = 1001
THIS_MONDAY = dt.date(2026, 11, 23)  # START is Thursday 26 Nov, 12:00 UTC


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def sent_file(bot: BotHarness, text: str, method: str) -> ApiCall:
    [call] = [c for c in await bot.process(bot.updates.message(text)) if c.method == method]
    assert call.error_code is None
    return call


async def chart_data(bot: BotHarness, weeks: int = 12) -> ChartData:
    sender = Sender(user_id=ANN, first_name="Ann", default_tz="UTC")
    return await bot.query(
        functools.partial(chart_weeks, sender=sender, now=bot.clock(), weeks=weeks)
    )


async def log_at(bot: BotHarness, when: dt.datetime, text: str) -> None:
    bot.clock.now = when
    await bot.send(text)
    bot.clock.now = START


async def test_export_leaves_undone_entries_out_and_the_caption_counts_the_file(
    bot: BotHarness,
) -> None:
    await bot.send("/tz Europe/Berlin")
    for text in ("/ask 2 Acme, Inc.", '/nurture 1 said "hi"', "/no =HYPERLINK(1)", "/ask 3"):
        await bot.send(text)
    await bot.send("/lead 1")
    await bot.send("/undo")

    document = await sent_file(bot, "/export", "sendDocument")

    assert document.params["_filename"] == "salesbot-entries-2026-11-26.csv"
    rows = read_csv(next(iter(document.files.values())))
    assert [(r["kind"], r["count"], r["who_or_note"], r["deleted"]) for r in rows] == [
        ("ask", "2", "Acme, Inc.", "no"),
        ("nurture", "1", 'said "hi"', "no"),
        ("no", "1", "'=HYPERLINK(1)", "no"),
        ("ask", "3", "", "no"),
    ]
    assert rows[0]["logged_at"] == "2026-11-26T13:00:00+01:00"  # 12:00 UTC in Berlin
    caption = document.params["caption"]
    assert caption.startswith("4 entries: 5 asks, 1 nurture touch, 1 no. UTF-8 CSV.")
    assert "/export all" in caption


async def test_export_all_keeps_undone_entries_marked(bot: BotHarness) -> None:
    await bot.send("/ask 3")
    await bot.send("/lead 1")
    await bot.send("/undo")

    document = await sent_file(bot, "/export all", "sendDocument")

    rows = read_csv(next(iter(document.files.values())))
    assert [(r["kind"], r["deleted"]) for r in rows] == [("ask", "no"), ("lead", "yes")]
    assert document.params["_filename"] == "salesbot-entries-all-2026-11-26.csv"
    assert document.params["caption"].startswith(
        "2 entries, 1 of them undone (deleted = yes: leave those out of any sum). The rest: 3 asks."
    )
    assert await bot.send("/export everything") == [
        "/export gives your entries as CSV; /export all adds undone ones."
    ]


async def test_a_first_week_chart_starts_this_week_with_the_weeks_to_come(
    bot: BotHarness,
) -> None:
    await bot.send("/ask 3")
    await bot.send("/lead 2")

    photo = await sent_file(bot, "/chart", "sendPhoto")

    [content] = photo.files.values()
    assert png_size(content) == CHART_SIZE_PX
    assert photo.params["_filename"] == "salesbot-chart-2026-11-26-1200.png"
    assert photo.params["caption"] == (
        "Asks, leads and touches per week, since your first week. "
        "This week so far: 3 of 20 asks by today (25 for the week)."  # Mon–Thu of Mon–Fri
    )
    data = await chart_data(bot)
    assert [p.week_start for p in data.points] == [
        THIS_MONDAY + dt.timedelta(weeks=n) for n in range(4)
    ]
    assert (data.this_week, data.points[0].asks, data.points[0].leads) == (0, 3, 2)


async def test_a_chart_starts_at_the_first_week_and_goes_back_12_weeks_at_most(
    bot: BotHarness,
) -> None:
    await log_at(bot, START - dt.timedelta(days=20), "/ask 4")  # Friday 6 Nov
    data = await chart_data(bot)
    assert data.points[0].week_start == THIS_MONDAY - dt.timedelta(weeks=3)
    assert (len(data.points), data.this_week, data.points[0].asks) == (4, 3, 4)
    assert data.span == "since your first week"

    await log_at(bot, START - dt.timedelta(weeks=30), "/ask 1")
    data = await chart_data(bot)
    assert (len(data.points), data.this_week, data.span) == (12, 11, "last 12 weeks")
    assert sum(p.asks for p in data.points) == 4
    data = await chart_data(bot, weeks=52)
    assert (len(data.points), data.span) == (31, "since your first week")


async def test_chart_without_data_is_a_friendly_text(bot: BotHarness) -> None:
    assert await bot.send("/chart") == ["Nothing to chart yet — log an ask (/ask) and check back."]
    assert not bot.api.calls_to("sendPhoto")


async def test_chart_with_a_bad_span_explains(bot: BotHarness) -> None:
    [reply] = await bot.send("/chart banana")
    assert "/chart 8w" in reply
    assert not bot.api.calls_to("sendPhoto")


async def test_the_week_so_far_is_held_to_its_target_to_date(bot: BotHarness) -> None:
    await bot.send("/workdays mon,wed,sat")
    await bot.send("/target 4")
    await bot.send("/ask 1")

    data = await chart_data(bot)

    assert (data.weekly_ask_target, data.target_to_date) == (12, 8)  # Mon and Wed so far
    bot.clock.now = START + dt.timedelta(days=3)  # Sunday: the whole week's
    assert (await chart_data(bot)).target_to_date == 12
