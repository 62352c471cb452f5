"""Updates as `salesbot run` takes them — through the update queue and PTB's update processor
(`bot.runtime.chat_order.InChatOrder`): several chats at once, one chat's updates in order."""

from __future__ import annotations

from telegram import Update

from bot.runtime.chat_order import InChatOrder
from bot.runtime.fake_telegram import ApiCall, as_chat_id
from tests.harness import BotHarness, until

ANN, BOB = 1001, 1002


def calls_in(bot: BotHarness, chat_id: int) -> list[ApiCall]:
    return [
        call
        for call in bot.api.calls
        if call.method in ("sendMessage", "sendPhoto")
        and as_chat_id(call.params.get("chat_id")) == chat_id
    ]


async def test_a_chats_updates_keep_their_order_and_other_chats_do_not_wait(
    bot: BotHarness,
) -> None:
    """Ann asks for a chart (rendered in a worker thread for ≥ 100 ms) and logs right after;
    Bob logs meanwhile. Ann's log must wait for her chart; Bob must not."""
    assert isinstance(bot.app.update_processor, InChatOrder)
    await bot.send("/ask 3", user_id=ANN)
    bot.api.clear()

    def queued(text: str, user_id: int, name: str) -> Update:
        return bot.updates.message(text, user_id=user_id, first_name=name, date=bot.clock())

    for update in (
        queued("/chart", ANN, "Ann"),
        queued("/ask 1", ANN, "Ann"),
        queued("/ask 2", BOB, "Bob"),
    ):
        await bot.app.update_queue.put(update)
    await until(lambda: len(calls_in(bot, ANN)) == 2 and len(calls_in(bot, BOB)) == 1)

    ann, bob = calls_in(bot, ANN), calls_in(bot, BOB)
    assert [call.method for call in ann] == ["sendPhoto", "sendMessage"]
    assert ann[1].params["text"].startswith("✅ Logged: 1 ask.\nToday: 4 of 5 asks")
    assert bob[0].params["text"].startswith("✅ Logged: 2 asks.")
    assert bot.api.calls.index(bob[0]) < bot.api.calls.index(ann[0])
    await until(lambda: bot.app.update_processor.current_concurrent_updates == 0)
    assert bot.app.update_processor.chats_in_flight == 0  # nothing kept per chat
