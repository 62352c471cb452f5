"""`salesbot run` as a real process, against the fake Bot API served over HTTP on loopback.

For the faults that live in the process: floods, kill -9, SIGTERM with a backlog.
`BotApiServer` serves `FakeTelegram` at `{root}/bot<token>/<method>` the way Telegram does:
long polling that answers as soon as an update arrives, an update handed out again and
again until a later getUpdates offset confirms it. It records when each update was made
available and when each message was sent, on the monotonic clock of this process (an edge:
two processes, real time). `BotProcess` is `python -m bot run` with its output in a file.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tornado.httpserver
import tornado.web

from bot.runtime.fake_telegram import JSON, ApiCall, FakeTelegram
from tests.harness import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:process-test"


@dataclass(frozen=True, slots=True)
class Sent:
    chat_id: int
    text: str
    at: float  # time.perf_counter() of this process


class _Method(tornado.web.RequestHandler):
    def initialize(self, server: BotApiServer) -> None:
        self.server = server

    async def post(self, method: str) -> None:
        fields = {name: values[-1].decode() for name, values in self.request.body_arguments.items()}
        status, body = await self.server.answer(method, fields)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(body)


class BotApiServer:
    def __init__(self) -> None:
        self.api = FakeTelegram()
        self.sent: list[Sent] = []
        self.made_available: dict[int, float] = {}  # update id → when getUpdates could see it
        self.requests: Counter[str] = Counter()  # per method, counted on arrival
        self.port = 0
        self._arrived = asyncio.Event()
        self._server: tornado.httpserver.HTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.port = free_port()
        app = tornado.web.Application(
            [(r"/bot[^/]+/(\w+)", _Method, {"server": self})], log_function=lambda _h: None
        )
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.listen(self.port, "127.0.0.1")

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    def push(self, updates: Iterable[JSON]) -> None:
        """Updates Telegram now holds for the bot."""
        now = time.perf_counter()
        for update in updates:
            self.api.updates.append(update)
            self.made_available[update["update_id"]] = now
        self._arrived.set()

    def calls(self, method: str) -> int:
        """Requests of `method` received so far (a long poll counts while it waits)."""
        return self.requests[method]

    @property
    def unconfirmed(self) -> int:
        return len(self.api.updates)

    async def answer(self, method: str, fields: dict[str, Any]) -> tuple[int, bytes]:
        self.requests[method] += 1
        if method == "getUpdates":
            await self._long_poll(fields)
        status, body = await self.api.answer(ApiCall(method, fields))
        if method == "sendMessage" and status == 200:
            self.sent.append(Sent(int(fields["chat_id"]), fields["text"], time.perf_counter()))
        return status, body

    async def _long_poll(self, fields: dict[str, Any]) -> None:
        offset = int(fields.get("offset") or 0)
        deadline = time.perf_counter() + float(fields.get("timeout") or 0)
        while not any(update["update_id"] >= offset for update in self.api.updates):
            left = deadline - time.perf_counter()
            if left <= 0:
                return
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), left)
            except TimeoutError:
                return

    def texts_to(self, chat_id: int) -> list[Sent]:
        return [sent for sent in self.sent if sent.chat_id == chat_id]


class BotProcess:
    """`python -m bot run` (the `salesbot run` entry point) with the given environment."""

    def __init__(self, log: Path, **env: str) -> None:
        self.log = log
        self.env = {**os.environ, "LOG_LEVEL": "WARNING", **env}
        self.env.pop("TEST_DATABASE_URL", None)
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=ROOT, env=self.env, stdout=out, stderr=out
            )

    def signal(self, number: int) -> None:
        assert self.process is not None
        self.process.send_signal(number)

    def kill(self) -> None:
        self.signal(signal.SIGKILL)

    async def exit_code(self, within: float) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), within)

    async def ensure_gone(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


async def eventually(condition: Any, within: float, what: str, process: BotProcess) -> None:
    """Wait for `condition()` (sync or async) for up to `within` seconds."""
    deadline = time.perf_counter() + within
    while True:
        value = condition()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return
        assert process.process is None or process.process.returncode is None, (
            f"the bot exited while waiting for {what}:\n{process.output()}"
        )
        assert time.perf_counter() < deadline, f"no {what} within {within} s:\n{process.output()}"
        await asyncio.sleep(0.05)
