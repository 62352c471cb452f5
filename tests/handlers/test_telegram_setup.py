"""What the bot tells Telegram at start (menus per scope, descriptions) and /start payloads."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import running
from bot.config import Settings
from bot.core.catalogue import COMMANDS
from bot.db.models import User
from bot.runtime.fake_telegram import DEFAULT_BOT_USERNAME
from tests.harness import BotHarness, FakeClock

GROUP = -1001234567890
PERSONAL = {"forget", "export", "chart", "pending", "today", "week", "stats", "target", "tz"}
GROUP_ONLY = {"join", "leave", "tally"}


def _menu(params: dict[str, Any]) -> tuple[str, list[str]]:
    commands, scope = params["commands"], params["scope"]
    commands = json.loads(commands) if isinstance(commands, str) else commands
    scope = json.loads(scope) if isinstance(scope, str) else scope
    return str(scope["type"]), [str(command["command"]) for command in commands]


async def test_each_kind_of_chat_gets_its_own_menu_and_the_bot_its_descriptions(
    settings: Settings, clock: FakeClock
) -> None:
    harness = BotHarness(settings, clock)
    async with running(harness.app):
        calls = list(harness.api.calls)
        menus = dict(_menu(call.params) for call in harness.api.calls_to("setMyCommands"))
        harness.api.clear()
        helped = {name: await harness.send(f"/help {name}") for name in COMMANDS_BY_NAME}

    assert set(menus) == {"all_private_chats", "all_group_chats", "all_chat_administrators"}
    private, group = set(menus["all_private_chats"]), set(menus["all_group_chats"])
    admins = set(menus["all_chat_administrators"])
    assert private >= PERSONAL
    assert not (GROUP_ONLY | {"groupset"}) & private
    assert GROUP_ONLY | {"ask", "no", "undo", "privacy", "help"} <= group
    assert not (PERSONAL | {"groupset"}) & group
    assert admins == group | {"groupset"}
    assert private | group | admins == set(COMMANDS_BY_NAME)  # every command in some menu
    assert all(len(names) <= 100 for names in menus.values())
    for name, [answer] in helped.items():
        assert answer.startswith(f"/{name}"), answer

    # the menu of earlier versions (one list for every chat) is removed first
    methods = [call.method for call in calls]
    assert methods.index("deleteMyCommands") < methods.index("setMyCommands")
    [description] = [c.params["description"] for c in calls if c.method == "setMyDescription"]
    [short] = [c.params["short_description"] for c in calls if c.method == "setMyShortDescription"]
    assert 0 < len(description) <= 512
    assert 0 < len(short) <= 120
    assert "ask" in description
    assert "group" in description


COMMANDS_BY_NAME = {command.name: command for command in COMMANDS}


async def test_a_refused_menu_is_a_warning_and_the_bot_still_serves(
    settings: Settings, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    harness = BotHarness(settings, clock)
    harness.api.fail_next("setMyCommands", 400, "Bad Request: BOT_COMMAND_INVALID")
    async with running(harness.app):
        [reply] = await harness.send("/ask 2")
    assert reply.startswith("✅")
    assert any("could not register the command menus" in r.getMessage() for r in caplog.records)


async def test_the_groups_deep_link_explains_groups_with_an_add_to_group_link(
    bot: BotHarness,
) -> None:
    [answer] = await bot.send("/start groups", first_name="Ann")
    assert all(command in answer for command in ("/join", "/tally", "/privacy"))
    assert f"https://t.me/{DEFAULT_BOT_USERNAME}?startgroup=join" in answer
    assert len(answer) <= 4096
    users = await bot.rows(select(User.id))
    assert [row[0] for row in users] == [1001]  # registered as a plain /start would


async def test_start_without_or_with_an_unknown_payload_greets_as_before(bot: BotHarness) -> None:
    [plain] = await bot.send("/start", first_name="Ann")
    [unknown] = await bot.send("/start from-a-blog-post", first_name="Ann")
    assert plain.startswith("Hi Ann!")
    assert unknown == plain


async def test_start_in_a_group_explains_the_group_features_there(bot: BotHarness) -> None:
    update = bot.updates.message(
        f"/start@{DEFAULT_BOT_USERNAME} join", user_id=1001, chat_id=GROUP, date=bot.clock()
    )
    calls = await bot.process(update)
    [sent] = [call for call in calls if call.method == "sendMessage"]
    assert int(sent.params["chat_id"]) == GROUP
    assert "/join" in sent.params["text"]
    assert "Hi Ann" not in sent.params["text"]
