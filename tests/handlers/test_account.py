"""/forget and the operator's `salesbot export`, end to end."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.db.models import Entry, GroupMember, Nudge, Pause, User
from bot.jobs import send_due_nudges
from tests.harness import BotHarness

GROUP = -1001234
ANN, BOB = 1001, 1002


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def test_forget_asks_first_and_cancel_changes_nothing(bot: BotHarness) -> None:
    await bot.send("/ask 3")
    [call] = [c for c in await bot.process(bot.updates.message("/forget")) if c.result]
    buttons = call.params["reply_markup"]["inline_keyboard"][0]
    assert [b["callback_data"] for b in buttons] == ["forget:yes", "forget:no"]
    await bot.process(bot.updates.callback(call.result, "forget:no"))
    assert len(await bot.entries()) == 1


async def test_forget_deletes_every_row_about_the_user_only(bot: BotHarness) -> None:
    for user, name in ((ANN, "Ann"), (BOB, "Bob")):
        await bot.send("/ask Acme", user_id=user, first_name=name)
        await bot.send("/no Acme", user_id=user, first_name=name)
        await bot.send("/ask 2", user_id=user, first_name=name, chat_id=GROUP)
    bot.clock.now = dt.datetime(2026, 11, 26, 15, 0, 30, tzinfo=dt.UTC)
    await send_due_nudges(bot.app)
    for user, name in ((ANN, "Ann"), (BOB, "Bob")):
        await bot.send("/pause 3d", user_id=user, first_name=name)
    calls = await bot.process(bot.updates.message("/forget", user_id=ANN))
    [prompt] = [c for c in calls if c.result]
    done = await bot.process(bot.updates.callback(prompt.result, "forget:yes", user_id=ANN))
    assert any(
        "entries and everything else about you are deleted" in str(c.params.get("text"))
        for c in done
    )

    async def count(model: type, column: Any, user: int) -> int:
        statement = select(func.count()).select_from(model).where(column == user)
        return int(await bot.query(lambda s: s.execute(statement).scalar_one()))

    tables = (
        (User, User.id),
        (Entry, Entry.user_id),
        (Nudge, Nudge.user_id),
        (GroupMember, GroupMember.user_id),
        (Pause, Pause.user_id),
    )
    assert [await count(model, column, ANN) for model, column in tables] == [0, 0, 0, 0, 0]
    assert [await count(model, column, BOB) for model, column in tables] == [1, 3, 1, 1, 1]
    [welcome] = await bot.send("/start", user_id=ANN)
    assert welcome.startswith("Hi Ann!")
    assert "Asks: 0 of 5 — 5 to go" in (await bot.send("/today", user_id=ANN))[0]


async def test_operator_export_writes_the_same_csv(bot: BotHarness, tmp_path: Path) -> None:
    await bot.send("/ask 3 Acme")
    await bot.send("/yes Acme")
    await bot.send("/lead 1")
    await bot.send("/undo")  # an undone entry stays out of the file, as with /export
    out = tmp_path / "ann.csv"
    env = {**os.environ, "DATABASE_URL": bot.app.bot_data.settings.database_url}
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot", "export", "--user", str(ANN), "--out", str(out)),
        env=env,
        cwd=tmp_path,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr
    assert "2 entries exported for user 1001." in stderr.decode()
    rows = read_csv(out.read_bytes())
    assert [(r["kind"], r["count"], r["who_or_note"]) for r in rows] == [
        ("ask", "3", "Acme"),
        ("yes", "1", "Acme"),
    ]
