"""No's that come back (issue 17): re-asks at reminder times, their buttons, /reask, /pending —
real Updates, the real tick, a fake clock, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from bot.db.models import Entry, Nudge, Reask
from bot.jobs import send_due_nudges
from tests.harness import BotHarness
from tests.reliability.helpers import delivered, fetch, hold_ticks, utc

REASK = "🔁"
ANN, BOB = 1001, 1002
NOV_26 = utc(2026, 11, 26, 12)  # Thursday: the conftest clock's start
THU_DEC_24 = utc(2026, 12, 24, 15)  # 28 days after the no
MON_DEC_28 = utc(2026, 12, 28, 15)  # 32 days: the first workday reminder past 30 days


@pytest.fixture(autouse=True)
def ticks_held(bot: BotHarness) -> None:
    """The tests run the minute tick themselves (`tick`). (Not an override of `bot`: pytest
    8.4 cannot parametrize an overridden parametrized fixture.)"""
    hold_ticks(bot.app)


async def tick(bot: BotHarness, when: dt.datetime) -> list[str]:
    """One tick at `when`: the texts it delivered to Ann."""
    bot.clock.now = when
    mark = len(bot.api.calls)
    await send_due_nudges(bot.app)
    return [text for chat, text in delivered(bot.api.calls[mark:]) if chat == ANN]


def reasks_in(sent: list[str]) -> list[str]:
    return [text for text in sent if text.startswith(REASK)]


def last_reask_message(bot: BotHarness) -> dict[str, Any]:
    [*_, call] = [
        c for c in bot.api.calls_to("sendMessage") if str(c.params["text"]).startswith(REASK)
    ]
    message: dict[str, Any] = call.result
    return message


def buttons(message: dict[str, Any]) -> list[list[tuple[str, str]]]:
    return [
        [(b["text"], b["callback_data"]) for b in row]
        for row in message["reply_markup"]["inline_keyboard"]
    ]


async def press(bot: BotHarness, message: dict[str, Any], data: str, **who: Any) -> list[str]:
    """Tap a button; the notice(s) the bot answered with."""
    calls = await bot.process(bot.updates.callback(message, data, **who))
    return [str(c.params.get("text")) for c in calls if c.method == "answerCallbackQuery"]


async def no_ids(bot: BotHarness) -> list[int]:
    rows = await fetch(bot, select(Entry.id).where(Entry.kind == "no").order_by(Entry.id))
    return [row.id for row in rows]


async def test_a_no_comes_back_after_30_days_on_a_workday_at_reminder_time(
    bot: BotHarness,
) -> None:
    """Done when: a "no" to a name comes back as a re-ask after its delay."""
    await bot.send("/no Bob")
    await bot.send("/no")  # no name: nothing to come back

    assert reasks_in(await tick(bot, THU_DEC_24)) == []  # 28 days: not yet
    assert reasks_in(await tick(bot, utc(2026, 12, 26, 15))) == []  # Saturday
    sent = await tick(bot, MON_DEC_28)

    assert reasks_in(sent) == [
        "🔁 A no is an answer, not an end:\n• Bob said no 4 weeks ago — ask again?"
    ]
    assert any(text.startswith("⏰") for text in sent)  # the pace nudge goes as well
    [no_id] = (await no_ids(bot))[:1]
    assert buttons(last_reask_message(bot)) == [
        [
            ("✅ Asked again: Bob", f"reask:a:1:{no_id}"),
            ("⏳ Not yet", f"reask:l:1:{no_id}"),
            ("✖ Never", f"reask:n:1:{no_id}"),
        ]
    ]
    assert all(
        len(data.encode()) <= 64 for row in buttons(last_reask_message(bot)) for _, data in row
    )
    # Never twice: not in the next minute, not the next day.
    assert await tick(bot, MON_DEC_28 + dt.timedelta(minutes=1)) == []
    assert reasks_in(await tick(bot, MON_DEC_28 + dt.timedelta(days=1))) == []
    slots = await fetch(bot, select(Nudge.slot).where(Nudge.slot.like("reask:%")))
    assert [row.slot for row in slots] == [f"reask:{no_id}"]


async def test_asked_again_logs_one_ask_to_that_name_and_counts_the_yes(bot: BotHarness) -> None:
    await bot.send("/ask Bob #audit")
    await bot.send("/no Bob")
    await tick(bot, MON_DEC_28)
    message = last_reask_message(bot)
    [no_id] = await no_ids(bot)

    calls = await bot.process(bot.updates.callback(message, f"reask:a:1:{no_id}"))
    notices = [c.params.get("text") for c in calls if c.method == "answerCallbackQuery"]
    again = await press(bot, message, f"reask:a:1:{no_id}")

    assert notices == ["Logged an ask to Bob. Today: 1 of 5 asks — 4 to go."]
    [markup_edit] = [c for c in calls if c.method == "editMessageReplyMarkup"]
    assert markup_edit.params.get("reply_markup") is None  # the last row went: no keyboard
    assert again == ["Bob was asked again already — /yes or /no Bob when they answer."]
    entries = await bot.entries()
    assert [(e.kind, e.who, e.tags, e.local_date) for e in entries] == [
        ("ask", "Bob", "audit", dt.date(2026, 11, 26)),
        ("no", "Bob", "audit", dt.date(2026, 11, 26)),
        ("ask", "Bob", "audit", dt.date(2026, 12, 28)),  # tagged like the no it re-asks
    ]
    assert (entries[-1].source_message_id, entries[-1].source_seq) == (message["message_id"], 1)
    [decision] = await fetch(bot, select(Reask.decision, Reask.no_entry_id))
    assert tuple(decision) == ("asked", no_id)

    [answer] = await bot.send("/yes bob")
    [stats] = await bot.send("/stats")
    assert "Answer recorded for Bob." in answer
    assert "Re-asks: 1 asked again, 1 became a yes." in stats


async def test_a_reask_typed_by_hand_counts_and_stops_the_offer(bot: BotHarness) -> None:
    await bot.send("/no Acme")
    bot.clock.now = utc(2026, 12, 10, 12)
    await bot.send("/ask 1 acme")
    await bot.send("/no acme")

    assert reasks_in(await tick(bot, MON_DEC_28)) == []  # the latest no is 18 days old
    [stats] = await bot.send("/stats")
    assert "Re-asks: 1 asked again, 0 became a yes." in stats
    sent = await tick(bot, utc(2027, 1, 11, 15))
    assert reasks_in(sent) == [
        "🔁 A no is an answer, not an end:\n• acme said no 4 weeks ago — ask again?"
    ]


async def test_not_yet_comes_back_after_another_delay_and_never_stays_away(
    bot: BotHarness,
) -> None:
    await bot.send("/no Bob")
    await bot.send("/no Cy")
    await tick(bot, MON_DEC_28)
    message = last_reask_message(bot)
    bob, cy = await no_ids(bot)

    assert await press(bot, message, f"reask:l:1:{bob}") == [
        "Not yet — Bob comes back on Wed 27 Jan."
    ]
    assert await press(bot, message, f"reask:n:2:{cy}") == [
        "Cy won't come back. A no is still an answer."
    ]

    assert reasks_in(await tick(bot, utc(2027, 1, 26, 15))) == []
    assert reasks_in(await tick(bot, utc(2027, 1, 27, 15))) == [
        "🔁 A no is an answer, not an end:\n• Bob said no 8 weeks ago — ask again?"
    ]
    assert reasks_in(await tick(bot, utc(2027, 6, 1, 15))) == []  # Cy: never
    assert [e.kind for e in await bot.entries()] == ["no", "no"]  # nothing was asked


async def test_reask_delay_can_change_or_be_switched_off(bot: BotHarness) -> None:
    assert await bot.send("/reask 6w") == [
        "🔁 Every named no comes back after 6 weeks: on a workday, at your reminder time, "
        "with [Asked again] [Not yet] [Never]."
    ]
    await bot.send("/no Bob")
    assert reasks_in(await tick(bot, MON_DEC_28)) == []
    assert len(reasks_in(await tick(bot, utc(2027, 1, 7, 15)))) == 1  # 42 days

    await bot.send("/no Cy")
    assert await bot.send("/reask off") == [
        "Re-asks off: a no stays a no. /reask 30d brings them back."
    ]
    assert reasks_in(await tick(bot, utc(2027, 3, 1, 15))) == []
    [bad] = await bot.send("/reask soon")
    assert "/reask 6w" in bad


async def test_no_reask_while_paused_and_it_waits_for_the_pause_to_end(bot: BotHarness) -> None:
    await bot.send("/no Bob")
    bot.clock.now = utc(2026, 12, 21, 9)
    await bot.send("/pause until 2027-01-04")

    assert await tick(bot, MON_DEC_28) == []
    assert await tick(bot, utc(2027, 1, 4, 15)) == []  # "until" the 4th: paused that day too
    sent = await tick(bot, utc(2027, 1, 5, 15))
    assert reasks_in(sent) == [
        "🔁 A no is an answer, not an end:\n• Bob said no 5 weeks ago — ask again?"
    ]


async def test_three_names_a_nudge_oldest_first_the_rest_next_time(bot: BotHarness) -> None:
    for day, name in enumerate(["Ann Co", "Bo", "Cy", "Di", "Ed"]):
        bot.clock.now = NOV_26 + dt.timedelta(hours=day)
        await bot.send(f"/no {name}")
    bot.clock.now = NOV_26 + dt.timedelta(hours=6)
    await bot.send("/no BO")  # Bo's latest no: the same person, listed once

    [first] = reasks_in(await tick(bot, MON_DEC_28))
    [second] = reasks_in(await tick(bot, MON_DEC_28 + dt.timedelta(days=1)))

    assert first.splitlines()[1:] == [
        "• Ann Co said no 4 weeks ago — ask again?",
        "• Cy said no 4 weeks ago — ask again?",
        "• Di said no 4 weeks ago — ask again?",
    ]
    assert second.splitlines()[1:] == [
        "• Ed said no 4 weeks ago — ask again?",
        "• BO said no 4 weeks ago — ask again?",
    ]
    assert [data for row in buttons(last_reask_message(bot)) for _l, data in row][::3] == [
        f"reask:a:1:{(await no_ids(bot))[4]}",
        f"reask:a:2:{(await no_ids(bot))[5]}",
    ]
    assert reasks_in(await tick(bot, MON_DEC_28 + dt.timedelta(days=2))) == []


async def test_pending_lists_due_reasks_apart_with_their_buttons(bot: BotHarness) -> None:
    await bot.send("/ask Acme")
    await bot.send("/no Bob")
    bot.clock.now = utc(2026, 12, 28, 10)

    calls = await bot.process(bot.updates.message("/pending", date=bot.clock()))

    [call] = [c for c in calls if c.method == "sendMessage"]
    assert call.params["text"].split("\n\n") == [
        "Pending asks (1):\n• Acme — asked 32 days ago\nLog the answer with /yes name or /no name.",
        "Re-asks due (1):\n• Bob said no 4 weeks ago",
    ]
    [bob] = await no_ids(bot)
    assert await press(bot, call.result, f"reask:a:1:{bob}") == [
        "Logged an ask to Bob. Today: 1 of 5 asks — 4 to go."
    ]
    [after] = await bot.send("/pending")
    assert after == (
        "Pending asks (2):\n• Acme — asked 32 days ago\n• Bob — asked today\n"
        "Log the answer with /yes name or /no name."
    )


@pytest.mark.parametrize(
    "data",
    [
        "reask:a:1:999999",  # no such entry
        "reask:x:1:{no}",  # unknown decision
        "reask:a:4:{no}",  # a part we never send
        "reask:a:0:{no}",
        "reask:a:1:{no}:9",
        "reask:a:1:١٢",  # non-ASCII digits
        "reask:a:1:" + "9" * 30,
        "reask:a",
    ],
)
async def test_forged_reask_buttons_expire_and_change_nothing(bot: BotHarness, data: str) -> None:
    await bot.send("/no Bob")
    await tick(bot, MON_DEC_28)
    message = last_reask_message(bot)
    [no_id] = await no_ids(bot)

    assert await press(bot, message, data.format(no=no_id)) == ["That button has expired."]
    assert [e.kind for e in await bot.entries()] == ["no"]
    assert await fetch(bot, select(Reask.no_entry_id)) == []


async def test_someone_elses_reask_button_expires(bot: BotHarness) -> None:
    await bot.send("/no Bob")
    await tick(bot, MON_DEC_28)
    message = last_reask_message(bot)
    [no_id] = await no_ids(bot)

    notice = await press(bot, message, f"reask:a:1:{no_id}", user_id=BOB, first_name="Bob")

    assert notice == ["That button has expired."]
    assert await bot.entries(BOB) == []
    assert await fetch(bot, select(Reask.no_entry_id)) == []


async def test_an_undone_no_does_not_come_back(bot: BotHarness) -> None:
    await bot.send("/no Bob")
    await bot.send("/undo")
    assert reasks_in(await tick(bot, MON_DEC_28)) == []


async def test_forget_deletes_the_reask_decisions_too(bot: BotHarness) -> None:
    await bot.send("/no Bob")
    await tick(bot, MON_DEC_28)
    [no_id] = await no_ids(bot)
    await press(bot, last_reask_message(bot), f"reask:n:1:{no_id}")
    assert len(await fetch(bot, select(Reask.no_entry_id))) == 1

    calls = await bot.process(bot.updates.message("/forget", date=bot.clock()))
    [prompt] = [c for c in calls if c.result]
    await bot.process(bot.updates.callback(prompt.result, "forget:yes"))

    assert await fetch(bot, select(Reask.no_entry_id)) == []
