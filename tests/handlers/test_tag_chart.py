"""/chart #tag end to end: one tag's weeks, a tag with nothing, and arguments it refuses."""

from __future__ import annotations

import datetime as dt
import functools

from bot.core.chart import CHART_SIZE_PX
from bot.core.domain import Sender
from bot.usecases.tag_chart import TagChart, tag_chart
from tests.handlers.test_chart_export import ANN, THIS_MONDAY, log_at, png_size, sent_file
from tests.harness import START, BotHarness


async def one_tag(bot: BotHarness, tag: str, weeks: int = 12) -> TagChart:
    sender = Sender(user_id=ANN, first_name="Ann", default_tz="UTC")
    return await bot.query(
        functools.partial(tag_chart, sender=sender, now=bot.clock(), tag=tag, weeks=weeks)
    )


async def seed(bot: BotHarness) -> None:
    await log_at(bot, START - dt.timedelta(weeks=1), "/lead 4 #content")
    await bot.send("/lead 3 #content")
    await bot.send("2 touches #content #networking")
    await bot.send("/ask Tom #networking")
    await bot.send("/ask 5")


async def test_chart_of_one_tag_counts_only_that_tag(bot: BotHarness) -> None:
    await seed(bot)

    photo = await sent_file(bot, "/chart #Content", "sendPhoto")

    [content] = photo.files.values()
    assert png_size(content) == CHART_SIZE_PX
    assert photo.params["caption"] == (
        "#content per week, since your first week (leads → touches → asks → yes / no): "
        "7 → 2 → 0 → 0 / 0.\nThis week so far: 3 → 2 → 0 → 0 / 0."
    )
    data = await one_tag(bot, "content")
    weeks = [(p.week_start, p.leads, p.nurtures, p.asks) for p in data.chart.points]
    assert weeks == [
        (THIS_MONDAY - dt.timedelta(weeks=1), 4, 0, 0),
        (THIS_MONDAY, 3, 2, 0),
        (THIS_MONDAY + dt.timedelta(weeks=1), 0, 0, 0),
        (THIS_MONDAY + dt.timedelta(weeks=2), 0, 0, 0),
    ]
    assert data.chart.weekly_ask_target == 0  # the ask target is for all asks, not a path
    assert data.chart.title == "#content · Ann: since your first week"


async def test_a_span_and_a_tag_in_either_order(bot: BotHarness) -> None:
    await seed(bot)

    photo = await sent_file(bot, "/chart 1w #networking", "sendPhoto")
    again = await sent_file(bot, "/chart #networking 1w", "sendPhoto")

    assert photo.params["caption"] == again.params["caption"]
    assert photo.params["caption"] == (
        "#networking per week, last 4 weeks (leads → touches → asks → yes / no): "
        "0 → 2 → 1 → 0 / 0 · answered 0%, yes 0%.\n"
        "This week so far: 0 → 2 → 1 → 0 / 0 · answered 0%, yes 0%."
    )


async def test_a_tag_with_nothing_says_so_and_names_the_tags_there_are(bot: BotHarness) -> None:
    await seed(bot)

    assert await bot.send("/chart #podcast") == [
        "Nothing tagged #podcast to chart (since your first week). Tag any log: "
        "/lead 3 #podcast · “asked Tom #podcast”.\n"
        "Your tags there: #content #networking — e.g. /chart #content."
    ]
    assert not bot.api.calls_to("sendPhoto")


async def test_a_tag_before_anything_is_logged(bot: BotHarness) -> None:
    assert await bot.send("/chart #content") == [
        "Nothing tagged #content yet. Tag any log: /lead 3 #content · “asked Tom #content”."
    ]


async def test_bad_chart_arguments_explain_and_change_nothing(bot: BotHarness) -> None:
    await seed(bot)
    before = [(e.id, e.kind, e.count, e.tags) for e in await bot.entries()]

    assert await bot.send("/chart #content #networking") == [
        "One tag at a time — try /chart #content."
    ]
    assert await bot.send("/chart #") == ["“#” isn't a tag — try /chart #content."]
    assert await bot.send("/chart #2024") == ["“#2024” isn't a tag — try /chart #content."]
    assert await bot.send("/chart content") == [
        "“content” isn't a span — try /chart 8w, or /chart #content for one tag."
    ]
    assert await bot.send("/chart 500w #content") == ["I chart 1 to 104 weeks — try /chart 8w."]
    assert [(e.id, e.kind, e.count, e.tags) for e in await bot.entries()] == before
    assert not bot.api.calls_to("sendPhoto")
