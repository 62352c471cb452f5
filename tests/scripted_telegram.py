"""The fake Bot API as the tests script it: failures, blocked users, missing chats, a rate
limit, and updates for getUpdates.

`ScriptedTelegram` is `bot.runtime.fake_telegram.FakeTelegram` plus what only tests need;
the package keeps the fake that the console uses, which never fails on its own.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from telegram.request import BaseRequest, RequestData

from bot.runtime.clock import Clock
from bot.runtime.fake_telegram import ApiCall, FakeTelegram, Refusal, as_chat_id
from bot.runtime.telegram_json import JSON, chat_json, chat_type_of, member_json

_DELIVERY = ("send", "edit", "copy", "forward")  # methods a blocked user refuses


class ScriptedTelegram(FakeTelegram):
    """FakeTelegram that fails when told to; see the module docstring."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(clock)
        self.blocked: set[int] = set()
        self.missing_chats: set[int] = set()
        self.updates: list[JSON] = []  # Update dicts not yet confirmed by a getUpdates offset
        self._faults: dict[str, deque[Refusal]] = {}
        self._burst: int | None = None
        self._retry_after = 1
        self._window: deque[float] = deque()
        self.handlers |= {
            "getUpdates": self._get_updates,
            "getWebhookInfo": self._get_webhook_info,
            "getChat": self._get_chat,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMemberCount": self._get_chat_member_count,
        }

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
        if url.endswith("/getUpdates") and not self.updates:
            # Long polling: don't let an Updater spin on an empty queue.
            timeout = request_data.parameters.get("timeout") if request_data else None
            await asyncio.sleep(min(float(str(timeout or 0)), 0.1))
        return await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )

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
        faults.extend(Refusal(error_code, description, parameters) for _ in range(times))

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
            and (chat_id is None or as_chat_id(call.params.get("chat_id")) == chat_id)
        ]

    def refuse(self, call: ApiCall) -> None:
        faults = self._faults.get(call.method)
        if faults:
            raise faults.popleft()
        if "chat_id" in call.params:
            chat_id = as_chat_id(call.params["chat_id"])
            if chat_id in self.missing_chats:
                raise Refusal(400, "Bad Request: chat not found")
            if chat_id in self.blocked and call.method.startswith(_DELIVERY):
                chat_type = chat_type_of(chat_id)
                if chat_type == "private":
                    raise Refusal(403, "Forbidden: bot was blocked by the user")
                raise Refusal(403, f"Forbidden: bot was kicked from the {chat_type} chat")
        if self._burst is not None and call.method.startswith("send"):
            # Telegram's limit is in real seconds, as is the client's limiter it tests.
            now, window = time.monotonic(), self._window
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= self._burst:
                retry = self._retry_after
                raise Refusal(
                    429, f"Too Many Requests: retry after {retry}", {"retry_after": retry}
                )
            window.append(now)

    def _get_updates(self, call: ApiCall) -> list[JSON]:
        """As Telegram: an offset confirms (drops) every update below it; the rest stay."""
        offset = int(call.params.get("offset") or 0)
        if offset:
            self.updates = [update for update in self.updates if update["update_id"] >= offset]
        return self.updates[: int(call.params.get("limit") or 100)]

    def _get_webhook_info(self, call: ApiCall) -> JSON:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    def _get_chat(self, call: ApiCall) -> JSON:
        gifts = {
            "unlimited_gifts": True,
            "limited_gifts": True,
            "unique_gifts": True,
            "premium_subscription": True,
            "gifts_from_channels": True,
        }
        chat = chat_json(as_chat_id(call.params["chat_id"]))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    def _get_chat_administrators(self, call: ApiCall) -> list[JSON]:
        admins = sorted(self.chat_admins.get(int(call.params["chat_id"]), ()))
        return [member_json(self._member_user(user_id), "administrator") for user_id in admins]

    def _get_chat_member_count(self, call: ApiCall) -> int:
        """The fake knows only the admins and the bot itself."""
        admins = self.chat_admins.get(int(call.params["chat_id"]), set())
        return len(admins | {self.bot_user["id"]})
