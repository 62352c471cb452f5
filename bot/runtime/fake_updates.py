"""Real `telegram.Update`s, built the way Telegram sends them, for `process_update`.

Used with `bot.runtime.fake_telegram.FakeTelegram` by `salesbot console`, the tests and the
benchmarks; sharing the fake's message ids keeps a chat's ids unique, as in Telegram.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import Bot, Message, Update

from bot.runtime.fake_telegram import (
    DEFAULT_BOT_FIRST_NAME,
    DEFAULT_BOT_ID,
    DEFAULT_BOT_USERNAME,
    JSON,
    FakeTelegram,
    chat_type_of,
    command_entities,
    member_json,
    user_json,
)


class UpdateFactory:
    """Builds the `telegram.Update`s Telegram would deliver, with increasing update ids.

    `api` shares per-chat message ids with a `FakeTelegram`, so the ids of the bot's
    messages and of the users' messages never collide, as in a real chat.
    """

    def __init__(
        self,
        bot: Bot,
        bot_id: int = DEFAULT_BOT_ID,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = DEFAULT_BOT_FIRST_NAME,
        *,
        api: FakeTelegram,
    ) -> None:
        self.bot = bot
        self.bot_user = user_json(bot_id, bot_first_name, bot_username, is_bot=True)
        self._ids = api
        self._update_id = 0

    def _update(self, **payload: Any) -> Update:
        self._update_id += 1
        return Update.de_json({"update_id": self._update_id, **payload}, self.bot)

    def _date(self, date: datetime | None) -> int:
        """A message date: `date`, or now by the fake Bot API's clock (the app's clock)."""
        return int((date or self._ids.clock()).timestamp())

    @staticmethod
    def _chat(chat_id: int, user: JSON, chat_type: str | None = None) -> JSON:
        chat_type = chat_type or chat_type_of(chat_id)
        if chat_type != "private":
            return {"id": chat_id, "type": chat_type, "title": f"Group {chat_id}"}
        chat = {"id": chat_id, "type": chat_type, "first_name": user["first_name"]}
        return chat | ({"username": user["username"]} if "username" in user else {})

    def _message(
        self, chat: JSON, sender: JSON | None, date: datetime | None, **fields: Any
    ) -> JSON:
        message: JSON = {
            "message_id": self._ids.next_message_id(chat["id"]),
            "date": self._date(date),
            "chat": chat,
        }
        if sender is not None:
            message["from"] = sender
        return message | fields

    def _user_message(
        self, user_id: int, first_name: str, chat_id: int | None, **fields: Any
    ) -> Update:
        user = user_json(user_id, first_name)
        chat = self._chat(user_id if chat_id is None else chat_id, user)
        return self._update(message=self._message(chat, user, None, **fields))

    def message(
        self,
        text: str,
        *,
        user_id: int = 1001,
        first_name: str = "Ann",
        chat_id: int | None = None,
        chat_type: str | None = None,
        username: str | None = None,
        is_bot: bool = False,
        reply_to_bot: bool = False,
        date: datetime | None = None,
    ) -> Update:
        """A text message from a user; the chat is their private chat unless `chat_id` says."""
        user = user_json(user_id, first_name, username, is_bot)
        chat = self._chat(user_id if chat_id is None else chat_id, user, chat_type)
        fields: JSON = {"text": text}
        if reply_to_bot:
            fields["reply_to_message"] = self._message(chat, self.bot_user, date, text="…")
        if entities := command_entities(text):
            fields["entities"] = entities
        return self._update(message=self._message(chat, user, date, **fields))

    def edited(self, original: Update, new_text: str) -> Update:
        """The same message (same id and chat) after its author edited the text."""
        if original.effective_message is None:
            raise ValueError("the original update carries no message")
        message = original.effective_message.to_dict()
        message.pop("entities", None)
        message |= {"text": new_text, "edit_date": self._date(None)}
        if entities := command_entities(new_text):
            message["entities"] = entities
        return self._update(edited_message=message)

    def callback(
        self, message: JSON | Message, data: str, *, user_id: int = 1001, first_name: str = "Ann"
    ) -> Update:
        """A tap on an inline button of `message`, a message the bot sent."""
        sent = message.to_dict() if isinstance(message, Message) else message
        query = {
            "id": f"cb{self._update_id + 1}",
            "from": user_json(user_id, first_name),
            "chat_instance": f"ci{sent['chat']['id']}",
            "message": sent,
            "data": data,
        }
        return self._update(callback_query=query)

    def sticker(
        self, *, user_id: int = 1001, first_name: str = "Ann", chat_id: int | None = None
    ) -> Update:
        sticker: JSON = {
            "file_id": "sticker-1",
            "file_unique_id": "u-sticker-1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return self._user_message(user_id, first_name, chat_id, sticker=sticker)

    def photo(
        self,
        *,
        user_id: int = 1001,
        first_name: str = "Ann",
        chat_id: int | None = None,
        caption: str = "",
    ) -> Update:
        size = {"file_id": "photo-1", "file_unique_id": "u-photo-1", "width": 800, "height": 600}
        extra = {"caption": caption} if caption else {}
        return self._user_message(user_id, first_name, chat_id, photo=[size], **extra)

    def channel_post(self, text: str, chat_id: int = -1001000000002) -> Update:
        chat = {"id": chat_id, "type": "channel", "title": f"Channel {chat_id}"}
        return self._update(
            channel_post=self._message(chat, None, None, sender_chat=chat, text=text)
        )

    def my_chat_member(
        self,
        chat_id: int,
        *,
        old_status: str,
        new_status: str,
        by_user_id: int = 1001,
        by_first_name: str = "Ann",
    ) -> Update:
        """The bot's own membership changed, e.g. it was added to or removed from a group."""
        by_user = user_json(by_user_id, by_first_name)
        change = {
            "chat": self._chat(chat_id, by_user),
            "from": by_user,
            "date": self._date(None),
            "old_chat_member": member_json(self.bot_user, old_status),
            "new_chat_member": member_json(self.bot_user, new_status),
        }
        return self._update(my_chat_member=change)

    def new_chat_members(
        self, chat_id: int, members: list[tuple[int, str]], *, by_user_id: int | None = None
    ) -> Update:
        """Service message: `members` joined, added by `by_user_id` (default: they joined)."""
        bot_id = self.bot_user["id"]
        joined = [self.bot_user if i == bot_id else user_json(i, name) for i, name in members]
        by_user = joined[0] if by_user_id is None else user_json(by_user_id, "Ann")
        chat = self._chat(chat_id, by_user)
        return self._update(message=self._message(chat, by_user, None, new_chat_members=joined))

    def migrate(self, chat_id: int, to_chat_id: int, *, user_id: int = 1001) -> Update:
        """Service message in a group that was upgraded to the supergroup `to_chat_id`."""
        return self._user_message(user_id, "Ann", chat_id, migrate_to_chat_id=to_chat_id)
