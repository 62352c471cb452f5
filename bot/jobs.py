"""Scheduled work: one JobQueue job ticks every minute and sends the nudges that are due.

A tick claims due nudges in one short transaction (the claim moves each user's
next_nudge_at on and records the nudge), sends them outside any transaction through the
bot's rate limiter, then records the outcomes: sent, blocked (403 / chat not found: no more
nudges until the user comes back) or failed for a passing reason (claim released, the next
tick retries while the grace window lasts).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from dataclasses import dataclass, field
from enum import Enum

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.app_types import BotApp, Context
from bot.core import cycle_text, render
from bot.db import group_store as db_groups
from bot.db import nudge_rows
from bot.db import nudge_store as nudges
from bot.db.nudge_store import Claimed
from bot.outgoing.keyboards import nudge_buttons, reask_buttons
from bot.outgoing.live_tally import post_live, send_tally
from bot.runtime import metrics
from bot.usecases import group_tally, history, membership

log = logging.getLogger(__name__)

TICK = dt.timedelta(minutes=1)
CLAIM_BATCH = 2000
SEND_CONCURRENCY = 32


class Delivery(Enum):
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


@dataclass
class TickReport:
    claimed: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def nudge_message(claimed: Claimed, extra: str = "") -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of a claimed nudge; `extra` is the leak line or the digest."""
    if claimed.kind == "pace":
        return render.nudge(claimed.asks, claimed.target, extra), nudge_buttons()
    if claimed.kind == "digest":
        return extra, None
    if claimed.kind == "reask":
        text = cycle_text.reask_nudge(claimed.reasks, claimed.slot.day)
        return text, reask_buttons(claimed.reasks)
    if claimed.kind == "capacity":
        return cycle_text.capacity_note(), None
    pending = [(ask.who, ask.day) for ask in claimed.pending]
    return render.followup(pending, claimed.slot.day), None


async def deliver(bot: Bot, claimed: Claimed, extra: str = "") -> tuple[Delivery, int | None]:
    text, markup = nudge_message(claimed, extra)
    try:
        message = await bot.send_message(claimed.user_id, text, reply_markup=markup)
    except Forbidden:
        return Delivery.BLOCKED, None
    except BadRequest as exc:
        if "chat not found" in exc.message.lower():
            return Delivery.BLOCKED, None
        log.warning("nudge to user %s refused: %s", claimed.user_id, exc.message)
        return Delivery.FAILED, None
    except TelegramError as exc:
        log.warning("nudge to user %s failed, retrying next tick: %r", claimed.user_id, exc)
        return Delivery.FAILED, None
    return Delivery.SENT, message.message_id


def record_outcomes(
    session: Session,
    outcomes: list[tuple[Claimed, Delivery, int | None]],
    now: dt.datetime,
) -> None:
    sent: list[tuple[int, int]] = []
    for claimed, delivery, message_id in outcomes:
        if delivery is Delivery.SENT and message_id is not None:
            sent.extend((nudge_id, message_id) for nudge_id in claimed.nudge_ids)
        elif delivery is Delivery.BLOCKED:
            nudge_rows.mark_blocked(session, claimed.user_id, now)
        else:
            nudge_rows.release(session, claimed)
    nudge_rows.record_sent(session, sent)


async def send_due_nudges(application: BotApp, now: dt.datetime | None = None) -> TickReport:
    """One tick: claim, send and record every nudge due at `now` (default: the app clock)."""
    data = application.bot_data
    now = now or data.clock()
    report = TickReport()
    gate = asyncio.Semaphore(SEND_CONCURRENCY)

    async def send(claimed: Claimed, extra: str) -> tuple[Claimed, Delivery, int | None]:
        async with gate:
            delivery, message_id = await deliver(application.bot, claimed, extra)
        return claimed, delivery, message_id

    retry_next_tick: set[int] = set()
    while True:
        users_seen, batch, extras = await data.db.run(
            functools.partial(
                history.claim_due_nudges,
                now=now,
                limit=CLAIM_BATCH,
                skip=frozenset(retry_next_tick),
            )
        )
        outcomes = await asyncio.gather(
            *(send(claimed, extras.get((claimed.user_id, claimed.kind), "")) for claimed in batch)
        )
        await data.db.run(functools.partial(record_outcomes, outcomes=list(outcomes), now=now))
        report.claimed += len(batch)
        metrics.NUDGES.labels("claimed").inc(len(batch))
        metrics.heartbeats(application).beat_tick()  # a long fan-out is still a live tick
        for claimed, delivery, _ in outcomes:
            metrics.NUDGES.labels(delivery.value).inc()
            report.sent += delivery is Delivery.SENT
            report.blocked += delivery is Delivery.BLOCKED
            report.failed += delivery is Delivery.FAILED
            if delivery is Delivery.FAILED:
                retry_next_tick.add(claimed.user_id)
        if users_seen < CLAIM_BATCH:
            return report


async def send_due_tallies(application: BotApp, now: dt.datetime | None = None) -> TickReport:
    """Post every weekly group tally due at `now`, each group and week once; each becomes
    its week's live tally (pinned where the bot may pin)."""
    data = application.bot_data
    now = now or data.clock()
    report = TickReport()
    claimed = await data.db.run(functools.partial(db_groups.claim_due_tallies, now=now))
    for tally in claimed:
        report.claimed += 1
        text, week = await data.db.run(
            functools.partial(group_tally.scheduled_tally, chat_id=tally.chat_id, now=now)
        )
        try:
            try:
                await post_live(application.bot, data.db, tally.chat_id, text, week, now)
            except ChatMigrated as exc:
                await data.db.run(
                    functools.partial(
                        membership.migrate, old_id=tally.chat_id, new_id=exc.new_chat_id
                    )
                )
                await post_live(application.bot, data.db, exc.new_chat_id, text, week, now)
        except Forbidden:
            report.blocked += 1
            await data.db.run(functools.partial(db_groups.deactivate, chat_id=tally.chat_id))
            continue
        except TelegramError as exc:
            log.warning("tally for chat %s failed, retrying next tick: %r", tally.chat_id, exc)
            report.failed += 1
            await data.db.run(functools.partial(db_groups.release_tally, claimed=tally))
            continue
        report.sent += 1
    return report


async def send_due_reminders(application: BotApp, now: dt.datetime | None = None) -> TickReport:
    """An hour before each scheduled tally, name the members who haven't logged this week
    (mentioning only those who allow it). Sent at most once; nothing when all have logged."""
    data = application.bot_data
    now = now or data.clock()
    report = TickReport()
    due = await data.db.run(functools.partial(group_tally.due_reminders, now=now))
    for chat_id, text in due:
        report.claimed += 1
        try:
            await send_tally(application.bot, chat_id, text)
        except TelegramError as exc:
            log.warning("tally reminder for chat %s not sent: %r", chat_id, exc)
            report.failed += 1
            continue
        report.sent += 1
    return report


async def nudge_tick(context: Context) -> None:
    """The JobQueue callback."""
    application: BotApp = context.application  # type: ignore[assignment]
    metrics.heartbeats(application).beat_tick()
    await tick(application)


async def tick(application: BotApp) -> None:
    """One minute's work (the job's, and the console's fast-forward). A database outage is
    logged; the next tick simply tries again."""
    try:
        report = await send_due_nudges(application)
        await send_due_reminders(application)
        tallies = await send_due_tallies(application)
        await application.bot_data.db.checkpoint()  # after the sends, off their path
    except (SQLAlchemyError, OSError) as exc:
        metrics.DATABASE_ERRORS.labels("tick").inc()
        log.error("tick skipped, database unavailable: %r", exc)
        return
    metrics.heartbeats(application).beat_tick()
    metrics.TALLIES.labels("sent").inc(tallies.sent)
    metrics.TALLIES.labels("blocked").inc(tallies.blocked)
    metrics.TALLIES.labels("failed").inc(tallies.failed)
    if tallies.claimed:
        log.info("tallies: %d sent, %d to retry", tallies.sent, tallies.failed)
    if report.claimed:
        log.info(
            "nudges: %d claimed, %d sent, %d blocked, %d to retry",
            report.claimed,
            report.sent,
            report.blocked,
            report.failed,
        )


def next_due(session: Session) -> dt.datetime | None:
    """The earliest moment a tick has anything to claim (None: nothing is scheduled).
    Ticks before it find nothing, so a fast-forward may step over them."""
    moments = [nudges.next_due(session), db_groups.next_tally_due(session)]
    return min((moment for moment in moments if moment is not None), default=None)


def schedule_jobs(application: BotApp) -> None:
    """Tick on the (wall-clock) minute, every minute."""
    assert application.job_queue is not None
    now = application.bot_data.clock().timestamp()
    first = TICK.total_seconds() - now % TICK.total_seconds()
    application.job_queue.run_repeating(
        nudge_tick, interval=TICK, first=first, name="nudges", job_kwargs={"max_instances": 1}
    )
