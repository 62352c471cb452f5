"""`salesbot console`: as a real process (piped input) and through `chat()`, on SQLite and
PostgreSQL — restarts, nudges after `:at`, other people and groups, stale buttons."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot.config import Settings
from bot.db.models import Entry
from bot.runtime.clock import MovableClock
from bot.runtime.console import CONSOLE_USER_ID, chat, person
from tests.harness import START, FakeClock, until

SALESBOT_VARIABLES = {name.upper() for name in Settings.model_fields}


def console(script: str, cwd: Path) -> str:
    """Pipe `script` into `python -m bot console` in `cwd`; return what it printed."""
    environment = {k: v for k, v in os.environ.items() if k.upper() not in SALESBOT_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input=script,
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    return result.stdout


async def session(settings: Settings, script: str, tmp_path: Path, clock: MovableClock) -> str:
    """One `chat()` session on the test database, the clock starting where `clock` is."""
    out = io.StringIO()
    await chat(settings, io.StringIO(script), out, clock=clock, files_dir=tmp_path / "files")
    return out.getvalue()


async def asks_stored(settings: Settings, user_id: int = CONSOLE_USER_ID) -> list[int]:
    from bot.db.engine import Database

    db = Database(settings.database_url)
    try:
        statement = (
            select(Entry.count)
            .where(Entry.user_id == user_id, Entry.deleted_at.is_(None), Entry.kind == "ask")
            .order_by(Entry.id)
        )
        return list(await db.run(lambda s: s.execute(statement).scalars().all()))
    finally:
        await db.dispose()


def test_empty_input_still_prints_the_banner(tmp_path: Path) -> None:
    out = console("", tmp_path)

    assert out.startswith("salesbot console")
    assert f"Database: SQLite, {tmp_path.resolve() / 'salesbot.db'}" in out
    assert ":help" in out
    assert "You are Alex here (a made-up name)" in out
    assert "you:" not in out


def test_a_piped_script_gets_every_reply_and_a_second_run_keeps_the_data(tmp_path: Path) -> None:
    # The process runs on the machine's clock: every day a workday keeps the replies the same
    # on any date (a day off would rightly drop "N to go").
    script = "/workdays mon-sun\n/ask 3\n\n/today\n3 leads\n#2\n#9\nhello\n"
    out = console(script, tmp_path)

    assert "you: /ask 3\nbot: ✅ Logged: 3 asks.\nToday: 3 of 5 asks — 2 to go.\n" in out
    assert "     [#1 ↩️ undo]\nyou: /today\nbot: Today, " in out
    assert "Asks: 3 of 5 — 2 to go\nLeads: 0\n" in out
    assert "you: 3 leads\nbot: ✅ Logged: 3 leads." in out
    assert "you: #2\nbot (notice): Undone.\nbot (edited): ↩️ Removed 3 leads from " in out
    assert "you: #9\n(no button #9" in out
    assert "you: hello\nbot: Hi! Tell me what you did" in out
    assert out.count("you: ") == 7  # the empty line is skipped

    again = console("/today\n#1\n/quit\n/ask 5\n", tmp_path)

    assert "Asks: 3 of 5 — 2 to go\nLeads: 0\n" in again
    assert "(no button #1" in again  # buttons belong to the run that showed them
    assert "/ask 5" not in again


async def test_a_restart_loses_nothing_and_new_buttons_act_on_new_messages(
    settings: Settings, tmp_path: Path
) -> None:
    clock = MovableClock(FakeClock(START))
    await session(settings, "/ask 3\n/ask 4\n", tmp_path, clock)

    again = await session(settings, "/ask 2\n#1\n/ask 1\n", tmp_path, clock)

    assert "Already logged" not in again
    assert "you: #1\nbot (notice): Undone.\nbot (edited): ↩️ Removed 2 asks" in again
    assert await asks_stored(settings) == [3, 4, 1]


async def test_a_later_session_names_the_people_and_groups_of_earlier_ones(
    settings: Settings, tmp_path: Path
) -> None:
    clock = MovableClock(FakeClock(START))
    await session(settings, ":as Bob\n/ask 1\n:group Sales Team\n/join\n", tmp_path, clock)

    out = await session(settings, ":at 2026-11-27 17:00\n", tmp_path, clock)

    assert "bot (to Bob): ⏰ 1 of 5 asks today — 4 to go." in out  # Thursday 15:00
    assert "bot (in Sales Team): 📊 Sales Team — week of Mon 23 Nov" in out  # Friday 17:00


async def test_a_nudge_arrives_when_at_crosses_the_reminder_and_its_button_logs(
    settings: Settings, tmp_path: Path
) -> None:
    clock = MovableClock(FakeClock(START))  # Thursday 12:00 UTC; reminders at 15:00

    out = await session(settings, "/ask 2\n:at 15:01\n#2\n#2\n", tmp_path, clock)

    assert "you: :at 15:01\nbot: ⏰ 2 of 5 asks today — 3 to go.\n" in out
    assert "[#2 +1 ask] [#3 +3 asks] [#4 snooze 1h]\n(it is now Thu 26 Nov 2026 15:01 UTC)\n" in out
    assert "you: #2\nbot (notice): Logged!\nbot (edited): ✅ Logged from this reminder." in out
    assert out.endswith("you: #2\n(button #2 is gone: that message was edited since)\n")
    assert await asks_stored(settings) == [2, 1]


async def test_at_while_on_target_sends_nothing_and_says_so(
    settings: Settings, tmp_path: Path
) -> None:
    clock = MovableClock(FakeClock(START))

    out = await session(settings, "/ask 5\n:at +1h\n:at +4h\n", tmp_path, clock)

    assert "(it is now Thu 26 Nov 2026 13:00 UTC; nothing was sent on the way)" in out
    assert "(it is now Thu 26 Nov 2026 17:00 UTC; nothing was sent on the way)" in out
    assert "⏰" not in out


async def test_bob_joins_a_group_with_you_and_the_tally_names_you_both(
    settings: Settings, tmp_path: Path
) -> None:
    clock = MovableClock(FakeClock(START))
    script = (
        "/ask 3\n:as Bob\n/ask 1\n:group Sales Team\n/join\n:as me\n/join\n/tally\n"
        "hello\n:private\n:at 2026-11-27 17:00\n"
    )

    out = await session(settings, script, tmp_path, clock)

    assert "you (as Bob): /ask 1\nbot: ✅ Logged: 1 ask." in out
    assert "you (as Bob, in Sales Team): /join\nbot: Welcome, Bob!" in out
    assert "you (in Sales Team): /join\nbot: Welcome, Alex!" in out
    tally = out.split("you (in Sales Team): /tally\n")[1]
    assert tally.startswith("bot: 📊 Sales Team — week of Mon 23 Nov\n")
    assert "1. Alex — 3 asks" in tally
    assert "2. Bob — 1 ask" in tally
    assert "you (in Sales Team): hello\n(in a group the bot reads only commands" in out
    # Friday 17:00: the scheduled tally reaches the group while you are in your own chat.
    assert "bot (in Sales Team): 📊 Sales Team — week of Mon 23 Nov" in out
    assert "bot (to Bob): ⏰ 1 of 5 asks today — 4 to go." in out  # Thursday 15:00
    assert await asks_stored(settings, person("Bob").user_id) == [1]


async def test_a_button_on_an_edited_message_no_longer_acts(
    settings: Settings, tmp_path: Path
) -> None:
    clock = MovableClock(FakeClock(START))

    out = await session(settings, "/ask 3\n/forget\n#2\n#3\n#1\n", tmp_path, clock)

    assert "bot (edited): Done: 1 entries and everything else about you are deleted." in out
    assert "you: #3\n(button #3 is gone: that message was edited since)" in out
    assert "Cancelled" not in out
    assert "you: #1\nbot (notice): Already undone." in out  # a deleted entry: the bot says so


async def test_buttons_in_someone_elses_chat_need_that_person(
    settings: Settings, tmp_path: Path
) -> None:
    clock = MovableClock(FakeClock(START))

    out = await session(settings, "/ask 1\n:as Bob\n#1\n:as alex\n#1\n", tmp_path, clock)

    assert "you (as Bob): #1\n(#1 is in Alex's chat — :as Alex to press it)" in out
    assert "you: #1\nbot (notice): Undone." in out


async def test_console_commands_explain_what_they_cannot_do(
    settings: Settings, tmp_path: Path
) -> None:
    clock = MovableClock(FakeClock(START))

    out = await session(
        settings, ":at yesterday\n:at 2026-11-01 09:00\n:as\n:wat\n:help\n", tmp_path, clock
    )

    assert "(When? e.g. :at +2h, :at +1d, :at 15:01 or :at 2026-12-08 15:01)" in out
    assert "(It is already 2026-11-26 12:00: the clock only moves forward.)" in out
    assert "(Who? :as Bob speaks as Bob; :as me goes back to you.)" in out
    assert "(Unknown console command ':wat' — :help lists them.)" in out
    assert "  :group Sales Team   speak in a group where every console person is a member" in out


async def test_charts_never_overwrite_each_other(settings: Settings, tmp_path: Path) -> None:
    clock = MovableClock(FakeClock(START))

    out = await session(settings, "/ask 3\n/chart\n/chart\n/export\n", tmp_path, clock)

    saved = sorted(path.name for path in (tmp_path / "files").iterdir())
    assert len(saved) == 3
    assert out.count("bot: sent a photo: ") == 2
    assert "bot: sent a document: " in out


async def test_an_interactive_session_ticks_live_as_the_clock_runs(
    settings: Settings, tmp_path: Path
) -> None:
    wall = FakeClock(START)
    read_end, write_end = os.pipe()
    out = io.StringIO()
    with os.fdopen(read_end) as source, os.fdopen(write_end, "w") as typing:
        running = asyncio.create_task(
            chat(
                settings,
                source,
                out,
                clock=MovableClock(wall),
                interactive=True,
                files_dir=tmp_path,
                live_every=0.01,
            )
        )
        typing.write("/remind 12:01\n")
        typing.flush()
        await until(lambda: "Nudges at 12:01" in out.getvalue())
        assert "⏰" not in out.getvalue()

        wall.advance(minutes=1)  # nobody types; a minute passes
        await until(lambda: "bot: ⏰ 0 of 5 asks today — 5 to go." in out.getvalue())
    assert await asyncio.wait_for(running, 10) == 0
