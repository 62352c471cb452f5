"""Fault 6: two bot processes writing to one SQLite file at the same time."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PER_PROCESS = 300


async def spawn(url: str, first_user: int, go: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.reliability.sqlite_writer",
        url,
        str(first_user),
        str(PER_PROCESS),
        str(go),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_ready(process: asyncio.subprocess.Process) -> None:
    assert process.stdout is not None
    async with asyncio.timeout(60):
        line = await process.stdout.readline()
    assert line.strip() == b"ready", line


async def finish(process: asyncio.subprocess.Process) -> tuple[int, dict[str, Any], str]:
    async with asyncio.timeout(120):
        out, err = await process.communicate()
    lines = out.decode().strip().splitlines()
    summary: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    assert process.returncode is not None
    return process.returncode, summary, err.decode()[-3000:]


@pytest.mark.stress
async def test_two_processes_write_one_sqlite_file_without_locking_errors(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """Fault: two bot processes (say, an old one still draining while the new one starts)
    write to the same SQLite file at once, 300 `/ask 1` updates each from distinct users.
    Expected: no "database is locked" or any other error in either process, both exit 0,
    every update answered without an apology, and the file holds exactly 600 entries, one
    per message, from 600 users."""
    path = tmp_path / "shared.db"
    await asyncio.to_thread(shutil.copyfile, sqlite_template, path)  # migrated, empty
    url = f"sqlite+aiosqlite:///{path}"
    go = tmp_path / "go"

    processes = [await spawn(url, first, go) for first in (100_000, 200_000)]
    try:
        for process in processes:
            await wait_ready(process)
        await asyncio.to_thread(go.touch)
        results = [await finish(process) for process in processes]
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()

    for code, summary, stderr in results:
        assert summary.get("error_count") == 0, (summary, stderr)
        assert summary.get("apologies") == 0, summary
        assert summary.get("replies") == PER_PROCESS, summary
        assert code == 0, (summary, stderr)
    with sqlite3.connect(path) as connection:
        entries, users, sources = connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT user_id),"
            " COUNT(DISTINCT source_chat_id || ':' || source_message_id) FROM entries"
        ).fetchone()
        kinds = connection.execute("SELECT kind, SUM(count) FROM entries GROUP BY kind").fetchall()
    connection.close()
    assert (entries, users, sources) == (600, 600, 600)
    assert kinds == [("ask", 600)]
