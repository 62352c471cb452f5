"""Updates as `salesbot run` takes them: stored in the inbox, then handled from there
(`bot.runtime.intake.Intake`): several chats at once, one chat's updates in order, a busy
chat's backlog holding no slot, the flood guard, replay on start and stop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import func, select
from telegram import Update

from bot.core.flood import FloodGuard
from bot.db.models import InboxUpdate
from bot.runtime.fake_telegram import ApiCall, as_chat_id
from bot.runtime.intake import Intake
from bot.runtime.telegram_json import JSON
from tests.harness import BotHarness, until

ANN, BOB = 1001, 1002
NEVER = 1e-9  # a refill rate: a spent bucket stays spent for the length of a test


def calls_in(bot: BotHarness, chat_id: int) -> list[ApiCall]:
    return [
        call
        for call in bot.api.calls
        if call.method in ("sendMessage", "sendPhoto")
        and as_chat_id(call.params.get("chat_id")) == chat_id
    ]


def message(bot: BotHarness, text: str, user_id: int) -> Update:
    return bot.updates.message(text, user_id=user_id, first_name=f"U{user_id}", date=bot.clock())


def raw(update: Update) -> JSON:
    return update.to_dict()


@asynccontextmanager
async def intake_of(bot: BotHarness, **options: object) -> AsyncIterator[Intake]:
    intake = Intake(bot.app, **options)  # type: ignore[arg-type]
    await intake.start()
    try:
        yield intake
    finally:
        await intake.stop()


async def waiting_rows(bot: BotHarness) -> int:
    statement = select(func.count()).where(InboxUpdate.done_at.is_(None))
    return int(await bot.query(lambda s: s.execute(statement).scalar_one()))


async def test_a_chats_updates_keep_their_order_and_other_chats_do_not_wait(
    bot: BotHarness,
) -> None:
    """Ann asks for a chart (rendered in a worker thread for ≥ 100 ms) and logs right after;
    Bob logs meanwhile. Ann's log must wait for her chart; Bob must not."""
    await bot.send("/ask 3", user_id=ANN)
    bot.api.clear()
    async with intake_of(bot) as intake:
        await intake.accept(
            [
                raw(message(bot, "/chart", ANN)),
                raw(message(bot, "/ask 1", ANN)),
                raw(message(bot, "/ask 2", BOB)),
            ]
        )
        await until(lambda: len(calls_in(bot, ANN)) == 2 and len(calls_in(bot, BOB)) == 1)
        await until(lambda: intake.in_flight == 0)

    ann, bob = calls_in(bot, ANN), calls_in(bot, BOB)
    assert [call.method for call in ann] == ["sendPhoto", "sendMessage"]
    assert ann[1].params["text"].startswith("✅ Logged: 1 ask.\nToday: 4 of 5 asks")
    assert bob[0].params["text"].startswith("✅ Logged: 2 asks.")
    assert bot.api.calls.index(bob[0]) < bot.api.calls.index(ann[0])
    assert await waiting_rows(bot) == 0


async def test_a_busy_chats_waiting_updates_hold_no_slot(bot: BotHarness) -> None:
    """Two slots. Ann has four slow /chart waiting when Bob logs: Bob is answered while
    Ann is still on her first chart (her waiting charts would have taken both slots)."""
    await bot.send("/ask 3", user_id=ANN)
    bot.api.clear()
    async with intake_of(bot, slots=2) as intake:
        await intake.accept([raw(message(bot, "/chart", ANN)) for _ in range(4)])
        await intake.accept([raw(message(bot, "/ask 2", BOB))])
        await until(lambda: calls_in(bot, BOB))
        charts_before_bob = len(calls_in(bot, ANN))
        await until(lambda: len(calls_in(bot, ANN)) == 4)
    assert charts_before_bob <= 1
    assert await waiting_rows(bot) == 0


async def test_a_flood_is_told_once_and_waits_in_the_inbox_while_others_go_on(
    bot: BotHarness,
) -> None:
    """Ann sends 12 /ask at once past a burst of 5 that does not refill; Bob sends 3. Ann
    gets 5 answers and one "slow down" that counts what waits; Bob gets his 3; Ann's other
    7 updates wait in the inbox, none lost (nor answered, nor logged)."""
    guard = FloodGuard(burst=5, per_second=NEVER)
    async with intake_of(bot, guard=guard) as intake:
        await intake.accept([raw(message(bot, "/ask 1", ANN)) for _ in range(12)])
        await intake.accept([raw(message(bot, "/ask 1", BOB)) for _ in range(3)])
        await until(lambda: len(calls_in(bot, ANN)) == 6 and len(calls_in(bot, BOB)) == 3)
        await until(lambda: intake.in_flight == 0)
        await intake.accept([raw(message(bot, "/ask 1", ANN))])  # still flooding: no 2nd notice
        assert await waiting_rows(bot) == 8

    ann = [str(call.params["text"]) for call in calls_in(bot, ANN)]
    notices = [text for text in ann if text.startswith("🐢")]
    assert len(notices) == 1
    assert "7 messages are waiting" in notices[0]
    assert sum(text.startswith("✅ Logged: 1 ask.") for text in ann) == 5
    assert sum(e.count for e in await bot.entries(ANN)) == 5
    assert sum(e.count for e in await bot.entries(BOB)) == 3


async def test_a_flood_past_its_burst_is_handled_at_the_guards_pace(bot: BotHarness) -> None:
    """Past a burst of 3, Ann's 10 updates go at 50 a second: all handled, in order."""
    async with intake_of(bot, guard=FloodGuard(burst=3, per_second=50)) as intake:
        await intake.accept([raw(message(bot, f"/ask {n}", ANN)) for n in range(1, 11)])
        await until(lambda: sum(t.startswith("✅") for t in bot.api.sent_texts(ANN)) == 10)
    assert [e.count for e in await bot.entries(ANN)] == list(range(1, 11))
    assert await waiting_rows(bot) == 0


async def test_updates_left_in_the_inbox_are_handled_on_start_and_a_redelivery_is_not(
    bot: BotHarness,
) -> None:
    """What a killed process stored but did not finish is handled when the next one
    starts; the same update delivered again afterwards (Telegram retrying a webhook whose
    200 was lost) is recognised by its id: one entry, one answer."""
    stored = [message(bot, "/ask 2", ANN), message(bot, "/ask 5", BOB)]
    await Intake(bot.app).accept([raw(update) for update in stored])
    assert await waiting_rows(bot) == 2
    async with intake_of(bot) as intake:
        await until(lambda: len(bot.api.sent_texts()) == 2)
        await intake.accept([raw(stored[0])])
        await until(lambda: intake.in_flight == 0)
    assert len(bot.api.sent_texts(ANN)) == 1
    assert [(e.kind, e.count) for e in await bot.entries(ANN)] == [("ask", 2)]
    assert await waiting_rows(bot) == 0


async def test_stop_cancels_what_outlasts_the_drain_and_the_next_start_finishes_it(
    bot: BotHarness,
) -> None:
    """A /chart still rendering when the drain time is up is cancelled and stays in the
    inbox; the next start handles it again, with Bob's /ask that was never started."""
    await bot.send("/ask 3", user_id=ANN)
    bot.api.clear()
    intake = Intake(bot.app, drain_seconds=0)
    await intake.start()
    await intake.accept([raw(message(bot, "/chart", ANN))])
    await until(lambda: intake.in_flight == 1)
    await intake.stop()
    await intake.accept([raw(message(bot, "/ask 2", BOB))])
    assert calls_in(bot, ANN) == []
    assert await waiting_rows(bot) == 2
    async with intake_of(bot):
        await until(lambda: calls_in(bot, ANN) and calls_in(bot, BOB))
    assert [call.method for call in calls_in(bot, ANN)] == ["sendPhoto"]
    assert await waiting_rows(bot) == 0
