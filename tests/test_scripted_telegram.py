"""The tests' fake Bot API fails when told to, as Telegram does: blocked users, missing
chats, queued errors, a rate limit; it also hands out updates for getUpdates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter

from bot.runtime.fake_updates import UpdateFactory
from tests.harness import START, FakeClock
from tests.scripted_telegram import ScriptedTelegram

USER = 1001
GROUP = -1001234567890


@pytest.fixture
def api() -> ScriptedTelegram:
    return ScriptedTelegram(FakeClock(START))


@pytest.fixture
async def bot(api: ScriptedTelegram) -> AsyncIterator[Bot]:
    bot = Bot(token="123:fake", request=api, get_updates_request=api)
    await bot.initialize()
    yield bot
    await bot.shutdown()


@pytest.fixture
def factory(bot: Bot, api: ScriptedTelegram) -> UpdateFactory:
    return UpdateFactory(bot, api=api)


@pytest.fixture
def timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without it PTB warns (an error here) when it builds RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


async def test_blocked_and_missing_chats(bot: Bot, api: ScriptedTelegram) -> None:
    api.blocked.add(USER)
    api.missing_chats.add(2002)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "nudge")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(2002, "nudge")


async def test_fail_next_retry_after(
    bot: Bot, api: ScriptedTelegram, timedelta_periods: None
) -> None:
    api.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", times=2, retry_after=7)

    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(USER, "nudge")
        assert caught.value.retry_after == timedelta(seconds=7)
    await bot.send_message(USER, "nudge")
    assert api.sent_texts() == ["nudge"]


async def test_fail_next_migrated_group(bot: Bot, api: ScriptedTelegram) -> None:
    api.fail_next(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=GROUP,
    )
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-4001, "tally")
    assert caught.value.new_chat_id == GROUP


async def test_rate_limit_answers_429_after_the_burst(
    bot: Bot, api: ScriptedTelegram, timedelta_periods: None
) -> None:
    api.rate_limit(2, retry_after=3)
    await bot.send_message(USER, "one")
    await bot.send_message(USER, "two")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "three")
    assert caught.value.retry_after == timedelta(seconds=3)

    api.rate_limit(None)
    await bot.send_message(USER, "three")


async def test_get_updates_hands_out_fed_updates_until_an_offset_confirms_them(
    bot: Bot, api: ScriptedTelegram, factory: UpdateFactory
) -> None:
    """As Telegram: an update comes again until a later call's offset is above its id."""
    api.updates.extend(factory.message(text).to_dict() for text in ("/start", "/ask"))

    first, second = await bot.get_updates(timeout=0)
    assert first.effective_message is not None
    assert first.effective_message.text == "/start"
    assert [u.update_id for u in await bot.get_updates(timeout=0, limit=1)] == [first.update_id]
    assert await bot.get_updates(offset=second.update_id, timeout=0) == (second,)
    assert await bot.get_updates(offset=second.update_id + 1, timeout=0) == ()
    assert api.updates == []


async def test_admins_chats_and_webhook_info(bot: Bot, api: ScriptedTelegram) -> None:
    api.chat_admins[GROUP] = {USER}

    admins = await bot.get_chat_administrators(GROUP)

    assert [a.user.id for a in admins] == [USER]
    assert await bot.get_chat_member_count(GROUP) == 2
    assert (await bot.get_chat(GROUP)).type == "supergroup"
    assert (await bot.get_webhook_info()).url == ""
