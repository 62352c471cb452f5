"""Faults 1 and 2: an update delivered more than once, and a failure inside the transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.orm import Session

from bot.app import build_application, running
from bot.config import Settings
from bot.db.models import Entry, User
from bot.handlers.guards import APOLOGY
from bot.runtime.fake_telegram import FakeTelegram
from bot.runtime.fake_updates import UpdateFactory
from tests.harness import BotHarness, FakeClock, texts
from tests.reliability.helpers import (
    apologies,
    count,
    delivered,
    entry_count,
    error_records,
    hold_ticks,
    sends,
    started,
    sync_engine,
)

ANN = 1001


async def test_the_same_update_delivered_twice_is_logged_once(bot: BotHarness) -> None:
    """Fault: Telegram delivers one update twice (a webhook retry, a poller restart before the
    offset was confirmed). Expected: one entry; both deliveries answered, none apologised."""
    update = bot.updates.message("/ask 3", user_id=ANN, date=bot.clock())

    first = texts(await bot.process(update))
    second = texts(await bot.process(update))

    assert first[0].startswith("✅ Logged: 3 asks.")
    assert len(second) == 1
    assert [(e.kind, e.count) for e in await bot.entries(ANN)] == [("ask", 3)]
    assert apologies(bot.api.calls) == []


async def test_the_same_update_100_times_concurrently_is_logged_once(
    settings: Settings, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: one update handled 100 times at once (concurrent_updates=True, e.g. a burst of
    webhook retries). Expected: exactly one entry and one user row, 100 answers, no apology
    and no error logged (the unique source key settles the race, not luck)."""
    api = FakeTelegram(clock)
    app = build_application(
        settings, request=api, clock=clock, rate_limited=False, concurrent_updates=True
    )
    async with running(app):
        hold_ticks(app)
        api.clear()
        update = UpdateFactory(app.bot, api=api).message("/ask 2", user_id=ANN, date=clock())

        await asyncio.gather(*(app.process_update(update) for _ in range(100)))

        rows = await app.bot_data.db.run(
            lambda s: s.execute(select(Entry.kind, Entry.count, Entry.user_id)).all()
        )
        users = await app.bot_data.db.run(
            lambda s: s.execute(select(func.count()).select_from(User)).scalar_one()
        )
    assert [tuple(row) for row in rows] == [("ask", 2, ANN)]
    assert users == 1
    answered = delivered(api.calls)
    assert len(answered) == 100
    assert all(chat == ANN for chat, _ in answered)
    assert [call for call in sends(api.calls) if call.error_code is not None] == []
    assert apologies(api.calls) == []
    assert error_records(caplog.records) == []


async def test_two_instances_handling_the_same_update_log_it_once(
    settings: Settings, clock: FakeClock
) -> None:
    """Fault: two bot instances behind one webhook both get the same update, 20 times each,
    all at once. Expected: one entry, every delivery answered, no apology."""
    async with started(settings, clock) as one, started(settings, clock) as two:
        update = one.updates.message("/lead 4", user_id=ANN, date=clock())
        await asyncio.gather(
            *(app.process_update(update) for app in (one.app, two.app) for _ in range(20))
        )
        assert [(e.kind, e.count) for e in await one.entries(ANN)] == [("lead", 4)]
        calls = one.api.calls + two.api.calls
    assert len(delivered(calls)) == 40
    assert apologies(calls) == []


# --- a failure between the INSERT and the COMMIT -------------------------------------------


@contextmanager
def fail_after_entries_insert(engine: Engine) -> Iterator[list[str]]:
    """Raise once, right after the first INSERT INTO entries ran (before COMMIT)."""
    fired: list[str] = []

    def after_cursor_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not fired and statement.lstrip().upper().startswith("INSERT INTO ENTRIES"):
            fired.append(statement)
            raise RuntimeError("injected fault after the entries INSERT")

    event.listen(engine, "after_cursor_execute", after_cursor_execute)
    try:
        yield fired
    finally:
        event.remove(engine, "after_cursor_execute", after_cursor_execute)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/ask 3", [("ask", 3)]),
        ("2 leads, 4 touches", [("lead", 2), ("nurture", 4)]),  # fails after the first row
    ],
)
async def test_a_failure_after_the_insert_rolls_everything_back(
    bot: BotHarness,
    caplog: pytest.LogCaptureFixture,
    text: str,
    expected: list[tuple[str, int]],
) -> None:
    """Fault: an exception after the entries INSERT but before COMMIT. Expected: nothing is
    half-written (no entry, not even the new user row of the same transaction), the user
    gets the short apology, and sending the message again logs it exactly once."""
    with fail_after_entries_insert(sync_engine(bot.app)) as fired:
        answer = await bot.send(text, user_id=ANN)

    assert len(fired) == 1
    assert answer == [APOLOGY]
    assert await entry_count(bot) == 0
    assert await count(bot, select(func.count()).select_from(User)) == 0
    assert len(error_records(caplog.records)) == 1

    again = await bot.send(text, user_id=ANN)

    assert len(again) == 1
    assert again[0].startswith("✅ Logged")
    assert [(e.kind, e.count) for e in await bot.entries(ANN)] == expected
    assert await count(bot, select(func.count()).select_from(User)) == 1
    assert apologies(bot.api.calls) == [APOLOGY]


# --- the same failure on the quick log path (a known user, raw driver statements) -----------

SQLITE_FAULT = (
    "CREATE TRIGGER injected_fault BEFORE INSERT ON entries WHEN NEW.source_seq = 1 "
    "BEGIN SELECT RAISE(ABORT, 'injected fault on the second entry'); END",
)
POSTGRES_FAULT = (
    "CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.source_seq = 1 THEN RAISE EXCEPTION 'injected fault on the second entry'; END IF; "
    "RETURN NEW; END $$",
    "CREATE TRIGGER injected_fault BEFORE INSERT ON entries "
    "FOR EACH ROW EXECUTE FUNCTION injected_fault()",
)
POSTGRES_CLEANUP = (
    "DROP TRIGGER injected_fault ON entries",
    "DROP FUNCTION injected_fault()",
)


async def run_sql(bot: BotHarness, statements: tuple[str, ...]) -> None:
    def execute(session: Session) -> None:
        for statement in statements:
            session.execute(text(statement))

    await bot.query(execute)


async def test_a_failure_between_two_inserts_of_a_known_user_saves_nothing(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault: the database refuses the second row of a two-entry message after the first was
    written in the same transaction — for a known user, whose logs take the quick path (raw
    driver statements, not the ORM). Expected: neither row is kept, the user is told nothing
    was saved, and sending the message again logs both exactly once."""
    await bot.send("/ask 1", user_id=ANN)  # Ann is known from here on
    postgres = bot.app.bot_data.db.dialect == "postgresql"
    await run_sql(bot, POSTGRES_FAULT if postgres else SQLITE_FAULT)

    answer = await bot.send("2 leads, 4 touches", user_id=ANN)

    assert [(e.kind, e.count) for e in await bot.entries(ANN)] == [("ask", 1)]
    assert len(answer) == 1
    assert "nothing was saved" in answer[0]
    assert len(error_records(caplog.records)) == 1

    await run_sql(bot, POSTGRES_CLEANUP if postgres else ("DROP TRIGGER injected_fault",))
    again = await bot.send("2 leads, 4 touches", user_id=ANN)

    assert again[0].startswith("✅ Logged: 2 leads, 4 nurture touches."), again
    assert [(e.kind, e.count) for e in await bot.entries(ANN)] == [
        ("ask", 1),
        ("lead", 2),
        ("nurture", 4),
    ]
