"""A group tally shows a member at capacity, not behind (issue 17) — only where the group
sees that member's yeses: SQLite and PostgreSQL."""

from __future__ import annotations

from tests.group_helpers import ANN, BOB, CAT, ZOE, add_bot, read_group_tally, say, tally_call
from tests.harness import BotHarness


async def _group(bot: BotHarness) -> None:
    """Thursday, pace 20 of 25: Ann (capacity 2) and Bob show everything, Cat (capacity 1)
    her asks only, Zoë (capacity 1) nothing; all of them behind on asks."""
    await add_bot(bot)
    await say(bot, ANN, "/capacity 2", chat_id=None)
    await say(bot, ANN, "/ask 3")
    await say(bot, ANN, "/yes Acme", chat_id=None)
    await say(bot, BOB, "/ask 3")
    await say(bot, BOB, "/yes Initech")
    await say(bot, CAT, "/privacy totals", chat_id=None)
    await say(bot, CAT, "/capacity 1", chat_id=None)
    await say(bot, CAT, "/ask 3")
    await say(bot, ZOE, "/privacy hidden", chat_id=None)
    await say(bot, ZOE, "/capacity 1", chat_id=None)
    await say(bot, ZOE, "/ask 3")


async def test_a_member_whose_yeses_reach_capacity_shows_at_capacity(bot: BotHarness) -> None:
    await _group(bot)
    before = await read_group_tally(bot)
    assert before.row("Ann").state == "behind"

    await say(bot, ANN, "/yes Globex")  # her second yes this week: capacity 2 reached

    read = await read_group_tally(bot)
    assert [(row.name, row.state) for row in read.rows] == [
        ("Ann", "at capacity"),
        ("Bob", "behind"),
        ("Cat", "behind"),
    ]
    assert "1. Ann — 3 asks · 🧺 at capacity · 2 yes" in read.text
    assert "2. Bob — 3 asks · 17 to pace · 1 yes" in read.text
    assert (read.on_pace, read.at_capacity) == ((0, 3), 1)
    assert "0 of 3 on pace, 1 at capacity." in read.text

    await say(bot, ANN, "/capacity off", chat_id=None)
    assert (await read_group_tally(bot)).row("Ann").state == "behind"


async def test_at_capacity_never_shows_yeses_a_member_keeps_private(bot: BotHarness) -> None:
    await _group(bot)
    before = (await tally_call(bot)).params["text"]

    await say(bot, CAT, "/yes Acme", chat_id=None)  # Cat (asks only) reaches capacity 1
    await say(bot, ZOE, "/yes Acme", chat_id=None)  # Zoë (hidden) too

    after = (await tally_call(bot)).params["text"]
    assert after == before
    read = await read_group_tally(bot)
    assert read.row("Cat").state == "behind"
    assert (read.at_capacity, read.hidden) == (0, 1)
    assert "capacity" not in after
