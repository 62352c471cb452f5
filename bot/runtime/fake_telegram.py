"""A fake Telegram Bot API at the request edge.

`FakeTelegram` is a `telegram.request.BaseRequest`: give it to `telegram.Bot` (or to
`ApplicationBuilder().request(...)`) and every Bot API call is answered in-process the way
Telegram answers it — same JSON, same limits, same error replies, which PTB turns into
`BadRequest`, `Forbidden`, `RetryAfter` and `ChatMigrated` — and recorded in `calls`.
`bot.runtime.fake_updates.UpdateFactory` builds the Updates to feed `Application.process_update`.
Used by `salesbot console`, the tests and the benchmarks: no token, no network. It never
fails on its own: the tests script failures (`tests/scripted_telegram.py`) through `refuse`.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
import struct
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.runtime.clock import Clock
from bot.runtime.telegram_json import (
    DEFAULT_BOT_FIRST_NAME,
    DEFAULT_BOT_ID,
    DEFAULT_BOT_USERNAME,
    JSON,
    ChatId,
    chat_json,
    member_json,
    user_json,
)

_MAX_TEXT, _MAX_CAPTION, _MAX_CALLBACK_DATA = 4096, 1024, 64
_REMEMBERED_MESSAGES = 10_000
_HTML_TAG = re.compile(r"<[^>]*>")
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


class Refusal(Exception):
    """An error answer, as Telegram words it; PTB raises the matching TelegramError."""

    def __init__(self, error_code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.error_code, self.description, self.parameters = error_code, description, parameters


def as_chat_id(value: Any) -> ChatId:
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)  # "@channelusername"


def _image_size(content: bytes) -> tuple[int, int]:
    if content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    return 800, 600


class FakeTelegram(BaseRequest):
    """The Bot API answered in-process; see the module docstring.

    `on_answer`, when given, sees every call once it is answered (the console prints them).
    """

    def __init__(
        self,
        clock: Clock,
        bot_id: int = DEFAULT_BOT_ID,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = DEFAULT_BOT_FIRST_NAME,
        *,
        on_answer: Callable[[ApiCall], None] | None = None,
    ) -> None:
        self.clock = clock  # the dates of the messages it answers with, as Telegram's are
        self.bot_user = user_json(bot_id, bot_first_name, bot_username, is_bot=True)
        self.calls: list[ApiCall] = []
        self.chat_admins: dict[int, set[int]] = {}
        self.chat_titles: dict[ChatId, str] = {}
        self.on_answer = on_answer
        self._message_ids: dict[ChatId, int] = {}
        self._shown: OrderedDict[tuple[ChatId, int], tuple[str, Any, JSON]] = OrderedDict()
        self.handlers: dict[str, Callable[[ApiCall], Any]] = {
            "getMe": self._get_me,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message,
            "editMessageReplyMarkup": self._edit_message,
            "sendPhoto": self._send_file,
            "sendDocument": self._send_file,
            "getChatMember": self._get_chat_member,
        }
        """Bot API method → its answer; any other method answers `true`."""

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
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        call = ApiCall(
            url.rpartition("/")[2], {} if request_data is None else request_data.parameters
        )
        if request_data is not None and request_data.contains_files:
            for name, (filename, content, _) in request_data.multipart_data.items():
                call.files[name] = content if isinstance(content, bytes) else content.read()
                call.params.setdefault("_filename", filename)
        self.calls.append(call)
        try:
            self.refuse(call)
            handler = self.handlers.get(call.method)
            call.result = True if handler is None else handler(call)
        except Refusal as refusal:
            call.error_code = refusal.error_code
            body = {"ok": False, "error_code": refusal.error_code, "description": str(refusal)}
            if refusal.parameters:
                body["parameters"] = refusal.parameters
            return refusal.error_code, json.dumps(body).encode()
        finally:
            if self.on_answer is not None:
                self.on_answer(call)
        return 200, json.dumps({"ok": True, "result": call.result}).encode()

    def refuse(self, call: ApiCall) -> None:
        """Raise `Refusal` to answer `call` with an error. The fake refuses nothing by
        itself; tests and benchmarks override this to script failures."""

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    def clear(self) -> None:
        """Forget the recorded calls; message ids and the messages' state stay."""
        self.calls.clear()

    def next_message_id(self, chat_id: ChatId) -> int:
        """Message ids count up per chat, shared by the bot's and the users' messages."""
        self._message_ids[chat_id] = message_id = self._message_ids.get(chat_id, 0) + 1
        return message_id

    def continue_after(self, chat_id: ChatId, message_id: int) -> None:
        """Number the chat's next messages after `message_id` (a chat seen in an earlier run)."""
        self._message_ids[chat_id] = max(self._message_ids.get(chat_id, 0), message_id)

    def message(self, chat_id: ChatId, message_id: int) -> JSON | None:
        """A message the bot sent, as it is now: edits replace its text and its buttons
        (an edit without `reply_markup` removes them, as in Telegram). None if unknown."""
        shown = self._shown.get((chat_id, message_id))
        return None if shown is None else shown[2]

    def _get_me(self, call: ApiCall) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    @staticmethod
    def _text(params: JSON, key: str = "text") -> str:
        """The text as Telegram shows it (HTML tags parsed away), within Telegram's limits."""
        text = params.get(key) or ""
        if str(params.get("parse_mode", "")).lower() == "html":
            text = html.unescape(_HTML_TAG.sub("", text))
        if key == "text" and not text.strip():
            raise Refusal(400, "Bad Request: message text is empty")
        if key == "text" and len(text) > _MAX_TEXT:
            raise Refusal(400, "Bad Request: message is too long")
        if len(text) > _MAX_CAPTION and key == "caption":
            raise Refusal(400, "Bad Request: message caption is too long")
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
                    raise Refusal(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup or None

    def _message(self, chat_id: ChatId, message_id: int, markup: Any) -> JSON:
        message: JSON = {
            "message_id": message_id,
            "date": int(self.clock().timestamp()),
            "chat": chat_json(chat_id, self.chat_titles.get(chat_id)),
            "from": self.bot_user,
        }
        if markup and "inline_keyboard" in markup:  # reply keyboards are not echoed back
            message["reply_markup"] = markup
        return message

    def _show(self, chat_id: ChatId, raw_text: str, markup: Any, message: JSON) -> JSON:
        """Remember the message as it now is; return it."""
        self._shown[chat_id, message["message_id"]] = (raw_text, markup, message)
        self._shown.move_to_end((chat_id, message["message_id"]))
        if len(self._shown) > _REMEMBERED_MESSAGES:
            self._shown.popitem(last=False)
        return message

    def _send_message(self, call: ApiCall) -> JSON:
        text, markup = self._text(call.params), self._markup(call.params)
        chat_id = as_chat_id(call.params["chat_id"])
        message = self._message(chat_id, self.next_message_id(chat_id), markup)
        message["text"] = text
        return self._show(chat_id, call.params["text"], markup, message)

    def _edit_message(self, call: ApiCall) -> JSON | bool:
        params = call.params
        markup = self._markup(params)
        text = self._text(params) if call.method == "editMessageText" else ""
        if "inline_message_id" in params:
            return True
        chat_id = as_chat_id(params["chat_id"])
        key = (chat_id, int(params["message_id"]))
        last = self._shown.get(key)
        raw = params.get("text", last[0] if last else "")  # editMessageReplyMarkup keeps it
        if last is not None and last[:2] == (raw, markup):
            raise Refusal(400, _NOT_MODIFIED)
        message = self._message(chat_id, key[1], markup)
        message["edit_date"] = message["date"]
        if text or raw:
            message["text"] = text or raw
        return self._show(chat_id, raw, markup, message)

    def _send_file(self, call: ApiCall) -> JSON:
        kind = "photo" if call.method == "sendPhoto" else "document"
        caption, markup = self._text(call.params, "caption"), self._markup(call.params)
        chat_id = as_chat_id(call.params["chat_id"])
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
