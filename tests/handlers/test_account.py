"""/chart, /export, /forget and the operator's `salesbot export`, end to end."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import os
import struct
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.core.chart import CHART_SIZE_PX
from bot.db.models import Entry, GroupMember, Nudge, Pause, User
from bot.jobs import send_due_nudges
from tests.harness import BotHarness

GROUP = -1001234
ANN, BOB = 1001, 1002


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def test_chart_is_a_png_of_the_promised_size(bot: BotHarness) -> None:
    await bot.send("/ask 3")
    await bot.send("/lead 2")
    calls = await bot.process(bot.updates.message("/chart 4w", date=bot.clock()))
    [photo] = [c for c in calls if c.method == "sendPhoto"]
    [content] = photo.files.values()
    assert png_size(content) == CHART_SIZE_PX
    assert "last 4 weeks." in photo.params["caption"]


async def test_chart_without_data_is_a_friendly_text(bot: BotHarness) -> None:
    assert await bot.send("/chart") == ["Nothing to chart yet — log an ask (/ask) and check back."]
    assert not bot.api.calls_to("sendPhoto")


async def test_chart_with_a_bad_span_explains(bot: BotHarness) -> None:
    [reply] = await bot.send("/chart banana")
    assert "/chart 8w" in reply
    assert not bot.api.calls_to("sendPhoto")


async def test_export_round_trips_and_neutralises_formulas(bot: BotHarness) -> None:
    await bot.send("/tz Europe/Berlin")
    await bot.send("/ask 2 Acme, Inc.")
    await bot.send('/nurture 1 said "hi"')
    await bot.send("/no =HYPERLINK(1)")
    await bot.send("/lead 1")
    await bot.send("/undo")
    calls = await bot.process(bot.updates.message("/export", date=bot.clock()))
    [document] = [c for c in calls if c.method == "sendDocument"]
    assert document.params["_filename"] == "salesbot-entries.csv"
    rows = read_csv(next(iter(document.files.values())))
    assert [(r["kind"], r["count"], r["who_or_note"], r["deleted"]) for r in rows] == [
        ("ask", "2", "Acme, Inc.", "no"),
        ("nurture", "1", 'said "hi"', "no"),
        ("no", "1", "'=HYPERLINK(1)", "no"),
        ("lead", "1", "", "yes"),
    ]
    assert {r["date"] for r in rows} == {"2026-11-26"}
    assert rows[0]["logged_at"] == "2026-11-26T13:00:00+01:00"  # 12:00 UTC in Berlin


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
