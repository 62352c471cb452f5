"""A fake Bot API over real HTTP, for tests that start `salesbot run` as a process.

It answers `{root}/bot<token>/<method>` as Telegram does for the calls the bot makes at
start and while serving: getMe (401 for any other token), long-polling getUpdates with
Telegram's offset rule (an update is confirmed by asking for a higher offset), the
webhook and menu calls, and sendMessage. Failures can be queued per method. Anything not
under /bot<token>/ gets Telegram's 404.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import tornado.httpserver
import tornado.web

from bot.runtime.telegram_json import DEFAULT_BOT_ID, DEFAULT_BOT_USERNAME

TOKEN = "123456789:AAH-fake_Token-for-process-tests_0123"
NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class HttpBotApi:
    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    faults: dict[str, deque[tuple[int, str]]] = field(default_factory=dict)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    next_update_id: int = 1
    next_message_id: int = 100

    def fail_next(self, method: str, code: int, description: str, times: int = 1) -> None:
        self.faults.setdefault(method, deque()).extend([(code, description)] * times)

    def send_text(self, text: str, user_id: int = 1001, first_name: str = "Ann") -> int:
        """A user writes to the bot in a private chat; the next getUpdates hands it out."""
        update_id, self.next_update_id = self.next_update_id, self.next_update_id + 1
        self.updates.append(message_update(update_id, text, user_id, first_name))
        self.arrived.set()
        return update_id

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def sent_texts(self) -> list[str]:
        return [str(call.params["text"]) for call in self.calls_to("sendMessage")]

    async def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.calls.append(Call(method, params))
        faults = self.faults.get(method)
        if faults:
            code, description = faults.popleft()
            return code, {"ok": False, "error_code": code, "description": description}
        if method == "getUpdates":
            return 200, {"ok": True, "result": await self._get_updates(params)}
        return 200, {"ok": True, "result": self._result(method, params)}

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]  # confirmed
        if not self.updates:
            self.arrived.clear()
            timeout = min(float(params.get("timeout") or 0), 2.0)
            try:
                await asyncio.wait_for(self.arrived.wait(), timeout)
            except TimeoutError:
                return []
        return self.updates[: int(params.get("limit") or 100)]  # Telegram's default and most

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": DEFAULT_BOT_ID,
                "is_bot": True,
                "first_name": "Salesbot",
                "username": DEFAULT_BOT_USERNAME,
            }
        if method == "sendMessage":
            self.next_message_id += 1
            chat_id = int(params["chat_id"])
            return {
                "message_id": self.next_message_id,
                "date": 0,
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "text": params.get("text", ""),
            }
        return True


def message_update(update_id: int, text: str, user_id: int, first_name: str) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": first_name}
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": 1_700_000_000,
        "chat": {"id": user_id, "type": "private", "first_name": first_name},
        "from": user,
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {"update_id": update_id, "message": message}


class _Method(tornado.web.RequestHandler):
    def initialize(self, api: HttpBotApi) -> None:
        self.api = api

    async def post(self, token: str, method: str) -> None:
        if token != self.api.token:
            code, body = (404, NOT_FOUND) if ":" not in token else (401, _unauthorized())
        else:
            code, body = await self.api.answer(method, self._params())
        self.set_status(code)
        self.finish(json.dumps(body))

    get = post

    def _params(self) -> dict[str, Any]:
        if self.request.headers.get("Content-Type", "").startswith("application/json"):
            return dict(json.loads(self.request.body or b"{}"))
        return {name: self.get_argument(name) for name in self.request.arguments}


def _unauthorized() -> dict[str, Any]:
    return {"ok": False, "error_code": 401, "description": "Unauthorized"}


class _NotFound(tornado.web.RequestHandler):
    def prepare(self) -> None:
        self.set_status(404)
        self.finish(json.dumps(NOT_FOUND))


def start_server(api: HttpBotApi, port: int) -> tornado.httpserver.HTTPServer:
    app = tornado.web.Application(
        [(r"/bot([^/]+)/(\w+)", _Method, {"api": api})],
        default_handler_class=_NotFound,
        log_function=lambda _handler: None,
    )
    server = tornado.httpserver.HTTPServer(app)
    server.listen(port, "127.0.0.1")
    return server
