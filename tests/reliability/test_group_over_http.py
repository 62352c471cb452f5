"""A group's day over real HTTP: `salesbot run` in webhook mode (tests.harness.webhook_server)
with the fake Bot API behind it, updates POSTed as Telegram posts them (issue 21, "Done when"):
a log gets at most a reaction and no day pace, a near-miss reply a hint, /help is short, the
tally names who hasn't logged and drops who left the chat."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from telegram import Update

from bot.config import Settings
from bot.runtime.fake_telegram import ApiCall
from bot.runtime.fake_updates import UpdateFactory
from bot.runtime.telegram_json import member_json, user_json
from bot.runtime.webhook import SECRET_HEADER
from tests.harness import WEBHOOK_PATH, WEBHOOK_SECRET, WebhookRun, until, webhook_server
from tests.tally_reader import read_tally

GROUP = -1001234567890
ANN, BOB, ZOE = (1001, "Ann"), (1002, "Bob"), (1005, "Zoe")


async def post(
    run: WebhookRun, update: Update | dict[str, Any], *, answered: bool = True
) -> list[ApiCall]:
    """POST one update as Telegram does; the Bot API calls it caused, once it settled.
    (An update that is not `answered` is followed by ones in the same chat, which the bot
    handles in order.)"""
    body = update.to_dict() if isinstance(update, Update) else update
    mark = len(run.api.calls)
    response = await run.client.post(
        WEBHOOK_PATH, content=json.dumps(body), headers={SECRET_HEADER: WEBHOOK_SECRET}
    )
    assert response.status_code == 200
    if not answered:
        return []
    await until(lambda: len(run.api.calls) > mark)
    settled = -1
    while settled != len(run.api.calls):  # no new call for 0.3 s: the update is done
        settled = len(run.api.calls)
        await asyncio.sleep(0.3)
    return run.api.calls[mark:]


def to_group(calls: list[ApiCall]) -> list[str]:
    return [
        str(c.params["text"])
        for c in calls
        if c.method == "sendMessage" and int(c.params["chat_id"]) == GROUP and not c.error_code
    ]


def chat_member_left(run: WebhookRun, who: tuple[int, str], update_id: int) -> dict[str, Any]:
    user = user_json(*who)
    return {
        "update_id": update_id,
        "chat_member": {
            "chat": {"id": GROUP, "type": "supergroup", "title": "Closers"},
            "from": user,
            "date": int(run.api.clock().timestamp()),
            "old_chat_member": member_json(user, "member"),
            "new_chat_member": member_json(user, "left"),
        },
    }


async def test_a_group_day_over_http(settings: Settings) -> None:
    async with webhook_server(settings) as run:
        updates = UpdateFactory(run.application.bot, api=run.api)

        def say(who: tuple[int, str], text: str, **kw: Any) -> Update:
            return updates.message(
                text, user_id=who[0], first_name=who[1], chat_id=kw.pop("chat_id", GROUP), **kw
            )

        [greeting] = to_group(
            await post(run, updates.my_chat_member(GROUP, old_status="left", new_status="member"))
        )
        assert "/groupset tz" in greeting
        await post(run, say(ANN, "/start", chat_id=ANN[0]))
        await post(run, say(ANN, "/ask 9", chat_id=ANN[0]))  # a private day pace of 9
        for text, reply in (("/ask 3", False), ("2 asks, 1 lead", True)):
            calls = await post(run, say(ANN, text, reply_to_bot=reply))
            assert to_group(calls) == []
            assert [c.method for c in calls] == ["setMessageReaction"]
        [hint] = to_group(await post(run, say(ANN, "3 akss", reply_to_bot=True)))
        assert "nothing was counted" in hint
        [help_text] = to_group(await post(run, say(BOB, "/help")))
        assert len(help_text) < 500
        await post(run, say(ZOE, "/join"))
        await post(run, say(BOB, "/ask 4"))
        await post(run, chat_member_left(run, BOB, 900_001), answered=False)
        calls = await post(run, say(ANN, "/tally"))
        [tally] = [text for text in to_group(calls) if text.startswith("📊")]
        read = read_tally(tally)
        assert read.names == ["Ann"]
        assert read.row("Ann").asks == 14
        assert read.not_logged == ["Zoe"]
        assert "Bob" not in tally
        assert not re.search(r"\b0 asks", tally)
        for text in to_group(run.api.calls):
            assert "Today:" not in text
        assert await run.exit_code() == 0
