"""Telegram's objects as the Bot API's JSON: users, chats, chat members, command entities.

Shared by the fake Bot API (`fake_telegram`) and the Updates it is fed (`fake_updates`).
"""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]
ChatId = int | str

DEFAULT_BOT_ID = 7000000001
DEFAULT_BOT_USERNAME = "salesbot_bot"
DEFAULT_BOT_FIRST_NAME = "Salesbot"

_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
}


def chat_type_of(chat_id: ChatId) -> str:
    if isinstance(chat_id, str):
        return "channel"
    if chat_id > 0:
        return "private"
    return "supergroup" if str(chat_id).startswith("-100") else "group"


def user_json(
    user_id: int, first_name: str, username: str | None = None, is_bot: bool = False
) -> JSON:
    user: JSON = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if username:
        user["username"] = username
    return user


def member_json(user: JSON, status: str) -> JSON:
    """A ChatMember dict; statuses member, administrator, creator, left and kicked."""
    member: JSON = {"status": status, "user": user}
    if status == "administrator":
        member.update(_ADMIN_RIGHTS)
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = 0
    return member


def command_entities(text: str) -> list[JSON]:
    """Telegram marks a leading /command (with its @botname) as a bot_command entity."""
    command = text.split(maxsplit=1)[0] if text.startswith("/") else ""
    if len(command) < 2:
        return []
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


def chat_json(chat_id: ChatId, title: str | None = None) -> JSON:
    """A chat as the bot sees it in the messages it sends."""
    chat_type = chat_type_of(chat_id)
    if chat_type == "private":
        return {"id": chat_id, "type": chat_type, "first_name": f"User {chat_id}"}
    return {"id": chat_id, "type": chat_type, "title": title or f"Group {chat_id}"}
