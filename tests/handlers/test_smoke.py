from tests.harness import BotHarness


async def test_ask_logs_and_shows_pace(bot: BotHarness) -> None:
    replies = await bot.send("/ask 3")
    assert replies == ["✅ Logged: 3 asks.\nToday: 3 of 5 asks — 2 to go."]
    rows = await bot.entries()
    assert [(row.kind, row.count) for row in rows] == [("ask", 3)]
