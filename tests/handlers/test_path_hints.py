"""Paths named in plain words, end to end (SQLite and PostgreSQL): the entries carry the tag,
and the reply shows it — after a press too; where the words are not certain, no tag."""

from __future__ import annotations

from tests.handlers.test_reading import buttons, doubt, press
from tests.harness import BotHarness, texts


async def stored(bot: BotHarness) -> list[tuple[str, int, str | None, str | None]]:
    return [(e.kind, e.count, e.who, e.tags) for e in await bot.entries()]


async def test_a_named_path_tags_the_log_and_the_reply_shows_it(bot: BotHarness) -> None:
    [leads] = await bot.send("2 leads from my newsletter")
    [coffee] = await bot.send("coffee with Tom from the podcast")

    assert leads == "✅ Logged: 2 leads.\nToday: 0 of 5 asks — 5 to go.\n🏷 #newsletter"
    assert coffee.startswith("✅ Logged: 1 nurture touch (Tom).")
    assert coffee.endswith("\n🏷 #podcast")
    assert await stored(bot) == [
        ("lead", 2, None, "newsletter"),
        ("nurture", 1, "Tom", "podcast"),
    ]


async def test_a_doubtful_reading_keeps_the_path_for_the_button(bot: BotHarness) -> None:
    _, calls = await doubt(bot, "met 3 people at networking")
    assert [label for label, _ in buttons(calls)] == ["Log 3 leads", "Log 3 touches", "Neither"]

    pressed = await press(bot, calls, "Log 3 leads")

    assert texts(pressed)[0].endswith("\n🏷 #networking")
    assert await stored(bot) == [("lead", 3, None, "networking")]


async def test_no_tag_where_the_words_are_not_certain(bot: BotHarness) -> None:
    [typed] = await bot.send("asked Tom at networking #bni")
    [two] = await bot.send("3 asks, 1 no at networking")
    [name] = await bot.send("coffee with Ann from Podcast Pete")

    assert typed.endswith("\n🏷 #bni")
    assert "🏷" not in two
    assert "🏷" not in name
    assert await stored(bot) == [
        ("ask", 1, "Tom", "bni"),
        ("ask", 3, None, None),
        ("no", 1, None, None),
        ("nurture", 1, "Ann", None),
    ]
