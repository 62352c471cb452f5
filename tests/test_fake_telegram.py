"""The fake Bot API answers a real `telegram.Bot` as Telegram would; the factory's Updates parse."""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import (
    Bot,
    BotCommand,
    ChatMemberAdministrator,
    ChatMemberMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.runtime.fake_telegram import DEFAULT_BOT_ID, FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from tests.harness import START, FakeClock

USER = 1001
GROUP = -1001234567890


@pytest.fixture
def api() -> FakeTelegram:
    return FakeTelegram(FakeClock(START))


@pytest.fixture
async def bot(api: FakeTelegram) -> AsyncIterator[Bot]:
    bot = Bot(token="123:fake", request=api, get_updates_request=api)
    await bot.initialize()
    yield bot
    await bot.shutdown()


@pytest.fixture
def factory(bot: Bot, api: FakeTelegram) -> UpdateFactory:
    return UpdateFactory(bot, api=api)


@pytest.fixture
def timedelta_periods(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without it PTB warns (an error here) when it builds RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


async def ignore(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    pass


def undo_keyboard(callback_data: str = "undo:1") -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("undo", callback_data=callback_data)]])


async def test_initialize_asks_get_me(bot: Bot, api: FakeTelegram) -> None:
    assert bot.id == DEFAULT_BOT_ID
    assert bot.username == "salesbot_bot"
    assert bot.bot.can_join_groups is True
    assert [call.method for call in api.calls] == ["getMe"]


async def test_send_message_returns_the_message(bot: Bot, api: FakeTelegram) -> None:
    first = await bot.send_message(USER, "3 of 5 asks")
    second = await bot.send_message(USER, "4 of 5 asks")
    in_group = await bot.send_message(GROUP, "tally")

    assert first.text == "3 of 5 asks"
    assert first.from_user is not None
    assert first.from_user.id == DEFAULT_BOT_ID
    assert (first.chat.id, first.chat.type) == (USER, "private")
    assert (first.message_id, second.message_id, in_group.message_id) == (1, 2, 1)
    assert in_group.chat.type == "supergroup"
    assert api.sent_texts(USER) == ["3 of 5 asks", "4 of 5 asks"]
    assert api.calls_to("sendMessage")[0].result["text"] == "3 of 5 asks"


async def test_reply_markup_is_recorded_as_json(bot: Bot, api: FakeTelegram) -> None:
    sent = await bot.send_message(USER, "Logged 1 ask", reply_markup=undo_keyboard())

    (call,) = api.calls_to("sendMessage")
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "undo:1"
    assert sent.reply_markup == undo_keyboard()


async def test_html_is_measured_as_telegram_shows_it(bot: Bot, api: FakeTelegram) -> None:
    html_text = "<b>" + "x" * 4090 + "</b> &amp;"  # 4104 characters, 4092 shown
    sent = await bot.send_message(USER, html_text, parse_mode="HTML")
    assert sent.text == "x" * 4090 + " &"
    assert api.sent_texts() == [html_text]


@pytest.mark.parametrize(
    ("text", "error"), [("x" * 4097, "Message is too long"), ("", "Message text is empty")]
)
async def test_text_limits(bot: Bot, api: FakeTelegram, text: str, error: str) -> None:
    with pytest.raises(BadRequest, match=error):
        await bot.send_message(USER, text)
    assert api.sent_texts() == []
    assert api.calls_to("sendMessage")[0].error_code == 400


async def test_callback_data_over_64_bytes_is_refused(bot: Bot) -> None:
    await bot.send_message(USER, "ok", reply_markup=undo_keyboard("a" * 64))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER, "too long", reply_markup=undo_keyboard("ä" * 33))


async def test_blocked_and_missing_chats(bot: Bot, api: FakeTelegram) -> None:
    api.blocked.add(USER)
    api.missing_chats.add(2002)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "nudge")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(2002, "nudge")


async def test_fail_next_retry_after(bot: Bot, api: FakeTelegram, timedelta_periods: None) -> None:
    api.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", times=2, retry_after=7)

    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(USER, "nudge")
        assert caught.value.retry_after == timedelta(seconds=7)
    await bot.send_message(USER, "nudge")
    assert api.sent_texts() == ["nudge"]


async def test_fail_next_migrated_group(bot: Bot, api: FakeTelegram) -> None:
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
    bot: Bot, api: FakeTelegram, timedelta_periods: None
) -> None:
    api.rate_limit(2, retry_after=3)
    await bot.send_message(USER, "one")
    await bot.send_message(USER, "two")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "three")
    assert caught.value.retry_after == timedelta(seconds=3)

    api.rate_limit(None)
    await bot.send_message(USER, "three")


async def test_edit_message_text(bot: Bot, api: FakeTelegram) -> None:
    sent = await bot.send_message(USER, "2 of 5 asks", reply_markup=undo_keyboard())

    edited = await bot.edit_message_text("3 of 5 asks", USER, sent.message_id)
    assert not isinstance(edited, bool)
    assert (edited.message_id, edited.text) == (sent.message_id, "3 of 5 asks")
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("3 of 5 asks", USER, sent.message_id)
    assert api.sent_texts(USER) == ["2 of 5 asks", "3 of 5 asks"]


async def test_send_document_and_photo_record_the_bytes(bot: Bot, api: FakeTelegram) -> None:
    csv = b"date,kind,count\n2024-05-02,ask,3\n"
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 640, 480) + b"\x08\x02"

    document = await bot.send_document(USER, csv, filename="entries.csv", caption="Your data")
    photo = await bot.send_photo(USER, png, filename="chart.png")

    doc_call, photo_call = api.calls_to("sendDocument")[0], api.calls_to("sendPhoto")[0]
    assert doc_call.files == {"document": csv}
    assert doc_call.params["_filename"] == "entries.csv"
    assert photo_call.files == {"photo": png}
    assert document.document is not None
    assert document.document.file_name == "entries.csv"
    assert document.document.mime_type == "text/csv"
    assert document.document.file_size == len(csv)
    assert document.caption == "Your data"
    assert (photo.photo[-1].width, photo.photo[-1].height) == (640, 480)


async def test_chat_members_and_admins(bot: Bot, api: FakeTelegram) -> None:
    api.chat_admins[GROUP] = {USER}

    admin = await bot.get_chat_member(GROUP, USER)
    member = await bot.get_chat_member(GROUP, 1002)
    admins = await bot.get_chat_administrators(GROUP)

    assert isinstance(admin, ChatMemberAdministrator)
    assert admin.can_change_info
    assert isinstance(member, ChatMemberMember)
    assert [a.user.id for a in admins] == [USER]
    assert await bot.get_chat_member_count(GROUP) == 2
    assert (await bot.get_chat(GROUP)).type == "supergroup"


async def test_other_methods_answer_true(bot: Bot, api: FakeTelegram) -> None:
    assert await bot.set_my_commands([BotCommand("ask", "log direct asks")])
    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    assert api.calls_to("setMyCommands")[0].params["commands"] == [
        {"command": "ask", "description": "log direct asks"}
    ]


async def test_get_updates_hands_out_fed_updates_until_an_offset_confirms_them(
    bot: Bot, api: FakeTelegram, factory: UpdateFactory
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


async def test_message_update(factory: UpdateFactory) -> None:
    update = factory.message("/ask 3", user_id=42, first_name="Bo")
    plain = factory.message("3 asks", user_id=42)

    assert update.effective_message is not None
    assert update.effective_message.text == "/ask 3"
    assert update.effective_user is not None
    assert update.effective_user.id == 42
    assert update.effective_chat is not None
    assert update.effective_chat.type == "private"
    assert filters.COMMAND.check_update(update)
    assert not filters.COMMAND.check_update(plain)
    assert plain.update_id == update.update_id + 1


async def test_command_with_bot_mention_in_a_group(factory: UpdateFactory) -> None:
    update = factory.message("/ask@salesbot_bot 2 Acme", chat_id=GROUP)
    handler = CommandHandler("ask", ignore)
    in_small_group = factory.message("/ask", chat_id=-4001)

    assert update.effective_message is not None
    assert update.effective_message.entities[0].length == len("/ask@salesbot_bot")
    assert update.effective_message.chat.type == "supergroup"
    assert handler.check_update(update)
    assert in_small_group.effective_chat is not None
    assert in_small_group.effective_chat.type == "group"


async def test_reply_and_edit(factory: UpdateFactory) -> None:
    update = factory.message("asked 2", reply_to_bot=True)
    edited = factory.edited(update, "/ask 3")

    message = update.effective_message
    assert message is not None
    assert message.reply_to_message is not None
    assert message.reply_to_message.from_user is not None
    assert message.reply_to_message.from_user.id == DEFAULT_BOT_ID
    assert edited.edited_message is not None
    assert edited.edited_message.message_id == message.message_id
    assert edited.edited_message.text == "/ask 3"
    assert edited.edited_message.edit_date is not None
    assert filters.COMMAND.check_update(edited)


async def test_callback_on_a_sent_message(
    bot: Bot, api: FakeTelegram, factory: UpdateFactory
) -> None:
    first = factory.message("/ask")
    sent = await bot.send_message(USER, "Logged 1 ask", reply_markup=undo_keyboard())
    update = factory.callback(sent, "undo:1")

    query = update.callback_query
    assert query is not None
    assert query.data == "undo:1"
    assert query.from_user.id == USER
    assert query.message is not None
    assert query.message.message_id == sent.message_id
    assert first.effective_message is not None
    assert sent.message_id == first.effective_message.message_id + 1  # ids shared per chat
    assert await query.answer("Undone")
    assert api.calls_to("answerCallbackQuery")[0].params["text"] == "Undone"


async def test_service_and_media_updates(factory: UpdateFactory) -> None:
    sticker, photo = factory.sticker(), factory.photo(caption="my pipeline")
    post = factory.channel_post("news")
    added = factory.my_chat_member(GROUP, old_status="left", new_status="member")
    promoted = factory.my_chat_member(GROUP, old_status="member", new_status="administrator")
    joined = factory.new_chat_members(GROUP, [(2002, "Cy"), (DEFAULT_BOT_ID, "Salesbot")])
    migrated = factory.migrate(-4001, GROUP)

    assert sticker.message is not None
    assert sticker.message.sticker is not None
    assert sticker.message.text is None
    assert photo.message is not None
    assert photo.message.caption == "my pipeline"
    assert post.channel_post is not None
    assert post.effective_user is None
    assert added.my_chat_member is not None
    assert added.my_chat_member.new_chat_member.user.id == DEFAULT_BOT_ID
    assert added.my_chat_member.old_chat_member.status == "left"
    assert promoted.my_chat_member is not None
    assert isinstance(promoted.my_chat_member.new_chat_member, ChatMemberAdministrator)
    assert joined.message is not None
    assert [u.id for u in joined.message.new_chat_members] == [2002, DEFAULT_BOT_ID]
    assert migrated.message is not None
    assert migrated.message.migrate_to_chat_id == GROUP
    assert all(isinstance(u, Update) for u in (sticker, photo, post, added, joined, migrated))
