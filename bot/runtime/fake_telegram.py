"""A fake Telegram Bot API at the request edge.

`FakeTelegram` is a `telegram.request.BaseRequest`: give it to `telegram.Bot` (or to
`ApplicationBuilder().request(...)`) and every Bot API call is answered in-process the way
Telegram answers it — same JSON, same limits, same error replies, which PTB turns into
`BadRequest`, `Forbidden`, `RetryAfter` and `ChatMigrated` — and recorded in `calls`.
`bot.runtime.fake_updates.UpdateFactory` builds the Updates to feed `Application.process_update`.
Used by `salesbot console`, the tests and the benchmarks: no token, no network.
"""

from __future__ import annotations

import asyncio
import html
import json
import mimetypes
import re
import struct
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.runtime.clock import Clock

JSON = dict[str, Any]
ChatId = int | str

DEFAULT_BOT_ID = 7000000001
DEFAULT_BOT_USERNAME = "salesbot_bot"
DEFAULT_BOT_FIRST_NAME = "Salesbot"

_MAX_TEXT, _MAX_CAPTION, _MAX_CALLBACK_DATA = 4096, 1024, 64
_REMEMBERED_TEXTS = 10_000
_HTML_TAG = re.compile(r"<[^>]*>")
_DELIVERY = ("send", "edit", "copy", "forward")  # methods a blocked user refuses
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
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


@dataclass(slots=True)
class ApiCall:
    """One Bot API request as the fake received it, and how it was answered."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None  # the "result" sent back; None when refused
    error_code: int | None = None


class _Refusal(Exception):
    def __init__(self, error_code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.error_code, self.description, self.parameters = error_code, description, parameters


def _as_chat_id(value: Any) -> ChatId:
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)  # "@channelusername"


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


def _image_size(content: bytes) -> tuple[int, int]:
    if content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    return 800, 600


class FakeTelegram(BaseRequest):
    """The Bot API answered in-process; see the module docstring."""

    def __init__(
        self,
        clock: Clock,
        bot_id: int = DEFAULT_BOT_ID,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = DEFAULT_BOT_FIRST_NAME,
    ) -> None:
        self.clock = clock  # the dates of the messages it answers with, as Telegram's are
        self.bot_user = user_json(bot_id, bot_first_name, bot_username, is_bot=True)
        self.calls: list[ApiCall] = []
        self.blocked: set[int] = set()
        self.missing_chats: set[int] = set()
        self.chat_admins: dict[int, set[int]] = {}
        self.updates: list[JSON] = []  # Update dicts not yet confirmed by a getUpdates offset
        self._faults: dict[str, deque[_Refusal]] = {}
        self._burst: int | None = None
        self._retry_after = 1
        self._window: deque[float] = deque()
        self._message_ids: dict[ChatId, int] = {}
        self._last_texts: OrderedDict[tuple[ChatId, int], tuple[str, Any]] = OrderedDict()
        self._handlers: dict[str, Callable[[ApiCall], Any]] = {
            "getMe": self._get_me,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message,
            "editMessageReplyMarkup": self._edit_message,
            "sendPhoto": self._send_file,
            "sendDocument": self._send_file,
            "getUpdates": self._get_updates,
            "getWebhookInfo": self._get_webhook_info,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMemberCount": self._get_chat_member_count,
        }

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        call = ApiCall(
            url.rpartition("/")[2], {} if request_data is None else request_data.parameters
        )
        if request_data is not None and request_data.contains_files:
            for name, (filename, content, _) in request_data.multipart_data.items():
                call.files[name] = content if isinstance(content, bytes) else content.read()
                call.params.setdefault("_filename", filename)
        if call.method == "getUpdates" and not self.updates:
            # Long polling: don't let an Updater spin on an empty queue.
            await asyncio.sleep(min(float(call.params.get("timeout") or 0), 0.1))
        self.calls.append(call)
        try:
            call.result = self._answer(call)
        except _Refusal as refusal:
            call.error_code = refusal.error_code
            body = {"ok": False, "error_code": refusal.error_code, "description": str(refusal)}
            if refusal.parameters:
                body["parameters"] = refusal.parameters
            return refusal.error_code, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": call.result}).encode()

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        *,
        times: int = 1,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        """Make the next `times` calls of `method` fail so (queued after earlier failures)."""
        parameters: JSON = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        faults = self._faults.setdefault(method, deque())
        faults.extend(_Refusal(error_code, description, parameters) for _ in range(times))

    def rate_limit(self, burst: int | None, retry_after: int = 1) -> None:
        """Answer 429 to send* calls once `burst` of them fell in the last second; None lifts."""
        self._burst, self._retry_after = burst, retry_after
        self._window.clear()

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Texts of the messages the bot sent or edited successfully, oldest first."""
        return [
            call.params["text"]
            for call in self.calls
            if call.method in ("sendMessage", "editMessageText")
            and call.error_code is None
            and (chat_id is None or _as_chat_id(call.params.get("chat_id")) == chat_id)
        ]

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    def clear(self) -> None:
        """Forget the recorded calls; faults, limits and message ids stay."""
        self.calls.clear()

    def next_message_id(self, chat_id: ChatId) -> int:
        """Message ids count up per chat, shared by the bot's and the users' messages."""
        self._message_ids[chat_id] = message_id = self._message_ids.get(chat_id, 0) + 1
        return message_id

    def _answer(self, call: ApiCall) -> Any:
        faults = self._faults.get(call.method)
        if faults:
            raise faults.popleft()
        if "chat_id" in call.params:
            chat_id = _as_chat_id(call.params["chat_id"])
            if chat_id in self.missing_chats:
                raise _Refusal(400, "Bad Request: chat not found")
            if chat_id in self.blocked and call.method.startswith(_DELIVERY):
                chat_type = chat_type_of(chat_id)
                if chat_type == "private":
                    raise _Refusal(403, "Forbidden: bot was blocked by the user")
                raise _Refusal(403, f"Forbidden: bot was kicked from the {chat_type} chat")
        if self._burst is not None and call.method.startswith("send"):
            now, window = time.monotonic(), self._window
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= self._burst:
                retry = self._retry_after
                raise _Refusal(
                    429, f"Too Many Requests: retry after {retry}", {"retry_after": retry}
                )
            window.append(now)
        handler = self._handlers.get(call.method)
        return True if handler is None else handler(call)

    def _get_me(self, call: ApiCall) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _get_webhook_info(self, call: ApiCall) -> JSON:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    def _get_updates(self, call: ApiCall) -> list[JSON]:
        """As Telegram: an offset confirms (drops) every update below it; the rest stay."""
        offset = int(call.params.get("offset") or 0)
        if offset:
            self.updates = [update for update in self.updates if update["update_id"] >= offset]
        return self.updates[: int(call.params.get("limit") or 100)]

    @staticmethod
    def _chat(chat_id: ChatId) -> JSON:
        chat_type = chat_type_of(chat_id)
        if chat_type == "private":
            return {"id": chat_id, "type": chat_type, "first_name": f"User {chat_id}"}
        return {"id": chat_id, "type": chat_type, "title": f"Group {chat_id}"}

    @staticmethod
    def _text(params: JSON, key: str = "text") -> str:
        """The text as Telegram shows it (HTML tags parsed away), within Telegram's limits."""
        text = params.get(key) or ""
        if str(params.get("parse_mode", "")).lower() == "html":
            text = html.unescape(_HTML_TAG.sub("", text))
        if key == "text" and not text.strip():
            raise _Refusal(400, "Bad Request: message text is empty")
        if key == "text" and len(text) > _MAX_TEXT:
            raise _Refusal(400, "Bad Request: message is too long")
        if len(text) > _MAX_CAPTION and key == "caption":
            raise _Refusal(400, "Bad Request: message caption is too long")
        return str(text)

    @staticmethod
    def _markup(params: JSON) -> Any:
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = params["reply_markup"] = json.loads(markup)
        for row in (markup or {}).get("inline_keyboard", ()):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= _MAX_CALLBACK_DATA:
                    raise _Refusal(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup or None

    def _message(self, chat_id: ChatId, message_id: int, markup: Any) -> JSON:
        message: JSON = {
            "message_id": message_id,
            "date": int(self.clock().timestamp()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
        }
        if markup and "inline_keyboard" in markup:  # reply keyboards are not echoed back
            message["reply_markup"] = markup
        return message

    def _remember(self, key: tuple[ChatId, int], text: str, markup: Any) -> None:
        self._last_texts[key] = (text, markup)
        if len(self._last_texts) > _REMEMBERED_TEXTS:
            self._last_texts.popitem(last=False)

    def _send_message(self, call: ApiCall) -> JSON:
        text, markup = self._text(call.params), self._markup(call.params)
        chat_id = _as_chat_id(call.params["chat_id"])
        message = self._message(chat_id, self.next_message_id(chat_id), markup)
        message["text"] = text
        self._remember((chat_id, message["message_id"]), call.params["text"], markup)
        return message

    def _edit_message(self, call: ApiCall) -> JSON | bool:
        params = call.params
        markup = self._markup(params)
        text = self._text(params) if call.method == "editMessageText" else ""
        if "inline_message_id" in params:
            return True
        chat_id = _as_chat_id(params["chat_id"])
        key = (chat_id, int(params["message_id"]))
        last = self._last_texts.get(key)
        raw = params.get("text", last[0] if last else "")  # editMessageReplyMarkup keeps it
        if last == (raw, markup):
            raise _Refusal(400, _NOT_MODIFIED)
        self._remember(key, raw, markup)
        message = self._message(chat_id, key[1], markup)
        message["edit_date"] = message["date"]
        if text or raw:
            message["text"] = text or raw
        return message

    def _send_file(self, call: ApiCall) -> JSON:
        kind = "photo" if call.method == "sendPhoto" else "document"
        caption, markup = self._text(call.params, "caption"), self._markup(call.params)
        chat_id = _as_chat_id(call.params["chat_id"])
        message = self._message(chat_id, self.next_message_id(chat_id), markup)
        content = call.files.get(kind, b"")
        sent_id = call.params.get(kind)  # a file_id or URL when nothing was uploaded
        file_id = (
            sent_id if isinstance(sent_id, str) else f"{kind}-{chat_id}-{message['message_id']}"
        )
        described: JSON = {"file_id": file_id, "file_unique_id": f"u-{file_id}"}
        described["file_size"] = len(content)
        if kind == "photo":
            described["width"], described["height"] = _image_size(content)
            message["photo"] = [described]
        else:
            described["file_name"] = name = call.params.get("_filename", "document")
            described["mime_type"] = mimetypes.guess_type(name)[0] or "application/octet-stream"
            message["document"] = described
        if caption:
            message["caption"] = caption
        return message

    def _get_chat(self, call: ApiCall) -> JSON:
        gifts = {
            "unlimited_gifts": True,
            "limited_gifts": True,
            "unique_gifts": True,
            "premium_subscription": True,
            "gifts_from_channels": True,
        }
        chat = self._chat(_as_chat_id(call.params["chat_id"]))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    def _member_user(self, user_id: int) -> JSON:
        return (
            self.bot_user
            if user_id == self.bot_user["id"]
            else user_json(user_id, f"User {user_id}")
        )

    def _get_chat_member(self, call: ApiCall) -> JSON:
        user_id = int(call.params["user_id"])
        is_admin = user_id in self.chat_admins.get(int(call.params["chat_id"]), ())
        return member_json(self._member_user(user_id), "administrator" if is_admin else "member")

    def _get_chat_administrators(self, call: ApiCall) -> list[JSON]:
        admins = sorted(self.chat_admins.get(int(call.params["chat_id"]), ()))
        return [member_json(self._member_user(user_id), "administrator") for user_id in admins]

    def _get_chat_member_count(self, call: ApiCall) -> int:
        """The fake knows only the admins and the bot itself."""
        admins = self.chat_admins.get(int(call.params["chat_id"]), set())
        return len(admins | {self.bot_user["id"]})
