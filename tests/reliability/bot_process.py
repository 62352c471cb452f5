"""`salesbot run` as a real process in front of the HTTP fake Bot API, with its stderr."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bot.config import Settings

T = TypeVar("T")
WAIT_S = 30
"""How long a process gets to start, answer or stop (two busy cores, a Python start-up)."""
VARIABLES = {name.upper() for name in Settings.model_fields}


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    stderr: list[str] = field(default_factory=list)
    stdout: bytes = b""

    def json_lines(self) -> list[dict[str, Any]]:
        """Every line the process wrote, each of which must be a JSON object."""
        return [json.loads(line) for line in self.stderr]

    def said(self, text: str) -> bool:
        return any(text in line for line in self.stderr)

    async def stop(self) -> int:
        """SIGTERM, as a container stop does; the exit code."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.exit_code()

    async def exit_code(self) -> int:
        async with asyncio.timeout(WAIT_S):
            code = await self.process.wait()
        return code


def environment(**env: str) -> dict[str, str]:
    """The test's environment without any salesbot setting, plus `env`."""
    clean = {k: v for k, v in os.environ.items() if k.upper() not in VARIABLES}
    clean.update(env)
    return clean


@asynccontextmanager
async def salesbot(*args: str, cwd: Path, **env: str) -> AsyncIterator[BotProcess]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=environment(**env),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    run = BotProcess(process)

    async def read_stderr() -> None:
        assert process.stderr is not None
        while line := await process.stderr.readline():
            run.stderr.append(line.decode().rstrip("\n"))

    async def read_stdout() -> None:
        assert process.stdout is not None
        run.stdout = await process.stdout.read()

    readers = [asyncio.create_task(read_stderr()), asyncio.create_task(read_stdout())]
    try:
        yield run
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await asyncio.gather(*readers)


async def eventually(attempt: Callable[[], Awaitable[T]]) -> T:
    """The first result of `attempt` that raises nothing (e.g. a server not yet listening)."""
    async with asyncio.timeout(WAIT_S):
        while True:
            try:
                return await attempt()
            except (httpx.TransportError, AssertionError):
                await asyncio.sleep(0.1)


async def within(condition: Callable[[], object]) -> None:
    async with asyncio.timeout(WAIT_S):
        while not condition():  # noqa: ASYNC110 - another process does the work
            await asyncio.sleep(0.05)


def samples(metrics_text: str, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    """Samples of one metric (e.g. "salesbot_updates_total") by their sorted labels."""
    return {
        tuple(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(metrics_text)
        for sample in family.samples
        if sample.name == name
    }
