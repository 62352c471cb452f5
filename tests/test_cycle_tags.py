"""Tags end to end (issue 17): #word on any log, /tags per path, the leak per path, the
strongest offer, the worst path in nudges and the digest, export — SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

from bot.jobs import send_due_nudges
from tests.harness import BotHarness, texts
from tests.reliability.helpers import delivered, hold_ticks, utc

GROUP = -1001234567
ANN, BOB = 1001, 1002


async def tagged_entries(bot: BotHarness) -> list[tuple[str, int, str | None, str | None]]:
    return [(e.kind, e.count, e.who, e.tags) for e in await bot.entries()]


async def test_tags_in_commands_and_plain_text_are_stored_and_echoed(bot: BotHarness) -> None:
    [lead] = await bot.send("/lead 3 #content")
    [ask] = await bot.send("1 ask to Tom #Audit")  # "asked Tom": the reader's (issue 15)
    [touches] = await bot.send("2 touches #networking #content")
    await bot.send("/ask 2")

    assert lead.endswith("\n🏷 #content")
    assert ask.startswith("✅ Logged: 1 ask — Tom.")
    assert ask.endswith("🏷 #audit")
    assert touches.endswith("🏷 #networking #content")
    assert await tagged_entries(bot) == [
        ("lead", 3, None, "content"),
        ("ask", 1, "Tom", "audit"),
        ("nurture", 2, None, "networking content"),
        ("ask", 2, None, None),
    ]


async def test_an_untagged_answer_counts_for_the_path_that_asked(bot: BotHarness) -> None:
    await bot.send("/ask Bob #audit")
    await bot.send("/yes bob")
    await bot.send("/ask Cy #audit")
    await bot.send("/no Cy #coaching")  # an answer's own tags win

    assert await tagged_entries(bot) == [
        ("ask", 1, "Bob", "audit"),
        ("yes", 1, "bob", "audit"),
        ("ask", 1, "Cy", "audit"),
        ("no", 1, "Cy", "coaching"),
    ]


async def test_a_bad_tag_explains_and_logs_nothing(bot: BotHarness) -> None:
    [too_long] = await bot.send("/ask #" + "x" * 40)
    [too_many] = await bot.send("/lead #a #b #c #d #e #f")

    assert "32 characters at most" in too_long
    assert "6 tags — 5 per message at most" in too_many
    assert await bot.entries() == []


async def seed_paths(bot: BotHarness) -> None:
    """Three weeks of a seller whose content brings leads nobody asks, and whose networking
    asks get yeses."""
    bot.clock.now = utc(2026, 11, 5, 12)
    await bot.send("/lead 40 #content")
    await bot.send("/touch 31 #content")
    await bot.send("/lead 10 #networking")
    await bot.send("10 touches #networking")
    bot.clock.now = utc(2026, 11, 20, 12)
    await bot.send("/ask 10 #networking")
    await bot.send("/yes #networking")
    await bot.send("/yes Acme #networking")
    await bot.send("/yes #networking")
    await bot.send("/no 2 #networking")
    await bot.send("/ask 5")
    await bot.send("/yes")
    bot.clock.now = utc(2026, 11, 26, 12)


async def test_tags_names_the_content_leak_and_networkings_yes_rate(bot: BotHarness) -> None:
    """Done when: leads and touches tagged #content with no asks, and asks with a yes tagged
    #networking, make /tags name the #content leak and #networking's yes rate."""
    await seed_paths(bot)

    [text] = await bot.send("/tags")

    lines = text.splitlines()
    assert lines[0] == "🏷 Your paths, Wed 28 Oct – Thu 26 Nov"
    assert lines[1] == "leads → touches → asks → yes / no"
    assert "#content: 40 → 31 → 0 → 0 / 0" in lines
    assert "#networking: 10 → 10 → 10 → 3 / 2 · answered 50%, yes 30%" in lines
    assert "untagged: 0 → 0 → 5 → 1 / 0 · answered 20%, yes 20%" in lines
    assert lines.index("untagged: 0 → 0 → 5 → 1 / 0 · answered 20%, yes 20%") == 5  # last row
    assert "• #content: 40 leads, 31 touches, 0 asks — this path never asks" in lines
    assert "• #networking: no leak — 3 yes of 10 asks" in lines
    assert lines[-1].startswith("Strongest offer: too early to tell")


async def test_tags_leaves_out_what_is_older_than_30_days_or_undone(bot: BotHarness) -> None:
    bot.clock.now = utc(2026, 10, 27, 12)  # 30 days before the 26th: outside the window
    await bot.send("/lead 9 #old")
    bot.clock.now = utc(2026, 10, 28, 12)  # the window's first day
    await bot.send("/lead 2 #new")
    bot.clock.now = utc(2026, 11, 26, 12)
    await bot.send("/lead 5 #new")
    await bot.send("/undo")

    [text] = await bot.send("/tags")

    assert "#new: 2 → 0 → 0 → 0 / 0" in text.splitlines()
    assert "#old" not in text
    assert "• #new: too little data yet (2 of 8 actions)" in text


async def test_tags_without_any_tag_explains_how(bot: BotHarness) -> None:
    await bot.send("/ask 3")
    [text] = await bot.send("/tags")
    assert text.startswith("No tags since ")
    assert "/lead 3 #content" in text


async def test_strongest_offer_when_the_data_is_enough(bot: BotHarness) -> None:
    await bot.send("/ask 12 #audit")
    await bot.send("/yes 5 #audit")
    await bot.send("/no 4 #audit")
    await bot.send("/ask 15 #coaching")
    await bot.send("/yes #coaching")
    await bot.send("/no 9 #coaching")

    [text] = await bot.send("/tags")

    assert (
        text.splitlines()[-1] == "Strongest offer: #audit — 5 yes of 12 asks vs #coaching 1 of 15."
    )
    leaks = [line for line in text.splitlines() if line.startswith("• ")]
    assert leaks == [
        "• #coaching: 0 leads, 0 touches, 15 asks — asks outrun its new leads: the pipeline"
        " is drying up",
        "• #audit: 0 leads, 0 touches, 12 asks — asks outrun its new leads: the pipeline"
        " is drying up",
    ]


async def test_one_tag_week_by_week(bot: BotHarness) -> None:
    await seed_paths(bot)
    [text] = await bot.send("/tags #Content")

    lines = text.splitlines()
    assert lines[0] == "🏷 #content since Wed 28 Oct: 40 → 31 → 0 → 0 / 0"
    assert lines[1] == "Leak: this path never asks."
    assert "Mon 2 Nov: 40 → 31 → 0 → 0 / 0" in lines
    assert "Mon 23 Nov: 0 → 0 → 0 → 0 / 0" in lines
    assert len([line for line in lines if line.startswith("Mon ")]) == 8
    [unknown] = await bot.send("/tags #podcast")
    assert unknown.startswith("Nothing tagged #podcast yet.")
    [bad] = await bot.send("/tags two words")
    assert "isn't a tag" in bad


async def test_the_nudge_names_the_worst_path_when_one_stands_out(bot: BotHarness) -> None:
    hold_ticks(bot.app)
    await seed_paths(bot)
    bot.api.clear()
    bot.clock.now = utc(2026, 11, 26, 15)
    await send_due_nudges(bot.app)

    [(_chat, nudge)] = delivered(bot.api.calls)
    assert nudge.startswith("⏰ 0 of 5 asks today")
    assert nudge.splitlines()[-1] == (
        "Worst path: #content: 40 leads, 31 touches, 0 asks — this path never asks."
    )


async def test_no_worst_path_when_two_leak_alike(bot: BotHarness) -> None:
    hold_ticks(bot.app)
    await bot.send("/lead 10 #content")
    await bot.send("/lead 10 #ads")
    bot.api.clear()
    bot.clock.now = utc(2026, 11, 26, 15)
    await send_due_nudges(bot.app)

    [(_chat, nudge)] = delivered(bot.api.calls)
    assert "Worst path" not in nudge


async def test_the_digest_names_the_worst_path(bot: BotHarness) -> None:
    hold_ticks(bot.app)
    await seed_paths(bot)
    bot.clock.now = utc(2026, 11, 30, 15)  # Monday: the digest rides on the first reminder
    bot.api.clear()
    await send_due_nudges(bot.app)

    [digest] = [text for _chat, text in delivered(bot.api.calls) if text.startswith("🗓")]
    assert "Worst path: #content: 40 leads, 31 touches, 0 asks — this path never asks." in digest
    assert digest.splitlines()[-1] == "/digest off stops this weekly note."


async def test_tags_never_reach_a_group(bot: BotHarness) -> None:
    say = bot.updates.message
    await bot.process(say("/ask 3 #secretniche", chat_id=GROUP, date=bot.clock()))
    await bot.process(say("/ask 1 #other", chat_id=GROUP, user_id=BOB, first_name="Bob"))
    tally = texts(await bot.process(say("/tally", chat_id=GROUP, date=bot.clock())))
    in_group = texts(await bot.process(say("/tags", chat_id=GROUP, date=bot.clock())))

    assert "Ann" in tally[0]
    assert not any("#" in text or "secretniche" in text for text in tally + in_group)
    assert await tagged_entries(bot) == [("ask", 3, None, "secretniche")]


async def test_export_has_a_tags_column(bot: BotHarness) -> None:
    await bot.send("/ask 2 Acme #audit #networking")
    await bot.send("/lead")
    calls = await bot.process(bot.updates.message("/export", date=bot.clock()))
    [document] = [c for c in calls if c.method == "sendDocument"]
    data = next(iter(document.files.values())).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert [(r["kind"], r["who_or_note"], r["tags"]) for r in rows] == [
        ("ask", "Acme", "#audit #networking"),
        ("lead", "", ""),
    ]
